"""A track's one chapter list, made from its topic's entries: ID3 CHAP/CTOC, the feed's JSON
chapters, the M4B, DAISY, EPUB and the web page all take their marks from it."""

from __future__ import annotations

from ..wording import shorten
from .entries import (
    PARAGRAPH_LEVEL,
    SECTION_LEVEL,
    TOPIC_LEVEL,
    ChapterEntry,
    TopicEntry,
)

MAX_CHAPTERS = 255  # a CTOC frame lists at most 255 children


def chapters_of(topic: TopicEntry, duration_ms: int) -> tuple[ChapterEntry, ...]:
    """Back to back from 0 to the track's end: the title, each titled section, each paragraph.

    A mark that would start no later than the one before it is left out (a section whose first
    paragraph starts where the section does). With more than MAX_CHAPTERS marks, the paragraphs
    are left out and the title and sections kept.
    """
    marks = [(0, TOPIC_LEVEL, topic.id, topic.title)]
    for section in topic.sections:
        if section.title:
            marks.append((section.start_ms, SECTION_LEVEL, section.id, section.title))
        for paragraph in section.paragraphs:
            first = paragraph.sentences[0]
            marks.append((first.start_ms, PARAGRAPH_LEVEL, paragraph.id, shorten(first.text)))
    if len(marks) > MAX_CHAPTERS:
        marks = [m for m in marks if m[1] != PARAGRAPH_LEVEL][:MAX_CHAPTERS]
    kept = [marks[0]]
    for mark in marks[1:]:
        if mark[0] > kept[-1][0]:
            kept.append(mark)
    ends = [m[0] for m in kept[1:]] + [duration_ms]
    return tuple(
        ChapterEntry(f"ch{number:03d}", title, start, end, level, node_id)
        for number, ((start, level, node_id, title), end) in enumerate(
            zip(kept, ends, strict=True), start=1
        )
    )


def at_levels(chapters: tuple[ChapterEntry, ...], deepest: int, duration_ms: int
              ) -> tuple[ChapterEntry, ...]:
    """The marks down to the deepest level, each running to the next one kept: the chapter list
    a format that wants fewer marks (an audiobook of the whole guide, DAISY headings) shows."""
    kept = [c for c in chapters if c.level <= deepest]
    ends = [c.start_ms for c in kept[1:]] + [duration_ms]
    return tuple(
        ChapterEntry(c.id, c.title, c.start_ms, end, c.level, c.node_id)
        for c, end in zip(kept, ends, strict=True)
    )
