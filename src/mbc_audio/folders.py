"""Output folders: confined, locked, and replaced whole, so readers see the old folder or the new
one, never half of one and never none."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from .fsio import FOLDER_MODE, inside

# player/phrases.py still imports it from here; fsio is its home.
from .fsio import link_or_copy as link_or_copy

_RENAME_EXCHANGE = 2  # linux/fs.h


def guide_folder(out_dir: Path, guide_id: str) -> Path:
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
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report(f"Waiting: another build or publish is writing in {folder.parent}.")
            fcntl.flock(fd, fcntl.LOCK_EX)
        clean_leftovers(folder)
        yield
    finally:
        os.close(fd)  # releases the lock


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
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
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
