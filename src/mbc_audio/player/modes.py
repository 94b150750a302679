"""What the next key means. The player is always in one mode: listening, or one of the modes a
key opens (contents, bookmarks, search, go to, a bookmark's name, a question's note, help, the
key describer, a notice). Each mode is an object holding only its own state (what was typed, the
page shown) with handle(key) giving the mode that takes the next key; None means back to
listening. Everything they share lives in the Core (core.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Protocol

from . import wording
from .keys import key_name
from .lines import Piece

if TYPE_CHECKING:
    from .core import Core


class ModeName(StrEnum):
    LISTENING = "listening"
    CONTENTS = "contents"
    BOOKMARKS = "bookmarks"
    SEARCH = "search"
    GO_TO = "go to"
    NAME = "name"
    NOTE = "note"
    HELP = "help"
    DESCRIBE = "describe"
    NOTICE = "notice"


class Mode(Protocol):
    name: ClassVar[ModeName]
    PHRASES: ClassVar[tuple[str, ...]]  # every fixed phrase the mode says (rendered at build)

    def handle(self, key: str) -> Mode | None: ...


class Typing:
    """A mode that collects typed characters; every one, and every erasure, is echoed: said
    briefly, printed as one line."""

    name: ClassVar[ModeName]
    PHRASES: ClassVar[tuple[str, ...]] = (
        "Cancelled", "Erased", "Nothing to erase", "not taken here",
        "Enter to finish, Escape to cancel",
    )  # fmt: skip

    def __init__(self, core: Core) -> None:
        self.core = core
        self.typed = ""

    def handle(self, key: str) -> Mode | None:
        raise NotImplementedError

    def take(self, key: str, allowed: str | None) -> str | None:
        """Collect a typed character (allowed: the characters taken, None for any printable):
        the text on Enter, "" on Escape (said "Cancelled"), None while typing."""
        say = self.core.say
        if key == "escape":
            say("Cancelled")
            return ""
        if key == "enter":
            return self.typed
        if key == "backspace":
            if self.typed:
                gone, self.typed = self.typed[-1], self.typed[:-1]
                say("Erased ", self.core.char(gone), Piece(f": {self.typed}"))
            else:
                say("Nothing to erase")
            return None
        char = " " if key == "space" else key
        if len(char) == 1 and char.isprintable() and (allowed is None or char in allowed):
            self.typed += char
            say(Piece("Typed "), self.core.char(char), Piece(f": {self.typed}"))
        else:
            say(key_name(key), ": not taken here. ", "Enter to finish, Escape to cancel.")
        return None


def character_phrases() -> list[str]:
    return [wording.character(c) for c in "abcdefghijklmnopqrstuvwxyz0123456789 ,./-%:'"]
