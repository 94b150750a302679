"""Building a real guide with the real engines, ffmpeg, ffprobe and mutagen, on short content."""

import dataclasses
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3, BitrateMode

from mbc_audio import timeline
from mbc_audio.build import BuildOptions, build, fingerprint
from mbc_audio.build.plan import plan_guide
from mbc_audio.cli import cli
from mbc_audio.content.model import AudioSettings
from mbc_audio.content.parse import load_guide
from mbc_audio.engines import Speech, engine_class
from mbc_audio.errors import CheckFailed, EngineUnavailable, RenderError
from mbc_audio.tts.cache import UtteranceCache

from .clients import interruptible

pytestmark = pytest.mark.integration

ENGINES = ["hibari", "piper", "system"]
SECTIONED = """\
## First topic

Hello there. This is the first topic, with 2 sentences.

### A section

It has a list:

- one item
- another item

## Second topic

The last words of the guide.
"""


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    if request.param in ("hibari", "piper") and importlib.util.find_spec(request.param) is None:
        pytest.skip(f"{request.param} is not installed here (scripts/setup installs it)")
    return request.param


def options(content, tmp_path: Path, engine: str = "system", **kw) -> BuildOptions:
    return BuildOptions(content.root, tmp_path / "dist", engine, None, 2, tmp_path / "cache", **kw)


def ffprobe_json(*args) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", *args, "-of", "json"], capture_output=True, check=True
    )
    return json.loads(out.stdout)


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP), as ffmpeg's ebur128 reads the file."""
    err = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr.rpartition("Summary:")[2]  # fmt: skip
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", err).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", err).group(1))
    return integrated, peak


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under folder (the player's phrases/ too), by its path there."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


def test_built_guide_chapters_tags_and_levels(content, tmp_path: Path, engine: str) -> None:
    content.leaflet(SECTIONED)
    result = build(options(content, tmp_path, engine))
    folder = result.folder
    manifest = timeline.load(folder, check_files=True)
    assert manifest.build.engine == engine
    assert [t.file for t in manifest.tracks] == [
        "01-opening.mp3", "02-first-topic.mp3", "03-second-topic.mp3", "04-closing.mp3"
    ]  # fmt: skip
    # Every sentence of the content is in the timeline once, in order.
    guide = load_guide(content.root)
    assert [s.id for s in manifest.sentences] == [s.id for s in guide.sentences]
    assert [s.text for s in manifest.sentences] == [s.text for s in guide.sentences]
    for track in manifest.tracks:
        path = folder / track.file
        expected = [(c.start_ms, c.end_ms, c.title) for c in track.chapters]
        probed = ffprobe_json("-show_chapters", str(path))["chapters"]
        # in file order: players that read the frames one after another list them in time order
        assert [(c["start"], c["end"], c["tags"]["title"]) for c in probed] == expected
        tags = ID3(path)
        chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
        assert [(c.start_time, c.end_time, str(c.sub_frames["TIT2"])) for c in chaps] == expected
        (toc,) = tags.getall("CTOC")
        assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
        assert toc.child_element_ids == [c.element_id for c in chaps]
        assert str(tags["TIT2"]) == track.title and str(tags["TALB"]) == "Test guide"
        assert str(tags["TPE1"]) == "Test clinic" and str(tags["TCON"]) == "Speech"
        assert str(tags["TRCK"]) == f"{track.number}/4" and str(tags["TLAN"]) == "eng"
        assert engine in str(tags.getall("COMM")[0])
        info = MP3(path).info
        assert (info.sample_rate, info.channels, info.bitrate_mode) == (24000, 1, BitrateMode.CBR)
        stream = ffprobe_json("-show_entries", "stream=bit_rate", str(path))["streams"][0]
        assert stream["bit_rate"] == "64000"
        # ffmpeg decodes gaplessly (the LAME tag's delay and padding left out): what is heard
        decoded = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"],
                                 capture_output=True, check=True).stdout  # fmt: skip
        # (at 24 kHz ffmpeg's LAME tag may leave up to 2 ms of the last frame's padding in)
        assert abs(len(decoded) / 2 / 24 - track.duration_ms) <= 3
        integrated, peak = loudness(path)
        assert abs(integrated - -19.0) <= 1.0
        assert peak <= -1.5
    first = manifest.topics[1]
    assert first.sections[1].title == "A section"
    assert [p.kind for p in first.sections[1].paragraphs] == ["paragraph", "list_item", "list_item"]


