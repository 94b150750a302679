"""Navigation as a pure function: (index of the timeline, position, level, command) -> move.

A position is a track and a time in it. Each level (part, topic, section, paragraph, sentence)
is a list of units in reading order, each with a start; time is a level of its own that moves by
the skip size. Every level but part has a unit at the start of every track (the spoken title),
so moving back from a topic's first sentence reaches its title, then the topic before.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from ..spokentext import SpokenText
from ..timeline import PartEntry, SectionEntry, Timeline, TopicEntry


class Level(IntEnum):
    PART = 0
    TOPIC = 1
    SECTION = 2
    PARAGRAPH = 3
    SENTENCE = 4
    TIME = 5

    @property
    def word(self) -> str:
        return self.name.lower()


class Command(StrEnum):
    NEXT = "next"  # the next unit at the current level
    PREVIOUS = "previous"
    NEXT_TOPIC = "next-topic"  # whatever the level
    PREVIOUS_TOPIC = "previous-topic"
    COARSER = "coarser"  # choose the level above (towards part)
    FINER = "finer"
    FORWARD = "forward"  # the skip size in time
    BACK = "back"
    REPEAT = "repeat"  # the start of the current sentence


@dataclass(frozen=True, order=True)
class Position:
    track: int  # index into the timeline's tracks
    ms: int


@dataclass(frozen=True)
class Unit:
    level: Level
    track: int
    start_ms: int
    label: str  # what is announced on arriving: a title, or the sentence's first words
    id: str
    spoken: SpokenText = SpokenText()  # the label as the guide's voice says it (the timeline's spoken field)

    @property
    def position(self) -> Position:
        return Position(self.track, self.start_ms)


@dataclass(frozen=True)
class Index:
    """The timeline's units at each level, in reading order, made once when a guide loads."""

    durations: tuple[int, ...]
    titles: tuple[str, ...]  # each track's topic title
    units: dict[Level, tuple[Unit, ...]]

    @classmethod
    def of(cls, timeline: Timeline) -> Index:
        topics = {t.id: t for t in timeline.topics}
        parts = {p.id: p for p in timeline.parts}
        units: dict[Level, list[Unit]] = {level: [] for level in Level if level != Level.TIME}
        seen_parts: set[str] = set()
        for number, track in enumerate(timeline.tracks):
            topic = topics[track.topic_id]
            part_key = topic.part_id or topic.id
            if part_key not in seen_parts:
                seen_parts.add(part_key)
                part = parts.get(topic.part_id or "")
                label = part.title if part else topic.title
                said = _spoken(part) if part else topic.spoken_title
                units[Level.PART].append(Unit(Level.PART, number, 0, label, part_key, said))
            for level in (Level.TOPIC, Level.SECTION, Level.PARAGRAPH, Level.SENTENCE):
                units[level].append(
                    Unit(level, number, 0, topic.title, topic.id, topic.spoken_title)
                )
            _add_sections(units, number, topic)
        return cls(
            tuple(t.duration_ms for t in timeline.tracks),
            tuple(topics[t.topic_id].title for t in timeline.tracks),
            {level: _unique(found) for level, found in units.items()},
        )

    @property
    def end(self) -> Position:
        return Position(len(self.durations) - 1, self.durations[-1])

    def current(self, level: Level, position: Position) -> Unit:
        """The unit of level that holds position: the last one starting at or before it."""
        found = self.units[Level.SENTENCE if level == Level.TIME else level]
        i = bisect.bisect_right([u.position for u in found], position) - 1
        return found[max(i, 0)]

    def sentence_position(self, sentence_id: str) -> Position | None:
        """Where the sentence with this id starts, or None when the guide has no such sentence."""
        if not sentence_id:
            return None
        found = next((u for u in self.units[Level.SENTENCE] if u.id == sentence_id), None)
        return found.position if found and found.level == Level.SENTENCE else None

    def to_global(self, position: Position) -> int:
        return sum(self.durations[: position.track]) + position.ms

    def from_global(self, ms: int) -> Position:
        ms = max(0, ms)
        for track, duration in enumerate(self.durations):
            if ms < duration:
                return Position(track, ms)
            ms -= duration
        return self.end


