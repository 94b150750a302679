"""Putting a publish in place: the folder and the packages beside it change together.

A publish is made whole in a staging folder beside its output. A journal file naming that staging
folder is written before the first rename and removed after the last, so a run killed between
the renames is finished by the next one (roll forward: the staged files are complete by then).
The folder moves first and the packages after it, so the new zip never sits beside the old
folder; the SHA256SUMS of the packages moves last, so while the renames run `mbc-audio check`
reports a mismatch rather than passing a half-swapped pair.

One lock a guide and output folder: a second publish into the same place stops in one line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..content.files import write_text_atomic
from ..errors import UsageError
from ..folders import recover, swap_in
from .packages import Names, plain

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; publishes there are not guarded
    fcntl = None  # type: ignore[assignment]


def journal_of(out: Path, names: Names) -> Path:
    return out / f".{names.folder}.commit"


@contextlib.contextmanager
def locked(out: Path, names: Names) -> Iterator[None]:
    """Hold the publish lock of this guide in out, or stop in one line if another run has it."""
    path = out / f".{names.folder}.lock"
    with open(path, "a+b") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise UsageError(
                    f"another publish of {names.folder} into {out} is running; "
                    "wait for it to finish, then publish again"
                ) from None
        try:
            yield
        finally:
            path.unlink(missing_ok=True)


def commit(stage: Path, out: Path, names: Names) -> None:
    """Move the staged folder and packages into out, as one step for anyone who checks."""
    journal = journal_of(out, names)
    write_text_atomic(journal, stage.name + "\n")
    _roll_forward(stage, out, names)
    journal.unlink()


def _roll_forward(stage: Path, out: Path, names: Names) -> None:
    staged_folder = stage / names.folder
    if staged_folder.is_dir():
        swap_in(staged_folder, out / names.folder)
    for name in (names.zip, names.m4b, names.epub, names.sums):
        if (stage / name).is_file():
            os.replace(stage / name, out / name)


def clean_up(out: Path, names: Names) -> None:
    """Finish a commit a killed run left half done, put back a folder set aside, and remove the
    staging folders of runs that were stopped (the lock says no other run is using them)."""
    journal = journal_of(out, names)
    if journal.is_file():
        stage = out / plain(journal.read_text(encoding="utf-8").strip(), "staging folder")
        if stage.is_dir() and stage.name.startswith(f".{names.folder}.new-"):
            _roll_forward(stage, out, names)
        journal.unlink()
    recover(out / names.folder)
    for leftover in out.glob(f".{names.folder}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.glob(f".{names.folder}.old-*"):
        shutil.rmtree(leftover, ignore_errors=True)
