"""Reading content files: one clear error for each way a file can be unusable."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ContentError, ContentFileError

# tts/ and player/ still import the writer from here; fsio is its home.
from ..fsio import write_text_atomic as write_text_atomic

# The most any one input file may hold: far more than a leaflet (a 10 MB document is the largest
# measured), far less than would exhaust memory. Checked before a byte is read.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_capped(path: Path, what: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file of at most limit bytes, or a ContentFileError in one line.

    Opened without blocking and checked before reading: a FIFO would wait for a writer forever
    and a device (/dev/zero) would be read until memory runs out."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ContentFileError(f"not found; check the name or create the {what}", path) from None
    except IsADirectoryError:
        raise ContentFileError(f"is a folder, not a {what} file", path) from None
    except OSError as e:
        raise ContentFileError(f"cannot be read ({e.strerror})", path) from None
    with os.fdopen(fd, "rb") as f:
        stat = os.fstat(fd)
        if stat.st_mode & 0o170000 == 0o040000:
            raise ContentFileError(f"is a folder, not a {what} file", path)
        if not _is_regular(stat.st_mode):
            raise ContentFileError(
                f"is not a regular file (a pipe, socket or device); save the {what} as a file",
                path,
            )
        if stat.st_size > limit:
            raise ContentFileError(
                f"is {stat.st_size // (1024 * 1024)} MB, more than the {limit // (1024 * 1024)} MB "
                f"a {what} may be; split it or check it is the right file",
                path,
            )
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise ContentFileError(f"cannot be read ({e.strerror})", path) from None
    if len(data) > limit:  # grew while it was read
        raise ContentFileError(f"grew past {limit // (1024 * 1024)} MB while it was read", path)
    return data


def _is_regular(mode: int) -> bool:
    return mode & 0o170000 == 0o100000


def read_text(path: Path, what: str = "document") -> str:
    """The file's text, or a ContentError saying what is wrong with it and what to do."""
    data = read_capped(path, what)
    if not data.strip():
        raise ContentError(f"is empty; write the {what} or remove it from guide.toml", path)
    if b"\x00" in data[:8192]:
        raise ContentError(f"looks like a binary file, not a text {what}", path)
    return utf8_text(data, path)


def utf8_text(data: bytes, path: Path) -> str:
    """data as UTF-8 text with Unix line ends and no byte-order mark, or a ContentError naming
    the line where it stops being UTF-8."""
    try:
        return unix_lines(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ContentError(
            "is not UTF-8 text; save it again as UTF-8 (most editors offer this under Save As)",
            path,
            line,
        ) from None


def unix_lines(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
