"""Marking: B adds a bookmark, A marks the sentence as a question for the care team; each is kept
at once, and the next keys may type its name or note (another key leaves it without one and
acts as it would)."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from ..wording import shorten
from .lines import Piece
from .modes import Mode, ModeName, Typing
from .navigation import Level
from .state import Bookmark, Question

if TYPE_CHECKING:
    from .core import Core


class _Label(Typing):
    """The typed name of bookmark or the note of question number `marked` (from 0)."""

    PHRASES: ClassVar[tuple[str, ...]] = Typing.PHRASES
    KEPT: ClassVar[str]  # what is said when it is kept

    def __init__(self, core: Core, marked: int) -> None:
        super().__init__(core)
        self.marked = marked

    def handle(self, key: str) -> Mode | None:
        if key not in ("enter", "escape", "backspace", "space") and len(key) != 1:
            return self.core.act(key)  # an arrow, Page Down: no name; the key acts
        typed = self.take(key, None)
        if typed is None:
            return self
        if typed.strip():
            self.label(typed.strip())
            self.core.say(self.KEPT, self.core.words.free(typed.strip()))
        return None

    def label(self, text: str) -> None:
        raise NotImplementedError


class Name(_Label):
    name: ClassVar[ModeName] = ModeName.NAME
    PHRASES: ClassVar[tuple[str, ...]] = (*_Label.PHRASES, "Named")
    KEPT = "Named: "

    def label(self, text: str) -> None:
        marks = self.core.guide_state.bookmarks
        named = replace(marks[self.marked], name=text)
        changed = (*marks[: self.marked], named, *marks[self.marked + 1 :])
        self.core.keep(replace(self.core.guide_state, bookmarks=changed))


class Note(_Label):
    name: ClassVar[ModeName] = ModeName.NOTE
    PHRASES: ClassVar[tuple[str, ...]] = (*_Label.PHRASES, "Note kept")
    KEPT = "Note kept: "

    def label(self, text: str) -> None:
        questions = self.core.guide_state.questions
        noted = replace(questions[self.marked], note=text)
        changed = (*questions[: self.marked], noted, *questions[self.marked + 1 :])
        self.core.keep(replace(self.core.guide_state, questions=changed))


def bookmark(core: Core) -> Mode:
    here = core.current()
    unit = core.index.current(Level.SENTENCE, here)
    label = f"{core.index.titles[here.track]}: {shorten(unit.label, 60)}"
    sentence = unit.id if unit.level == Level.SENTENCE else ""
    marks = (*core.guide_state.bookmarks, Bookmark(here.track, here.ms, label, "", sentence))
    core.keep(replace(core.guide_state, bookmarks=marks))
    core.say("Bookmark ", str(len(marks)), " added. ", "Type a name, then Enter; Escape for none.")
    return Name(core, len(marks) - 1)


def question(core: Core) -> Mode:
    here = core.current()
    unit = core.index.current(Level.SENTENCE, here)
    topic = core.topic_of(here.track)
    marked_on = datetime.datetime.now().isoformat(timespec="minutes")
    asked = Question(unit.track, unit.start_ms, unit.id, topic.title, unit.label, "", marked_on)
    questions = (*core.guide_state.questions, asked)
    core.keep(replace(core.guide_state, questions=questions))
    core.say("Question marked: ", Piece(shorten(unit.label, 60).rstrip(".!?")), ". ",
             "Type a note, then Enter; Escape for none.")  # fmt: skip
    return Note(core, len(questions) - 1)
