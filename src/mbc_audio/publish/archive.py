"""Reproducible zips and SHA256SUMS: the same files give byte-identical archives.

Entries are sorted (the EPUB's mimetype first, as EPUB requires), dated with the guide's release
day instead of the files' times, and given fixed permissions; audio and pictures, already
compressed, are stored as they are.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..fsio import atomic_path
from ..timeline import sha256_of

_STORED = {".mp3", ".m4b", ".png", ".zip", ".epub"}


def write_zip(path: Path, entries: Iterable[tuple[str, Path | bytes]], day: datetime.date) -> None:
    """Write (name, file or bytes) entries to path, atomically, in the order given."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        for name, source in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, wherever it was made
            stored = name == "mimetype" or Path(name).suffix in _STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            data = source if isinstance(source, bytes) else source.read_bytes()
            archive.writestr(info, data, compresslevel=None if stored else 9)


def files_under(folder: Path) -> list[str]:
    """Every file below folder as a relative POSIX path, sorted."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def sha256sums(folder: Path, names: Iterable[str]) -> str:
    """SHA256SUMS as sha256sum writes it, so `sha256sum -c SHA256SUMS` checks the folder."""
    return "".join(f"{sha256_of(folder / name)}  {name}\n" for name in names)
