"""Spoken text that remembers where it came from: for each character, the characters [start, end)
of the display text it was said for.

The normaliser rewrites a sentence rule by rule; each rewrite goes through Traced.sub, which
keeps the map: characters a rule leaves alone keep theirs, and a replacement's characters take
the span of the characters it replaced. A replacement that begins or ends as the match does
("Stage IV" -> "Stage four") keeps those characters' own spans, so only the words a rule really
changed share one; a rule that knows which part of its match each part of its words says returns
them as Said ("5 mg/kg" -> "five" for "5", "milligrams per kilogram" for "mg/kg"). Words said
for nothing written (a rule that inserts words where it matched nothing) have an empty span
where they were inserted. The map is two lists of ints, one entry per character, so a sentence
costs a few list slices per rule that changes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


class Said(str):
    """A replacement that says which part of its match each part of it stands for: parts holds,
    for each part in order, its length and the [start, end) of m.string it was said for."""

    parts: tuple[tuple[int, int, int], ...] = ()


def said(m: re.Match[str], *parts: tuple[str, str | int | tuple[int, int]]) -> Said:
    """A replacement made of parts in order, each (words, the group of m, or the span of
    m.string, they are said for); a part whose group matched nothing is said for the whole
    match."""
    result = Said("".join(words for words, _ in parts))
    spans = []
    for words, group in parts:
        if words:
            start, end = group if isinstance(group, tuple) else m.span(group)
            spans.append((len(words), *((start, end) if start < end else m.span())))
    result.parts = tuple(spans)
    return result


@dataclass(frozen=True)
class Traced:
    """Text, and for each of its characters the [start, end) of the display text it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, display: str) -> Traced:
        positions = list(range(len(display)))
        return cls(display, positions, list(range(1, len(display) + 1)))

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> Traced:
        """As pattern.sub(replace, text), with the map kept."""
        text, old_starts, old_ends = self.text, self.starts, self.ends
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        at = 0
        for m in pattern.finditer(text):
            a, b = m.span()
            words = replace(m)
            if words == text[a:b]:
                continue  # most matches of a rule that only notes ("guesses") change nothing
            pieces.append(text[at:a])
            starts += old_starts[at:a]
            ends += old_ends[at:a]
            if isinstance(words, Said) and words.parts:
                for length, start, end in words.parts:
                    self._span(start, end, length, starts, ends)
            else:
                self._replaced(a, b, words, starts, ends)
            pieces.append(words)
            at = b
        if not pieces:
            return self
        pieces.append(text[at:])
        starts += old_starts[at:]
        ends += old_ends[at:]
        return Traced("".join(pieces), starts, ends)

    def _replaced(self, a: int, b: int, words: str, starts: list[int], ends: list[int]) -> None:
        """text[a:b] replaced by words: the start and end they share with it keep their spans."""
        text = self.text
        most = min(b - a, len(words))
        same = 0
        while same < most and text[a + same] == words[same]:
            same += 1
        tail = 0
        while tail < most - same and text[b - 1 - tail] == words[-1 - tail]:
            tail += 1
        starts += self.starts[a : a + same]
        ends += self.ends[a : a + same]
        self._span(a + same, b - tail, len(words) - same - tail, starts, ends)
        starts += self.starts[b - tail : b]
        ends += self.ends[b - tail : b]

    def _span(self, a: int, b: int, count: int, starts: list[int], ends: list[int]) -> None:
        """count characters said for text[a:b]: its span, or an empty one where it stood."""
        if count <= 0:
            return
        if a < b:
            start, end = min(self.starts[a:b]), max(self.ends[a:b])
        else:
            start = end = self.ends[a - 1] if a > 0 else (self.starts[a] if self.starts else 0)
        starts += [start] * count
        ends += [end] * count

    def same_length(self, text: str) -> Traced:
        """The text changed character for character (a no-break space made a space)."""
        return Traced(text, self.starts, self.ends)

    def strip(self) -> Traced:
        text = self.text
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        if start == 0 and end == len(text):
            return self
        return Traced(text[start:end], self.starts[start:end], self.ends[start:end])
