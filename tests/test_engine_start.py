"""What makes a one-sentence edit quick: workers started ahead, and tools' versions remembered."""

from __future__ import annotations

import fcntl
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from mbc_audio import tools
from mbc_audio.engines import engine_class
from mbc_audio.folders import folder_lock
from mbc_audio.tts import render
from mbc_audio.tts.cache import UtteranceCache, utterance_key
from mbc_audio.tts.piper import PiperEngine
from mbc_audio.tts.render import Workers
from mbc_audio.tts.system import SystemEngine

from .fakes import FakeEngine


def _fake_tool(folder: Path, answer: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "faketool"
    script.write_text(f'#!/bin/sh\necho "{answer}"\necho asked >> "{folder}/asked"\n')
    script.chmod(0o755)
    return script


def test_a_tools_version_is_asked_once_and_again_when_the_tool_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    script = _fake_tool(tmp_path / "bin", "faketool version 1.0 (built today)")
    asked = tmp_path / "bin" / "asked"
    for _ in range(2):
        tools.version.cache_clear()
        tools.tool.cache_clear()
        assert tools.version("faketool") == "faketool version 1.0"
    assert asked.read_text().count("asked") == 1  # the second answer came from the cache
    # A new build of the tool (another size and time) is asked again.
    _fake_tool(tmp_path / "bin", "faketool version 2.0 (built later)")
    os.utime(script, ns=(time.time_ns(), time.time_ns() + 10**9))
    tools.version.cache_clear()
    assert tools.version("faketool") == "faketool version 2.0"
    assert asked.read_text().count("asked") == 2
    tools.version.cache_clear()
    tools.tool.cache_clear()


def test_workers_ahead_only_for_an_engine_that_renders_in_them() -> None:
    assert SystemEngine.IN_PROCESS and Workers.ahead(SystemEngine, None, 160, 2) is None
    assert not PiperEngine.IN_PROCESS


@pytest.mark.integration
def test_workers_started_ahead_render_and_stop_at_once() -> None:
    workers = Workers("system", None, 160, 1)
    processes = list(workers.pool._processes.values())  # type: ignore[attr-defined]
    assert processes, "the worker is started before any text is given"
    cache = UtteranceCache(Path(tempfile.mkdtemp()))
    info = engine_class("system").describe(None, 160)
    key = utterance_key(info, "Hello there.")
    (outcome,) = list(workers.render([(key, "Hello there.")], cache, info.sample_rate_hz))
    assert outcome.problem is None
    frames = cache.frames(key)
    assert frames is not None and frames > 1000  # the worker wrote it into the cache itself
    started = time.monotonic()
    workers.close()
    for process in processes:
        process.join(5)
        assert not process.is_alive()
    assert time.monotonic() - started < 5


class _ForkedFake(FakeEngine):
    NAME = "fake"
    IN_PROCESS = False
    FORKS_SAFELY = True
    warmed: Path | None = None  # where warm_up() leaves its mark

    def warm_up(self) -> None:
        if self.warmed is not None:
            self.warmed.write_text(f"{os.getpid()}\n")


class _UnsafeFake(_ForkedFake):
    FORKS_SAFELY = False


def _start_method(workers: Workers) -> str:
    (process,) = workers.pool._processes.values()  # type: ignore[attr-defined]
    return type(process._popen).__module__.rpartition("_")[2]  # popen_fork, popen_spawn_posix


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux alone")
def test_the_first_worker_is_forked_when_safe_renders_and_holds_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked, the worker starts from the build's modules; it renders as a spawned one does,
    and it does not keep the build's folder locked once the build lets go."""
    monkeypatch.setattr(render, "_fork_is_safe", lambda: True)  # whatever threads pytest runs
    monkeypatch.setattr(_ForkedFake, "warmed", tmp_path / "warmed")
    folder = tmp_path / "dist" / "guide"
    with folder_lock(folder, lambda line: None):
        workers = Workers.ahead(_ForkedFake, None, 150, 2)
        assert workers is not None
        workers._warm.result()
    try:
        assert _start_method(workers) == "fork"
        # The engine warmed up in the worker before it was counted ready: not in the build.
        (worker,) = workers.pool._processes  # type: ignore[attr-defined]
        assert (tmp_path / "warmed").read_text() == f"{worker}\n" != f"{os.getpid()}\n"
        probe = os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:  # the worker still lives, and the lock is free
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(probe)
        cache = UtteranceCache(tmp_path / "cache")
        info = _ForkedFake().info
        pairs = [(utterance_key(info, f"Sentence {n}."), f"Sentence {n}.") for n in range(9)]
        outcomes = list(workers.render(pairs, cache, info.sample_rate_hz))
        assert [o.problem for o in outcomes] == [None] * 9
        assert all(cache.frames(key) for key, _ in pairs)
        assert workers._more is not None  # three chunks: the second worker was spawned for them
    finally:
        workers.close()


def test_a_worker_is_spawned_when_a_fork_is_not_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    running = threading.Event()
    thread = threading.Thread(target=running.wait)
    thread.start()
    try:
        assert not render._fork_is_safe()  # another thread could hold a lock the child needs
    finally:
        running.set()
        thread.join()
    monkeypatch.setattr(render, "_fork_is_safe", lambda: True)
    workers = Workers.ahead(_UnsafeFake, None, 150, 1)
    assert workers is not None
    try:
        assert _start_method(workers) == "posix"  # popen_spawn_posix
    finally:
        workers.close()


class _ColdFake(_ForkedFake):
    def warm_up(self) -> None:
        raise OSError("the dictionary could not be read")


def test_a_warm_up_that_fails_leaves_the_worker_to_say_so_with_a_sentence(tmp_path: Path) -> None:
    """warm_up() is a head start, not a check: its fault does not break the worker (which would
    leave only "the worker stopped unexpectedly"); the sentences say what is wrong, if anything."""
    workers = Workers.ahead(_ColdFake, None, 150, 1)
    assert workers is not None
    try:
        cache = UtteranceCache(tmp_path / "cache")
        info = _ColdFake().info
        key = utterance_key(info, "Hello there.")
        (outcome,) = list(workers.render([(key, "Hello there.")], cache, info.sample_rate_hz))
        assert outcome.problem is None and cache.frames(key)
    finally:
        workers.close()
