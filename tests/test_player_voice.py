# ruff: noqa: F811  (the fixtures folder and sink come from test_player)
"""The player's voice: announcements as Lines whose spoken words come from the timeline and the
guide's lexicon; the speaker holds the guide until it has spoken; every phrase the player says
is among the phrases rendered into the guide; volume above 100% never clips; the phrases render
with a real engine and are then said with no engine at all."""

from __future__ import annotations

import subprocess
import threading
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from mbc_audio import timeline as tl
from mbc_audio.build.phrases import write_phrases
from mbc_audio.cli import cli
from mbc_audio.player import voice as player_voice
from mbc_audio.player.actions import DEFAULT_KEYS
from mbc_audio.player.app import Player
from mbc_audio.player.lines import Line, Piece, Words
from mbc_audio.player.output import louder
from mbc_audio.player.phrases import phrase_texts
from mbc_audio.player.state import Settings
from mbc_audio.player.stretch import LIMIT, Stretch, at_volume, to_float
from mbc_audio.player.tracks import decode
from mbc_audio.player.voice import Speaker, Voice
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.timeline.phrases import Clips

from .sinks import RecordingSink
from .test_player import LEFT, PAGE_DOWN, PAGE_UP, RIGHT, UP, folder, guide, sink  # noqa: F401
from .timelines import timeline, topic


def test_the_speaker_holds_the_guide_and_cuts_off_stale_announcements() -> None:
    gate = threading.Event()

    class SlowVoice:
        def runs(self, line: Line):
            gate.wait(5)  # the first announcement is still being rendered
            yield line.text.encode()

    recording = RecordingSink()
    speaker = Speaker(SlowVoice(), recording)
    words = Words()
    speaker.say(words.line("Topic 2 of 5"), interrupt=True)
    assert recording.held == 1  # from the key on, the guide waits for its announcement
    speaker.say(words.line("Topic 3 of 5"), interrupt=True)  # a second key before the first
    speaker.say(words.line("Contents: 5 topics"), interrupt=True)
    speaker.say(words.line("1. About this guide"), interrupt=False)
    gate.set()
    speaker.close()
    said = [(e[1], e[2]) for e in recording.events if e[0] == "speak"]
    assert said == [(len("Contents: 5 topics"), False), (len("1. About this guide"), True)]
    assert recording.held == 0  # every hold released, the dropped ones too


def test_a_key_cuts_off_what_is_said_and_announcements_may_follow_the_speed() -> None:
    second = (np.sin(np.arange(44_100) / 5) * 8000).astype("<i2").tobytes()
    gate = threading.Event()

    class Voice1s:
        def runs(self, line: Line):
            gate.wait(5)
            yield second

    recording = RecordingSink()
    speed = [1.0]
    speaker = Speaker(Voice1s(), recording, speed=lambda: speed[0])
    speaker.say(Words().line("Resuming"), interrupt=True)
    speaker.hush()  # a key that says nothing: what was on its way is not said
    gate.set()
    speed[0] = 2.0
    speaker.say(Words().line("Topic 2 of 5"), interrupt=False)
    speaker.close()
    said = [e[1] for e in recording.events if e[0] == "speak"]
    assert len(said) == 1 and abs(said[0] - len(second) / 2) < 0.03 * len(second)  # at 2.0


