"""Render every utterance the cache lacks, verify each, and say how far along it is.

Each rendering is checked: not empty, a plausible length for its words (between a third
and three times what the rate predicts), not clipped. A bad one is tried once more; then
the build fails naming the document, topic and sentence.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import concurrent.futures.process as cf_process
import contextlib
import multiprocessing
import signal
import sys
import threading
import time
from array import array
from collections.abc import Callable, Generator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..engines import Engine, EngineInfo, Speech, create_engine
from ..errors import RenderError
from ..spokentext import SpokenText
from ..tools import die_with_parent
from .cache import UtteranceCache

_CHUNK = 4  # sentences a worker is given at once: fewer round trips, still an even share
MIN_EXPECTED_S = 0.5  # engines pad even one word with a little silence
CHARS_PER_WORD = 6  # an average English word and its space: long words take longer to say


@dataclass(frozen=True)
class Job:
    key: str
    spoken: SpokenText
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


def start_worker(
    name: str, voice: str | None, rate_wpm: int, tied: bool = False,
    engine: type[Engine] | None = None,
) -> None:  # fmt: skip
    """A worker's engine, made once. tied: end with the thread that started the worker, which
    in the build is its main thread (the player starts its worker from a passing thread)."""
    global _worker_engine
    # Ctrl-C at the terminal reaches the whole process group: the parent decides what to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if tied:
        die_with_parent()
    # The class itself, when given, reaches the worker as a reference to its module: the worker
    # imports that module alone, without reading every package's metadata to find it.
    _worker_engine = engine(voice or None, rate_wpm) if engine else create_engine(name, voice, rate_wpm)
    warm_up = getattr(_worker_engine, "warm_up", None)  # engines.OPTIONAL: a plug-in may lack it
    if warm_up is not None:
        # A fault here is the engine's with every sentence: the first says it, in one line.
        with contextlib.suppress(Exception):
            warm_up()


def render_in_worker(spoken: str) -> tuple[Speech | None, str | None]:
    assert _worker_engine is not None
    return render_checked(_worker_engine, spoken)


@dataclass(frozen=True)
class Outcome:
    """What became of one utterance rendered into the cache: done, or why not. Small on
    purpose: a worker's answer fits in one atomic pipe write (PIPE_BUF, 4096 bytes), so a
    worker killed by Ctrl-C never leaves half an answer that the pool would wait for ever to
    read, as it did when the answer carried the audio."""

    problem: str | None = None  # the rendering could not stand for the text
    errno: int | None = None  # writing the cache failed with this OSError
    strerror: str | None = None
    filename: str | None = None


def render_to_cache(
    engine: Engine, jobs: list[tuple[str, str]], cache: UtteranceCache, sample_rate_hz: int
) -> list[Outcome]:
    """Each (key, spoken) rendered with its checks and put in the cache; stops at the first
    failure, which is the last outcome."""
    outcomes = []
    for key, spoken in jobs:
        speech, problem = render_checked(engine, spoken)
        if speech is None:
            outcomes.append(Outcome(problem=(problem or "")[:300]))
            break
        try:
            cache.put(key, speech, sample_rate_hz)
        except OSError as e:
            filename = None if e.filename is None else str(e.filename)[:1000]
            outcomes.append(Outcome(errno=e.errno, strerror=e.strerror, filename=filename))
            break
        outcomes.append(Outcome())
    return outcomes


def render_chunk_in_worker(
    jobs: list[tuple[str, str]], cache_root: str, sample_rate_hz: int
) -> list[Outcome]:
    assert _worker_engine is not None
    return render_to_cache(_worker_engine, jobs, UtteranceCache(Path(cache_root)), sample_rate_hz)




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
    pairs: list[tuple[str, str]] = [(job.key, job.spoken) for job in todo]
    rate = info.sample_rate_hz
    if workers_ready is not None and workers_ready.open:
        outcomes = workers_ready.render(pairs, cache, rate)
    elif workers > 1 or isolate:
        outcomes = _in_workers(pairs, cache, rate, engine_name, voice, info.rate_wpm, workers)
    else:
        outcomes = _here(pairs, cache, rate, engine_name, voice, info.rate_wpm)
    with contextlib.closing(outcomes):
        for done, (job, outcome) in enumerate(zip(todo, outcomes, strict=False), start=1):
            if outcome.errno is not None:
                raise OSError(outcome.errno, outcome.strerror, outcome.filename)
            if outcome.problem is not None:
                raise RenderError(
                    f'{job.where}: cannot render "{job.text or job.spoken}": {outcome.problem}'
                )
            rendered(job.key)
            progress(done, len(todo))
    return len(todo)


def _here(
    pairs: list[tuple[str, str]], cache: UtteranceCache, rate: int, name: str,
    voice: str | None, rate_wpm: int,
) -> Generator[Outcome, None, None]:  # fmt: skip
    if not pairs:
        return
    engine = create_engine(name, voice, rate_wpm)
    for pair in pairs:
        yield from render_to_cache(engine, [pair], cache, rate)


def _in_workers(
    pairs: list[tuple[str, str]], cache: UtteranceCache, rate: int, name: str,
    voice: str | None, rate_wpm: int, workers: int,
) -> Generator[Outcome, None, None]:  # fmt: skip
    pool = Workers(name, voice, rate_wpm, workers)
    try:
        yield from pool.render(pairs, cache, rate)
    finally:
        pool.close()


class Workers:
    """Worker processes, each with its engine made once, rendering texts in order.

    The first worker starts at once (ahead()), so that it makes its engine (Piper loads its model
    for most of a second, hibari imports NumPy and onnxruntime for a fifth of one) while the
    build reads the content; the others start only when more than one chunk of work comes, so
    an edit of a sentence or two loads one engine, on the core the parser leaves free.

    The first is forked from this process when that is safe: the engine says so (FORKS_SAFELY)
    and this process runs one thread, on Linux. It then starts from the modules already
    imported here, not from a new interpreter, and needs no semaphore tracker. The others are
    spawned: by then this process runs the pools' threads, and a forked child would inherit
    their locks. So is every worker of an engine whose library may start threads of its own
    here (describe() may have), which a forked child could wait on for ever.
    """

    def __init__(
        self, name: str, voice: str | None, rate_wpm: int, count: int,
        engine: type[Engine] | None = None,
    ) -> None:  # fmt: skip
        self.name = name
        self.count = count
        self.open = True
        tied = threading.current_thread() is threading.main_thread()
        self._spec = (name, voice, rate_wpm, tied, engine)
        forked = getattr(engine, "FORKS_SAFELY", False) and _fork_is_safe()  # engines.OPTIONAL
        self.pool = self._pool(1, "fork" if forked else "spawn")
        self._more: cf.ProcessPoolExecutor | None = None  # the other count - 1, spawned
        self._warm = self.pool.submit(_ready)

    def _pool(self, count: int, method: str) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(
            max_workers=count, mp_context=multiprocessing.get_context(method),
            initializer=start_worker, initargs=self._spec,
        )  # fmt: skip

    @classmethod
    def ahead(
        cls, engine: type[Engine], voice: str | None, rate_wpm: int, jobs: int
    ) -> Workers | None:
        """Workers for an engine that always renders in them; None for one that may render here."""
        if engine.IN_PROCESS:
            return None
        count = max(1, min(jobs, engine.MAX_WORKERS or jobs))
        return cls(engine.NAME, voice, rate_wpm, count, engine)

    def render(
        self, pairs: list[tuple[str, str]], cache: UtteranceCache, sample_rate_hz: int
    ) -> Generator[Outcome, None, None]:
        """Each (key, spoken) rendered into the cache by the workers; the outcomes in order.

        Only a few chunks are handed to the pools ahead of those being read (Executor.map would
        queue all of them: 12,500 for 50,000 sentences), each to the pool with the least work
        per worker waiting, and no future is ever cancelled: close() kills the workers and the
        pool marks what was pending as failed (a future cancelled beneath the pool's manager
        thread made it fail with InvalidStateError)."""
        chunks = [pairs[i : i + _CHUNK] for i in range(0, len(pairs), _CHUNK)]
        window: collections.deque[tuple[cf.Future[list[Outcome]], int]] = collections.deque()
        root = str(cache.root)
        try:
            if len(chunks) > 1 and self.count > 1 and self._more is None and self.open:
                self._more = self._pool(self.count - 1, "spawn")
            pools = [(self.pool, 1)] + ([(self._more, self.count - 1)] if self._more else [])
            for chunk in chunks:
                waiting = [sum(not f.done() for f, i in window if i == n) for n in range(len(pools))]
                n = min(range(len(pools)), key=lambda n: waiting[n] / pools[n][1])
                submitted = pools[n][0].submit(render_chunk_in_worker, chunk, root, sample_rate_hz)
                window.append((submitted, n))
                if len(window) > self.count * 2:
                    yield from window.popleft()[0].result()
            while window:
                yield from window.popleft()[0].result()
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
        for pool in (self.pool, self._more):
            if pool is not None:
                _kill(pool)


def _kill(pool: cf.ProcessPoolExecutor) -> None:
    processes = getattr(pool, "_processes", None) or {}  # the pool's own dict
    manager = getattr(pool, "_executor_manager_thread", None)
    for process in list(processes.values()):
        process.kill()
    pool.shutdown(wait=False)
    # The pool's manager thread sees the workers gone and cleans up; it is waited for, and
    # any worker it still counts as alive is killed again, so that it is not still closing
    # its pipes when the interpreter exits (Python 3.11's exit hook then writes to a closed
    # pipe and prints a traceback, or waits for a worker that is still starting).
    if manager is None or manager is threading.current_thread():
        return
    deadline = time.monotonic() + 5
    while manager.is_alive() and time.monotonic() < deadline:
        for process in list(processes.values()):
            if process.is_alive():
                process.kill()
        manager.join(timeout=0.05)
    if not manager.is_alive():  # nothing left for the exit hook to wake
        getattr(cf_process, "_threads_wakeups", {}).pop(manager, None)


def _fork_is_safe() -> bool:
    """Whether a worker may be forked from this process: on Linux (elsewhere system libraries
    are not fork-safe), with no thread but this one whose locks a child could inherit held."""
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _ready() -> None:
    """A task that does nothing: it makes the pool start a worker, which makes its engine."""
