"""The player's phrases, rendered into the guide at build time, so that every announcement is
composed from ready clips and the player needs no speech engine to start.

A phrase is one piece of a Line (lines.py) as spoken: the player's fixed words, numbers, times,
speeds, volumes, level names, letters, key names and help, and the guide's titles from the
timeline's spoken fields. The build calls write_phrases(timeline, info, folder), which writes
    phrases/clips.mp3   every clip back to back, mono at the engine's rate, 32 kbps CBR
    phrases/index.json  {"version", "key", "engine", "sample_rate_hz",
                         "clips": {spoken: [start, count]}}
(start and count in samples). MP3 keeps the folder small (a few MB where WAV takes 25); the
player decodes it in-process with miniaudio, which removes the encoder's delay, in a thread of
its own as the player starts.
Only free text (search words, typed names, a sentence read with E) is rendered live.
"""

from __future__ import annotations

import hashlib
import json
import threading
import wave
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..engines import EngineInfo, create_engine
from ..folders import link_or_copy
from ..fsio import atomic_path, write_text_atomic
from ..speech.spoken import recorded_lexicon
from ..timeline import Timeline
from ..tools import run_bytes
from ..tts.cache import UtteranceCache, default_cache_dir, utterance_key
from ..tts.render import render_checked
from . import wording
from .actions import DEFAULT_KEYS, TABLE, Group
from .app import Listening
from .core import Core
from .finding import GoTo, Search
from .helping import Describe, Help
from .keys import NAMED, key_name
from .lines import Words
from .lists import Bookmarks, Contents
from .marks import Name, Note
from .modes import character_phrases
from .navigation import Level
from .notice import Notice
from .state import SPEEDS, VOLUMES

FOLDER = "phrases"
CLIPS = "clips.mp3"
INDEX = "index.json"
FORMAT = 2  # 2: clips at 32 kb/s
# Short prompts in a voice at 16 or 22 kHz stay clear at 32 kb/s, and the clips then weigh
# about a sixth of a half-hour guide's topic tracks in the package a clinic hands out.
BITRATE_KBPS = 32
_QUIET = 300  # samples below this (about -40 dBFS) at a clip's ends are trimmed
_KEEP_MS = 30


def fixed_phrases() -> list[str]:
    """Every fixed phrase the player says: the core's, each mode's and each action's (the
    action table says which, actions.py); tests check that none is missing."""
    modes = (Listening, Contents, Bookmarks, Search, GoTo, Name, Note, Help, Describe, Notice)
    found = [*Core.PHRASES, *(p for mode in modes for p in mode.PHRASES)]
    return found + [p for action in TABLE for p in action.phrases]


def phrase_texts(timeline: Timeline) -> list[str]:
    """The spoken text of every phrase, each once, in a stable order."""
    words = Words(recorded_lexicon(timeline.build.lexicon))
    said = [words.fixed(text).spoken for text in _displays(timeline)]
    topics = {t.id: t for t in timeline.topics}
    said += [topics[t.topic_id].spoken_title for t in timeline.tracks]
    said += [p.spoken_title or p.title for p in timeline.parts]
    said += [s.spoken_title or s.title or "" for t in timeline.topics for s in t.sections]
    return list(dict.fromkeys(s for s in said if s))


def _displays(timeline: Timeline) -> Iterator[str]:
    """The player's own words as shown, before the guide's normaliser makes them speech."""
    tracks, parts = len(timeline.tracks), max(len(timeline.parts), 1) + 2
    total_minutes = sum(t.duration_ms for t in timeline.tracks) // 60_000 + 1
    yield from fixed_phrases()
    yield timeline.guide.title or "the guide"
    yield from (wording.topic_of(n, tracks) for n in range(1, tracks + 1))
    yield from (wording.part_of(n, parts) for n in range(1, parts + 1))
    yield from (f"part {n}" for n in range(1, parts + 1))
    yield from (str(n) for n in range(max(tracks, total_minutes, 60) + 1))
    yield from wording.UNITS
    yield from (
        wording.speed(t / 10) for t in range(round(SPEEDS[0] * 10), round(SPEEDS[1] * 10) + 1)
    )
    yield from (
        wording.volume(v / 10) for v in range(round(VOLUMES[0] * 10), round(VOLUMES[1] * 10) + 1)
    )
    yield from (wording.level(level.word) for level in Level)
    yield from character_phrases()
    yield from (f"group {n} of {len(Group)}" for n in range(1, len(Group) + 1))
    yield from (f"Keys, {group}" for group in Group)
    yield from (action.help for action in TABLE)
    yield from (action.brief for action in TABLE)
    yield from sorted({key_name(key) for key in [*DEFAULT_KEYS, *NAMED]})
    yield from (t.notice for t in timeline.topics if t.notice)
    yield from (" or ".join(names) for names in _key_lists())


def _key_lists() -> list[list[str]]:
    found: dict[str, list[str]] = {}
    for key, action in DEFAULT_KEYS.items():
        found.setdefault(action, []).append(key_name(key))
    return list(found.values())


