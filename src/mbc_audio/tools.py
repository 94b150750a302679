"""External tools (ffmpeg, ffprobe): found once, run with their exit status checked, and never
outliving mbc-audio; and the scratch folder for temporary files."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from subprocess import Popen
from typing import IO

from .errors import EngineUnavailable, ToolError
from .fsio import cache_root as cache_root  # tts/hibari_store.py imports it from here
from .fsio import write_text_atomic

INSTALL_FFMPEG = {
    "linux": "install it with: apt-get install ffmpeg",
    "darwin": "install it with: brew install ffmpeg",
    "win32": "install it with: winget install Gyan.FFmpeg",
}
# The package that brings each tool, where it is not the tool's own name.
_PACKAGE = {"ffprobe": "ffmpeg", "setpriv": "util-linux"}
_INSTALL = {"linux": "apt-get install {}", "darwin": "brew install {}"}

# How long a tool may take: enough for the longest work of its kind, so that a tool that hangs
# (a stuck device, a pipe no one writes) ends in one line instead of waiting for ever.
QUICK_S = 30.0  # asking a version, listing voices
SENTENCE_S = 120.0  # rendering one sentence
LONG_S = 4 * 3600.0  # encoding or measuring a track, joining a whole guide


def install_hint(name: str) -> str:
    package = _PACKAGE.get(name, name)
    if name in ("ffmpeg", "ffprobe"):
        return INSTALL_FFMPEG.get(sys.platform, INSTALL_FFMPEG["linux"])
    return "install it with: " + _INSTALL.get(sys.platform, _INSTALL["linux"]).format(package)


# ffmpeg tells only what went wrong, which run() puts in its one line when it fails.
FFMPEG_QUIET = ("-hide_banner", "-nostats", "-loglevel", "error")
# The niceness of a tool that should take only the CPU the others leave (FedChain's third).
NICE = 10


@functools.cache
def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise EngineUnavailable(f"{name} is not installed; {install_hint(name)}")
    return path


_children: set[subprocess.Popen[bytes]] = set()
_children_lock = threading.Lock()
_stopping = threading.Event()  # set by stop_all(): what the tools say after it is not a failure


def _die_with_us() -> list[str]:
    """A prefix that makes the tool die when mbc-audio does, even by kill -9 (Linux's
    PR_SET_PDEATHSIG, through util-linux's setpriv), so no ffmpeg goes on writing."""
    setpriv = shutil.which("setpriv") if sys.platform == "linux" else None
    return [setpriv, "--pdeathsig", "KILL"] if setpriv else []


def run(
    args: list[str | Path], what: str, timeout_s: float = LONG_S
) -> subprocess.CompletedProcess[str]:
    """Run a tool; on failure raise ToolError naming what was being done and the tool's last words.

    The tool runs in a process group of its own, so a Ctrl-C at the terminal reaches mbc-audio
    alone, which then stops its tools (stop_all) and says what it kept. A tool still running
    after timeout_s is killed, and that is a ToolError too."""
    return _as_text(_run(args, what, None, timeout_s))


def run_bytes(
    args: list[str | Path], what: str, input_bytes: bytes | None, timeout_s: float = LONG_S
) -> subprocess.CompletedProcess[bytes]:
    """run(), with bytes given on standard input and the output kept as bytes (audio)."""
    return _run(args, what, input_bytes, timeout_s)


def _run(
    args: list[str | Path], what: str, input_bytes: bytes | None, timeout_s: float
) -> subprocess.CompletedProcess[bytes]:
    process = _start(args, what, subprocess.DEVNULL if input_bytes is None else subprocess.PIPE)
    try:
        stdout, stderr = _communicate(process, args, what, input_bytes, timeout_s)
    finally:
        with _children_lock:
            _children.discard(process)
    return _checked(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr),
                    args, what)  # fmt: skip


