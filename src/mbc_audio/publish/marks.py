"""The guide's navigation marks, from the timeline: each topic, and each titled section in it.

Every published format that has chapters or headings (M4B, guide.mp3, podcast chapters, DAISY,
EPUB, the web page) uses these, so they agree with each other and with the player; and the
guide's release day, which dates the feed, the DAISY book, the EPUB and the zip.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from ..timeline import SECTION_LEVEL, TOPIC_LEVEL, Timeline, TopicEntry, TrackEntry, at_levels


@dataclass(frozen=True)
class Mark:
    id: str  # the topic's or section's id in the manifest
    level: int  # 1 for a topic, 2 for a section within it
    title: str  # as a chapter list shows it: "Topic: Section" for a section
    heading: str  # the heading alone
    number: int  # the track's number
    file: str  # the track
    start_ms: int  # from the start of the track, or of the whole guide (see guide_marks)
    end_ms: int


def topic_of(timeline: Timeline, track: TrackEntry) -> TopicEntry:
    return timeline.topic_of(track)


def topic_label(timeline: Timeline, topic: TopicEntry) -> str:
    """The topic's title as a list of chapters shows it: after its document's title when
    another topic has the same title ("Overview" in two leaflets), so no two read the same."""
    part = timeline.part_of(topic)
    same = sum(1 for t in timeline.topics if t.title == topic.title)
    return f"{part.title}: {topic.title}" if same > 1 and part is not None else topic.title


def track_marks(timeline: Timeline, track: TrackEntry) -> tuple[Mark, ...]:
    """The track's chapters down to its titled sections, back to back from 0 to its end."""
    topic = timeline.topic_of(track)
    label = topic_label(timeline, topic)
    return tuple(
        Mark(
            c.node_id, c.level,
            label if c.level == TOPIC_LEVEL else f"{label}: {c.title}",
            label if c.level == TOPIC_LEVEL else c.title,
            track.number, track.file, c.start_ms, c.end_ms,
        )
        for c in at_levels(track.chapters, SECTION_LEVEL, track.duration_ms)
    )  # fmt: skip


def offsets(timeline: Timeline) -> dict[str, int]:
    """Where each track starts in the whole guide, in ms."""
    found, elapsed = {}, 0
    for track in timeline.tracks:
        found[track.file] = elapsed
        elapsed += track.duration_ms
    return found


def guide_marks(timeline: Timeline) -> tuple[Mark, ...]:
    """Every mark of every track, timed from the start of the whole guide."""
    start = offsets(timeline)
    return tuple(
        replace(m, start_ms=m.start_ms + start[m.file], end_ms=m.end_ms + start[m.file])
        for track in timeline.tracks
        for m in track_marks(timeline, track)
    )


def clock(ms: int, hours: bool = True) -> str:
    """hh:mm:ss.ttt (WebVTT, SMIL); without hours when hours is False and under an hour."""
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, t = divmod(rest, 1000)
    if not hours and not h:
        return f"{m:02d}:{s:02d}.{t:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}.{t:03d}"


def release_day(timeline: Timeline) -> datetime.date:
    """The guide's date, or failing that its latest review date, or 2000-01-01."""
    for value in (timeline.guide.date, *sorted(
        (p.reviewed_on for p in timeline.parts if p.reviewed_on), reverse=True
    )):  # fmt: skip
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            continue
    return datetime.date(2000, 1, 1)
