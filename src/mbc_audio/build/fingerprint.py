"""What a build is made from, as one digest: the content folder, mbc-audio's own code, the
engine and voice, the audio settings and the tools. A guide whose manifest records the same
digest, and whose files are as the manifest says, is up to date without being parsed."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import platform
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..content.model import AudioSettings
from ..engines import EngineInfo
from ..fsio import cache_root, write_text_atomic
from ..timeline import Timeline, sha256_of
from ..tools import version as tool_version

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
    return all(
        (folder / t.file).is_file()
        and (folder / t.file).stat().st_size == t.bytes
        and sha256_of(folder / t.file) == t.sha256
        for t in timeline.tracks
    )