def run_piped(
    first: list[str | Path], second: list[str | Path], what: str, timeout_s: float = LONG_S
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """Two tools at once, the second reading what the first writes as it writes it (on two cores,
    about the time of the slower alone); each one's exit status checked as run() does."""
    head = _start(first, what, subprocess.DEVNULL)
    try:
        tail = _start(second, what, head.stdout)
    except BaseException:
        head.kill()
        head.wait()
        with _children_lock:
            _children.discard(head)
        raise
    assert head.stdout is not None
    head.stdout.close()  # the second tool holds it now: the first sees it close if that one ends
    head.stdout = None
    said: dict[str, tuple[bytes, bytes]] = {}

    def wait_head() -> None:
        with contextlib.suppress(ToolError):  # a timeout is reported for the pair, below
            said["head"] = _communicate(head, first, what, None, timeout_s)

    waiter = threading.Thread(target=wait_head, daemon=True)
    waiter.start()
    try:
        said["tail"] = _communicate(tail, second, what, None, timeout_s)
        waiter.join()
    finally:
        with _children_lock:
            _children.difference_update((head, tail))
        if head.poll() is None:  # the second failed or timed out: the first is not wanted
            head.kill()
            waiter.join()
    head_said, tail_said = said.get("head", (b"", b"")), said["tail"]
    head_run = subprocess.CompletedProcess(head.args, head.returncode, b"", head_said[1] or b"")
    tail_run = subprocess.CompletedProcess(tail.args, tail.returncode, *tail_said)
    return _checked_pair(head_run, tail_run, first, second, what)


def _checked_pair(
    head: subprocess.CompletedProcess[bytes], tail: subprocess.CompletedProcess[bytes],
    first: list[str | Path], second: list[str | Path], what: str,
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:  # fmt: skip
    checked = _checked_chain([head, tail], (first, second), what)
    return checked[0], checked[1]


def _checked_chain(
    runs: list[subprocess.CompletedProcess[bytes]], args: tuple[list[str | Path], ...], what: str
) -> tuple[subprocess.CompletedProcess[str], ...]:
    """Each tool's exit status checked as run() checks one. A tool's own failure is the
    chain's, the first in order; one that only lost its reader (a tool after it failed first)
    is not: the tools after it are checked before it."""
    for run_, tool_args in zip(runs, args, strict=True):
        lost_reader = run_.returncode == -signal.SIGPIPE or b"Broken pipe" in run_.stderr
        if run_.returncode != 0 and not lost_reader:
            _checked(run_, tool_args, what)
    for run_, tool_args in reversed(list(zip(runs, args, strict=True))):
        _checked(run_, tool_args, what)
    return tuple(_as_text(r) for r in runs)


class FedChain:
    """Three tools at once, for a first tool fed by the caller as its input comes (a track's
    samples, as its sentences are rendered): the second reads what the first writes, and the
    third is given, by a thread here, the second's output from skip bytes on and up to an end
    told later (end_at(): where the track ends), so all three work as the input comes. Until
    the end is known, the last hold bytes are kept back. The second's output is queued here, and
    each tool's messages are read as they come, so the first two never wait for the third: it
    runs at a lower priority (nice), taking what CPU the others leave until the input ends."""

    def __init__(
        self, tools: tuple[list[str | Path], list[str | Path], list[str | Path]], what: str,
        skip: int, hold: int, timeout_s: float = LONG_S,
    ) -> None:  # fmt: skip
        self._args, self._what, self._timeout_s = tools, what, timeout_s
        self._skip, self._hold = skip, hold
        self._end: int | None = None
        self._overrun = False  # more than end_at()'s count was passed on before it was known
        self._processes: list[Popen[bytes]] = []
        first = _start(tools[0], what, subprocess.PIPE)
        self._processes.append(first)
        assert first.stdout is not None
        try:
            self._processes.append(_start(tools[1], what, first.stdout))
            self._processes.append(_start(tools[2], what, subprocess.PIPE, nice=True))
        except BaseException:
            self.kill()
            raise
        finally:
            first.stdout.close()  # the second holds it now
        self._said: dict[int, bytes] = {}
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()  # None: the end
        self._threads = [self._thread(self._drain, n) for n in range(3)]
        self._threads += [self._thread(self._read), self._thread(self._relay)]

    def _thread(self, target: Callable[..., None], *args: object) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        return thread

    def write(self, data: bytes) -> None:
        """More input for the first tool; if it has ended, its failure in run()'s words."""
        first = self._processes[0]
        assert first.stdin is not None
        try:
            first.stdin.write(data)
            first.stdin.flush()  # the tools work on what has come, not when a buffer fills
        except (BrokenPipeError, ValueError):
            # The first tool ended, or the second did and took the first with it: each tool's
            # words, once they have all ended, say which failed first.
            with contextlib.suppress(BrokenPipeError):
                first.stdin.close()
            self._end = self._end or 0
            self._ended()
            raise ToolError(f"{self._args[0][0]} stopped reading while {self._what}") from None

    def end_at(self, count: int) -> None:
        """The third tool's input ends after count bytes (counted after the skipped ones)."""
        self._end = count

    def close(self) -> tuple[subprocess.CompletedProcess[str], ...]:
        """End the first tool's input and wait for all three; each one's exit status checked
        as run_piped() checks its pair."""
        assert self._end is not None, "end_at() comes before close()"
        first = self._processes[0]
        assert first.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            first.stdin.close()
        checked = self._ended()
        if self._overrun:  # hold was too small for the second tool's lead: a fault here
            raise ToolError(f"{self._args[2][0]} was given more than it should while {self._what}")
        return checked

    def _ended(self) -> tuple[subprocess.CompletedProcess[str], ...]:
        """Wait for the three tools (within one timeout), then check their exit statuses."""
        deadline = time.monotonic() + self._timeout_s
        try:
            for process in self._processes:
                process.wait(max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            self.kill()
            raise ToolError(
                f"{self._args[0][0]} did not finish within {self._timeout_s:g} seconds while "
                f"{self._what}, and was stopped; check the tool works on its own, then run the "
                "command again"
            ) from None
        for thread in self._threads:
            thread.join()
        with _children_lock:
            _children.difference_update(self._processes)
        runs = [subprocess.CompletedProcess(p.args, p.returncode, b"", self._said.get(n, b""))
                for n, p in enumerate(self._processes)]  # fmt: skip
        return _checked_chain(runs, self._args, self._what)

    def kill(self) -> None:
        """Stop the tools now: their work is not wanted."""
        for process in self._processes:
            process.kill()
            process.wait()
        with _children_lock:
            _children.difference_update(self._processes)

    def _read(self) -> None:
        """The second tool's output, queued as it comes: the first two never wait for the third,
        which runs at a lower priority."""
        second = self._processes[1]
        assert second.stdout is not None
        source = second.stdout.fileno()
        try:
            while chunk := os.read(source, 1 << 16):
                self._queue.put(chunk)
        finally:
            self._queue.put(None)  # the relay ends, and the third tool's input with it

    def _relay(self) -> None:
        """The queued output to the third tool: skip bytes dropped, then all but the last hold
        bytes as they come, and at the end up to end_at()'s count."""
        sink = self._processes[2].stdin
        assert sink is not None
        pending, skip, sent = bytearray(), self._skip, 0
        try:
            while (chunk := self._queue.get()) is not None:
                pending += chunk
                if skip:
                    dropped = min(skip, len(pending))
                    del pending[:dropped]
                    skip -= dropped
                ready = len(pending) - self._hold
                if self._end is not None:
                    ready = min(len(pending), self._end - sent)
                if ready > 0:
                    sink.write(pending[:ready])
                    sink.flush()
                    del pending[:ready]
                    sent += ready
            if self._end is not None and sent < self._end:
                sink.write(pending[: self._end - sent])
            self._overrun = self._end is None or sent > self._end
        except (BrokenPipeError, ValueError):
            pass  # the third ended early: its status says why
        finally:
            with contextlib.suppress(BrokenPipeError, ValueError):
                sink.close()

    def _drain(self, number: int) -> None:
        stderr = self._processes[number].stderr
        assert stderr is not None
        self._said[number] = stderr.read()


def _start(
    args: list[str | Path], what: str, stdin: int | IO[bytes] | None, nice: bool = False
) -> Popen[bytes]:
    lower = ["nice", "-n", str(NICE)] if nice and shutil.which("nice") else []
    command = [*_die_with_us(), *lower, tool(str(args[0])), *map(str, args[1:])]
    try:
        process = subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, process_group=0
        )
    except OSError as e:
        raise ToolError(f"{args[0]} could not start while {what} ({e.strerror})") from None
    with _children_lock:
        _children.add(process)
    return process


def _communicate(
    process: Popen[bytes], args: list[str | Path], what: str, input_bytes: bytes | None,
    timeout_s: float,
) -> tuple[bytes, bytes]:  # fmt: skip
    try:
        return process.communicate(input_bytes, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise ToolError(
            f"{args[0]} did not finish within {timeout_s:g} seconds while {what}, and was "
            "stopped; check the tool works on its own, then run the command again"
        ) from None


def _checked(
    result: subprocess.CompletedProcess[bytes], args: list[str | Path], what: str
) -> subprocess.CompletedProcess[bytes]:
    if _stopping.is_set() or result.returncode == -signal.SIGINT:
        raise KeyboardInterrupt  # stopped by stop_all(), or by a Ctrl-C meant for us all
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", errors="replace")
        for fault in (errno.ENOSPC, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)):
            if os.strerror(fault) in said:  # the machine's fault, told as the machine's fault
                raise OSError(fault, os.strerror(fault))
        words = said.strip().splitlines()
        last = (words or ["no message"])[-1]
        raise ToolError(f"{args[0]} failed while {what} (exit {result.returncode}): {last}")
    return result


def _as_text(result: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", errors="replace"),
        result.stderr.decode("utf-8", errors="replace"),
    )


@functools.cache
def version(name: str) -> str:
    """The first words of `name -version`, as a build records it.

    Starting ffmpeg takes longer than the rest of an unchanged rebuild, so the answer is kept
    in mbc-audio's cache under the program's path, size and time: a new ffmpeg is asked again.
    """
    found = shutil.which(name)
    memo = None
    if found is not None:
        stat = os.stat(found)
        where = hashlib.sha256(os.fsencode(found)).hexdigest()[:16]
        memo = cache_root() / "tools" / f"{name}-{where}-{stat.st_size}-{stat.st_mtime_ns}"
        with contextlib.suppress(OSError, UnicodeDecodeError):
            known = memo.read_text(encoding="utf-8").strip()
            if known:
                return known
    said = run([name, "-version"], f"asking {name} its version", QUICK_S).stdout.split("\n")
    answer = " ".join(said[0].split()[:3])
    if not answer:
        raise ToolError(
            f"{name} printed no version when asked ({found or name} -version); it may be "
            f"damaged or not {name} at all: {install_hint(name)}"
        )
    if memo is not None:
        with contextlib.suppress(OSError):  # a read-only cache asks again next time
            write_text_atomic(memo, answer + "\n")
    return answer


def die_with_parent() -> None:
    """In a worker process: end when the thread that started it ends, which for a worker started
    from a main thread is when its process ends, even by kill -9 (Linux's PR_SET_PDEATHSIG), so
    that no engine worker outlives a build."""
    if sys.platform != "linux":
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent ended before the line above: end now
        os._exit(1)


def stop_all(interrupted: bool = True) -> None:
    """Stop every tool still running: when mbc-audio is interrupted (then a tool that ends now
    ends with KeyboardInterrupt), or when a failed stage no longer wants their work."""
    if interrupted:
        _stopping.set()
    with _children_lock:
        for process in _children:
            process.kill()


def scratch_dir(prefix: str) -> Path:
    """A new folder for temporary files, under mbc-audio's own cache (not /tmp), named with
    this process's id so that clean_scratch() can remove what a killed run left."""
    root = _scratch_root()
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-", dir=root))


def clean_scratch() -> None:
    """Remove the scratch folders of mbc-audio processes that are no longer running."""
    root = _scratch_root()
    for folder in root.glob("*-*-*") if root.is_dir() else ():
        pid = folder.name.split("-")[-2]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _scratch_root() -> Path:
    return cache_root() / "scratch"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