def test_self_voicing_speaks_every_line_and_v_toggles_it(folder, sink, monkeypatch) -> None:
    spoken: list[tuple[str, bool]] = []

    class FakeVoice:
        available = True

        def __init__(self, build, cache, warn, clips=None) -> None:
            pass

        def close(self) -> None:
            pass

    class FakeSpeaker:
        def __init__(self, voice, sink, volume, speed) -> None:
            pass

        def say(self, line: Line, interrupt: bool) -> None:
            spoken.append((line.text, interrupt))

        def hush(self) -> None:
            pass

        def close(self, hurry=None) -> None:
            pass

    monkeypatch.setattr(player_voice, "Voice", FakeVoice)  # run.py imports them when the
    monkeypatch.setattr(player_voice, "Speaker", FakeSpeaker)  # voice is on, from here
    result = CliRunner().invoke(
        cli, ["play", str(folder)], input="w" + "v" + "w" + "v" + "t" + "\x1bq"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    said = [text for text, _ in spoken]
    assert said[0] == "Starting A guide. Press H for the keys."
    where = [ln for ln in lines if ln.startswith("Topic 1 of 5, ")]
    assert len(where) == 2 and said.count(where[0]) == 1  # the second, voice off: printed only
    assert "Voice off" in said and "Voice on" in said
    contents = [i for text, i in spoken if text.startswith(("Contents:", "1. ", "5. "))]
    assert contents == [True, False, False]


def test_titles_and_free_text_are_said_as_the_guide_says_them(tmp_path) -> None:
    made = timeline(
        topic(1, "About this guide", [(None, 0, ["Welcome."])], 8000),
        topic(2, "HER2 positive cancer", [(None, 0, ["HER2 is a protein."])], 9000),
    )
    spoken_title = "her two positive cancer"
    topics = (made.topics[0], replace(made.topics[1], spoken_title=spoken_title))
    lexicon = Lexicon(terms={"HER2": "her two"})
    made = replace(made, topics=topics, build=replace(made.build, lexicon=lexicon))
    for track in made.tracks:
        (tmp_path / track.file).write_bytes(b"x")
    heard: list[Line] = []
    player = Player(made, tmp_path, RecordingSink(), {"/": "search"}, Settings(voice=False), None,
                    lambda line, *_: heard.append(line))  # fmt: skip
    player.arrive(tl_position(1), chosen=True)
    assert heard[-1].text == "Topic 2 of 2: HER2 positive cancer"
    assert heard[-1].spoken == ("Topic two of two", spoken_title)
    for key in ["/", *"HER2x", "enter"]:
        player.handle(key)
    assert heard[-1].text == "Search: no match for HER2x"
    # Free text goes through the guide's normaliser with the lexicon the manifest records.
    assert Words(lexicon).free("HER2 positive").spoken == "her two positive"
    for key in ["/", *"HER2", "space", "z", "enter"]:
        player.handle(key)
    assert heard[-1].spoken == ("Search: no match for", "her two z")


def tl_position(track: int):
    from mbc_audio.player.navigation import Position

    return Position(track, 0)


KEYS = ["w", "w", "l", "w", "l", "t", "right", "3", "enter", "b", "escape", "b", "x", "enter",
        "B", "9", "enter", "B", "1", "d", "B", "escape", "h", "h", "h", "h", "h", "z", "z",
        "]", "[", "backspace", "9", "0", "up", "up", "right", "down", "down", "down", "left",
        "pagedown", "pagedown", "enter", "pageup", "t", "9", "enter", "escape", "a", "escape",
        "u", "g", "1", "enter", "k", "x", "v", "v", ",", ".", "space", "space", "n", "q"]  # fmt: skip


def test_every_phrase_the_player_says_is_rendered_into_the_guide(folder, sink) -> None:
    made = guide()
    heard: list[Line] = []
    player = Player(made, folder, sink, DEFAULT_KEYS,
                    Settings(voice=False), None, lambda line, *_: heard.append(line))  # fmt: skip
    player.start(resumed=False)
    for key in KEYS:
        player.handle(key)
        sink.advance(700)
        player.tick()
    rendered = set(phrase_texts(made))
    missing = {
        p.spoken for line in heard for p in line.pieces if p.spoken and not p.free
    } - rendered
    assert not missing, sorted(missing)
    assert len(heard) > 80
    said = " ".join(line.text for line in heard)
    for expected in ("Bookmark 2 added", "No bookmark 9", "Bookmark 1 deleted"):
        assert expected in said  # the keys reached what they were meant to


def test_volume_above_100_percent_never_clips(tmp_path) -> None:
    loud = tmp_path / "loud.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                    "aevalsrc=0.7*sin(2*PI*440*t):s=44100:d=3", "-ac", "1", "-b:a", "128k",
                    str(loud)], check=True)  # fmt: skip
    source = np.frombuffer(decode(loud), dtype=np.int16)  # as the player decodes a track
    out = at_volume(Stretch(1.0).feed(to_float(source)), 2.0)
    samples = np.frombuffer(out, dtype="<i2").astype(np.int32)
    assert len(samples) > 44100 * 2
    assert int(np.abs(samples).max()) <= 32767 * LIMIT * 1.02  # the limiter's ceiling
    assert int(np.sum(np.abs(samples) >= 32767)) == 0  # not one clipped sample
    assert np.abs(samples).max() > 0.8 * 32767  # and it is louder than 70%
    quiet = np.abs(source[source != 0]).astype(np.int32)
    kept = np.frombuffer(at_volume(to_float(source), 2.0), dtype="<i2").astype(np.int32)
    small = np.abs(source) < 0.25 * 32767  # below the knee the gain is exact
    assert np.allclose(kept[small], 2 * source[small].astype(np.int32), atol=2)
    assert len(quiet)


