"""Putting a publish in place: the folder and the packages beside it change together.

A publish is made whole in a staging folder beside its output. A journal file naming that staging
folder is written before the first rename and removed after the last, so a run killed between
the renames is finished by the next one (roll forward: the staged files are complete by then).
The folder moves first and the packages after it, so the new zip never sits beside the old
folder; the SHA256SUMS of the packages moves last, so while the renames run `mbc-audio check`
reports a mismatch rather than passing a half-swapped pair.

The caller holds folders.folder_lock, so no other build or publish writes in the output folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..folders import swap_in
from ..fsio import FOLDER_MODE, write_text_atomic
from ..timeline import sha256_of
from .formats import beside_folder
from .packages import Names

SUMS = "SHA256SUMS"
_STAGE_PREFIX = ".{}.publish-"


def journal_of(out: Path, names: Names) -> Path:
    return out / f".{names.folder}.commit"


def staging_in(out: Path, names: Names) -> Path:
    """A new, empty staging folder in out. Its prefix is not the build's ".<id>.new-", which
    folders.clean_leftovers removes on taking the lock: a journal may still need it."""
    stage = Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX.format(names.folder), dir=out))
    os.chmod(stage, FOLDER_MODE)
    return stage


def commit(stage: Path, out: Path, names: Names) -> None:
    """Move the staged folder and packages into out, as one step for anyone who checks."""
    journal = journal_of(out, names)
    write_text_atomic(journal, stage.name + "\n")
    _roll_forward(stage, out, names)
    journal.unlink()


def _roll_forward(stage: Path, out: Path, names: Names) -> None:
    """Each step is done at most once, whenever the run that started it was killed."""
    if (stage / names.sums).is_file() and _holds_the_new_folder(stage, names):
        swap_in(stage / names.folder, out / names.folder)
    for name in [*beside_folder(names), names.sums]:
        if (stage / name).is_file():
            os.replace(stage / name, out / name)


def _holds_the_new_folder(stage: Path, names: Names) -> bool:
    """Whether stage/<id> is the folder this publish made. After the swap (an exchange of the
    two folders) it is the old one: the packages' SHA256SUMS, still staged, tells them apart."""
    folder_sums = stage / names.folder / SUMS
    if not folder_sums.is_file():
        return False
    wanted = f"  {names.folder}/{SUMS}"
    for line in (stage / names.sums).read_text(encoding="utf-8").splitlines():
        if line.endswith(wanted):
            return line.removesuffix(wanted) == sha256_of(folder_sums)
    return False


def clean_up(out: Path, names: Names) -> None:
    """Under the lock: finish a commit a killed run left half done, and remove the staging
    folders of runs that were stopped before their commit."""
    journal = journal_of(out, names)
    if journal.is_file():
        # Read, not trusted: bytes that are not a name (another program's, a damaged disk's)
        # name no staging folder, and the journal is dropped rather than blocking every publish.
        try:
            name = journal.read_bytes()[:4096].decode("ascii").strip()
        except (OSError, UnicodeDecodeError):
            name = ""
        # Only a staging folder of this guide, right in out: the journal is read, not trusted.
        ours = name.startswith(_STAGE_PREFIX.format(names.folder)) and "/" not in name
        if ours and (out / name).is_dir():
            _roll_forward(out / name, out, names)
        journal.unlink()
    for leftover in out.glob(_STAGE_PREFIX.format(names.folder) + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for half_written in out.glob(f".{journal.name}.*.tmp"):  # a journal being written
        half_written.unlink(missing_ok=True)
