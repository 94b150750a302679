"""Which written characters each spoken word stands for, so a page can highlight the word said.

Spoken text is the display text with rules applied ("5 mg/kg" -> "five milligrams per kilogram",
"isn't" -> "is not"), and no rule records where its words came from. So the two are aligned
afterwards: each written token is said alone by the same normaliser, and those words are paired
with the words said (case and punctuation aside). Spoken words that pair with none stand for the
run of written tokens between their neighbours, which a reader sees highlighted as one while
any of its words is said.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..spokentext import SpokenText, said_words

_WRITTEN_TOKEN = re.compile(r"\S+")
# Punctuation around a word, not part of it; a sign that is said ("ER+", "5%", "#1") stays.
_OPENING = "([{\"'“‘«¿¡"
_CLOSING = ",.;:!?)]}\"'”’»…"


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of a sentence's display text."""

    start: int
    end: int


def spoken_words(spoken: str) -> list[SpokenText]:
    """The words of spoken text that a voice says, in order, each with its phonemes: tokens
    with a letter or digit (a word with phonemes is one, even a term of several). Engines that
    time words give one timing per entry of this list."""
    return said_words(spoken)


def written_tokens(text: str) -> list[Span]:
    """The display text's words, without the punctuation around them ("(ER+/PR+)," ->
    "ER+/PR+"); symbols with no letter or digit are not words."""
    found = []
    for m in _WRITTEN_TOKEN.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in _OPENING:
            start += 1
        while end > start and text[end - 1] in _CLOSING:
            end -= 1
        if any(c.isalnum() for c in text[start:end]):
            found.append(Span(start, end))
    return found


def spans_of_words(
    text: str, words: Sequence[str], say: Callable[[str], str] | None = None
) -> list[Span | None]:
    """For each spoken word, the span of display text it stands for (None: it stands for none,
    as in a sentence with no written words).

    Each written token is expected to be said as say (the guide's normaliser) says it alone,
    or as itself; the expected words are aligned with the words said. Where they differ, the
    spoken words share the run of written tokens they replace.
    """
    tokens = written_tokens(text)
    if not tokens:
        return [None] * len(words)
    expected: list[str] = []
    owner: list[int] = []  # the written token each expected word is said for
    for number, token in enumerate(tokens):
        written = text[token.start : token.end]
        alone: Sequence[str] = spoken_words(say(written)) if say is not None else []
        for word in alone or [written]:
            expected.append(_plain(word))
            owner.append(number)
    said = [_plain(w) for w in words]
    spans: list[Span | None] = [None] * len(words)
    matcher = difflib.SequenceMatcher(None, expected, said, autojunk=False)
    for op, e1, e2, s1, s2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and e2 - e1 == s2 - s1):
            for offset in range(s2 - s1):
                spans[s1 + offset] = tokens[owner[e1 + offset]]
        elif op == "replace":
            run = Span(tokens[owner[e1]].start, tokens[owner[e2 - 1]].end)
            spans[s1:s2] = [run] * (s2 - s1)
        elif op == "insert":
            # Words said for nothing written: they belong to the written word before them.
            spans[s1:s2] = [tokens[owner[e1 - 1] if e1 > 0 else 0]] * (s2 - s1)
        # "delete": written tokens that are not said (a dropped symbol) are never highlighted.
    return spans


def _plain(word: str) -> str:
    return "".join(c for c in word.casefold() if c.isalnum())
