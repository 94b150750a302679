"""External tools (ffmpeg, ffprobe): found once, run with their exit status checked."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import EngineUnavailable, ToolError

INSTALL_FFMPEG = {
    "linux": "install it with: apt-get install ffmpeg",
    "darwin": "install it with: brew install ffmpeg",
    "win32": "install it with: winget install Gyan.FFmpeg",
}


@functools.cache
def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        hint = INSTALL_FFMPEG.get(sys.platform, INSTALL_FFMPEG["linux"])
        raise EngineUnavailable(f"{name} is not installed; {hint}")
    return path


def run(args: list[str | Path], what: str) -> subprocess.CompletedProcess[str]:
    """Run a tool; on failure raise ToolError naming what was being done and the tool's last words."""
    command = [tool(str(args[0])), *map(str, args[1:])]
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    except OSError as e:
        raise ToolError(f"{args[0]} could not start while {what} ({e.strerror})") from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise ToolError(f"{args[0]} failed while {what} (exit {result.returncode}): {last}")
    return result


@functools.cache
def version(name: str) -> str:
    """The first line of `name -version`, as a build records it."""
    first = run([name, "-version"], f"asking {name} its version").stdout.splitlines()[0]
    return " ".join(first.split()[:3])