@pytest.mark.parametrize("speed", [0.5, 0.8, 1.5, 2.0, 3.0])
def test_speed_keeps_the_pitch(speed) -> None:
    rate = 44_100
    tone = (np.sin(2 * np.pi * 220 * np.arange(rate * 4) / rate) * 0.5 * 32767).astype(np.int16)
    stretch = Stretch(speed)
    parts = [stretch.feed(to_float(tone[i : i + 4410])) for i in range(0, len(tone), 4410)]
    out = np.concatenate([*parts, stretch.end()])
    assert abs(len(out) / rate - 4 / speed) < 0.05 + 0.02 / speed  # the length follows the speed
    middle = out[len(out) // 4 : len(out) // 4 + rate // 2]
    spectrum = np.abs(np.fft.rfft(middle * np.hanning(len(middle))))
    pitch = np.argmax(spectrum) * rate / len(middle)
    assert 0.97 < pitch / 220 < 1.03  # the pitch does not


def test_announcements_follow_the_volume() -> None:
    # The player's own announcements follow the volume the same way.
    pcm = (np.sin(np.arange(44100) / 10) * 0.8 * 32767).astype("<i2").tobytes()
    said = np.frombuffer(louder(pcm, 2.0), dtype="<i2").astype(np.int32)
    assert np.abs(said).max() <= 32767 * LIMIT and np.abs(said).max() > 0.85 * 32767
    quiet = np.frombuffer(louder(pcm, 0.5), dtype="<i2").astype(np.int32)
    assert abs(np.abs(quiet).max() - 0.4 * 32767) < 50


@pytest.mark.integration
def test_phrases_render_with_the_engine_and_are_said_with_none(tmp_path, monkeypatch) -> None:
    from mbc_audio.engines import engine_class

    made = timeline(topic(1, "About this guide", [(None, 0, ["Welcome."])], 8000),
                    topic(2, "Bones", [(None, 0, ["Bone pain."])], 8000))  # fmt: skip
    info = engine_class("system").describe("en-us", 160)
    result = write_phrases(made, info, tmp_path, tmp_path / "cache")
    assert result.count > 300 and not result.missing
    assert sorted(p.name for p in (tmp_path / "phrases").iterdir()) == ["clips.mp3", "index.json"]
    clips = Clips.open(tmp_path)
    assert clips is not None and "Topic two of two" in clips and "Bones" in clips

    def no_engine(name: str):
        raise RuntimeError("no engine here")

    monkeypatch.setattr("mbc_audio.player.voice.engine_class", no_engine)
    warnings: list[str] = []
    voice = Voice(made.build, tmp_path / "empty-cache", warnings.append, clips)
    line = Words().line("Topic 2 of 2", ": ", Piece("Bones", "Bones"))
    pcm = voice.line(line)
    assert pcm and 0.4 < len(pcm) / 2 / 44100 < 4
    assert voice.line(Words().line(Words().free("zebra crossing"))) is None  # free text: no engine
    assert voice._pool is None  # no speech engine was started
    voice.close()
    # The next build of the same guide keeps them: linked from the guide before, not rendered.
    again = write_phrases(
        made, info, tmp_path / "again", tmp_path / "no-cache", reuse_from=tmp_path
    )
    assert again.count == result.count and not (tmp_path / "no-cache").exists()
    assert (tmp_path / "again" / "phrases" / "clips.mp3").stat().st_ino == (
        tmp_path / "phrases" / "clips.mp3").stat().st_ino  # fmt: skip
    # A clips.mp3 that is not the file its index was written for (here a picture put in its
    # place) is not kept: the next build makes it again from the cache.
    png = b"\x89PNG\r\n\x1a\n" + bytes(4000)
    (tmp_path / "again" / "phrases" / "clips.mp3").unlink()
    (tmp_path / "again" / "phrases" / "clips.mp3").write_bytes(png)
    remade = write_phrases(made, info, tmp_path / "again", tmp_path / "cache")
    assert remade.count == result.count and not remade.missing
    assert (tmp_path / "again" / "phrases" / "clips.mp3").read_bytes()[:8] != png[:8]
    assert Clips.open(tmp_path / "again") is not None
    # A changed title is a changed set: rendered again (its other phrases from the cache).
    retitled = replace(made, topics=(made.topics[0], replace(made.topics[1], spoken_title="Bone")))
    write_phrases(retitled, info, tmp_path / "third", tmp_path / "cache", reuse_from=tmp_path)
    assert "Bone" in Clips.open(tmp_path / "third") and "Bones" not in Clips.open(
        tmp_path / "third"
    )


@pytest.mark.integration
def test_a_term_in_the_lexicon_is_said_alike_by_a_track_and_the_player(tmp_path) -> None:
    """Built with a real engine: the track's title and the player's announcement of it are the
    same words, and (speech being deterministic) the same rendering."""
    from mbc_audio.build import BuildOptions, build
    from mbc_audio.tts.cache import UtteranceCache, utterance_key

    from .conftest import ContentFolder

    content = ContentFolder(tmp_path / "content")
    content.leaflet("## HER2 and you\n\nHER2 is a protein. Ask about HER2 tests.\n")
    content.write("lexicon.toml", '[terms]\n"HER2" = "her two"\n')
    result = build(
        BuildOptions(content.root, tmp_path / "dist", "system", None, 2, tmp_path / "cache")
    )
    made = tl.load(result.folder)
    topic_entry = next(t for t in made.topics if t.title == "HER2 and you")
    assert "her two" in topic_entry.spoken_title  # the track says the lexicon's words
    track = [t.topic_id for t in made.tracks].index(topic_entry.id)
    heard: list[Line] = []
    player = Player(made, result.folder, RecordingSink(), {}, Settings(voice=False), None,
                    lambda line, *_: heard.append(line))  # fmt: skip
    player.arrive(tl_position(track), chosen=True)
    assert topic_entry.spoken_title in heard[-1].spoken  # and so does the announcement
    # Free text with the term goes through the same normaliser and lexicon.
    assert "her two" in player.core.words.free("HER2 tests").spoken
    # The phrase clip of the title is the build's own rendering of it.
    write_phrases(made, result.info, result.folder, tmp_path / "cache")
    cache = UtteranceCache(tmp_path / "cache")
    assert cache.frames(utterance_key(result.info, topic_entry.spoken_title)) is not None
    clips = Clips.open(result.folder)
    assert clips is not None and topic_entry.spoken_title in clips


def test_the_fixed_words_are_said_before_free_text_is_rendered() -> None:
    class Clipped(Voice):
        def __init__(self) -> None:  # no engine: clips are one sound, free text another
            pass

        def pcm(self, spoken: str, free: bool = False) -> bytes | None:
            return b"\x02\x00" * 20 if free else b"\x01\x00" * 10

    words = Words()
    runs = list(Clipped().runs(words.line("Search: no match for ", words.free("zebra"))))
    assert len(runs) == 2  # the fixed words first, then the searched words once rendered
    assert runs[0] == b"\x01\x00" * 10 and runs[1].endswith(b"\x02\x00" * 20)
    assert list(Clipped().runs(words.line("Paused"))) == [b"\x01\x00" * 10]
