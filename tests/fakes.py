"""A fake speech engine for fast unit tests of assembly: a quiet tone as long as the words."""

from __future__ import annotations

import math
from array import array

from mbc_audio.engines import Engine, EngineInfo

SAMPLE_RATE_HZ = 16000


class FakeEngine(Engine):
    NAME = "fake"
    DESCRIPTION = "a tone for tests"

    def __init__(
        self, voice: str | None = None, rate_wpm: int = 150, seconds_per_word: float = 0.4
    ):
        self.info = EngineInfo("fake", "1", voice or "tone", rate_wpm, SAMPLE_RATE_HZ)
        self.seconds_per_word = seconds_per_word
        self.calls: list[str] = []

    def synthesize(self, text: str) -> bytes:
        self.calls.append(text)
        count = round(len(text.split()) * self.seconds_per_word * SAMPLE_RATE_HZ)
        return tone(count)

    @classmethod
    def available(cls) -> bool:
        return True

    @classmethod
    def voices(cls) -> list[str]:
        return ["tone"]


def tone(count: int, amplitude: int = 8000) -> bytes:
    return array(
        "h",
        (round(amplitude * math.sin(2 * math.pi * 440 * n / SAMPLE_RATE_HZ)) for n in range(count)),
    ).tobytes()
