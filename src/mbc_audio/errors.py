"""One root exception for everything mbc-audio reports to its users.

Errors carry the file (and line) they are about; only the CLI turns them into
one plain line and an exit status.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path


class MbcAudioError(Exception):
    """Root of every error mbc-audio raises on purpose."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f", line {self.line}"
            where += ": "
        return where + self.message


class ContentError(MbcAudioError, ValueError):
    """A content document, guide.toml or lexicon that cannot be used as it is."""


class ContentFileError(MbcAudioError, OSError):
    """A content file that is missing or cannot be read."""


class EngineUnavailable(MbcAudioError, RuntimeError):
    """A speech engine, voice or tool that is not installed; the message says how to install it."""


class RenderError(MbcAudioError, RuntimeError):
    """A sentence that could not be turned into plausible audio, even on a second try."""


class ToolError(MbcAudioError, RuntimeError):
    """An external tool (ffmpeg, ffprobe) that failed; the message names the command."""


class ManifestError(MbcAudioError, ValueError):
    """A manifest.json that is missing, unreadable or not what this version writes."""


class CheckFailed(MbcAudioError, RuntimeError):
    """A built guide that failed its checks; the previous guide was kept."""


class UsageError(MbcAudioError, ValueError):
    """An option or argument that cannot be used as given; the message says what would do."""


# What an operating-system error means to the person at the keyboard, and what to do about it;
# {other} is filled in by the caller ("another folder", "another folder with --out").
_OS_ADVICE = {
    errno.EACCES: "permission denied; check that you may read and write there, or choose {other}",
    errno.EPERM: "not permitted; check that you may read and write there, or choose {other}",
    errno.EROFS: "the disk is read-only; choose {other} on a disk that can be written",
    errno.ENOSPC: "the disk is full; free some space, or choose {other}, then run the command again",
    getattr(errno, "EDQUOT", errno.ENOSPC): "the disk quota is used up; free some space, or choose "
    "{other}, then run the command again",
    errno.ENOENT: "not found; check the name, or create the folder",
    errno.ENOTDIR: "a part of this path is a file, not a folder; check the path, or choose {other}",
    errno.EISDIR: "is a folder where a file was expected; check the path",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
    errno.ELOOP: "too many symbolic links; check the path",
}


# The hidden names mbc-audio writes to before renaming: ".guide.new-x1y2", ".notes.md.x1y2.tmp".
_SCRATCH = re.compile(r"^\..*(\.new-|\.old-|\.tmp$)")
_WRITE_FAULTS = {errno.ENOSPC, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def os_error_in(error: BaseException) -> OSError | None:
    """The OSError behind an error a library raised in its own words (mutagen's, for one)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, OSError):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def os_error_advice(error: OSError, other: str = "another folder") -> str:
    """What went wrong, in words, and what to do: "the disk is full; free some space, ..."."""
    advice = _OS_ADVICE.get(error.errno or 0)
    if advice is None:
        return f"{(error.strerror or str(error)).lower()}; check the path, or choose {other}"
    return advice.format(other=other)


def os_error_line(error: OSError) -> str:
    """One line for an OSError: the path it is about, what went wrong and what to do."""
    name = error.filename if error.filename is not None else error.filename2
    if error.errno in _WRITE_FAULTS and error.filename2 is not None:
        name = error.filename2  # a copy names its source first; the fault is where it writes
    if name is None:
        return os_error_advice(error)
    path = Path(os.fsdecode(name))
    scratch = next((i for i, part in enumerate(path.parts) if _SCRATCH.search(part)), None)
    if scratch is not None:  # a hidden staging folder or temporary file: name the user's folder
        path = Path(*path.parts[:scratch]) if scratch else Path(".")
    return f"{path}: {os_error_advice(error)}"
