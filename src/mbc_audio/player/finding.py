"""Finding: search the guide's words (slash; N and capital N for the next and previous match) and
go to a time or a percentage (G). A search starts after the place being heard and wraps round
the guide's end, saying so."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..wording import shorten
from . import wording
from .core import Match
from .lines import Piece
from .modes import Mode, ModeName, Typing
from .navigation import Level, Position

if TYPE_CHECKING:
    from .core import Core


WRAPPED_START = "Past the last match, from the start: "
WRAPPED_END = "Before the first match, from the end: "
MATCH_PHRASES = ("Match", "of", "in", WRAPPED_START, WRAPPED_END)


class Search(Typing):
    name: ClassVar[ModeName] = ModeName.SEARCH
    PHRASES: ClassVar[tuple[str, ...]] = (*Typing.PHRASES, "Search: no match for", *MATCH_PHRASES)

    def handle(self, key: str) -> Mode | None:
        typed = self.take(key, None)
        if typed is None:
            return self
        if not typed.strip():
            return None
        core = self.core
        words = typed.lower().split()
        core.matches = [m for m in _searchable(core) if all(w in m[2].lower() for w in words)]
        if not core.matches:
            core.say("Search: no match for ", core.words.free(typed.strip()))
            return None
        here = core.current()
        after = next((i for i, (track, ms, _) in enumerate(core.matches)
                      if Position(track, ms) > here), None)  # fmt: skip
        core.match = -1
        return _to_match(core, len(core.matches) if after is None else after)


def _searchable(core: Core) -> list[Match]:
    """Every title, section heading and sentence, with where it starts, in reading order."""
    found = []
    for track, topic in enumerate(core.track_topics()):
        found.append((track, 0, topic.title))
        for section in topic.sections:
            if section.title and section.start_ms > 0:
                found.append((track, section.start_ms, section.title))
            found += [(track, s.start_ms, s.text) for p in section.paragraphs for s in p.sentences]
    return found


def search(core: Core) -> Mode:
    core.say("Search: type words, then Enter; Escape to cancel.")
    return Search(core)


def next_match(core: Core) -> Mode | None:
    return _to_match(core, core.match + 1)


def previous_match(core: Core) -> Mode | None:
    return _to_match(core, core.match - 1)


def _to_match(core: Core, number: int) -> Mode | None:
    if not core.matches:
        core.say("Search: no search yet. ", "Press slash to search.")
        return None
    count = len(core.matches)
    wrapped = [WRAPPED_START] if number >= count else [WRAPPED_END] if number < 0 else []
    core.match = number % count
    track, ms, text = core.matches[core.match]
    core.say(*wrapped, "Match ", str(core.match + 1), " of ", str(count), ", in ",
             wording.topic_of(track + 1, len(core.index.durations)), ": ",
             Piece(shorten(text, 60)))  # fmt: skip
    return core.arrive(Position(track, ms), chosen=True, announce=False)


class GoTo(Typing):
    name: ClassVar[ModeName] = ModeName.GO_TO
    PHRASES: ClassVar[tuple[str, ...]] = (
        *Typing.PHRASES, "Go to", "is not a time or a percentage",
        "Type minutes, as in 12, or a percentage, as in 50 percent", "is past the end",
        "the last sentence",
    )  # fmt: skip

    def handle(self, key: str) -> Mode | None:
        typed = self.take(key, "0123456789:.%")
        if typed is None:
            return self
        if typed == "" and key == "escape":
            return None
        core = self.core
        total = core.index.to_global(core.index.end)
        target = go_to_ms(typed, total)
        if target is None:
            core.say("Go to: ", Piece(typed), " is not a time or a percentage. ",
                     "Type minutes, as in 12, or a percentage, as in 50 percent.")  # fmt: skip
            return None
        here = core.index.from_global(min(target, max(total - 1, 0)))
        unit = core.index.current(Level.SENTENCE, here)
        if target >= total:
            core.say("Go to: ", Piece(typed), " is past the end, ", *wording.duration(total),
                     "; ", "the last sentence")  # fmt: skip
        core.say(*core.topic_parts(unit.track), ", ", *wording.duration(unit.start_ms))
        return core.arrive(unit.position, chosen=True, announce=False)


def go_to(core: Core) -> Mode:
    core.say("Go to: type minutes, or a number then percent, then Enter.")
    return GoTo(core)


def go_to_ms(typed: str, total_ms: int) -> int | None:
    """Milliseconds into the guide for "12" (minutes), "1:30" or "50%"; None when unreadable."""
    text = typed.strip()
    try:
        if text.endswith("%"):
            share = float(text[:-1])
            return round(total_ms * share / 100) if 0 <= share <= 100 else None
        if ":" in text:
            minutes, _, seconds = text.partition(":")
            return (int(minutes or 0) * 60 + int(seconds or 0)) * 1000
        return round(float(text) * 60_000)
    except ValueError:
        return None
