"""Output folders: confined, locked, and replaced whole, so readers see the old folder or the new
one, never half of one and never none."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import UsageError
from .fsio import FOLDER_MODE, inside, is_plain_name

_RENAME_EXCHANGE = 2  # linux/fs.h


# What a folder mbc-audio made holds, which proves it may be replaced: a built guide its
# manifest.json; a published folder its manifest.json and SHA256SUMS.
GUIDE, PUBLISHED = "built guide", "published guide"
_MANIFEST, _SUMS = "manifest.json", "SHA256SUMS"


def made_as(folder: Path) -> str | None:
    """GUIDE or PUBLISHED for a folder mbc-audio made, "" for anything else that is there
    (a user's folder or file, a link), None when nothing is there."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return ""
    if not folder.exists():
        return None
    if _is_our_manifest(folder / _MANIFEST):
        return PUBLISHED if (folder / _SUMS).is_file() else GUIDE
    return ""


def _is_our_manifest(path: Path) -> bool:
    """Whether path is a manifest mbc-audio wrote (other programs write manifest.json too): a
    regular file that names our schema near its start, even if damaged further on."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as f:
            return b'"mbc-audio-manifest"' in f.read(4096)
    except OSError:
        return False


def guide_folder(out_dir: Path, guide_id: str, kind: str = GUIDE, *keep: Path) -> Path:
    """out_dir/guide_id, where a `kind` folder may be written: refused (a UsageError, nothing
    changed) when something there is not a folder of that kind mbc-audio made, when out_dir is
    inside any folder mbc-audio made, or when the folder would hold, or lie inside, one of the
    folders in keep (the content folder, the built guide being published)."""
    folder = out_dir / guide_id
    if not is_plain_name(guide_id):
        inside(out_dir, guide_id)  # says why in its own words
    found = made_as(folder)
    if found == "":
        raise UsageError(
            f"{folder} is already there and is not a {kind} that mbc-audio made (it has no "
            f"{_MANIFEST}); nothing was changed. Move it away or choose another --out"
        )
    if found is not None and found != kind:
        raise UsageError(
            f"{folder} is a {found}; writing a {kind} there would replace it. "
            "Nothing was changed; choose another --out"
        )
    for outer in (out_dir.resolve(), *out_dir.resolve().parents):
        made = made_as(outer)
        if made:
            raise UsageError(
                f"--out {out_dir} is inside the {made} {outer}, which is replaced whole when it "
                "is made again; nothing was changed. Choose a folder outside it"
            )
    real = folder.resolve()
    for other in keep:
        theirs = other.resolve()
        if real == theirs or real.is_relative_to(theirs) or theirs.is_relative_to(real):
            raise UsageError(
                f"--out {out_dir} would put the {kind} at {folder}, "
                f"{'which is' if real == theirs else 'overlapping'} {other}; nothing was "
                "changed. Choose an output folder beside it, such as --out dist"
            )
        if out_dir.resolve().is_relative_to(theirs):
            raise UsageError(
                f"--out {out_dir} is inside {other}; nothing was changed. "
                "Choose an output folder beside it, such as --out dist"
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    return inside(out_dir, guide_id)


def staging_for(folder: Path) -> Path:
    """A new, empty folder beside folder, to fill and then swap in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    os.chmod(staging, FOLDER_MODE)
    return staging


@contextlib.contextmanager
def folder_lock(folder: Path, report: Callable[[str], None]) -> Iterator[None]:
    """One writer at a time in folder's parent: a second build or publish there waits, saying
    so once. The lock is an flock on the parent folder itself, so no lock file is left behind,
    and the kernel releases it if the holder dies."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY)
    _held.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report(f"Waiting: another build or publish is writing in {folder.parent}.")
            fcntl.flock(fd, fcntl.LOCK_EX)
        clean_leftovers(folder)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)  # releases the lock


# The locks' descriptors this process holds. A forked child (an engine's worker) closes its
# copies at once: an flock lasts while any copy is open, and the lock is the parent's to end.
_held: set[int] = set()


def _close_held() -> None:
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_held)


def clean_leftovers(folder: Path) -> None:
    """Under the lock: what an earlier run that was killed left beside folder (its staging and
    set-aside folders, its temporary files). A set-aside old folder is put back first when the
    run stopped between its two renames."""
    recover(folder)
    for leftover in folder.parent.glob(f".{folder.name}.*-*"):
        if leftover.name.startswith((f".{folder.name}.new-", f".{folder.name}.old-")):
            shutil.rmtree(leftover, ignore_errors=True)
        elif leftover.is_file() and leftover.name.endswith(".tmp"):
            leftover.unlink(missing_ok=True)


def recover(folder: Path) -> None:
    """A run stopped between two renames leaves the old folder set aside: put it back."""
    if folder.exists():
        return
    for retired in sorted(folder.parent.glob(f".{folder.name}.old-*/{folder.name}")):
        os.replace(retired, folder)
        shutil.rmtree(retired.parent, ignore_errors=True)
        return


def swap_in(staging: Path, folder: Path) -> None:
    """Put the new folder in place of the old in one step where the system allows (Linux's
    renameat2 with RENAME_EXCHANGE), so there is no moment with no folder; the old one is
    removed after. Elsewhere the old folder is set aside first and put back by recover()."""
    if not folder.exists():
        os.replace(staging, folder)
        return
    if _exchange(staging, folder):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old folder
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    os.replace(folder, retired / folder.name)
    os.replace(staging, folder)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    # The C library this process already has loaded: find_library("c") would run ldconfig.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # Windows has no such handle, nor renameat2
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # a file system or kernel without exchange: two renames instead
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def copy_file(source: Path, target: Path) -> None:
    """An independent copy of source at target: a reflink (the file system shares the blocks
    until either copy is written) where it can, else the bytes copied. Never a hard link, so an
    edit to one copy can never change the other."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as src, target.open("wb") as dst:
        try:
            fcntl.ioctl(dst.fileno(), _FICLONE, src.fileno())
            return
        except OSError:
            pass
        shutil.copyfileobj(src, dst, 1 << 20)


_FICLONE = 0x40049409  # linux/fs.h: _IOW(0x94, 9, int)