def test_unchanged_rebuild_renders_and_writes_nothing(content, tmp_path: Path) -> None:
    first = build(options(content, tmp_path))
    assert first.rendered > 0 and not first.up_to_date
    before = snapshot(first.folder)
    again = build(options(content, tmp_path))
    assert again.up_to_date and again.rendered == 0 and again.encoded == 0
    assert snapshot(first.folder) == before


def test_an_unchanged_rebuild_reads_no_manifest_and_a_damaged_track_is_made_again(
    content, tmp_path: Path, monkeypatch
) -> None:
    """The stamp the last build left in the cache decides an unchanged rebuild: the manifest is
    not read. A track damaged in place (its size kept) fails the stamp, and the build heals it."""
    first = build(options(content, tmp_path))
    before = snapshot(first.folder)

    def unread(*args, **kwargs):
        raise AssertionError("the manifest was read")

    with monkeypatch.context() as patched:
        patched.setattr(timeline, "load", unread)
        assert build(options(content, tmp_path)).up_to_date
    track = first.folder / "02-first-topic.mp3"
    data = track.read_bytes()
    track.write_bytes(data[:-100] + bytes(100))
    healed = build(options(content, tmp_path))
    assert not healed.up_to_date and healed.encoded == 1
    assert {n: b for n, (_, _, b) in snapshot(first.folder).items()} == {
        n: b for n, (_, _, b) in before.items()
    }  # the same bytes as the first build made
    assert fingerprint.MANIFEST == timeline.MANIFEST


def test_one_sentence_edit_renders_one_sentence_and_one_track(content, tmp_path: Path) -> None:
    build(options(content, tmp_path))
    folder = tmp_path / "dist" / "test-guide"
    before = snapshot(folder)
    text = (content.root / "leaflet.md").read_text()
    (content.root / "leaflet.md").write_text(
        text.replace("This is the first topic.", "This is topic one.")
    )
    result = build(options(content, tmp_path))
    assert (result.rendered, result.encoded) == (1, 1)
    after = snapshot(folder)
    changed = {name for name in after if after[name][2] != before.get(name, (0, 0, b""))[2]}
    assert changed == {"02-first-topic.mp3", "manifest.json"}
    manifest = timeline.load(folder, check_files=True)
    assert "This is topic one." in [s.text for s in manifest.sentences]


def test_an_edit_reads_again_only_the_files_it_made(content, tmp_path: Path, monkeypatch) -> None:
    """Linking the old guide's tracks into the new one moves their change times; the build
    remembers their digests, so the next edit reads none of them again, only what it wrote."""
    from mbc_audio import fsio

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(fsio, "_known", None)
    leaflet = content.root / "leaflet.md"
    build(options(content, tmp_path))
    leaflet.write_text(leaflet.read_text().replace("This is the first topic.", "This is topic one."))
    build(options(content, tmp_path))
    hashed: list[Path] = []
    real = fsio._hash_file
    monkeypatch.setattr(fsio, "_hash_file", lambda p: hashed.append(p) or real(p))
    leaflet.write_text(leaflet.read_text().replace("It has a list:", "It has a short list:"))
    result = build(options(content, tmp_path))
    assert (result.rendered, result.encoded) == (1, 1)
    made = {p.name for p in hashed if "dist" in p.parts}
    assert made == {"03-second-topic.mp3", "manifest.json"}, hashed


