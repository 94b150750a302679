"""Which written characters each spoken word stands for, so a page can highlight the word said.

Spoken text is the display text with rules applied ("5 mg/kg" -> "five milligrams per kilogram",
"isn't" -> "is not"), and no rule records where its words came from. So the two are aligned
afterwards, word by word: words that read the same (case and punctuation aside) pair up, and a
run of spoken words between two such pairs stands for the run of written tokens between them,
which a reader sees highlighted as one while any of its words is said.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .phonemes import words_only

# A lexicon word said from phonemes (⟦word|IPA⟧) is one word, even glued to punctuation.
_SPOKEN_TOKEN = re.compile(r"(?:⟦[^⟧]*⟧|[^\s⟦])+")
_WRITTEN_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of a sentence's display text."""

    start: int
    end: int


def spoken_words(spoken: str) -> list[str]:
    """The words of spoken text that a voice says, in order: tokens with a letter or digit.
    Engines that time words give one timing per entry of this list."""
    return [t for t in _SPOKEN_TOKEN.findall(spoken) if any(c.isalnum() for c in words_only(t))]


def written_tokens(text: str) -> list[Span]:
    """The display text's words, without the punctuation around them ("(HER2-positive)," ->
    "HER2-positive"); symbols with no letter or digit are not words."""
    found = []
    for m in _WRITTEN_TOKEN.finditer(text):
        start, end = m.start(), m.end()
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start < end:
            found.append(Span(start, end))
    return found


def spans_of_words(text: str, words: Sequence[str]) -> list[Span | None]:
    """For each spoken word, the span of display text it stands for (None: it stands for none,
    as in a sentence with no written words). Words of one run share one span."""
    tokens = written_tokens(text)
    if not tokens:
        return [None] * len(words)
    written = [_plain(text[t.start : t.end]) for t in tokens]
    said = [_plain(words_only(w)) for w in words]
    spans: list[Span | None] = [None] * len(words)
    matcher = difflib.SequenceMatcher(None, written, said, autojunk=False)
    for op, w1, w2, s1, s2 in matcher.get_opcodes():
        if op == "equal":
            for offset in range(w2 - w1):
                spans[s1 + offset] = tokens[w1 + offset]
        elif op == "replace":
            run = Span(tokens[w1].start, tokens[w2 - 1].end)
            spans[s1:s2] = [run] * (s2 - s1)
        elif op == "insert":
            # Words said for nothing written ("number" before "#1" is written as "#1" itself,
            # but a rule may add a word): they belong to the written word before them.
            near = tokens[w1 - 1] if w1 > 0 else tokens[0]
            spans[s1:s2] = [near] * (s2 - s1)
        # "delete": written tokens that are not said (a dropped symbol) are never highlighted.
    return spans


def _plain(word: str) -> str:
    return "".join(c for c in word.casefold() if c.isalnum())
