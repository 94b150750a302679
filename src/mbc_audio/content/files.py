"""Reading content files: one clear error for each way a file can be unusable."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError

# The player still imports the writer from here; fsio is its home, and of the readers below.
from ..fsio import read_capped, utf8_text
from ..fsio import write_text_atomic as write_text_atomic


def read_text(path: Path, what: str = "document") -> str:
    """The file's text, or a ContentError saying what is wrong with it and what to do."""
    data = read_capped(path, what)
    if not data.strip():
        raise ContentError(f"is empty; write the {what} or remove it from guide.toml", path)
    if b"\x00" in data[:8192]:
        raise ContentError(f"looks like a binary file, not a text {what}", path)
    return utf8_text(data, path)
