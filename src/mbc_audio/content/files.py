"""Reading content files: one clear error for each way a file can be unusable."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError, ContentFileError

# tts/ and player/ still import the writer from here; fsio is its home.
from ..fsio import write_text_atomic as write_text_atomic


def read_text(path: Path, what: str = "document") -> str:
    """The file's text, or a ContentError saying what is wrong with it and what to do."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentFileError(f"not found; check the name or create the {what}", path) from None
    except IsADirectoryError:
        raise ContentFileError(f"is a folder, not a {what} file", path) from None
    except OSError as e:
        raise ContentFileError(f"cannot be read ({e.strerror})", path) from None
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
