"""Lay out a track's utterances and pauses in time, and write its PCM as a stream.

layout() is pure arithmetic on sample counts, so an unchanged rebuild knows every time
in the timeline without touching audio. write_wav() streams one utterance at a time,
so no step holds a whole track, let alone the whole guide, in memory.
"""

from __future__ import annotations

import random
import sys
import wave
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..spokentext import SpokenText
from ..tts.cache import UtteranceCache

HEAD_MS = 750  # room tone before the first word (audiobook practice: 0.5 to 1 s)
TAIL_MS = 2500  # room tone after the last word (1 to 5 s)
ROOM_TONE_PEAK = 4  # of 32767: about -80 dBFS RMS, quiet but never digital zero


class Role(StrEnum):
    """What an utterance says of its topic."""

    TITLE = "title"
    SECTION_TITLE = "section_title"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class Item:
    """One utterance in a track and the pause after it."""

    key: str  # the utterance cache key
    role: Role
    node_id: str  # the sentence, section or topic it speaks
    pause_ms: int
    spoken: SpokenText = SpokenText()  # what the voice says
    text: str = ""  # as the content shows it, for messages
    line: int = 0  # in the source document, for messages


@dataclass(frozen=True)
class Placed:
    item: Item
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Layout:
    placed: tuple[Placed, ...]
    duration_ms: int
    total_frames: int


def layout(items: list[Item], frames: dict[str, int], sample_rate_hz: int) -> Layout:
    """Where each utterance starts and ends, in ms, given its length in samples."""

    def ms(samples: int) -> int:
        return round(samples * 1000 / sample_rate_hz)

    position = _samples(HEAD_MS, sample_rate_hz)
    placed = []
    for number, item in enumerate(items):
        start = position
        position += frames[item.key]
        placed.append(Placed(item, ms(start), ms(position)))
        last = number == len(items) - 1
        position += _samples(TAIL_MS if last else item.pause_ms, sample_rate_hz)
    return Layout(tuple(placed), ms(position), position)


def write_wav(
    items: list[Item], cache: UtteranceCache, sample_rate_hz: int, path: Path,
    also: Callable[[bytes], None] | None = None, before: Callable[[Item], None] | None = None,
) -> int:  # fmt: skip
    """Write the track as 16-bit mono PCM; returns the number of samples written.
    also: given the same samples as they are written (an encoder fed as the track is made).
    before: called with each utterance before it is read (waits for one still rendering)."""
    tone = _room_tone(sample_rate_hz)
    written = 0
    # The file is opened first: wave.open given a name that cannot be opened leaves an object
    # whose __del__ prints a traceback.
    with path.open("wb") as file, wave.open(file, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate_hz)

        def put(pcm: bytes) -> None:
            nonlocal written
            out.writeframes(pcm)
            if also is not None:
                also(pcm)
            written += len(pcm) // 2

        def silence(ms: int) -> None:
            count = _samples(ms, sample_rate_hz)
            while count > 0:
                piece = tone[: min(count, len(tone) // 2) * 2]
                put(piece)
                count -= len(piece) // 2

        silence(HEAD_MS)
        for number, item in enumerate(items):
            if before is not None:
                before(item)
            with wave.open(str(cache.path(item.key)), "rb") as utterance:
                if utterance.getframerate() != sample_rate_hz:
                    raise ValueError(f"utterance {item.key} is not at {sample_rate_hz} Hz")
                put(utterance.readframes(utterance.getnframes()))
            silence(TAIL_MS if number == len(items) - 1 else item.pause_ms)
    return written


def _samples(ms: int, sample_rate_hz: int) -> int:
    return round(ms * sample_rate_hz / 1000)


def _room_tone(sample_rate_hz: int) -> bytes:
    """One second of very quiet noise, the same every time (a fixed seed) for repeatable builds."""
    rng = random.Random(1)
    samples = array(
        "h", (rng.randint(-ROOM_TONE_PEAK, ROOM_TONE_PEAK) for _ in range(sample_rate_hz))
    )
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    return samples.tobytes()
