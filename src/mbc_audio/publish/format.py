"""What an output format is: one module declares a `Format` (its name, what it writes, the
download it belongs to and how `mbc-audio check` knows it), and formats.py lists it. publish,
the SHA256SUMS, the commit and `check` go through that list, so a new format is its own module
and one line in formats.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..fsio import inside, write_text_atomic
from ..timeline import Timeline
from .packages import Names, Offer


@dataclass(frozen=True)
class Made:
    """What a format is handed to write: the guide, and where its files go."""

    timeline: Timeline
    source: Path  # the built guide being published
    site: Path  # the folder being made, in the staging folder
    stage: Path  # the staging folder: the packages beside the folder are written here
    work: Path  # scratch space, removed when the publish ends
    names: Names
    base_url: str | None  # the folder's web address; None where none was given

    def write(self, name: str, text: str) -> str:
        """Write a text file into the folder, confined to it; its name, for the list written."""
        write_text_atomic(inside(self.site, name), text)
        return name

    def beside(self, suffix: str) -> Path:
        """Where the package with this suffix is written, beside the folder."""
        return self.stage / self.names.beside(suffix)


@dataclass(frozen=True)
class Format:
    name: str  # as publish reports it: "captions", "the DAISY 2.02 book", "the audiobook"
    # Writes the format's files; returns their names (in the folder, or the package beside it).
    write: Callable[[Made], tuple[str, ...]]
    # The package beside the folder this format is (".m4b"); None: its files are in the folder,
    # and so in the listening package (the folder zipped).
    suffix: str | None = None
    # A download of its own, offered on the pages and the handout; None: part of the folder.
    offer: Offer | None = None
    # For a download that is a file of the folder (the feed): that file's name in the folder.
    file: str | None = None
    # Written only when the folder's web address is known (a podcast feed must link to it).
    needs_base_url: bool = False
    # The problems `mbc-audio check` finds in the written package (a path beside the folder),
    # each a plain sentence; None: the folder's SHA256SUMS is check enough.
    check: Callable[[Path, Timeline], list[str]] | None = None

    def package(self, names: Names) -> str | None:
        """The name of the download this format is, from the output folder; None if none."""
        if self.suffix is not None:
            return names.beside(self.suffix)
        if self.offer is not None and self.file is not None:
            return f"{names.folder}/{self.file}"
        return None
