"""Hangs and tracebacks: inputs that are not regular files, tools that hang or say nothing, a
full cache, a journal of bytes, a track too long for a WAV, and Ctrl-C on a long build. Each
ends in one line (or "Stopped; ...") and at once."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mbc_audio.audio.assemble import layout
from mbc_audio.build import BuildOptions, build
from mbc_audio.build.plan import plan_guide
from mbc_audio.build.tracks import refuse_too_long
from mbc_audio.content.parse import load_guide
from mbc_audio.engines import EngineInfo
from mbc_audio.errors import ContentError, EngineUnavailable, MbcAudioError, ToolError
from mbc_audio.publish.commit import clean_up
from mbc_audio.publish.packages import names_for
from mbc_audio.tools import install_hint, run, tool
from mbc_audio.tts.cache import UtteranceCache
from mbc_audio.tts.render import Job, render_missing

from .clients import interruptible
from .conftest import ContentFolder

espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def mbc_audio(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    """The command as a user runs it, in a process of its own (a hang fails, not blocks, the
    test)."""
    return subprocess.run(
        [sys.executable, "-m", "mbc_audio", *args], capture_output=True, text=True,
        timeout=timeout, env={**os.environ, **(env or {})},
    )  # fmt: skip


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.parametrize("name", ["guide.toml", "lexicon.toml", "leaflet.md"])
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_an_input_that_is_not_a_regular_file_is_one_line(content, name: str, kind: str) -> None:
    path = content.root / name
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        try:  # /dev/zero's numbers: read, it never ends
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
        except PermissionError:
            pytest.skip("making a device node needs root")
    for command in ("lint", "outline"):
        line = one_line(mbc_audio(command, "--content", str(content.root), timeout=60))
        assert name in line and "not a regular file" in line, line
    out = content.root.parent / "dist"
    build = mbc_audio("build", "--content", str(content.root), "--out", str(out), "--engine",
                      "system", "--cache", str(content.root.parent / "cache"), timeout=60)  # fmt: skip
    assert name in one_line(build) and "not a regular file" in one_line(build)
    assert not list(out.glob("*"))


@pytest.mark.integration
@espeak
@pytest.mark.parametrize("name", ["guide.toml", "lexicon.toml", "leaflet.md"])
def test_check_against_content_that_is_a_pipe_is_one_line(content, tmp_path: Path, name: str) -> None:
    """Checked against its content, a guide whose guide.toml, lexicon or document is a pipe is
    refused in one line; it is never passed with the content left out."""
    guide = build(BuildOptions(content.root, tmp_path / "dist", "system", None, 1,
                               tmp_path / "cache")).folder  # fmt: skip
    (content.root / name).unlink(missing_ok=True)
    os.mkfifo(content.root / name)
    line = one_line(mbc_audio("check", str(guide), "--content", str(content.root), "--no-listen",
                              timeout=60))  # fmt: skip
    assert name in line and "not a regular file" in line, line


@pytest.mark.integration
@espeak
def test_a_manifest_that_is_a_pipe_is_one_line(content, tmp_path: Path) -> None:
    guide = tmp_path / "guide"
    guide.mkdir()
    os.mkfifo(guide / "manifest.json")
    state = {"XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for command in (["check", str(guide)], ["publish", str(guide), "--out", str(tmp_path / "p")],
                    ["play", str(guide)]):  # fmt: skip
        line = one_line(mbc_audio(*command, env=state, timeout=60))
        assert "manifest.json" in line and "not a regular file" in line, line


def test_a_tool_that_hangs_is_stopped_at_its_timeout() -> None:
    with pytest.raises(ToolError) as caught:
        run(["sleep", "30"], "waiting for nothing", timeout_s=0.5)
    assert "did not finish within 0.5 seconds while waiting for nothing" in str(caught.value)


def test_an_ffmpeg_that_prints_no_version_is_one_line(content, tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ffmpeg").write_text("#!/bin/sh\nexit 0\n")
    (fake / "ffmpeg").chmod(0o755)
    env = {"PATH": f"{fake}:{os.environ['PATH']}", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    result = mbc_audio("build", "--content", str(content.root), "--out", str(tmp_path / "dist"),
                       "--engine", "system", "--cache", str(tmp_path / "cache"), env=env)  # fmt: skip
    assert "printed no version" in one_line(result)


def test_a_missing_tool_names_its_own_package(monkeypatch) -> None:
    assert install_hint("espeak-ng").endswith("install espeak-ng")
    assert install_hint("ffprobe").endswith("install ffmpeg")
    monkeypatch.setenv("PATH", "/nonexistent")
    tool.cache_clear()
    try:
        with pytest.raises(EngineUnavailable, match="apt-get install espeak-ng"):
            tool("espeak-ng")
    finally:
        tool.cache_clear()


def test_a_journal_of_bytes_never_blocks_publishing(tmp_path: Path) -> None:
    names = names_for("guide", "1")
    (tmp_path / f".{names.folder}.commit").write_bytes(b"\xff\xfe\x80 not a name\n")
    stale = tmp_path / f".{names.folder}.publish-x1"
    stale.mkdir()
    clean_up(tmp_path, names)
    assert not (tmp_path / f".{names.folder}.commit").exists() and not stale.exists()


def test_a_topic_too_long_for_a_wav_is_one_line_naming_it(content) -> None:
    info = EngineInfo("system", "1", "v", 150, 22050)
    plan = plan_guide(load_guide(content.root), info, content.root)
    track = plan.tracks[1]
    huge = {item.key: 1 << 30 for item in track.items}  # 13.5 hours each
    with pytest.raises(ContentError) as caught:
        refuse_too_long(track, layout(list(track.items), huge, 22050), 22050)
    assert caught.value.line == track.topic.line
    assert "split it with ## headings" in str(caught.value) and "27 hours" in str(caught.value)
    small = {item.key: 22050 for item in track.items}
    refuse_too_long(track, layout(list(track.items), small, 22050), 22050)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB file system (tmpfs), where a build's cache fills after a few sentences."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True)  # fmt: skip
    if made.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.integration
@espeak
def test_a_full_cache_stops_the_workers_without_a_thread_failing(small_disk: Path, monkeypatch) -> None:
    from mbc_audio.tts.system import SystemEngine

    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    info = SystemEngine.describe(None, 150)
    jobs = [Job(f"{n:064x}", f"Sentence number {n} is said here, at some length.", "test")
            for n in range(80)]  # fmt: skip
    before = set(threading.enumerate())
    with pytest.raises(OSError) as caught:
        render_missing(jobs, "system", None, info, UtteranceCache(small_disk / "cache"), 2)
    assert caught.value.errno == errno.ENOSPC
    deadline = time.monotonic() + 30
    while set(threading.enumerate()) - before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not set(threading.enumerate()) - before, "the pool's threads did not end"
    assert failures == []


@pytest.mark.integration
@espeak
def test_ctrl_c_on_a_long_build_ends_every_worker_and_the_command(tmp_path: Path) -> None:
    content = ContentFolder(tmp_path / "content")
    content.leaflet("".join(
        f"## Topic {t}\n\n" + " ".join(f"Sentence {t} {n} is said." for n in range(100)) + "\n\n"
        for t in range(30)
    ))  # fmt: skip
    command = [sys.executable, "-X", "faulthandler", "-m", "mbc_audio", "build", "--content", str(content.root),
               "--out", str(tmp_path / "dist"), "--engine", "system", "--jobs", "2",
               "--cache", str(tmp_path / "cache")]  # fmt: skip
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=env, preexec_fn=interruptible)  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:  # interrupted while the workers render
        if line.startswith("Rendered"):
            break
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)  # -X faulthandler: where each thread waits
        output, _ = process.communicate(timeout=20)
        pytest.fail("the build did not end after Ctrl-C" + output[-8000:])
    assert process.returncode == 130, output
    assert output.strip().splitlines()[-1].startswith("Stopped; "), output
    assert "Traceback" not in output and "Exception in thread" not in output, output
    leftover = [p for p in Path("/proc").glob("[0-9]*") if _mentions(p, tmp_path)]
    assert not leftover, "a worker or tool outlived the build"


def _mentions(proc: Path, path: Path) -> bool:
    try:
        status = (proc / "stat").read_text().split()[2]
        text = (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes()
    except OSError:
        return False
    return str(path).encode() in text and b"pytest" not in text and status != "Z"


def test_an_ffmpeg_failure_writing_the_phrases_is_an_mbc_audio_error(tmp_path: Path) -> None:
    from mbc_audio.timeline.phrases import write_clips

    info = EngineInfo("system", "1", "v", 150, 0)  # a sample rate ffmpeg refuses
    with pytest.raises(MbcAudioError) as caught:
        write_clips(tmp_path / "phrases", {"Hello.": b"\0\0" * 2205}, info, "k")
    assert "ffmpeg failed while encoding the player's phrases" in str(caught.value)


def test_every_tool_is_started_by_the_one_runner() -> None:
    """tools.run gives every tool a timeout, one line on failure and its package's name when it
    is missing; five calls once went around it (the system voice, the phrases, the listening)."""
    src = Path(__file__).resolve().parent.parent / "src" / "mbc_audio"
    around = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if path.name != "tools.py"
        and any(word in path.read_text(encoding="utf-8")
                for word in ("import subprocess", "from subprocess", "os.system(", "os.popen(",
                             "os.spawn", "os.exec"))  # fmt: skip
    ]
    assert around == []
