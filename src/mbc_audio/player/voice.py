"""The player's own voice: announcements rendered with the guide's engine and voice, cached on
disk (the build's utterance cache) and in memory, resampled once to the sink's rate, and
rendered ahead in a background thread so the common ones start at once.

The engine runs in one spawned worker process, as in the build: speech libraries keep state
between calls (pyttsx3's espeak driver goes wrong when reused in one process), and a voice
model's memory is returned when the player ends.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import queue
import subprocess
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

from ..speech.normalize import normalize
from ..timeline import BuildEntry
from ..tools import tool
from ..tts.base import EngineInfo, engine_class
from ..tts.cache import UtteranceCache, utterance_key
from ..tts.render import render_in_worker, start_worker
from .output import RATE


class Voice:
    def __init__(self, build: BuildEntry, cache_dir: Path, warn: Callable[[str], None]) -> None:
        self._lock = threading.Lock()
        self._memory: dict[str, bytes] = {}
        self._cache = UtteranceCache(cache_dir)
        self._pool: cf.ProcessPoolExecutor | None = None
        self._warn = warn
        self.available = True
        name, voice, rate = build.engine, build.voice, build.rate_wpm
        try:
            self.info: EngineInfo = engine_class(name).describe(voice, rate)
            self._spec = (name, voice, rate)
        except Exception:  # the guide's engine is not installed here: fall back to the system voice
            try:
                self.info = engine_class("system").describe(None, rate)
                self._spec = ("system", None, rate)
            except Exception as e:
                self.available = False
                warn(f"Voice: none available ({e}); announcements are printed only.")

    def pcm(self, text: str) -> bytes | None:
        """The announcement as 16-bit mono PCM at the sink's rate, or None when it cannot be said."""
        if not self.available:
            return None
        spoken = normalize(text)
        with self._lock:
            if spoken in self._memory:
                return self._memory[spoken]
        key = utterance_key(self.info, spoken)
        raw = self._read(key)
        if raw is None:
            raw, problem = self._render(spoken)
            if raw is None:
                self.available = False
                self._warn(f"Voice: stopped ({problem}); announcements are printed only.")
                return None
            self._cache.put(key, raw, self.info.sample_rate_hz)
        pcm = _resample(raw, self.info.sample_rate_hz)
        with self._lock:
            self._memory[spoken] = pcm
        return pcm

    def _render(self, spoken: str) -> tuple[bytes | None, str | None]:
        with self._lock:
            if self._pool is None:
                self._pool = cf.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=start_worker, initargs=self._spec,
                )  # fmt: skip
        try:
            return self._pool.submit(render_in_worker, spoken).result()
        except Exception as e:  # the worker could not start the engine, or died
            return None, f"{type(e).__name__}: {e}"

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def prepare(self, texts: list[str]) -> threading.Thread:
        """Render texts in the background, in order, so they are ready when asked for."""

        def work() -> None:
            for text in texts:
                if not self.available:
                    return
                self.pcm(text)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        return thread

    def _read(self, key: str) -> bytes | None:
        try:
            with wave.open(str(self._cache.path(key)), "rb") as wav:
                return wav.readframes(wav.getnframes())
        except (OSError, EOFError, wave.Error):
            return None


def _resample(pcm: bytes, rate: int) -> bytes:
    if rate == RATE:
        return pcm
    return subprocess.run(
        [tool("ffmpeg"), "-v", "error", "-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "-",
         "-f", "s16le", "-ar", str(RATE), "-ac", "1", "-"],
        input=pcm, capture_output=True, check=True,
    ).stdout  # fmt: skip


class Speaker:
    """Speaks announcements in a thread of its own, so a key is answered at once even when its
    announcement still has to be rendered. A new interrupting announcement drops the ones not
    yet said."""

    def __init__(self, voice: Voice, sink) -> None:
        self._voice, self._sink = voice, sink
        self._queue: queue.Queue = queue.Queue()
        self._generation = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def say(self, text: str, interrupt: bool) -> None:
        if interrupt:
            self._generation += 1
        self._queue.put((self._generation, text, not interrupt))

    def _run(self) -> None:
        while True:
            generation, text, after = self._queue.get()
            if text is None:
                return
            if generation != self._generation:
                continue  # cut off by a newer announcement before it was said
            pcm = self._voice.pcm(text)
            if pcm and generation == self._generation:
                self._sink.speak(pcm, after=after)

    def close(self, timeout_s: float = 5.0) -> None:
        """Say what is queued (the last words, such as "Quit"), then stop."""
        self._queue.put((self._generation, None, False))
        self._thread.join(timeout_s)
        deadline = time.monotonic() + timeout_s
        while self._sink.speaking() and time.monotonic() < deadline:
            time.sleep(0.05)
