"""How one term is said now, in plain lines for `mbc-audio say --word TERM`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..spokentext import PhonemeSource
from .lexicon import Lexicon
from .normalize import Spoken


class Pronounced(Protocol):
    """One word as an engine says it (engines.Pronounced): speech sits below the engines."""

    @property
    def word(self) -> str: ...
    @property
    def phonemes(self) -> str: ...
    @property
    def source(self) -> PhonemeSource: ...


def word_lines(
    term: str,
    lexicon: Lexicon,
    spoken: Spoken,
    phonemes: str | None,
    said: Sequence[Pronounced] | None = None,
) -> list[str]:
    lines = [f"Said: {spoken.text}", f"Decided by: {decided_by(term, lexicon, spoken)}"]
    if phonemes:
        lines.append(f"Phonemes: {phonemes}")
    else:
        lines.append("Phonemes: this engine does not tell them.")
    for word in said or ():
        lines.append(f'  "{word.word}": {word.phonemes}, {_SOURCES[word.source]}')
    if any(word.source is PhonemeSource.GUESS for word in said or ()):
        lines.append(
            "A guessed word may be said wrong: listen, and if it is, give it IPA under "
            "[phonemes] in lexicon.toml."
        )
    return lines


# What decided a word's phonemes, as the engine tells it.
_SOURCES = {
    PhonemeSource.LEXICON: "from the guide's lexicon",
    PhonemeSource.DICTIONARY: "from the voice's dictionary",
    PhonemeSource.GUESS: "guessed by the voice from its spelling",
}


def decided_by(term: str, lexicon: Lexicon, spoken: Spoken) -> str:
    if spoken.text.phonemes:
        first = spoken.text.phonemes[0]
        word = spoken.text[first.start : first.end]
        return f'the lexicon\'s [phonemes]: "{word}" is said /{first.ipa}/'
    if lexicon.spoken(term) is not None:
        return f'the lexicon: "{term}" is said "{lexicon.spoken(term)}"'
    if spoken.notes:
        kinds = ", ".join(dict.fromkeys(n.kind for n in spoken.notes))
        return (
            f"a default for {kinds}, not the lexicon; "
            "add the term to lexicon.toml if it is said wrong"
        )
    if spoken.text == term:
        return "the engine: no rule or lexicon entry changes it"
    return "the spoken-text rules"
