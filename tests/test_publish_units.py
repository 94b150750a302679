"""The publish formats' pure parts, on a timeline written by hand: no audio, no tools."""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import replace
from pathlib import Path

import pytest

from mbc_audio.errors import UsageError
from mbc_audio.folders import swap_in
from mbc_audio.fsio import inside
from mbc_audio.publish.archive import sha256sums
from mbc_audio.publish.audiobook import ffmetadata, write_m4b
from mbc_audio.publish.commit import clean_up, commit, journal_of, staging_in
from mbc_audio.publish.epub import write_epub
from mbc_audio.publish.marks import guide_marks, track_marks
from mbc_audio.publish.packages import human_size, names_for
from mbc_audio.publish.url import base_url_of
from mbc_audio.publish.webvtt import LINE, cues, problems, webvtt
from mbc_audio.timeline import Timeline

from .timelines import timeline as make_timeline
from .timelines import topic

LONG = "word " * 60  # about 300 characters: more than one cue of two lines


@pytest.fixture
def timeline() -> Timeline:
    return make_timeline(
        topic(
            1,
            "Bones; pain = #1",
            [(None, 0, [["One.", "Two."]]), ("When to call", 9000, [LONG])],
            40000,
        ),
        topic(2, "Outlook", [(None, 0, ["Three."])], 8000),
    )


def test_marks_are_back_to_back_per_track_and_offset_in_the_guide(timeline) -> None:
    marks = track_marks(timeline, timeline.tracks[0])
    assert [(m.level, m.heading, m.start_ms, m.end_ms) for m in marks] == [
        (1, "Bones; pain = #1", 0, 9000), (2, "When to call", 9000, 40000),
    ]  # fmt: skip
    assert marks[1].title == "Bones; pain = #1: When to call"
    whole = guide_marks(timeline)
    assert [(m.start_ms, m.end_ms) for m in whole] == [(0, 9000), (9000, 40000), (40000, 48000)]


def test_ffmetadata_escapes_and_sets_the_time_base(timeline) -> None:
    text = ffmetadata(timeline, guide_marks(timeline))
    assert text.startswith(";FFMETADATA1\n")
    assert text.count("TIMEBASE=1/1000") == 3
    assert "title=Bones\\; pain \\= \\#1\n" in text
    assert "START=40000\nEND=48000\ntitle=Outlook\n" in text


def test_a_long_sentence_becomes_several_cues_of_two_lines(timeline) -> None:
    topic, track = timeline.topics[0], timeline.tracks[0]
    found = cues(topic, track)
    long = [c for c in found if set(" ".join(c.lines).split()) == {"word"}]
    assert len(long) >= 2
    assert all(len(c.lines) <= 2 and all(len(ln) <= LINE for ln in c.lines) for c in found)
    sentence = topic.sections[1].paragraphs[0].sentences[0]
    assert long[0].start_ms == sentence.start_ms and long[-1].end_ms == sentence.end_ms
    assert all(a.end_ms == b.start_ms for a, b in zip(long, long[1:], strict=False))
    assert " ".join(w for c in long for w in " ".join(c.lines).split()) == sentence.text
    assert [c.lines[0] for c in found[:2]] == ["Bones; pain = #1", "One."]
    assert problems(webvtt(topic, track), track.duration_ms) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", None),
        ("WEBVT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", "first line"),
        ("WEBVTT\n\n00:00:01.00 --> 00:00:02.000\nHi\n", "timing line"),
        ("WEBVTT\n\n00:01.000 --> 00:00:02.000\nHi\n", "timing line"),
        ("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nHi\n", "ends before"),
        (
            "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nA\n\n00:00:01.000 --> 00:00:02.000\nB\n",
            "starts before",
        ),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "x" * 66 + "\n", "at most 65"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na\nb\nc\n", "one or two lines"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:09.000\nHi\n", "after the track"),
        ("WEBVTT\n", "no cues"),
    ],
)
def test_the_strict_webvtt_check_refuses_each_fault(text, problem) -> None:
    found = problems(text, duration_ms=5000)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("https://clinic.example.org/mbc", "https://clinic.example.org/mbc/"),
        (" http://host/a/ ", "http://host/a/"),
    ],
)
def test_base_url_ends_in_one_slash(value, expected) -> None:
    assert base_url_of(value) == expected


# --- names and paths: nothing from a manifest is joined unchecked -------------------------------
@pytest.mark.parametrize("name", ["..", ".", "", "a/b", "/abs", "a\\b", "../victim"])
def test_a_guide_id_or_version_must_be_a_plain_name(name) -> None:
    with pytest.raises(UsageError, match="plain file name"):
        names_for(name, "1")
    with pytest.raises(UsageError, match="plain file name"):
        names_for("guide", name)


def test_package_names_sit_beside_the_folder() -> None:
    names = names_for("mbc-guide", "2.1")
    assert (names.folder, names.zip, names.m4b, names.epub, names.sums, names.feed) == (
        "mbc-guide", "mbc-guide-2.1.zip", "mbc-guide-2.1.m4b", "mbc-guide-2.1.epub",
        "mbc-guide-2.1.SHA256SUMS", "mbc-guide/feed.xml",
    )  # fmt: skip


@pytest.mark.parametrize("name", ["../x.mp3", "/etc/hostname", "a/../../x", "vtt/../../x", ""])
def test_inside_refuses_a_name_that_leaves_its_folder(tmp_path, name) -> None:
    with pytest.raises(UsageError):
        inside(tmp_path, name)


