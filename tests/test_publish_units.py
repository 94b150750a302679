"""The publish formats' pure parts, on a timeline written by hand: no audio, no tools."""

from __future__ import annotations

import pytest

from mbc_audio.errors import UsageError
from mbc_audio.publish.audiobook import ffmetadata
from mbc_audio.publish.marks import guide_marks, track_marks
from mbc_audio.publish.run import base_url_of
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


@pytest.mark.parametrize("value", ["clinic.example.org/mbc", "ftp://host/x", "https://", ""])
def test_base_url_must_be_a_web_address(value) -> None:
    with pytest.raises(UsageError, match="--base-url"):
        base_url_of(value)
