"""The player's own voice. An announcement (a Line) is composed from the clips the build rendered
into the guide (phrases.py), so it starts at once and needs no speech engine; only free text
(search words, typed names, a sentence read aloud) is rendered live, with the guide's engine and
voice, cached on disk (the build's utterance cache) and in memory, while the guide is held.

The engine runs in one spawned worker process, as in the build: speech libraries keep state
between calls, and a voice model's memory is returned when the player ends. It starts only when
free text first needs it.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import queue
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..engines import EngineInfo, Speech, engine_class
from ..spokentext import SpokenText
from ..timeline import BuildEntry
from ..timeline.phrases import Clips
from ..tts.cache import UtteranceCache, utterance_key
from ..tts.render import render_in_worker, start_worker
from .lines import Line
from .output import Sink, louder
from .tracks import RATE

GAP_MS = 60  # between the clips of one announcement


class Voice:
    def __init__(
        self,
        build: BuildEntry,
        cache_dir: Path,
        warn: Callable[[str], None],
        clips: Clips | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._memory: dict[SpokenText, bytes] = {}
        self._cache = UtteranceCache(cache_dir)
        self._pool: cf.ProcessPoolExecutor | None = None
        self._warn = warn
        self._clips = clips
        self._closed = False
        self.available = True
        name, voice, rate = _engine_of(build)
        try:
            self.info: EngineInfo | None = engine_class(name).describe(voice, rate)
            self._spec: tuple[str, str | None, int] = (name, voice, rate)
        except Exception:  # the guide's engine is not installed here: fall back to the system voice
            try:
                self.info = engine_class("system").describe(None, rate)
                self._spec = ("system", None, rate)
            except Exception as e:
                self.info = None
                self.available = clips is not None
                warn(f"Voice: no speech engine ({e}); "
                     + ("only the guide's own phrases are said." if clips else
                        "announcements are printed only."))  # fmt: skip

    def pcm(self, spoken: SpokenText, free: bool = False) -> bytes | None:
        """The words as 16-bit mono PCM at the sink's rate, or None when they cannot be said."""
        with self._lock:
            if spoken in self._memory:
                return self._memory[spoken]
        clip = None if free or self._clips is None else self._clips.clip(spoken)
        found = resample(clip, self._clips.rate) if clip and self._clips else self._live(spoken)
        if found is None:
            return None
        pcm = found
        with self._lock:
            self._memory[spoken] = pcm
        return pcm

    def line(self, line: Line) -> bytes | None:
        """A whole announcement: its pieces' clips with short gaps between them."""
        gap = bytes(RATE * GAP_MS // 1000 * 2)
        found = [self.pcm(piece.spoken, piece.free) for piece in line.pieces if piece.spoken]
        said = [pcm for pcm in found if pcm]
        return gap.join(said) if said else None

    def runs(self, line: Line) -> Iterator[bytes]:
        """A whole announcement in runs: the clips up to a piece of free text, then the free
        text (rendered live) and what follows, so "Search: no match for" is heard while the
        searched words are still being rendered."""
        gap = bytes(RATE * GAP_MS // 1000 * 2)
        said: list[bytes] = []
        for piece in line.pieces:
            if not piece.spoken:
                continue
            if piece.free and said:
                yield gap.join(said)
                said = [b""]  # a gap before the free text
            pcm = self.pcm(piece.spoken, piece.free)
            if pcm:
                said.append(pcm)
        if [p for p in said if p]:
            yield gap.join(said)

    def _live(self, spoken: SpokenText) -> bytes | None:
        if self.info is None or self._closed:
            return None
        key = utterance_key(self.info, spoken)
        raw = self._read(key)
        if raw is None:
            speech, problem = self._render(spoken)
            if speech is None:
                if not self._closed:
                    self._warn(f"Voice: could not say that ({problem}).")
                return None
            self._cache.put(key, speech, self.info.sample_rate_hz)
            raw = speech.pcm
        return resample(raw, self.info.sample_rate_hz)

    def _render(self, spoken: SpokenText) -> tuple[Speech | None, str | None]:
        with self._lock:
            if self._pool is None:
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=start_worker, initargs=self._spec,
                )  # fmt: skip
            pool = self._pool
        try:
            return pool.submit(render_in_worker, spoken).result()
        except Exception as e:  # the worker could not start the engine, died, or was closed
            return None, f"{type(e).__name__}: {e}"

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def _read(self, key: str) -> bytes | None:
        try:
            with wave.open(str(self._cache.path(key)), "rb") as wav:
                return wav.readframes(wav.getnframes())
        except (OSError, EOFError, wave.Error):
            return None


def _engine_of(build: BuildEntry) -> tuple[str, str | None, int]:
    return build.engine, build.voice or None, build.rate_wpm


def resample(pcm: bytes, rate: int) -> bytes:
    """16-bit mono PCM at rate, at the sink's rate (miniaudio's converter: no NumPy to import
    before the first announcement)."""
    if rate == RATE or not pcm:
        return pcm
    from .output import miniaudio_module

    miniaudio = miniaudio_module()
    s16 = miniaudio.SampleFormat.SIGNED16
    return bytes(miniaudio.convert_frames(s16, 1, rate, pcm, s16, 1, RATE))


def _at_speed(pcm: bytes, speed: float) -> bytes:
    if abs(speed - 1.0) < 1e-6:
        return pcm
    from .stretch import stretched  # NumPy and audiotsm: only when asked for

    return stretched(pcm, speed)


class Speaker:
    """Speaks announcements in a thread of its own, so a key is answered at once. The guide is
    held from the moment an announcement is asked for until it is said (or dropped), so the
    guide never plays between a key and its announcement. A new interrupting announcement drops
    the ones not yet said."""

    def __init__(self, voice: Any, sink: Sink, volume: Callable[[], float] = lambda: 1.0,
                 speed: Callable[[], float] = lambda: 1.0) -> None:  # fmt: skip
        self._voice, self._sink, self._volume, self._speed = voice, sink, volume, speed
        self._queue: queue.Queue[tuple[int, Line | None, bool]] = queue.Queue()
        self._generation = 0
        self._lock = threading.Lock()
        self._holds: dict[int, int] = {}  # the guide's holds still owed, by generation
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def hush(self) -> None:
        """A key was pressed: what is being said, or waits to be, is cut off, and the guide is
        held no longer for it (a stale announcement still being rendered does not hold it)."""
        self._next_generation()
        self._sink.hush()

    def say(self, line: Line, interrupt: bool) -> None:
        if interrupt:
            self._next_generation()
        with self._lock:
            self._holds[self._generation] = self._holds.get(self._generation, 0) + 1
        self._sink.hold()
        self._queue.put((self._generation, line, not interrupt))

    def _next_generation(self) -> None:
        with self._lock:
            self._generation += 1
            stale, self._holds = sum(self._holds.values()), {}
        for _ in range(stale):
            self._sink.release()

    def _release(self, generation: int) -> None:
        with self._lock:
            owed = self._holds.get(generation, 0)
            if owed:
                self._holds[generation] = owed - 1
        if owed:
            self._sink.release()

    def _run(self) -> None:
        while True:
            generation, line, after = self._queue.get()
            if line is None:
                return
            try:
                for pcm in self._voice.runs(line) if generation == self._generation else ():
                    if generation != self._generation:
                        break  # cut off by a newer announcement, or by a key
                    said = louder(_at_speed(pcm, self._speed()), self._volume())
                    self._sink.speak(said, after=after)
                    after = True  # the next run follows this one
            finally:
                self._release(generation)

    def close(self, timeout_s: float = 5.0, hurry: threading.Event | None = None) -> None:
        """Say what is queued (the last words, such as "Quit"), then stop; at once when hurry
        is set (a Ctrl-C meanwhile)."""
        hurry = hurry or threading.Event()
        self._queue.put((self._generation, None, False))
        deadline = time.monotonic() + timeout_s
        while self._thread.is_alive() and time.monotonic() < deadline and not hurry.is_set():
            self._thread.join(0.05)
        while self._sink.speaking() and time.monotonic() < deadline and not hurry.is_set():
            time.sleep(0.05)
