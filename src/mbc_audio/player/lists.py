"""Contents (T) and bookmarks (capital B): numbered lists read a few items at a time (Right and
Left arrows page), a number typed at any moment, then Enter."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from .lines import Piece, titled
from .modes import Mode, ModeName, Typing
from .navigation import Position

if TYPE_CHECKING:
    from .core import Core

PAGE = {"brief": 5, "full": 10}  # contents and bookmarks read a few at a time
NEXT_PAGE = {"right", "down", "pagedown"}
PREVIOUS_PAGE = {"left", "up", "pageup"}
_DIGITS = "0123456789"


class _List(Typing):
    PHRASES: ClassVar[tuple[str, ...]] = (
        *Typing.PHRASES, "Right arrow for more", "End of the list", "Start of the list",
        "Type a number first", "there are",
    )  # fmt: skip
    NONE_SUCH: ClassVar[str]  # "No topic "

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        self.first_shown = 0

    def items(self) -> list[list[str | Piece]]:
        raise NotImplementedError

    def read_page(self) -> Mode:
        items = self.items()
        size = PAGE[self.core.settings.verbosity]
        for number in range(self.first_shown, min(self.first_shown + size, len(items))):
            self.core.say(str(number + 1), ". ", *items[number])
        self.core.say("Right arrow for more" if self.first_shown + size < len(items)
                      else "End of the list")  # fmt: skip
        return self

    def page(self, key: str) -> bool:
        size = PAGE[self.core.settings.verbosity]
        if key in NEXT_PAGE and self.first_shown + size < len(self.items()):
            self.first_shown += size
        elif key in PREVIOUS_PAGE and self.first_shown > 0:
            self.first_shown = max(0, self.first_shown - size)
        elif key in NEXT_PAGE | PREVIOUS_PAGE:
            self.core.say("End of the list" if key in NEXT_PAGE else "Start of the list")
            return True
        else:
            return False
        self.read_page()
        return True

    def chosen(self, key: str) -> int | Mode | None:
        """The number chosen (1 and up), or the mode for the next key."""
        if self.page(key):
            return self
        typed = self.take(key, _DIGITS)
        if typed is None:
            return self
        if typed == "" and key == "escape":
            return None
        if not typed:
            self.core.say("Type a number first")
            return self
        number, count = int(typed), len(self.items())
        self.typed = ""
        if not 1 <= number <= count:
            self.core.say(self.NONE_SUCH, str(number), "; ", "there are ", str(count))
            return self
        return number


class Contents(_List):
    name: ClassVar[ModeName] = ModeName.CONTENTS
    PHRASES: ClassVar[tuple[str, ...]] = (
        *_List.PHRASES, "Contents", "topics", "No topic",
        "Type a number at any time, then Enter; Escape to cancel",
    )  # fmt: skip
    NONE_SUCH = "No topic "

    def open(self) -> Mode:
        self.core.say("Contents: ", str(len(self.core.index.durations)), " topics. ",
                      "Type a number at any time, then Enter; Escape to cancel.")  # fmt: skip
        return self.read_page()

    def items(self) -> list[list[str | Piece]]:
        return [[titled(t.title, t.spoken_title)] for t in self.core.track_topics()]

    def handle(self, key: str) -> Mode | None:
        number = self.chosen(key)
        if not isinstance(number, int):
            return number
        return self.core.arrive(Position(number - 1, 0), chosen=True)


class Bookmarks(_List):
    name: ClassVar[ModeName] = ModeName.BOOKMARKS
    PHRASES: ClassVar[tuple[str, ...]] = (
        *_List.PHRASES, "Bookmarks", "none yet", "Press B to add one", "No bookmark",
        "Type a number, then Enter to go, or D to delete; Escape to cancel", "Bookmark",
        "deleted", "its place is no longer in this guide",
        "Press capital B, its number and D to delete it",
    )  # fmt: skip
    NONE_SUCH = "No bookmark "

    def open(self) -> Mode | None:
        marks = self.core.guide_state.bookmarks
        if not marks:
            self.core.say("Bookmarks: ", "none yet. ", "Press B to add one.")
            return None
        self.core.say("Bookmarks: ", str(len(marks)), ". ",
                      "Type a number, then Enter to go, or D to delete; Escape to cancel.")  # fmt: skip
        return self.read_page()

    def items(self) -> list[list[str | Piece]]:
        words = self.core.words
        return [[Piece(m.name, words.free(m.name).spoken, True)] if m.name
                else [words.free(m.label)] for m in self.core.guide_state.bookmarks]  # fmt: skip

    def handle(self, key: str) -> Mode | None:
        if key in ("d", "D", "delete") and self.typed:
            return self.delete()
        number = self.chosen(key)
        if not isinstance(number, int):
            return number
        core = self.core
        mark = core.guide_state.bookmarks[number - 1]
        place = core.index.sentence_position(mark.sentence)
        if place is None and mark.track >= len(core.index.durations):
            core.say("Bookmark ", str(number), ": ", "its place is no longer in this guide. ",
                     "Press capital B, its number and D to delete it.")  # fmt: skip
            return self
        place = place or Position(mark.track, min(mark.ms, core.index.durations[mark.track]))
        named: list[str | Piece] = [*self.items()[number - 1], ", "] if mark.name else []
        core.say("Bookmark ", str(number), ": ", *named, *core.topic_parts(place.track))
        return core.arrive(place, chosen=True, announce=False)

    def delete(self) -> Mode | None:
        core = self.core
        marks = core.guide_state.bookmarks
        number, self.typed = int(self.typed), ""
        if not 1 <= number <= len(marks):
            core.say("No bookmark ", str(number), "; ", "there are ", str(len(marks)))
            return self
        gone = marks[number - 1]
        kept = marks[: number - 1] + marks[number:]
        core.keep(replace(core.guide_state, bookmarks=kept))
        core.say("Bookmark ", str(number), " deleted: ", core.words.free(gone.name or gone.label))
        return self if kept else None


def contents(core: Core) -> Mode | None:
    return Contents(core).open()


def bookmarks(core: Core) -> Mode | None:
    return Bookmarks(core).open()