@dataclass(frozen=True)
class PhraseSet:
    folder: Path
    count: int
    missing: tuple[str, ...]  # phrases the engine could not render (said live instead)


def write_phrases(
    timeline: Timeline, info: EngineInfo, guide_folder: Path, cache_dir: Path | None = None,
    reuse_from: Path | None = None,
) -> PhraseSet:  # fmt: skip
    """Render the player's phrases with the guide's engine and voice into guide_folder/phrases.
    When guide_folder or reuse_from (the guide before this build) already holds the same
    phrases in the same voice, they are kept or linked, and nothing is rendered or encoded.
    Renderings come from the utterance cache when there; the engine starts only for the rest."""
    texts = phrase_texts(timeline)
    key = _set_key(info, texts)
    folder = guide_folder / FOLDER
    for source in (guide_folder, reuse_from):
        if source is not None and _index_key(source / FOLDER) == key:
            if source != guide_folder:
                folder.mkdir(parents=True, exist_ok=True)
                for name in (CLIPS, INDEX):
                    link_or_copy(source / FOLDER / name, folder / name)
            return PhraseSet(folder, len(texts), ())
    clips, missing = _rendered(texts, info, UtteranceCache(cache_dir or default_cache_dir()))
    folder.mkdir(parents=True, exist_ok=True)
    _write_clips(folder, clips, info, key)
    return PhraseSet(folder, len(clips), tuple(missing))


def _set_key(info: EngineInfo, texts: list[str]) -> str:
    made = json.dumps([FORMAT, asdict(info), texts], ensure_ascii=False)
    return hashlib.sha256(made.encode()).hexdigest()


def _index_key(folder: Path) -> str | None:
    try:
        found = json.loads((folder / INDEX).read_text(encoding="utf-8")).get("key")
    except (OSError, ValueError, AttributeError):
        return None
    return str(found) if found and (folder / CLIPS).is_file() else None


def _rendered(
    texts: list[str], info: EngineInfo, cache: UtteranceCache
) -> tuple[dict[str, bytes], list[str]]:
    clips: dict[str, bytes] = {}
    missing: list[str] = []
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


def _write_clips(folder: Path, clips: dict[str, bytes], info: EngineInfo, key: str) -> None:
    index: dict[str, list[int]] = {}
    at = 0
    for text, pcm in clips.items():
        index[text] = [at, len(pcm) // 2]
        at += len(pcm) // 2
    with atomic_path(folder / CLIPS) as temporary:
        run_bytes(
            ["ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(info.sample_rate_hz),
             "-ac", "1", "-i", "-", "-c:a", "libmp3lame", "-b:a", f"{BITRATE_KBPS}k", "-f", "mp3",
             temporary],
            "encoding the player's phrases", b"".join(clips.values()),
        )  # fmt: skip
    data = {"version": FORMAT, "key": key, "engine": asdict(info),
            "sample_rate_hz": info.sample_rate_hz, "clips": index}  # fmt: skip
    write_text_atomic(folder / INDEX, json.dumps(data, ensure_ascii=False, indent=0) + "\n")


class Clips:
    """A guide's rendered phrases; clip(spoken) is its 16-bit mono PCM at self.rate, or None.
    The clips are decoded in a thread of their own, started by open(), so the player's other
    start-up work goes on meanwhile."""

    def __init__(self, file: Path, rate: int, index: dict[str, tuple[int, int]]) -> None:
        self.rate, self._index = rate, index
        self._pcm = b""
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._decode, args=(file,), daemon=True)
        self._thread.start()

    @classmethod
    def open(cls, guide_folder: Path) -> Clips | None:
        """The guide's clips, or None when it has none or their index cannot be read."""
        folder = guide_folder / FOLDER
        try:
            data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
            rate = int(data["sample_rate_hz"])
            index = {str(k): (int(v[0]), int(v[1])) for k, v in data["clips"].items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None
        if not (folder / CLIPS).is_file() or rate <= 0:
            return None
        return cls(folder / CLIPS, rate, index)

    def _decode(self, file: Path) -> None:
        try:
            import miniaudio

            decoded = miniaudio.decode_file(str(file), output_format=miniaudio.SampleFormat.SIGNED16,
                                            nchannels=1, sample_rate=self.rate)  # fmt: skip
            self._pcm = decoded.samples.tobytes()
        except Exception:  # a damaged file: every phrase is then rendered live
            self._pcm = b""
        finally:
            self._ready.set()

    def __contains__(self, spoken: str) -> bool:
        return spoken in self._index

    def clip(self, spoken: str, wait_s: float = 5.0) -> bytes | None:
        found = self._index.get(spoken)
        if found is None or not self._ready.wait(wait_s):
            return None
        start, count = found
        if start < 0 or count <= 0 or (start + count) * 2 > len(self._pcm):
            return None
        return self._pcm[start * 2 : (start + count) * 2]
