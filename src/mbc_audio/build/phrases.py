"""The player's phrases, rendered into the guide at build time (timeline/phrases.py says how
they are kept), so that every announcement is composed from ready clips and the player needs no
speech engine to start.

What is rendered is what the guide's readers say in their own words: the player's fixed words,
numbers, times, speeds, volumes, level names, letters, key names and help, and the guide's titles
from the timeline's spoken fields. Each reader declares a function from the timeline to those
texts under the entry point group mbc_audio.phrases (pyproject.toml); the player's is
player/phrases.py's phrase_texts, which its table of actions feeds. The build sits below the
player, so it imports no reader: it asks the metadata for them. Only free text (search words,
typed names, a sentence read with E) is rendered live.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import wave
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..engines import EngineInfo, create_engine
from ..errors import MbcAudioError
from ..fsio import link_or_copy, remember_sha256
from ..spokentext import SpokenText, identity
from ..timeline import Timeline
from ..timeline.phrases import CLIPS, FOLDER, FORMAT, INDEX, index_key, write_clips
from ..tts.cache import UtteranceCache, default_cache_dir, utterance_key
from ..tts.render import render_checked

GROUP = "mbc_audio.phrases"
_QUIET = 300  # samples below this (about -40 dBFS) at a clip's ends are trimmed
_KEEP_MS = 30

Reader = Callable[[Timeline], Iterable[SpokenText]]


@functools.cache
def _readers() -> tuple[Reader, ...]:
    points = sorted(importlib.metadata.entry_points(group=GROUP), key=lambda p: p.name)
    if not points:  # else the guide would be built with no phrases, and say each one live
        raise MbcAudioError(
            "mbc-audio's package metadata names no reader of the guide (the player); "
            "install it with: scripts/setup build"
        )
    return tuple(point.load() for point in points)


def preload_readers() -> None:
    """Import the readers (the player's modules) now, on a thread of their own: the build does
    so while its engine renders and its tracks encode, when it would otherwise wait. A reader
    that cannot be loaded is reported when phrase_texts() asks for it."""
    with contextlib.suppress(Exception):
        _readers()


def phrase_texts(timeline: Timeline) -> list[SpokenText]:
    """The spoken text of every phrase the guide's readers say, each once, in a stable order."""
    return list(dict.fromkeys(text for read in _readers() for text in read(timeline)))


@dataclass(frozen=True)
class PhraseSet:
    folder: Path
    count: int
    missing: tuple[SpokenText, ...]  # phrases the engine could not render (said live instead)


def write_phrases(
    timeline: Timeline, info: EngineInfo, guide_folder: Path, cache_dir: Path | None = None,
    reuse_from: Path | None = None, texts: list[SpokenText] | None = None,
) -> PhraseSet:  # fmt: skip
    """Render the player's phrases with the guide's engine and voice into guide_folder/phrases.
    When guide_folder or reuse_from (the guide before this build) already holds the same
    phrases in the same voice, they are kept or linked, and nothing is rendered or encoded.
    Renderings come from the utterance cache when there; the engine starts only for the rest.
    texts: phrase_texts(timeline), when the caller has them already."""
    texts = phrase_texts(timeline) if texts is None else texts
    key = _set_key(info, texts)
    folder = guide_folder / FOLDER
    for source in (guide_folder, reuse_from):
        if source is not None and index_key(source / FOLDER) == key:
            if source != guide_folder:
                folder.mkdir(parents=True, exist_ok=True)
                for name in (CLIPS, INDEX):
                    link_or_copy(source / FOLDER / name, folder / name)
            return PhraseSet(folder, len(texts), ())
    clips, missing = _rendered(texts, info, UtteranceCache(cache_dir or default_cache_dir()))
    folder.mkdir(parents=True, exist_ok=True)
    write_clips(folder, clips, info, key)
    return PhraseSet(folder, len(clips), tuple(missing))


def remember_clips(guide_folder: Path) -> None:
    """Remember the digest of the guide's clips, which this build checked (has_phrases) or wrote
    and has since only linked: the swap moved their change time, not their bytes."""
    folder = guide_folder / FOLDER
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sha256 = json.loads((folder / INDEX).read_text(encoding="utf-8")).get("clips_sha256")
        if isinstance(sha256, str):
            remember_sha256(folder / CLIPS, sha256)


def has_phrases(guide_folder: Path, info: EngineInfo, texts: list[SpokenText]) -> bool:
    """Whether the guide in guide_folder holds exactly these phrases in this voice."""
    return index_key(guide_folder / FOLDER) == _set_key(info, texts)


def _set_key(info: EngineInfo, texts: list[SpokenText]) -> str:
    said = [identity(text) for text in texts]  # the lexicon's phonemes are part of a phrase
    made = json.dumps([FORMAT, asdict(info), said], ensure_ascii=False)
    return hashlib.sha256(made.encode()).hexdigest()


def _rendered(
    texts: list[SpokenText], info: EngineInfo, cache: UtteranceCache
) -> tuple[dict[SpokenText, bytes], list[SpokenText]]:
    clips: dict[SpokenText, bytes] = {}
    missing: list[SpokenText] = []
    engine = None
    for text in texts:
        key = utterance_key(info, text)
        pcm = _cached(cache, key)
        if pcm is None:
            engine = engine or create_engine(info.engine, info.voice, info.rate_wpm)
            speech, _problem = render_checked(engine, text)
            if speech is None:
                missing.append(text)  # said live instead, if it can be
                continue
            cache.put(key, speech, info.sample_rate_hz)
            pcm = speech.pcm
        clips[text] = _trimmed(pcm, info.sample_rate_hz)
    return clips, missing


def _cached(cache: UtteranceCache, key: str) -> bytes | None:
    if cache.frames(key) is None:  # not there, or its samples are not those it was written with
        return None
    try:
        with wave.open(str(cache.path(key)), "rb") as wav:
            return wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error):
        return None


def _trimmed(pcm: bytes, rate: int) -> bytes:
    """The clip without the engine's silence at its ends (a little kept, so words are whole)."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2")
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > _QUIET)
    if not len(loud):
        return pcm
    keep = rate * _KEEP_MS // 1000
    start, end = max(int(loud[0]) - keep, 0), min(int(loud[-1]) + keep + 1, len(samples))
    return samples[start:end].tobytes()
