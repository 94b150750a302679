"""What the player says: a Line is pieces, each with the words printed and the words spoken.

Spoken words come from the timeline's spoken fields (titles, sentences) or, for the player's
own words and free text, from speech.spoken (the guide's normaliser and lexicon). A piece's
spoken words are also the key of its clip in the guide's rendered phrases (phrases.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..spokentext import SpokenText

if TYPE_CHECKING:  # the normaliser is imported at the first words said, not at the start
    from ..speech.lexicon import Lexicon


@dataclass(frozen=True)
class Piece:
    shown: str
    spoken: SpokenText = SpokenText()  # none: printed but not said (punctuation, typed keys)
    free: bool = False  # free text (search words, notes): rendered live, never a clip


@dataclass(frozen=True)
class Line:
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(p.shown for p in self.pieces)

    @property
    def spoken(self) -> tuple[SpokenText, ...]:
        return tuple(p.spoken for p in self.pieces if p.spoken)


class Words:
    """Makes pieces and lines with the guide's lexicon, the one its manifest records (the
    normaliser is imported when first needed: with the player's voice off, the guide starts
    before it and its number words are even imported)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon

        @lru_cache(maxsize=4096)
        def said(text: str) -> SpokenText:
            from ..speech.spoken import spoken_text

            return spoken_text(text, self._lexicon)

        self._said = said

    def fixed(self, text: str) -> Piece:
        """The player's own words (a phrase rendered with the guide): punctuation is not said."""
        core = text.strip(" ,.;:")
        return Piece(text, self._said(core) if any(c.isalnum() for c in core) else SpokenText())

    def free(self, text: str) -> Piece:
        return Piece(text, self._said(text) if any(c.isalnum() for c in text) else SpokenText(), True)

    def line(self, *parts: str | Piece) -> Line:
        return Line(tuple(self.fixed(p) if isinstance(p, str) else p for p in parts))


def titled(shown: str, spoken: SpokenText) -> Piece:
    """A title from the timeline: shown as written, said as the build said it."""
    return Piece(shown, spoken or SpokenText(shown))
