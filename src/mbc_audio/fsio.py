"""The bottom layer: files written whole, links that fall back to copies, paths kept inside their
folder, where mbc-audio keeps its cache and its state, and files' sha256. Every other module
writes, confines and hashes through these, so each rule is written once."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import ContentError, ContentFileError, UsageError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Temporary files and folders are private; what they become is shared like any file the user
# saves (a web server or a colleague must be able to read a published guide).
FILE_MODE = 0o666 & ~_umask()
FOLDER_MODE = 0o777 & ~_umask()

# A name a guide or a file may have: no folder separators, not "." or "..", nothing hidden.
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


# --- Writing whole files -------------------------------------------------------------------


# What a person typed (their place, bookmark names, questions and notes) is theirs: its files
# are readable by their owner only, in folders that only the owner can enter.
PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


@contextlib.contextmanager
def atomic_path(
    path: Path, suffix: str = ".tmp", mode: int = FILE_MODE, fsync: bool = False
) -> Iterator[Path]:
    """A temporary name beside path for the block to write; renamed to path when the block ends,
    removed if it fails, so a reader finds the old file or the new one, never half of one.

    mode: the file's permissions (shared like any saved file unless told; PRIVATE_FILE_MODE for
    what a person typed, whose new folders are then PRIVATE_FOLDER_MODE too). The temporary
    file is private while it is written. fsync: the file is flushed to the disk before the
    rename and the rename after it, so a power cut too leaves the old file or the new one.

    The temporary name starts with "." and the target's name (`.manifest.json.x1y2.tmp`), which
    folders.clean_leftovers knows as a killed run's leftover."""
    private = not mode & 0o077
    path.parent.mkdir(mode=PRIVATE_FOLDER_MODE if private else 0o777, parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)  # 0600
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if fsync:
            _flush(tmp, os.O_RDWR)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        tmp.unlink(missing_ok=True)
        if isinstance(e, OSError) and e.filename is None:
            e.filename = str(path)  # a full disk says nothing about where; say it
        raise
    if fsync and sys.platform != "win32":  # Windows cannot open a folder to flush it
        with contextlib.suppress(OSError):
            _flush(path.parent, os.O_RDONLY)  # the rename itself survives a power cut