def test_inside_refuses_a_link_out_and_keeps_names_below(tmp_path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "link").symlink_to(tmp_path / "out")
    with pytest.raises(UsageError, match="leads out"):
        inside(tmp_path / "folder", "link/x.mp3")
    assert inside(tmp_path / "folder", "vtt/01.vtt") == (tmp_path / "folder/vtt/01.vtt").resolve()


def test_a_track_file_that_leaves_the_guide_is_refused_before_anything_is_written(
    timeline, tmp_path
) -> None:
    (tmp_path / "secret.mp3").write_bytes(b"not yours")
    guide, work = tmp_path / "guide", tmp_path / "work"
    guide.mkdir()
    work.mkdir()
    bad = replace(timeline, tracks=(replace(timeline.tracks[0], file="../secret.mp3"),))
    with pytest.raises(UsageError, match="is not a plain file name inside"):
        write_epub(bad, guide, tmp_path / "book.epub", datetime.date(2026, 1, 1))
    with pytest.raises(UsageError, match="is not a plain file name inside"):
        write_m4b(bad, guide, tmp_path / "book.m4b", work)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guide", "secret.mp3", "work"]


@pytest.mark.parametrize(
    ("count", "size"),
    [(1, "1 KB"), (849_400, "849 KB"), (12_345_678, "12.3 MB"), (1_500_000_000, "1.5 GB")],
)
def test_sizes_read_as_people_read_them(count, size) -> None:
    assert human_size(count) == size


# --- the folder and the packages change together ------------------------------------------------
NAMES = names_for("g", "1")


def publish_in(out: Path, edition: str) -> Path:
    """A staged publish of an edition: the folder and every package say which edition it is."""
    stage = staging_in(out, NAMES)
    (stage / "g").mkdir()
    (stage / "g" / "index.html").write_text(edition)
    (stage / "g" / "SHA256SUMS").write_text(edition)
    for name in (NAMES.zip, NAMES.m4b, NAMES.epub):
        (stage / name).write_text(edition)
    listed = sha256sums(stage, [NAMES.zip, NAMES.m4b, NAMES.epub, "g/SHA256SUMS"])
    (stage / NAMES.sums).write_text(listed)
    return stage


def editions(out: Path) -> set[str]:
    found = {(out / "g" / "index.html").read_text()}
    found |= {(out / n).read_text() for n in (NAMES.zip, NAMES.m4b, NAMES.epub)}
    sums = (out / NAMES.sums).read_text()
    # The packages' SHA256SUMS names the folder it was made with, by its SHA256SUMS.
    return found | {e for e in ("old", "new") if hashlib.sha256(e.encode()).hexdigest() in sums}


def test_a_commit_replaces_the_folder_and_every_package(tmp_path) -> None:
    commit(publish_in(tmp_path, "old"), tmp_path, NAMES)
    commit(publish_in(tmp_path, "new"), tmp_path, NAMES)
    assert editions(tmp_path) == {"new"}
    assert not journal_of(tmp_path, NAMES).exists()


@pytest.mark.parametrize("moved", [0, 1, 2, 4])
def test_a_commit_killed_between_its_renames_is_finished_by_the_next_run(tmp_path, moved) -> None:
    """Killed after the journal and the folder's swap, with `moved` packages moved: the next
    run's clean-up finishes the commit, and never swaps the old folder back in."""
    commit(publish_in(tmp_path, "old"), tmp_path, NAMES)
    stage = publish_in(tmp_path, "new")
    journal_of(tmp_path, NAMES).write_text(stage.name + "\n")
    swap_in(stage / "g", tmp_path / "g")
    for name in (NAMES.zip, NAMES.m4b, NAMES.epub, NAMES.sums)[:moved]:
        os.replace(stage / name, tmp_path / name)
    if (stage / "g").exists():  # an exchange leaves the old folder where the new one was
        assert (stage / "g" / "index.html").read_text() == "old"
    clean_up(tmp_path, NAMES)
    assert editions(tmp_path) == {"new"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_commit_killed_before_the_folder_moved_is_finished_too(tmp_path) -> None:
    commit(publish_in(tmp_path, "old"), tmp_path, NAMES)
    stage = publish_in(tmp_path, "new")
    journal_of(tmp_path, NAMES).write_text(stage.name + "\n")
    clean_up(tmp_path, NAMES)
    assert editions(tmp_path) == {"new"}


def test_a_run_killed_before_its_commit_leaves_the_last_publish(tmp_path) -> None:
    commit(publish_in(tmp_path, "old"), tmp_path, NAMES)
    publish_in(tmp_path, "half")  # staged, never committed: no journal
    clean_up(tmp_path, NAMES)
    assert editions(tmp_path) == {"old"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_output_folder_that_cannot_be_written_is_one_line(tmp_path, monkeypatch) -> None:
    """Not a folder (a file in the way) stands for read-only and full disks, which root, who runs
    the tests, does not meet; the manifest is faked, so no audio is needed."""
    from mbc_audio.publish import run

    monkeypatch.setattr(run.tl, "load", lambda folder, check_files=False: make_timeline(
        topic(1, "One", [(None, 0, ["A."])], 4000)))  # fmt: skip
    (tmp_path / "file").write_text("in the way")
    with pytest.raises(UsageError, match="cannot write the publish in") as stopped:
        run.publish(tmp_path / "guide", tmp_path / "file" / "out", None, report=lambda line: None)
    assert "\n" not in str(stopped.value) and "choose another --out" in str(stopped.value)