def test_an_edited_track_encoded_as_its_sentence_renders_is_the_track_encoded_after(
    content, tmp_path: Path, monkeypatch
) -> None:
    """An edit's track is encoded while its new sentence renders (build.encode.stream_track):
    the guide it gives is byte for byte the one made by encoding the track once all is ready."""
    import shutil

    from mbc_audio.audio import encode as audio_encode
    from mbc_audio.build import encode as build_encode
    from mbc_audio.build import run

    build(options(content, tmp_path))
    shutil.copytree(tmp_path / "dist", tmp_path / "after")
    leaflet = content.root / "leaflet.md"
    leaflet.write_text(leaflet.read_text().replace("This is the first topic.", "This is topic one."))
    fed = []
    real = audio_encode.StreamedMp3
    monkeypatch.setattr(build_encode, "StreamedMp3", lambda *a: fed.append(a) or real(*a))
    streamed = build(options(content, tmp_path))

    def not_streamed(track, prepare, cache, staging, audio, rate, start, ready, wanted):
        assert all(ready(item.key) for item in track.items)
        raise build_encode.Abandoned(track.file)  # then made as any other track is

    monkeypatch.setattr(run, "stream_track", not_streamed)
    after = build(dataclasses.replace(options(content, tmp_path), out_dir=tmp_path / "after"))
    assert len(fed) == 1 and (streamed.encoded, after.encoded) == (1, 1)
    files = sorted(p.relative_to(streamed.folder) for p in streamed.folder.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(after.folder) for p in after.folder.rglob("*") if p.is_file())
    assert [f for f in files if (streamed.folder / f).read_bytes() != (after.folder / f).read_bytes()] == []


def test_an_edit_that_cannot_be_rendered_stops_its_track_being_encoded(
    content, tmp_path: Path, monkeypatch
) -> None:
    """The edited track's encoder, fed while the sentence renders, is stopped when the sentence
    cannot be said: the build names it, the old guide stays, and no encoder is left running."""
    from mbc_audio import tools
    from mbc_audio.audio import encode as audio_encode
    from mbc_audio.build import encode as build_encode

    fed = []
    real = audio_encode.StreamedMp3
    monkeypatch.setattr(build_encode, "StreamedMp3", lambda *a: fed.append(a) or real(*a))
    build(options(content, tmp_path))
    folder = tmp_path / "dist" / "test-guide"
    before = snapshot(folder)
    leaflet = content.root / "leaflet.md"
    leaflet.write_text(leaflet.read_text().replace("This is the first topic.", "® ™ …"))
    with pytest.raises(RenderError, match="cannot render"):
        build(options(content, tmp_path))
    assert snapshot(folder) == before and len(fed) == 1
    assert not tools._children  # every ffmpeg it started has ended


def test_failure_names_the_sentence_and_keeps_the_old_guide(content, tmp_path: Path) -> None:
    build(options(content, tmp_path))
    folder = tmp_path / "dist" / "test-guide"
    before = snapshot(folder)
    content.leaflet("## First topic\n\nHello there.\n\n## Broken\n\nFine words. ® ™ …\n")
    out = CliRunner().invoke(cli, ["build", "--content", str(content.root), "--out", str(tmp_path / "dist"),
                                   "--engine", "system", "--cache", str(tmp_path / "cache")])  # fmt: skip
    assert out.exit_code == 2
    last = out.output.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    assert last.endswith(
        'leaflet.md, topic "Broken", line 11: cannot render "® ™ …": it has no words to say'
    )
    assert snapshot(folder) == before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_interrupted_build_leaves_the_old_guide(content, tmp_path: Path, sig) -> None:
    long_body = "".join(
        f"## Topic {n}\n\nSentence {n} of the long guide is here.\n\n" for n in range(40)
    )
    content.leaflet(long_body)
    build(options(content, tmp_path))
    folder = tmp_path / "dist" / "test-guide"
    before = snapshot(folder)
    content.leaflet(long_body.replace("of the long guide", "of the changed guide"))
    command = [sys.executable, "-m", "mbc_audio", "build", "--content", str(content.root),
               "--out", str(tmp_path / "dist"), "--engine", "system", "--jobs", "1",
               "--cache", str(tmp_path / "cache")]  # fmt: skip
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=env, preexec_fn=interruptible)  # fmt: skip
    deadline = time.monotonic() + 60
    while not list((tmp_path / "dist").glob(".test-guide.new-*/*.mp3")):
        assert process.poll() is None and time.monotonic() < deadline, "the build ended too soon"
        time.sleep(0.02)
    process.send_signal(sig)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    if sig == signal.SIGINT:
        assert output.strip().splitlines()[-1] == (
            "Stopped; the guide built before was kept as it was, "
            "and what was rendered stays in the cache."
        )
        assert not list((tmp_path / "dist").glob(".test-guide.*"))  # staging cleaned up
    assert snapshot(folder) == before
    timeline.load(folder, check_files=True)
    assert not _processes_mentioning(tmp_path), "a tool or worker outlived the build"
    # The next build removes what a killed one left: staging, scratch folders.
    subprocess.run(command, check=True, capture_output=True, env=env)
    assert not list((tmp_path / "dist").glob(".test-guide.*"))
    assert not list((tmp_path / "xdg").glob("mbc-audio/scratch/*"))


