"""Spoken text: the plain words a voice says, and the words it says from the lexicon's phonemes.

The normaliser makes a SpokenText for every sentence and title; the build, the timeline, the
player and the engines carry it. It is a str of the plain words (what lint, the checks, word
counts and the pages read), with the lexicon's [phonemes] as spans over those words: (start,
end, IPA), in order, not overlapping. No markup is ever written into the words; an engine gives
render() how to write a word with phonemes in its own form.

A plain str is spoken text with no phonemes: every function here takes either. String methods
and f-strings give back a plain str and so drop the phonemes; join() keeps them. The module
sits beside fsio, so the engines' Protocol can name it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class PhonemeSource(StrEnum):
    """What decided how a word is said (engines.Pronounced)."""

    LEXICON = "lexicon"  # the guide's [phonemes]
    DICTIONARY = "dictionary"  # the voice's own dictionary
    GUESS = "guess"  # the voice's letter-to-sound rules


@dataclass(frozen=True, order=True)
class PhonemeSpan:
    """Characters [start, end) of a spoken text, said as ipa."""

    start: int
    end: int
    ipa: str


class SpokenText(str):
    """The plain words, and phonemes: the spans said from the lexicon's IPA. Equal only to
    spoken text with the same words and the same phonemes (a plain str has none)."""

    phonemes: tuple[PhonemeSpan, ...] = ()  # kept on the instance only where there are some

    def __new__(cls, text: str = "", phonemes: Iterable[PhonemeSpan] = ()) -> SpokenText:
        made = super().__new__(cls, text)
        spans = tuple(phonemes) if phonemes else ()
        if spans:  # most text has none, and a manifest holds thousands: made without checks
            _check(text, spans)
            made.__dict__["phonemes"] = spans
        return made

    @property
    def text(self) -> str:
        """The plain words, as a plain str."""
        return str.__str__(self)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("spoken text cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("spoken text cannot be changed")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, str):
            return NotImplemented
        return str.__eq__(self, other) and self.phonemes == phonemes_of(other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = str.__hash__  # equal texts hash alike; those that differ in phonemes only collide

    def __repr__(self) -> str:
        spans = f", {list(self.phonemes)!r}" if self.phonemes else ""
        return f"SpokenText({str.__repr__(self)}{spans})"

    def __reduce__(self) -> tuple[Any, ...]:  # to worker processes, with its phonemes
        return (SpokenText, (self.text, self.phonemes))


def _check(text: str, spans: tuple[PhonemeSpan, ...]) -> None:
    at = 0
    for span in spans:
        if not isinstance(span, PhonemeSpan):
            raise ValueError(f"a phoneme span must be a PhonemeSpan, not {type(span).__name__}")
        if not (at <= span.start < span.end <= len(text)):
            raise ValueError(f"the phoneme span {span} is outside the text or out of order")
        if not span.ipa or text[span.start : span.end].strip() != text[span.start : span.end]:
            raise ValueError(f"the phoneme span {span} must cover a word and give its IPA")
        at = span.end


def phonemes_of(text: str) -> tuple[PhonemeSpan, ...]:
    """The spans of spoken text; a plain str has none."""
    return text.phonemes if isinstance(text, SpokenText) else ()


def render(
    text: str, marked: Callable[[str, str], str], between: Callable[[str], str] = str
) -> str:
    """Spoken text in an engine's own form: marked(word, ipa) for each span, between(text) for
    the text around them (unchanged by default). The one reader of the spans for engines."""
    words = str(text)
    parts, position = [], 0
    for span in phonemes_of(text):
        parts += [between(words[position : span.start]), marked(words[span.start : span.end], span.ipa)]
        position = span.end
    parts.append(between(words[position:]))
    return "".join(parts)


def sliced(text: str, start: int, end: int) -> SpokenText:
    """Characters [start, end) of spoken text, with the phonemes wholly inside them."""
    spans = (
        PhonemeSpan(s.start - start, s.end - start, s.ipa)
        for s in phonemes_of(text)
        if start <= s.start and s.end <= end
    )
    return SpokenText(str(text)[start:end], spans)


def join(parts: Sequence[str], separator: str = " ") -> SpokenText:
    """Spoken texts joined, each keeping its phonemes."""
    words, spans, at = [], [], 0
    for number, part in enumerate(parts):
        if number:
            words.append(separator)
            at += len(separator)
        spans += [PhonemeSpan(s.start + at, s.end + at, s.ipa) for s in phonemes_of(part)]
        words.append(str(part))
        at += len(part)
    return SpokenText("".join(words), spans)


def said_words(text: str) -> list[SpokenText]:
    """The runs of text between spaces that have a letter or digit, each with its phonemes; a
    term with phonemes is one, even a term of several words ("breast cancer")."""
    found = (sliced(text, start, end) for start, end in _runs(text))
    return [word for word in found if any(c.isalnum() for c in word)]


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of text between spaces outside the spans."""
    words = str(text)
    cuts = [(s.start, s.end) for s in phonemes_of(text)]
    start = None
    for i, char in enumerate(words + " "):
        inside = any(a < i < b for a, b in cuts)
        if char.isspace() and not inside:
            if start is not None:
                yield start, i
                start = None
        elif start is None:
            start = i


def identity(text: str) -> list[Any]:
    """What tells spoken texts apart, for keys: the words, and the spans when there are any
    (so a key of text without phonemes is as it was before spans existed)."""
    spans = phonemes_of(text)
    return [str(text), [[s.start, s.end, s.ipa] for s in spans]] if spans else [str(text)]


def to_json(text: str) -> str | dict[str, Any]:
    """As manifest.json and the phrases' index write it: the plain words, or the words and
    their spans as {"text": ..., "phonemes": [{"start", "end", "ipa"}, ...]}."""
    spans = phonemes_of(text)
    if not spans:
        return str(text)
    return {"text": str(text), "phonemes": [{"start": s.start, "end": s.end, "ipa": s.ipa} for s in spans]}


def from_json(value: object) -> SpokenText:
    """What to_json wrote; ValueError when it is not that."""
    if isinstance(value, str):
        return SpokenText(value)
    if not isinstance(value, Mapping) or not isinstance(value.get("text"), str):
        raise ValueError("spoken text should be text, or an object with its text and phonemes")
    spans = value.get("phonemes", [])
    if not isinstance(spans, list):
        raise ValueError("phonemes should be a list")
    made = []
    for span in spans:
        if not isinstance(span, Mapping):
            raise ValueError("a phoneme span should be an object")
        start, end, ipa = span.get("start"), span.get("end"), span.get("ipa")
        if type(start) is not int or type(end) is not int or not isinstance(ipa, str):
            raise ValueError("a phoneme span needs a whole-number start and end and its IPA")
        made.append(PhonemeSpan(start, end, ipa))
    return SpokenText(value["text"], made)
