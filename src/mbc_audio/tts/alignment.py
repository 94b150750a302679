"""When each spoken word is said, from Piper's phoneme alignments.

Piper tells how many samples each phoneme took; a space phoneme ends a word. But espeak-ng, which
makes the phonemes, joins short words to their neighbours ("in the" is one word, "ɪnðə") and may
split one word into several, so its words are not the text's words. Each of the text's words is
phonemised alone, and the two lists are aligned by their phoneme counts: a run of text words
said as one espeak word shares its time by their phoneme counts; one text word said as several
espeak words spans them all.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_NOT_SOUNDS = frozenset("^$ ˈˌː")  # sentence start and end, word break, stress and length marks
_MAX_JOINED = 4  # text words said as one espeak word, or espeak words for one text word
_JOIN_COST = 1.0  # in phonemes: prefer pairing words one to one where the counts allow
_SKIP_COST = 3.0  # a word with nothing on the other side


@dataclass(frozen=True)
class Phoneme:
    phoneme: str
    samples: int


@dataclass(frozen=True)
class SaidWord:
    """An espeak word as said: its number of sounds and its samples [start, end)."""

    sounds: int
    start: int
    end: int


def is_sound(phoneme: str) -> bool:
    return phoneme not in _NOT_SOUNDS and not unicodedata.category(phoneme[:1]).startswith("P")


def sound_count(phonemes: str) -> int:
    return sum(1 for p in phonemes if is_sound(p))


def said_words(chunks: Sequence[Sequence[Phoneme]]) -> list[SaidWord]:
    """The espeak words of an utterance, each sentence chunk after the one before it. A word's
    time runs from its first sound to the end of its last; pauses at punctuation are left out."""
    words: list[SaidWord] = []
    position = 0
    for chunk in chunks:
        sounds, start, end = 0, 0, 0
        for p in chunk:
            if p.phoneme == " " and sounds:
                words.append(SaidWord(sounds, start, end))
                sounds = 0
            elif is_sound(p.phoneme):
                if not sounds:
                    start = position
                sounds, end = sounds + 1, position + p.samples
            position += p.samples
        if sounds:
            words.append(SaidWord(sounds, start, end))
    return words


def align(text_sounds: Sequence[int], said: Sequence[SaidWord]) -> list[tuple[int, int]]:
    """Samples [start, end) for each text word, given each one's sound count alone, by the
    cheapest monotone pairing of the two lists (dynamic programming over both)."""
    n, m = len(text_sounds), len(said)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # Sums of runs of words from prefix sums: the grid has a cell for every pair of words, and
    # this runs once for every utterance rendered.
    text_before = [0, *itertools.accumulate(text_sounds)]
    said_sounds = [w.sounds for w in said]
    said_before = [0, *itertools.accumulate(said_sounds)]
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            # The moves from (i, j), in this order (the first of equal costs is kept): k text
            # words as one said word, one text word as k said words, one word alone either side.
            moves: list[tuple[int, int, float]] = []
            for k in range(1, _MAX_JOINED + 1):
                if i + k <= n and j < m:
                    gap = abs(text_before[i + k] - text_before[i] - said_sounds[j])
                    moves.append((k, 1, gap + (k - 1) * _JOIN_COST))
                if k > 1 and i < n and j + k <= m:
                    gap = abs(text_sounds[i] - (said_before[j + k] - said_before[j]))
                    moves.append((1, k, gap + (k - 1) * _JOIN_COST))
            if i < n:
                moves.append((1, 0, text_sounds[i] + _SKIP_COST))
            if j < m:
                moves.append((0, 1, said_sounds[j] + _SKIP_COST))
            for di, dj, c in moves:
                if here + c < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = here + c
                    step[i + di][j + dj] = (di, dj)
    spans: list[tuple[int, int]] = [(0, 0)] * n
    i, j = n, m
    while i or j:
        di, dj = step[i][j]
        if di and dj:
            _share(spans, i - di, text_sounds[i - di : i], said[j - dj : j])
        elif di:  # text words not heard: a moment at the end of what came before
            at = said[j - 1].end if j else (said[0].start if said else 0)
            spans[i - di : i] = [(at, at)] * di
        i, j = i - di, j - dj
    return spans


def _share(
    spans: list[tuple[int, int]], first: int, sounds: Sequence[int], said: Sequence[SaidWord]
) -> None:
    """Text words [first, first + len(sounds)) said as the words said: one span over all of
    them, divided among the text words by their sound counts."""
    start, end = said[0].start, said[-1].end
    total = sum(sounds) or len(sounds)
    done = 0
    for offset, count in enumerate(sounds):
        a = start + (end - start) * done // total
        done += count if sum(sounds) else 1
        spans[first + offset] = (a, start + (end - start) * done // total)
