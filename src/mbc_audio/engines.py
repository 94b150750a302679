"""The Engine protocol, what an engine hands back, and the registry of engines.

An engine turns one utterance (one sentence of spoken text) into 16-bit mono PCM. Engines
check what they need when they are created and raise EngineUnavailable with the command that
installs it.

Every engine, mbc-audio's own (tts/hibari.py, piper.py, system.py) and any an installed package
adds, is declared under the entry point group mbc_audio.engines of its package's metadata
(pyproject.toml's [project.entry-points."mbc_audio.engines"]). The names are read from the
metadata without importing anything; an engine's module is imported when that engine is asked
for. This module sits beside fsio, below content, so that guide.toml's [voice] and the lexicon's
[phonemes] are checked against the engines without content importing tts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeGuard

from .errors import EngineUnavailable
from .spokentext import PhonemeSource

if TYPE_CHECKING:
    import importlib.metadata

GROUP = "mbc_audio.engines"


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
    source: PhonemeSource


class Engine(Protocol):
    """What mbc-audio asks of an engine. A class that subclasses Engine inherits the defaults
    below and need only give NAME, DESCRIPTION, __init__ (setting info), synthesize, available
    and voices; a class that does not must have every member itself."""

    NAME: ClassVar[str]  # as its entry point is named
    DESCRIPTION: ClassVar[str]
    # How many worker processes may render at once (None: as many as --jobs asks for).
    MAX_WORKERS: ClassVar[int | None] = None
    # An engine that keeps every core busy by itself gains nothing from encoding alongside it.
    USES_ALL_CORES: ClassVar[bool] = False
    # Whether a single job may render in this process. False renders always in workers, the
    # first started as the build begins (Workers.ahead), so the engine loads beside the
    # parser; an engine that also USES_ALL_CORES returns its model's memory when the
    # sentences are rendered, before encoding begins.
    IN_PROCESS: ClassVar[bool] = True
    # "auto" takes the available engine with the highest priority.
    PRIORITY: ClassVar[int] = 0
    # How loud its speech is once encoded at unit gain through the limiter (LUFS): a new track
    # starts from the gain that brings this to the target, instead of being measured through
    # the gain and limiter first. None: measured. The encoded track is held to the target
    # either way (audio.encode.encode_to_target).
    LOUDNESS_LUFS: ClassVar[float | None] = None
    # Whether its first worker may be forked from the build rather than spawned: neither its
    # module nor describe() starts a thread or loads a native library in the build's process
    # (a forked child would inherit their locks). A forked worker starts from the modules
    # the build has imported, without a new interpreter: a fifth of a second sooner.
    FORKS_SAFELY: ClassVar[bool] = False

    info: EngineInfo

    def __init__(self, voice: str | None, rate_wpm: int) -> None: ...

    def synthesize(self, text: str) -> bytes:
        """16-bit little-endian mono PCM at info.sample_rate_hz. text is spoken text: its
        words, and, when it is a spokentext.SpokenText, the words the lexicon gives phonemes
        (its spans), which spokentext.render writes in the engine's own form."""
        ...

    def speak(self, text: str) -> Speech:
        """The audio and, for an engine with word timings, when each word is said."""
        return Speech(self.synthesize(text))

    def phonemes(self, text: str) -> str | None:
        """The phonemes (IPA) the engine says for a spoken text, where it can tell."""
        return None

    def warm_up(self) -> None:
        """Load now what the first sentence would otherwise wait for (a dictionary, a model's
        first run). A worker does it once its engine is made: the build's first worker while
        the build still reads the content. A fault here is ignored; the sentences report it."""

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
    def available(cls) -> bool: ...

    @classmethod
    def voices(cls) -> list[str]: ...


# Members added after plug-ins were written: one a plug-in lacks is read as Engine's default.
OPTIONAL = frozenset({"LOUDNESS_LUFS", "FORKS_SAFELY", "warm_up"})
# What a class must have to be taken as an engine: Engine's methods and class variables.
MEMBERS = tuple(
    sorted(
        ({name for name in vars(Engine) if not name.startswith("_")}
         | {name for name, kind in Engine.__annotations__.items() if str(kind).startswith("ClassVar")})
        - OPTIONAL
    )
)  # fmt: skip


@functools.cache
def _points() -> dict[str, importlib.metadata.EntryPoint]:
    import importlib.metadata  # here: an engine's worker, given its class, never reads it

    found: dict[str, importlib.metadata.EntryPoint] = {}
    for point in importlib.metadata.entry_points(group=GROUP):
        found.setdefault(point.name, point)  # the first package on the path to declare a name
    return found


def refresh() -> None:
    """Read the packages' metadata again: after a package is installed in this process."""
    _points.cache_clear()
    _load.cache_clear()


def engine_names() -> list[str]:
    """The engines' names, sorted: what the CLI's help and guide.toml's validation accept,
    with "auto". Read from the metadata: no engine is imported."""
    return sorted(_points())


def engine_class(name: str) -> type[Engine]:
    """The engine called name; "auto" (or "") is the available engine of highest priority."""
    names = engine_names()
    if not names:
        raise EngineUnavailable(
            "no speech engine is registered: mbc-audio's package metadata is missing; "
            "install it with: scripts/setup build"
        )
    if name in ("auto", ""):
        ranked = sorted(_loadable(names), key=lambda e: (-e.PRIORITY, e.NAME))
        if not ranked:
            return _load(names[0])  # none can be loaded: its error says why
        return next((e for e in ranked if e.available()), ranked[-1])
    if name not in names:
        raise EngineUnavailable(
            f'there is no engine called "{name}"; choose one of: auto, {", ".join(names)}'
        )
    return _load(name)


def create_engine(name: str, voice: str | None, rate_wpm: int) -> Engine:
    return engine_class(name)(voice or None, rate_wpm)


def _loadable(names: list[str]) -> list[type[Engine]]:
    found = []
    for name in names:
        try:
            found.append(_load(name))
        except EngineUnavailable:  # a broken plug-in must not stop the others
            continue
    return found


@functools.cache
def _load(name: str) -> type[Engine]:
    point = _points()[name]
    try:
        loaded = point.load()
    except Exception as e:  # whatever a plug-in's module raises as it is imported
        raise EngineUnavailable(
            f'the engine "{name}" ({point.value}) cannot be loaded: {type(e).__name__}: {e}'
        ) from None
    if not _is_engine(loaded):
        missing = [m for m in MEMBERS if not hasattr(loaded, m)] or ["a class"]
        raise EngineUnavailable(
            f'the engine "{name}" ({point.value}) is not an engine: it lacks '
            f"{', '.join(missing)}; subclass mbc_audio.engines.Engine for the defaults"
        )
    if name != loaded.NAME:
        raise EngineUnavailable(
            f'the engine "{name}" ({point.value}) calls itself "{loaded.NAME}"; '
            "name its entry point as its NAME"
        )
    return loaded


def _is_engine(found: object) -> TypeGuard[type[Engine]]:
    return isinstance(found, type) and all(hasattr(found, m) for m in MEMBERS)
