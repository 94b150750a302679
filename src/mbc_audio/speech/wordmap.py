"""Which written characters each spoken word stands for, so a page can highlight the word said.

The normaliser keeps, for each character of the spoken text, the span of display text it was
said for (trace.py): "5 mg/kg" -> "five" for "5" and "milligrams per kilogram" for "mg/kg",
"isn't" -> "is not" for "isn't". word_spans widens each spoken word's span to the written words
it touches (written_tokens: a word without the punctuation around it), so a reader sees whole
words highlighted; spoken words that share a run of written words are highlighted as one while
any of them is said. A word said for nothing written ("and" for "&", a list item's number) stands
for the written word before it.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ..spokentext import SpokenText, phonemes_of, said_words
from .trace import Traced

# Punctuation around a word, not part of it; a sign that is said ("ER+", "5%", "#1") stays.
_OPENING = "([{\"'“‘«¿¡"
_CLOSING = ",.;:!?)]}\"'”’»…"
# A written word: a run without spaces, less the punctuation around it, holding a letter or digit.
_WRITTEN_TOKEN = re.compile(
    rf"(?<!\S)[{re.escape(_OPENING)}]*(?P<word>\S*?[^\W_]\S*?)[{re.escape(_CLOSING)}]*(?!\S)"
)
# A plain spoken word: its letters and digits, from first to last, and the punctuation on either
# side.
_PLAIN_WORD = re.compile(r"\S*?(?P<word>[^\W_](?:\S*[^\W_])?)\S*")


class Span(NamedTuple):
    """Characters [start, end) of a sentence's display text (a tuple: a guide has one for each
    word, made on every build)."""

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
    return [Span(*m.span("word")) for m in _WRITTEN_TOKEN.finditer(text)]


def word_spans(display: str, spoken: Traced) -> tuple[Span | None, ...]:
    """For each plain word of the traced spoken text (before the phonemes join a term of words), the
    written words of the display text it stands for (None: the display text has no word)."""
    tokens = written_tokens(display)
    if spoken.text == display:
        return tuple(tokens)  # most sentences: said as written, word for word
    said = [m.span("word") for m in _PLAIN_WORD.finditer(spoken.text)]
    if not tokens:
        return (None,) * len(said)
    token_starts = [t.start for t in tokens]
    token_ends = [t.end for t in tokens]
    found: list[Span | None] = []
    starts, ends = spoken.starts, spoken.ends
    for a, b in said:
        start, end = min(starts[a:b]), max(ends[a:b])
        first = bisect.bisect_right(token_ends, start)  # the first written word ending after it
        last = bisect.bisect_left(token_starts, end) - 1  # the last starting before its end
        if start == end and first < len(tokens) and tokens[first].start < start:
            found.append(tokens[first])  # said for nothing, inside a written word
        elif start == end or first > last:
            found.append(tokens[max(first - 1, 0)])  # said for nothing written: the word before
        elif first == last:
            found.append(tokens[first])
        else:
            found.append(Span(tokens[first].start, tokens[last].end))
    return tuple(found)


def phoneme_words(spoken: str, spans: tuple[Span | None, ...]) -> tuple[Span | None, ...]:
    """The spans of the plain words (word_spans) for spoken_words(spoken), in which a term of
    several words said from phonemes ("breast cancer") is one word, standing for all of theirs."""
    words = str(spoken)
    if not any(c.isspace() for p in phonemes_of(spoken) for c in words[p.start : p.end]):
        return spans
    joined: list[Span | None] = []
    at = 0
    for word in spoken_words(spoken):
        count = len(_PLAIN_WORD.findall(str(word)))
        said = [s for s in spans[at : at + count] if s is not None]
        joined.append(Span(said[0].start, max(s.end for s in said)) if said else None)
        at += count
    return tuple(joined)


def said_before(display: str, spoken: str) -> tuple[Span | None, ...]:
    """Spans for words said before a sentence's own (an ordered item's number): each stands for
    the sentence's first written word."""
    tokens = written_tokens(display)
    return (tokens[0] if tokens else None,) * len(spoken_words(spoken))
