"""A published guide's zip, unpacked once into the cache for the player: capped in total size and
compression ratio (a zip bomb is refused in one line), every member confined to its folder,
unpacked under a temporary name and renamed when whole, and older unpackings removed."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from ..errors import ManifestError, UsageError
from ..fsio import write_bytes_atomic
from ..tts.cache import default_cache_dir

MAX_BYTES = 2 << 30  # 2 GiB unpacked: a long guide is a few hundred MB
MAX_RATIO = 100  # MP3s hardly compress; the text files of a guide compress about tenfold
KEEP = 3  # unpacked guides kept in the cache, the most recently used


def guides_dir() -> Path:
    return default_cache_dir().parent / "guides"


def unpacked(archive: Path, limit_bytes: int = MAX_BYTES) -> Path:
    """The folder a guide's zip unpacks to, unpacking it the first time."""
    if not zipfile.is_zipfile(archive):
        raise UsageError(f"{archive} is not a guide folder or a guide's zip; "
                         "build one with: mbc-audio build")  # fmt: skip
    target = guides_dir() / _digest(archive)
    if (target / ".complete").is_file():
        target.touch()
        return target
    staging = target.with_name(f".{target.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        with zipfile.ZipFile(archive) as z:
            _check(z, archive, limit_bytes)
            for member in z.infolist():
                _extract(z, member, staging, archive, limit_bytes)
        # The mark that the unpacking is whole, on the disk before the folder is renamed.
        write_bytes_atomic(staging / ".complete", b"", fsync=True)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _tidy(target)
    return target


def _digest(archive: Path) -> str:
    digest = hashlib.sha256()
    with archive.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _check(z: zipfile.ZipFile, archive: Path, limit_bytes: int) -> None:
    total = sum(m.file_size for m in z.infolist())
    packed = sum(m.compress_size for m in z.infolist())
    if total > limit_bytes:
        raise ManifestError(f"would unpack to {total >> 20} MB, over the {limit_bytes >> 20} MB "
                            "a guide may take; it is not a guide", archive)  # fmt: skip
    if total > 1 << 20 and total > MAX_RATIO * max(packed, 1):
        raise ManifestError(f"is compressed {total // max(packed, 1)} to 1, which no guide is; "
                            "it is not a guide", archive)  # fmt: skip


def _extract(z: zipfile.ZipFile, member: zipfile.ZipInfo, folder: Path, archive: Path,
             limit_bytes: int) -> None:  # fmt: skip
    """One member, written inside folder, stopping if it grows past what it declared."""
    parts = PurePosixPath(member.filename.replace("\\", "/")).parts
    if not parts or member.filename.startswith("/") or any(p in ("..", "") for p in parts):
        raise ManifestError(f"holds {member.filename}, outside its folder; it is not a guide",
                            archive)  # fmt: skip
    path = folder.joinpath(*parts)
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ManifestError(
            f"holds {member.filename}, outside its folder; it is not a guide", archive
        )
    if member.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with z.open(member) as source, path.open("wb") as out:
        for block in iter(lambda: source.read(1 << 20), b""):
            written += len(block)
            if written > member.file_size or written > limit_bytes:
                raise ManifestError(f"holds {member.filename}, larger than it says; "
                                    "it is not a guide", archive)  # fmt: skip
            out.write(block)


def _tidy(keep: Path) -> None:
    """Remove all but the KEEP most recently used unpacked guides, and any half-unpacked one."""
    folders = [p for p in guides_dir().iterdir() if p.is_dir()]
    for stale in [p for p in folders if p.name.startswith(".") and p.name.endswith(".new")]:
        if stale != keep:
            shutil.rmtree(stale, ignore_errors=True)
    done = sorted((p for p in folders if not p.name.startswith(".")),
                  key=lambda p: p.stat().st_mtime, reverse=True)  # fmt: skip
    for old in done[KEEP:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
