"""Every format publish makes, in the order it makes them: the folder's files first, then the
packages beside the folder, which are made from it. A new format is a module declaring its
`Format` (format.py) and one line here; publish, the SHA256SUMS, the commit and `mbc-audio
check` all read this list."""

from __future__ import annotations

from . import audiobook, cover, daisy, epub, feed, playlist, webvtt
from .format import Format
from .packages import Names

FORMATS: tuple[Format, ...] = (
    webvtt.FORMAT,
    feed.CHAPTERS,
    playlist.FORMAT,
    daisy.FORMAT,
    cover.FORMAT,
    feed.FORMAT,
    audiobook.FORMAT,
    epub.FORMAT,
)


def beside_folder(names: Names) -> list[str]:
    """The packages a publish puts beside the guide's folder: the folder zipped, then each
    format's own (their SHA256SUMS, names.sums, is not among them)."""
    return [names.zip] + [names.beside(f.suffix) for f in FORMATS if f.suffix is not None]
