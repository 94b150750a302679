"""What a build is made from, as one digest: the content folder, mbc-audio's own code, the
engine and voice, the audio settings and the tools. A guide whose manifest records the same
digest, and whose files are as the manifest says, is up to date without being parsed.

Each build also leaves a stamp in the cache: its digest, its manifest's sha256 and its tracks'.
An unchanged rebuild compares the stamp with the files (whose digests fsio remembers) and does
not read the manifest at all; without a stamp, or when it differs, the manifest decides."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import platform
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.model import AudioSettings
from ..engines import EngineInfo
from ..fsio import (
    cache_folder,
    cache_root,
    is_plain_name,
    remember_sha256,
    sha256_of,
    write_text_atomic,
)
from ..tools import version as tool_version

if TYPE_CHECKING:  # an unchanged rebuild decides without the timeline's modules
    from ..timeline import Timeline

MANIFEST = "manifest.json"  # timeline.MANIFEST, which a test holds equal

_PACKAGE = Path(__file__).resolve().parent.parent


def inputs_digest(
    content_dir: Path, info: EngineInfo, voice: str | None, audio: AudioSettings | None
) -> str:
    digest = hashlib.sha256()
    _add_files(digest, content_dir, "content", _files(content_dir))
    digest.update(f"code\0{code_digest()}".encode())
    settings = {
        "engine": asdict(info), "voice": voice, "audio": asdict(audio) if audio else None,
        "ffmpeg": tool_version("ffmpeg"), "mutagen": importlib.metadata.version("mutagen"),
        "python": platform.python_version(),
    }  # fmt: skip
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """mbc-audio's own code, every file of the package: what a build's logic is.

    Remembered in the cache folder with each file's size and modification time, as the
    utterance cache remembers its WAVs' digests, so that an unchanged rebuild reads none of the
    code: the files are read and hashed again when any of them, or the list of them, changed."""
    files = _files(_PACKAGE)
    stamps = [[path.relative_to(_PACKAGE).as_posix(), *_stamp(path)] for path in files]
    memo = cache_root() / "code-digest.json"
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
        if isinstance(known, dict) and known.get("stamps") == stamps:
            return str(known["digest"])
    except (OSError, ValueError, KeyError):
        pass
    digest = hashlib.sha256()
    _add_files(digest, _PACKAGE, "code", files)
    found = digest.hexdigest()
    with contextlib.suppress(OSError):  # a read-only cache: hashed again next time
        write_text_atomic(memo, json.dumps({"stamps": stamps, "digest": found}) + "\n")
    return found


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _add_files(digest: Any, root: Path, label: str, files: list[Path]) -> None:
    for path in files:
        digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
        digest.update(sha256_of(path).encode())


def files_match(folder: Path, timeline: Timeline) -> bool:
    """Every track of the timeline in folder, with its size and sha256."""
    return all(_file_is(folder / t.file, t.bytes, t.sha256) for t in timeline.tracks)


def _file_is(path: Path, size: int, sha256: str) -> bool:
    try:
        return path.is_file() and path.stat().st_size == size and sha256_of(path) == sha256
    except OSError:
        return False


@dataclass(frozen=True)
class Stamp:
    """What the last build of a guide folder made, as the cache remembers it."""

    inputs_sha256: str
    manifest_sha256: str
    tracks: tuple[tuple[str, int, str], ...]  # file, bytes, sha256
    duration_ms: int


def _stamp_path(folder: Path, cache_dir: Path) -> Path:
    where = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:32]
    return cache_folder(cache_dir, "builds") / f"{where}.json"


def stamp_build(folder: Path, cache_dir: Path, timeline: Timeline) -> None:
    """Remember what the build of folder just made (its manifest is in place), and the digests
    of its files: the tracks were hashed or written by this build, and linking them into the
    new folder moved their change times, so without this the next build would read them all."""
    manifest = sha256_of(folder / MANIFEST)
    with contextlib.suppress(OSError):  # a file gone already: hashed (and missed) next time
        remember_sha256(folder / MANIFEST, manifest)
        for track in timeline.tracks:
            remember_sha256(folder / track.file, track.sha256)
    stamp = {
        "inputs_sha256": timeline.build.inputs_sha256,
        "manifest_sha256": manifest,
        "tracks": [[t.file, t.bytes, t.sha256] for t in timeline.tracks],
        "duration_ms": timeline.guide.duration_ms,
    }
    with contextlib.suppress(OSError):  # a read-only cache: the manifest decides next time
        write_text_atomic(_stamp_path(folder, cache_dir), json.dumps(stamp) + "\n")


def up_to_date(folder: Path, cache_dir: Path, inputs: str) -> Stamp | None:
    """The stamp of folder's last build when it was made from inputs and its manifest and
    tracks are still the files it made; None when the manifest must decide."""
    try:
        read = json.loads(_stamp_path(folder, cache_dir).read_text(encoding="utf-8"))
        stamp = Stamp(
            str(read["inputs_sha256"]), str(read["manifest_sha256"]),
            tuple((str(f), int(b), str(s)) for f, b, s in read["tracks"]), int(read["duration_ms"]),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if stamp.inputs_sha256 != inputs or not stamp.inputs_sha256:
        return None
    manifest = folder / MANIFEST
    if not manifest.is_file() or manifest.is_symlink() or sha256_of(manifest) != stamp.manifest_sha256:
        return None
    if not all(
        is_plain_name(f) and _file_is(folder / f, size, sha) for f, size, sha in stamp.tracks
    ):
        return None
    return stamp