def _spoken(entry: PartEntry | SectionEntry) -> SpokenText:
    """A title's spoken form from the timeline (the title as written in an entry without one)."""
    return entry.spoken_title or SpokenText(entry.title or "")


def _add_sections(units: dict[Level, list[Unit]], number: int, topic: TopicEntry) -> None:
    for section in topic.sections:
        heading = bool(section.title) and section.start_ms > 0
        if heading:
            units[Level.SECTION].append(Unit(Level.SECTION, number, section.start_ms,
                                             section.title or "", section.id, _spoken(section)))  # fmt: skip
        for p_number, paragraph in enumerate(section.paragraphs):
            start = section.start_ms if heading and p_number == 0 else paragraph.start_ms
            first = paragraph.sentences[0]
            units[Level.PARAGRAPH].append(
                Unit(Level.PARAGRAPH, number, start, first.text, paragraph.id, first.spoken)
            )
            for sentence in paragraph.sentences:
                units[Level.SENTENCE].append(Unit(Level.SENTENCE, number, sentence.start_ms,
                                                  sentence.text, sentence.id, sentence.spoken))  # fmt: skip


def _unique(units: list[Unit]) -> tuple[Unit, ...]:
    """Sorted, with one unit per start (a heading's unit wins over a sentence at the same place)."""
    found: dict[tuple[int, int], Unit] = {}
    for unit in units:
        found.setdefault((unit.track, unit.start_ms), unit)
    return tuple(sorted(found.values(), key=lambda u: (u.track, u.start_ms)))


@dataclass(frozen=True)
class Move:
    position: Position
    level: Level
    unit: Unit | None  # the unit arrived at, to announce; None for a move in time
    edge: str | None = None  # "first" or "last" when the command met the guide's (or levels') end


def navigate(
    index: Index, position: Position, level: Level, command: Command, skip_ms: int = 10_000
) -> Move:
    """Where a command leads from position at level. Never raises; at an edge it stays put
    (or goes to the first unit's start) and says which edge."""
    if command in (Command.COARSER, Command.FINER):
        step = -1 if command == Command.COARSER else 1
        new = level + step
        if not Level.PART <= new <= Level.TIME:
            return Move(position, level, None, "first" if step < 0 else "last")
        return Move(position, Level(new), None)
    if command in (Command.NEXT_TOPIC, Command.PREVIOUS_TOPIC):
        moved = navigate(index, position, Level.TOPIC,
                         Command.NEXT if command == Command.NEXT_TOPIC else Command.PREVIOUS)  # fmt: skip
        return Move(moved.position, level, moved.unit, moved.edge)
    if command == Command.REPEAT:
        unit = index.current(Level.SENTENCE, position)
        return Move(unit.position, level, unit)
    if command in (Command.FORWARD, Command.BACK) or level == Level.TIME:
        forward = command in (Command.FORWARD, Command.NEXT)
        now = index.to_global(position)
        total = index.to_global(index.end)
        target = now + skip_ms if forward else now - skip_ms
        edge = "last" if target >= total else ("first" if target <= 0 else None)
        target = min(max(target, 0), total)
        return Move(index.end if target >= total else index.from_global(target), level, None, edge)
    units = index.units[level]
    starts = [u.position for u in units]
    i = bisect.bisect_right(starts, position) - 1  # the current unit
    if command == Command.NEXT:
        if i + 1 >= len(units):
            return Move(position, level, None, "last")
        return Move(units[i + 1].position, level, units[i + 1])
    if i <= 0:
        return Move(units[0].position, level, units[0], "first")
    return Move(units[i - 1].position, level, units[i - 1])
