"""WebVTT captions, one file a track: a cue for the title, each section heading and each sentence.

A sentence too long for two lines of 65 characters is split into several cues, its time shared
out by length, so a reader following along never sees more than two lines at once.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from ..timeline import TopicEntry, TrackEntry
from .format import Format, Made
from .marks import clock, topic_of
from .pages import vtt_name

LINE = 65  # characters a line
LINES = 2  # lines a cue


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


def cues(topic: TopicEntry, track: TrackEntry) -> tuple[Cue, ...]:
    """The cues of one track, in time order."""
    spans: list[tuple[int, int, str]] = []
    sentences = topic.sentences
    first = sentences[0].start_ms if sentences else track.duration_ms
    spans.append((0, first, topic.title))
    for section in topic.sections:
        body = [s for p in section.paragraphs for s in p.sentences]
        if section.title and body and section.start_ms < body[0].start_ms:
            spans.append((section.start_ms, body[0].start_ms, section.title))
        spans += [(s.start_ms, s.end_ms, s.text) for s in body]
    spans.sort(key=lambda s: s[0])
    found = []
    for start, end, text in spans:
        found += _split(start, end, text)
    return tuple(found)


def _split(start: int, end: int, text: str) -> list[Cue]:
    lines = textwrap.wrap(" ".join(text.split()), LINE, break_on_hyphens=False) or [""]
    groups = [tuple(lines[i : i + LINES]) for i in range(0, len(lines), LINES)]
    total = sum(len(" ".join(g)) for g in groups)
    found, at, used = [], start, 0
    for group in groups:
        used += len(" ".join(group))
        until = end if group is groups[-1] else start + (end - start) * used // total
        found.append(Cue(at, until, group))
        at = until
    return found


def webvtt(topic: TopicEntry, track: TrackEntry) -> str:
    blocks = ["WEBVTT"]
    for cue in cues(topic, track):
        text = "\n".join(line.replace("-->", "->") for line in cue.lines)
        blocks.append(f"{clock(cue.start_ms)} --> {clock(cue.end_ms)}\n{text}")
    return "\n\n".join(blocks) + "\n"


_TIMING = re.compile(
    r"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})$"
)


def problems(text: str, duration_ms: int | None = None) -> list[str]:
    """What a strict reader would refuse in a WebVTT file: the header, the timestamp form,
    cues in order with an end after their start, lines of at most LINE characters."""
    found = []
    blocks = text.replace("\r\n", "\n").split("\n\n")
    if blocks[0].rstrip("\n") != "WEBVTT":
        found.append('the first line is not "WEBVTT"')
    previous = -1
    for number, block in enumerate(filter(None, (b.strip("\n") for b in blocks[1:])), 1):
        timing, *lines = block.split("\n")
        match = _TIMING.match(timing)
        if not match:
            found.append(f"cue {number}: the timing line is not hh:mm:ss.ttt --> hh:mm:ss.ttt")
            continue
        g = [int(x) for x in match.groups()]
        start = ((g[0] * 60 + g[1]) * 60 + g[2]) * 1000 + g[3]
        end = ((g[4] * 60 + g[5]) * 60 + g[6]) * 1000 + g[7]
        if start < previous:
            found.append(f"cue {number}: starts before the cue before it")
        if end <= start:
            found.append(f"cue {number}: ends before it starts")
        if duration_ms is not None and end > duration_ms:
            found.append(f"cue {number}: ends after the track")
        if not lines or len(lines) > LINES or any(not ln or len(ln) > LINE for ln in lines):
            found.append(f"cue {number}: needs one or two lines of at most {LINE} characters")
        if any("-->" in ln for ln in lines):
            found.append(f'cue {number}: its text holds "-->"')
        previous = start
    if not blocks[1:]:
        found.append("there are no cues")
    return found


def _write(made: Made) -> tuple[str, ...]:
    timeline = made.timeline
    return tuple(
        made.write(f"vtt/{vtt_name(track.file)}", webvtt(topic_of(timeline, track), track))
        for track in timeline.tracks
    )


FORMAT = Format("captions", _write)
