"""Render every utterance the cache lacks, verify each, and say how far along it is.

Each rendering is checked: not empty, a plausible length for its words (between a third
and three times what the rate predicts), not clipped. A bad one is tried once more; then
the build fails naming the document, topic and sentence.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import signal
import sys
import threading
from array import array
from collections.abc import Callable, Generator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ..errors import RenderError
from ..tools import die_with_parent
from .base import Engine, EngineInfo, Speech, create_engine
from .cache import UtteranceCache

MIN_EXPECTED_S = 0.5  # engines pad even one word with a little silence
CHARS_PER_WORD = 6  # an average English word and its space: long words take longer to say


@dataclass(frozen=True)
class Job:
    key: str
    spoken: str
    where: str  # 'content/x.md, topic "Outlook", line 12': for the message if it fails
    text: str = ""  # the display text, which the person fixing the content will recognise


def expected_seconds(spoken: str, rate_wpm: int) -> float:
    """How long the text should take at the rate, by its words or, for long words, its letters."""
    words = max(len(spoken.split()), len(spoken) / CHARS_PER_WORD)
    return max(words * 60 / rate_wpm, MIN_EXPECTED_S)


def problem_with(pcm: bytes, spoken: str, info: EngineInfo) -> str | None:
    """Why this audio cannot stand for the text, or None when it is plausible."""
    samples = len(pcm) // 2
    if samples == 0:
        return "the engine returned no audio"
    seconds = samples / info.sample_rate_hz
    expected = expected_seconds(spoken, info.rate_wpm)
    if seconds < expected / 3:
        return f"the audio is {seconds:.2f} s, under a third of the {expected:.2f} s expected"
    if seconds > expected * 3:
        return f"the audio is {seconds:.2f} s, over three times the {expected:.2f} s expected"
    values = array("h", pcm)
    if sys.byteorder == "big":
        values.byteswap()
    full_scale = values.count(32767) + values.count(-32768)
    if full_scale > max(3, samples // 1000):
        return f"the audio is clipped ({full_scale} samples at full scale)"
    return None


def render_checked(engine: Engine, spoken: str) -> tuple[Speech | None, str | None]:
    """Render with one retry; the speech, or None and the reason it failed."""
    if not any(c.isalnum() for c in spoken):
        return None, "it has no words to say"
    problem = None
    for _attempt in range(2):
        try:
            speech = engine.speak(spoken)
        except Exception as e:  # an engine's own failure is reported like a bad rendering
            problem = f"the engine failed ({type(e).__name__}: {e})"
            continue
        problem = problem_with(speech.pcm, spoken, engine.info)
        if problem is None:
            return speech, None
    return None, problem


# Worker processes keep one engine each, made once by the pool's initializer.
_worker_engine: Engine | None = None


def start_worker(name: str, voice: str | None, rate_wpm: int, tied: bool = False) -> None:
    """A worker's engine, made once. tied: end with the thread that started the worker, which
    in the build is its main thread (the player starts its worker from a passing thread)."""
    global _worker_engine
    # Ctrl-C at the terminal reaches the whole process group: the parent decides what to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if tied:
        die_with_parent()
    _worker_engine = create_engine(name, voice, rate_wpm)


def render_in_worker(spoken: str) -> tuple[Speech | None, str | None]:
    assert _worker_engine is not None
    return render_checked(_worker_engine, spoken)


Result = tuple[Speech | None, str | None]  # the speech, or None and why it could not be made


def render_missing(
    jobs: list[Job],
    engine_name: str,
    voice: str | None,
    info: EngineInfo,
    cache: UtteranceCache,
    workers: int,
    progress: Callable[[int, int], None] = lambda done, total: None,
    engine_type: type[Engine] | None = None,
    rendered: Callable[[str], None] = lambda key: None,
    workers_ready: Workers | None = None,
) -> int:
    """Render the jobs whose keys the cache lacks, in order; returns how many were rendered.
    rendered(key) is called as each one reaches the cache, so its track can start encoding.
    workers_ready: workers started ahead (Workers.ahead), used instead of new ones while open."""
    missing: dict[str, Job] = {}
    for job in jobs:
        if job.key not in missing and cache.frames(job.key) is None:
            missing[job.key] = job
    todo = list(missing.values())
    if not todo:
        return 0
    limit = engine_type.MAX_WORKERS if engine_type else None
    workers = min(workers, limit or workers, len(todo))
    isolate = engine_type is not None and not engine_type.IN_PROCESS
    texts = [job.spoken for job in todo]
    if workers_ready is not None and workers_ready.open:
        results = workers_ready.render(texts)
    elif workers > 1 or isolate:
        results = _in_workers(texts, engine_name, voice, info.rate_wpm, workers)
    else:
        results = _here(texts, engine_name, voice, info.rate_wpm)
    with contextlib.closing(results):
        for done, (job, (speech, problem)) in enumerate(zip(todo, results, strict=True), start=1):
            if speech is None:
                raise RenderError(f'{job.where}: cannot render "{job.text or job.spoken}": {problem}')
            cache.put(job.key, speech, info.sample_rate_hz)
            rendered(job.key)
            progress(done, len(todo))
    return len(todo)


def _here(texts: list[str], name: str, voice: str | None, rate_wpm: int) -> Generator[Result, None, None]:
    if not texts:
        return
    engine = create_engine(name, voice, rate_wpm)
    for text in texts:
        yield render_checked(engine, text)


def _in_workers(
    texts: list[str], name: str, voice: str | None, rate_wpm: int, workers: int
) -> Generator[Result, None, None]:
    pool = Workers(name, voice, rate_wpm, workers)
    try:
        yield from pool.render(texts)
    finally:
        pool.close()


class Workers:
    """Worker processes, each with its engine made once, rendering texts in order.

    Spawned, not forked: a forked child inherits the speech library's threads and locks from
    this process (describe() may have started it) and can hang for ever. Started ahead of need
    (ahead()), they make their engine (Piper loads its model for most of a second) while the
    build reads the content.
    """

    def __init__(self, name: str, voice: str | None, rate_wpm: int, count: int) -> None:
        self.name = name
        self.open = True
        self.pool = cf.ProcessPoolExecutor(
            max_workers=count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(name, voice, rate_wpm, threading.current_thread() is threading.main_thread()),
        )
        for _ in range(count):  # the pool starts a worker for each task it has no idle one for
            self.pool.submit(_ready)

    @classmethod
    def ahead(
        cls, engine: type[Engine], voice: str | None, rate_wpm: int, jobs: int
    ) -> Workers | None:
        """Workers for an engine that always renders in them; None for one that may render here."""
        if engine.IN_PROCESS:
            return None
        return cls(engine.NAME, voice, rate_wpm, max(1, min(jobs, engine.MAX_WORKERS or jobs)))

    def render(self, texts: list[str]) -> Generator[Result, None, None]:
        try:
            yield from self.pool.map(render_in_worker, texts, chunksize=4)
        except BrokenProcessPool:
            raise RenderError(
                f"the {self.name} engine's worker stopped unexpectedly; "
                f'try: mbc-audio say "Hello." --engine {self.name}'
            ) from None
        except BaseException:
            self.close()  # a failure, Ctrl-C, or the caller closing this: the work is not wanted
            raise

    def close(self) -> None:
        """Stop the workers now, not after the utterance each is rendering or the engine each is
        loading. ProcessPoolExecutor offers no public way before Python 3.14."""
        self.open = False
        workers_now = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in workers_now:
            process.kill()


def _ready() -> None:
    """A task that does nothing: it makes the pool start a worker, which makes its engine."""