def _processes_mentioning(path: Path, wait_s: float = 5.0) -> list[str]:
    """Command lines of live processes that name path in their command line or environment
    (an engine's spawned worker names it only there), after giving them wait_s to end."""
    deadline = time.monotonic() + wait_s
    while True:
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                text = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                environ = (proc / "environ").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if (str(path) in text or str(path) in environ) and "pytest" not in text:
                found.append(text)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_say_renders_one_line(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "line.wav"
    result = CliRunner().invoke(
        cli, ["say", "Call 1-800-555-0199 at 9 a.m.", "--engine", engine, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        "Said: Call one, eight zero zero, five five five, zero one nine nine at nine a m."
    )
    with wave.open(str(out)) as wav:
        assert 2.0 < wav.getnframes() / wav.getframerate() < 12.0


def test_voices_lists_each_engine() -> None:
    result = CliRunner().invoke(cli, ["voices"])
    assert result.exit_code == 0
    assert result.output.startswith("hibari: ") and "\npiper: " in result.output
    assert "\nsystem: " in result.output
    if importlib.util.find_spec("hibari"):
        assert "  heart\n" in result.output and "auto: uses hibari" in result.output
    if importlib.util.find_spec("piper"):
        assert "  en_US-joe-medium\n" in result.output


def test_unknown_engine_and_voice_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(
        EngineUnavailable, match='no engine called "nope"; choose one of: auto, hibari, piper, system'
    ):
        engine_class("nope")
    result = CliRunner().invoke(
        cli,
        [
            "say",
            "Hi.",
            "--engine",
            "system",
            "--voice",
            "xx-nowhere",
            "-o",
            str(tmp_path / "x.wav"),
        ],
    )
    assert result.exit_code == 2
    assert result.output.startswith(
        'Error: the system voice "xx-nowhere" is not installed; try one of: '
    )
    if importlib.util.find_spec("piper"):
        missing = tmp_path / "nowhere.onnx"
        result = CliRunner().invoke(
            cli, ["say", "Hi.", "--engine", "piper", "--voice", str(missing)]
        )
        assert (
            result.output.strip()
            == f'Error: the Piper voice "{missing}" is not at {missing}; put nowhere.onnx and its .json in {tmp_path}'
        )


def test_a_guide_that_fails_its_checks_never_replaces_the_old_one(content, tmp_path: Path) -> None:
    build(options(content, tmp_path))
    folder = tmp_path / "dist" / "test-guide"
    before = snapshot(folder)
    lines: list[str] = []
    # A target the peak limiter cannot reach: every track ends up far below it.
    impossible = options(content, tmp_path, audio=AudioSettings(loudness_lufs=-6.0))
    with pytest.raises(CheckFailed, match="the previous guide was kept"):
        build(impossible, report=lines.append)
    assert any(line.startswith("Error: levels, 02-first-topic.mp3: loudness ") for line in lines)
    assert snapshot(folder) == before
    assert not list((tmp_path / "dist").glob(".test-guide.*"))


def test_new_cache_rebuilds_without_failing_and_remakes_only_changed_audio(
    content, tmp_path: Path, engine: str
) -> None:
    """An unchanged guide built again with an empty cache (a new machine) succeeds; a track is
    kept whole when its plan is unchanged, and otherwise encoded again only when the samples
    of one of its sentences are not the same."""
    build(options(content, tmp_path, engine))
    folder = tmp_path / "dist" / "test-guide"
    manifest = folder / "manifest.json"
    before = snapshot(folder)
    fresh = BuildOptions(content.root, tmp_path / "dist", engine, None, 2, tmp_path / "cache2")
    assert build(fresh).up_to_date  # the same inputs: nothing to parse, render or write
    # A file beside the documents changes the inputs, not the guide: every track's plan is the
    # same, so each is kept as it is, and nothing is read from the empty cache or rendered.
    (content.root / "notes.txt").write_text("A note for the editors.\n")
    kept = build(fresh)
    assert (kept.rendered, kept.encoded) == (0, 0)
    assert not (tmp_path / "cache2").exists() or not any((tmp_path / "cache2").rglob("*.wav"))
    # Where the plan cannot vouch for the tracks (a manifest with no plan keys, as an earlier
    # version wrote it), the samples decide: everything is rendered into the empty cache, to
    # the same samples, and no track is written.
    _forget_plans(manifest)
    (content.root / "notes.txt").write_text("Another note.\n")
    again = build(fresh)
    assert again.rendered > 0 and again.encoded == 0  # the same samples: every track reused
    tracks = {name: made for name, made in snapshot(folder).items() if name.endswith(".mp3")}
    assert tracks == {name: made for name, made in before.items() if name.endswith(".mp3")}
    # One sentence comes out of a third cache with other samples (a longer pause at its end,
    # as another machine's engine might give). With the plans known, nothing is remade: each
    # track agrees with its entries, and none of it is read from the cache ...
    third = BuildOptions(content.root, tmp_path / "dist", engine, None, 2, tmp_path / "cache3")
    plan = _plan(content, third)
    hello = next(j for j in plan.jobs if j.spoken == "Hello there.")
    cache = UtteranceCache(tmp_path / "cache3")
    pcm = _pcm(UtteranceCache(tmp_path / "cache2").path(hello.key))
    cache.put(hello.key, Speech(pcm + bytes(2 * plan.info.sample_rate_hz // 10)), plan.info.sample_rate_hz)
    (content.root / "notes.txt").write_text("A third note.\n")
    assert build(third).encoded == 0
    # ... and without them, the track with the other samples alone is made again.
    _forget_plans(manifest)
    (content.root / "notes.txt").write_text("A fourth note.\n")
    result = build(third)
    assert result.encoded == 1
    after = snapshot(folder)
    changed = {name for name in after if after[name][2] != before[name][2]}
    assert changed == {"02-first-topic.mp3", "manifest.json"}
    timeline.load(folder, check_files=True)


def _forget_plans(manifest: Path) -> None:
    """The manifest as a version before plan keys wrote it."""
    text = manifest.read_text(encoding="utf-8")
    assert '"plan_key":"' in text
    manifest.write_text(re.sub(r',"plan_key":"[0-9a-f]*"', "", text), encoding="utf-8")


def test_document_title_change_retags_its_tracks(content, tmp_path: Path) -> None:
    content.leaflet(SECTIONED, front="title: A leaflet")  # no page_title: tags name the title
    build(options(content, tmp_path))
    content.leaflet(SECTIONED, front="title: A renamed leaflet")
    result = build(options(content, tmp_path))
    # The document's two topics are tagged anew; its first track says the document's title
    # before the topic's ("Part 1: A renamed leaflet."), and the closing names the document:
    # each of those is said anew and encoded again; the opening is untouched.
    assert (result.rendered, result.encoded) == (2, 3)
    folder = tmp_path / "dist" / "test-guide"
    for name in ("02-first-topic.mp3", "03-second-topic.mp3"):
        assert "A renamed leaflet" in str(ID3(folder / name).getall("COMM")[0])


def test_two_cold_builds_give_the_same_bytes(content, tmp_path: Path, engine: str) -> None:
    content.leaflet(SECTIONED)
    sums = []
    for run in ("a", "b"):
        made = BuildOptions(content.root, tmp_path / run, engine, None, 2, tmp_path / f"c{run}")
        folder = build(made).folder
        sums.append({p.relative_to(folder).as_posix(): p.read_bytes()
                     for p in sorted(folder.rglob("*")) if p.is_file()})  # fmt: skip
    assert sums[0].keys() == sums[1].keys()
    assert [n for n in sums[0] if sums[0][n] != sums[1][n]] == []


def test_two_builds_at_once_wait_for_each_other(content, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "mbc_audio", "build", "--content", str(content.root),
               "--out", str(tmp_path / "dist"), "--engine", "system", "--jobs", "1",
               "--cache", str(tmp_path / "cache")]  # fmt: skip
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(2)]  # fmt: skip
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sum("Waiting: another build or publish" in out for out in outputs) == 1
    assert any("Up to date" in out for out in outputs)  # the second found the first's guide
    # Each ends at once once done (cli.main): what it said through the pipe arrived whole.
    assert all(out.splitlines()[-1].startswith("Listen: open ") for out in outputs), outputs
    timeline.load(tmp_path / "dist" / "test-guide", check_files=True)
    assert not list((tmp_path / "dist").glob(".test-guide.*"))


def _plan(content, made: BuildOptions):
    guide = load_guide(content.root)
    kind = engine_class(made.engine or guide.voice.engine)
    info = kind.describe(guide.voice.names.get(kind.NAME), guide.voice.rate_wpm)
    return plan_guide(guide, info, content.root)


def _pcm(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        return wav.readframes(wav.getnframes())


def test_kill_at_random_moments_leaves_a_whole_guide_and_nothing_else(content, tmp_path) -> None:
    """kill -9 a build at moments spread over its run, again and again: after each, the folder
    holds the old guide or the new one, whole; the next run leaves nothing behind."""
    import random

    bodies = ["".join(f"## Topic {n}\n\nSentence {n} of edition {edition} is here.\n\n"
                      for n in range(12)) for edition in range(6)]  # fmt: skip
    content.leaflet(bodies[0])
    build(options(content, tmp_path))
    folder = tmp_path / "dist" / "test-guide"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    command = [sys.executable, "-m", "mbc_audio", "build", "--content", str(content.root),
               "--out", str(tmp_path / "dist"), "--engine", "system", "--jobs", "2",
               "--cache", str(tmp_path / "cache")]  # fmt: skip
    rng = random.Random(7)
    held = 0  # the edition the folder holds
    for edition, body in enumerate(bodies[1:], start=1):
        content.leaflet(body)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=env)  # fmt: skip
        time.sleep(rng.uniform(0.2, 4.0))
        process.kill()
        process.wait()
        manifest = timeline.load(folder, check_files=True)  # whole: the one before, or this one
        found = {int(s.text.split()[4]) for s in manifest.sentences if s.text.startswith("Sentence")}
        assert found in ({held}, {edition})
        held = found.pop()
        assert not _processes_mentioning(tmp_path), "a tool or worker outlived the build"
    subprocess.run(command, check=True, capture_output=True, env=env)
    assert not list((tmp_path / "dist").glob(".test-guide.*"))
    assert not list((tmp_path / "xdg").glob("mbc-audio/scratch/*"))
    timeline.load(folder, check_files=True)


def test_the_code_digest_is_remembered_and_follows_every_change(tmp_path, monkeypatch) -> None:
    """The digest of mbc-audio's code is kept with each file's size and time, so an unchanged
    rebuild reads no code; a file edited, added or removed makes it read and hashed again."""

    package = tmp_path / "package"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("A = 1\n")
    (package / "sub" / "b.py").write_text("B = 2\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fingerprint, "_PACKAGE", package)

    def digest() -> str:
        fingerprint.code_digest.cache_clear()
        return fingerprint.code_digest()

    first = digest()
    assert (tmp_path / "cache" / "mbc-audio" / "code-digest.json").is_file()
    hashed: list[Path] = []
    real = fingerprint.sha256_of
    monkeypatch.setattr(fingerprint, "sha256_of", lambda p: hashed.append(p) or real(p))
    assert digest() == first and not hashed  # remembered: nothing read
    (package / "a.py").write_text("A = 3\n")
    edited = digest()
    assert edited != first and hashed
    (package / "sub" / "c.py").write_text("C = 4\n")
    added = digest()
    assert added not in (first, edited)
    (package / "sub" / "c.py").unlink()
    assert digest() == edited
    fingerprint.code_digest.cache_clear()
