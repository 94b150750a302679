"""Which words the default voice (hibari) says from its dictionaries, and which it guesses.

hibari reads text with misaki's English rules: a word found in its bundled US gold or silver
lexicon (with the plural, past and -ing forms those rules make of a word found there) is said
from the lexicon; any other word of letters goes to its letter-to-sound model, which guesses
("zoledronic" heard as "old roddick"). The test here is hibari's own reader with the model
replaced by a recorder, so it never disagrees with the voice about which words reach the model.
The guide's lexicon and the shipped medical lexicon decide words before the voice sees them;
lint asks only about the words left.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


class VoiceDictionary:
    """hibari's US lexicons, asked one word at a time."""

    def __init__(self) -> None:
        from hibari.g2p import G2P

        self._asked: list[str] = []
        self._g2p: Any = G2P(oov=self._record)

    def _record(self, piece: str) -> str:
        self._asked.append(piece)
        return "ə"  # any phoneme: the reading goes on, only whether it was asked matters

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one instance lives for the process
    def guessed(self, word: str) -> bool:
        """Whether the voice would say the word from its letter-to-sound model."""
        self._asked.clear()
        self._g2p(word)
        return bool(self._asked)


@functools.cache
def voice_dictionary() -> VoiceDictionary | None:
    """hibari's dictionaries, or None where hibari is not installed (nothing can be told)."""
    try:
        return VoiceDictionary()
    except ImportError:
        return None


def words_of(text: str) -> list[str]:
    """The words of letters in spoken text, in order, each once."""
    return list(dict.fromkeys(m.group() for m in _WORD.finditer(text)))
