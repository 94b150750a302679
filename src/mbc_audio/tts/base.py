"""The Engine interface and the registry of engines.

An engine turns one utterance (one sentence of spoken text) into 16-bit mono PCM.
Engines check what they need when they are created and raise EngineUnavailable
with the command that installs it.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
from dataclasses import dataclass
from typing import ClassVar

from ..errors import EngineUnavailable


@dataclass(frozen=True)
class EngineInfo:
    """What identifies an engine's output: any change here means new audio."""

    engine: str
    engine_version: str
    voice: str
    rate_wpm: int
    sample_rate_hz: int
    word_timings: bool = False  # whether its utterances come with when each word is said


@dataclass(frozen=True)
class Speech:
    """An utterance as the engine said it."""

    pcm: bytes  # 16-bit little-endian mono at the engine's sample rate
    # Samples [start, end) of each of speech.wordmap.spoken_words(text), in order; None where
    # the engine does not tell.
    words: tuple[tuple[int, int], ...] | None = None


@dataclass(frozen=True)
class Pronounced:
    """One word as the engine says it: its phonemes, and what decided them."""

    word: str
    phonemes: str
    source: str  # "lexicon" (the guide's phonemes), "dictionary", or "guess" (letter to sound)


class Engine:
    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]
    # How many worker processes may render at once (None: as many as --jobs asks for).
    MAX_WORKERS: ClassVar[int | None] = None
    # An engine that keeps every core busy by itself gains nothing from encoding alongside it.
    USES_ALL_CORES: ClassVar[bool] = False
    # Whether a single job may render in this process; False keeps a large model in a
    # worker whose memory is returned when rendering ends, before encoding begins.
    IN_PROCESS: ClassVar[bool] = True

    # "auto" takes the available engine with the highest priority.
    PRIORITY: ClassVar[int] = 0

    info: EngineInfo

    def __init__(self, voice: str | None, rate_wpm: int) -> None:
        raise NotImplementedError

    def synthesize(self, text: str) -> bytes:
        """16-bit little-endian mono PCM at info.sample_rate_hz."""
        raise NotImplementedError

    def speak(self, text: str) -> Speech:
        """The audio and, for an engine with word timings, when each word is said."""
        return Speech(self.synthesize(text))

    def phonemes(self, text: str) -> str | None:
        """The phonemes (IPA) the engine says for a spoken text, where it can tell."""
        return None

    def pronounce(self, text: str) -> list[Pronounced] | None:
        """Each word's phonemes and what decided them, where the engine can tell."""
        return None

    @classmethod
    def sayable_ipa(cls) -> frozenset[str] | None:
        """The IPA symbols a lexicon's [phonemes] may use with this engine (None: any)."""
        return None

    @classmethod
    def describe(cls, voice: str | None, rate_wpm: int) -> EngineInfo:
        """What this engine and voice would be, found cheaply (an unchanged rebuild loads no model)."""
        return cls(voice, rate_wpm).info

    @classmethod
    def available(cls) -> bool:
        raise NotImplementedError

    @classmethod
    def voices(cls) -> list[str]:
        raise NotImplementedError


ENTRY_POINTS = "mbc_audio.engines"  # where an installed package may add an engine of its own


@functools.cache
def _registry() -> dict[str, type[Engine]]:
    """The engines: mbc-audio's own and any that installed packages declare under the entry
    point group mbc_audio.engines (each a subclass of Engine with its own NAME)."""
    from .hibari import HibariEngine
    from .piper import PiperEngine
    from .system import SystemEngine

    found: list[type[Engine]] = [HibariEngine, PiperEngine, SystemEngine]
    for point in importlib.metadata.entry_points(group=ENTRY_POINTS):
        try:
            engine = point.load()
        except Exception:  # a broken plug-in must not stop the built-in engines
            continue
        if isinstance(engine, type) and issubclass(engine, Engine):
            found.append(engine)
    return {e.NAME: e for e in found}


def engine_names() -> list[str]:
    """The engines' names, sorted: what the CLI's help and guide.toml's validation accept,
    with "auto"."""
    return sorted(_registry())


def engine_class(name: str) -> type[Engine]:
    """The engine called name; "auto" (or "") is the available engine of highest priority."""
    engines = _registry()
    if name in ("auto", ""):
        ranked = sorted(engines.values(), key=lambda e: (-e.PRIORITY, e.NAME))
        return next((e for e in ranked if e.available()), ranked[-1])
    try:
        return engines[name]
    except KeyError:
        raise EngineUnavailable(
            f'there is no engine called "{name}"; choose one of: auto, {", ".join(sorted(engines))}'
        ) from None


def create_engine(name: str, voice: str | None, rate_wpm: int) -> Engine:
    return engine_class(name)(voice or None, rate_wpm)