def _flush(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes_atomic(path: Path, data: bytes, mode: int = FILE_MODE, fsync: bool = False) -> None:
    """Write data to path through a temporary name beside it (atomic_path says the options)."""
    with atomic_path(path, mode=mode, fsync=fsync) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(path: Path, text: str, mode: int = FILE_MODE, fsync: bool = False) -> None:
    """Write text to path as UTF-8 with Unix line ends, through a temporary name beside it
    (atomic_path says the options)."""
    with (
        atomic_path(path, mode=mode, fsync=fsync) as tmp,
        tmp.open("w", encoding="utf-8", newline="\n") as f,
    ):
        f.write(text)


def link_or_copy(source: Path, target: Path) -> None:
    """The same bytes under a second name: a hard link where the file system allows, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# --- Keeping paths inside their folder -----------------------------------------------------


def is_plain_name(name: str) -> bool:
    """Whether name is one plain file name: letters, digits, ".", "-", "_", not hidden."""
    return bool(PLAIN_NAME.fullmatch(name)) and name.strip(".") != ""


def is_inside(folder: Path, path: Path) -> bool:
    """Whether path, with symbolic links followed, lies inside folder."""
    return path.resolve().is_relative_to(folder.resolve())


def inside(folder: Path, name: str) -> Path:
    """folder/name, proved to lie inside folder: each part of name ("vtt/01.vtt" has two) is a
    plain name (no "..", ".", nor an absolute start), and the path with symbolic links followed
    is still under folder."""
    parts = name.split("/")
    bad = next((p for p in parts if not is_plain_name(p)), None)
    if bad is not None:
        raise UsageError(
            f'"{name}" is not a plain file name inside {folder} (letters, digits, ".", "-", "_")'
        )
    path = folder.joinpath(*parts)
    if not is_inside(folder, path):
        raise UsageError(f"{path} leads outside {folder}; remove the link there")
    return path


def confined(path: Path, folder: Path) -> Path:
    """path, if it is inside folder once links are followed; else a ContentError naming it.

    Content is read only from inside its folder: a link in content/ to a file elsewhere
    would put that file's text in a guide handed to patients."""
    try:
        real, root = path.resolve(), folder.resolve()
    except (OSError, RuntimeError):
        raise ContentError("is a loop of symbolic links; replace it with the file", path) from None
    if not real.is_relative_to(root):
        raise ContentError(
            f"is a link to {real}, outside the content folder; "
            f"copy the file into {folder} instead of linking to it",
            path,
        )
    return path


# --- Where mbc-audio keeps things ----------------------------------------------------------


def cache_root() -> Path:
    """$XDG_CACHE_HOME/mbc-audio (~/.cache/mbc-audio): everything that can be made again."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mbc-audio"


def default_cache_dir() -> Path:
    """The rendered sentences' cache when no --cache is given."""
    return cache_root() / "utterances"


def cache_folder(cache_dir: Path | None, name: str) -> Path:
    """A folder of the cache beside the rendered sentences ("voices", "tools", "scratch",
    "guides"): next to --cache when one is given, so one option moves the whole cache."""
    return (cache_dir.parent if cache_dir is not None else cache_root()) / name


def state_dir() -> Path:
    """$XDG_STATE_HOME/mbc-audio on Linux; the platform's folder for app data elsewhere."""
    if override := os.environ.get("MBC_AUDIO_STATE"):
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "mbc-audio"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "mbc-audio"
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "mbc-audio"


def config_dir() -> Path:
    """Where the user's keys.txt lives: $XDG_CONFIG_HOME/mbc-audio, or the platform's folder."""
    if override := os.environ.get("MBC_AUDIO_CONFIG"):
        return Path(override)
    if sys.platform in ("win32", "darwin"):
        return state_dir()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "mbc-audio"


# --- Files' sha256, remembered ---------------------------------------------------------------
# A file's digest is remembered in the cache with its size, modification and change times and
# inode, as git's index remembers what it hashed: a write to the file, or another file put in its
# place, changes one of them, and no tool sets a change time back. A file changed in the last
# seconds is not remembered when hashed: a write in the same clock tick as the hashing would not
# show. remember_sha256 is the exception: the caller wrote the file, or read it, itself.
_KNOWN_FILE = "sha256-known.json"
_KNOWN_MOST = 4096  # entries; past it, those of files that are gone are dropped
_SETTLED_NS = 2_000_000_000
_known_lock = threading.Lock()
_known: dict[str, list[Any]] | None = None
# Digests remembered and not yet written, inside remembered_together(); its depth.
_unwritten: dict[str, list[Any]] = {}
_together = 0


def sha256_of(path: Path) -> str:
    """The file's sha256, read again only when the file may have changed since it was hashed."""
    stamp = _stamp(os.stat(path))
    key = str(Path(os.path.abspath(path)))
    with _known_lock:
        entry = _known_digests().get(key)
    if entry is not None and entry[:4] == stamp:
        return str(entry[4])
    found = _hash_file(path)
    if _stamp(os.stat(path)) == stamp and time.time_ns() - max(stamp[1], stamp[2]) > _SETTLED_NS:
        _remember(key, [*stamp, found])
    return found


def remember_sha256(path: Path, digest: str, keep: bool = True) -> None:
    """Remember the digest of path as the caller knows it: it wrote the file, or read its bytes
    in this process, and has since only linked or renamed it. A hard link moves a file's change
    time and not its bytes; without this the next build would read every track again. keep=False:
    for this process alone (a staging folder, whose paths are gone once it is swapped in)."""
    entry = [*_stamp(os.stat(path)), digest]
    key = str(Path(os.path.abspath(path)))
    if keep:
        _remember(key, entry)
    else:
        with _known_lock:
            _known_digests()[key] = entry


@contextlib.contextmanager
def remembered_together() -> Iterator[None]:
    """Digests remembered inside the block are written to the cache once, as it ends, rather
    than one rewrite of the whole file each: a build that links a guide's tracks (a hard link
    moves each one's change time, so each is hashed again) rewrites it once, not once a track."""
    global _together
    with _known_lock:
        _together += 1
    try:
        yield
    finally:
        with _known_lock:
            _together -= 1
            if _together == 0 and _unwritten:
                _write_known()


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _forked() -> None:
    """In a forked child (an engine's worker): what it remembers it writes itself, as it learns
    it, not at the end of the parent's command, which the child does not run."""
    global _together, _known_lock
    _together = 0
    _unwritten.clear()
    _known_lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows, which does not fork
    os.register_at_fork(after_in_child=_forked)


def _stamp(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def _known_digests() -> dict[str, list[Any]]:
    global _known
    if _known is None:
        _known = _read_known()
    return _known


def _read_known() -> dict[str, list[Any]]:
    try:
        read = json.loads((cache_root() / _KNOWN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return read if isinstance(read, dict) else {}


def _remember(key: str, entry: list[Any]) -> None:
    with _known_lock:
        _known_digests()[key] = entry
        _unwritten[key] = entry
        if _together == 0:
            _write_known()


def _write_known() -> None:
    """What this process remembered, added to what the file holds now (another process, such as
    an engine's worker, may have written to it since this one read it). Under _known_lock."""
    global _known
    known = _read_known()
    known.update(_unwritten)
    _unwritten.clear()
    if len(known) > _KNOWN_MOST:
        for gone in [k for k in known if not os.path.exists(k)]:
            del known[gone]
        while len(known) > _KNOWN_MOST:
            del known[next(iter(known))]
    _known = known
    text = json.dumps(known, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a read-only cache: hashed again next time
        write_text_atomic(cache_root() / _KNOWN_FILE, text)


# --- reading what people give us ----------------------------------------------------------
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
