"""Replacing a whole output folder at once: readers see the old folder or the new one, never half."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .content.files import FOLDER_MODE


def staging_for(folder: Path) -> Path:
    """A new, empty folder beside folder, to fill and then swap in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    os.chmod(staging, FOLDER_MODE)
    return staging


def recover(folder: Path) -> None:
    """A run stopped between its two renames leaves the old folder set aside: put it back."""
    if folder.exists():
        return
    for retired in sorted(folder.parent.glob(f".{folder.name}.old-*/{folder.name}")):
        os.replace(retired, folder)
        shutil.rmtree(retired.parent, ignore_errors=True)
        return


def swap_in(staging: Path, folder: Path) -> None:
    """Put the new folder in place of the old; the old one is removed only after."""
    if folder.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
        os.replace(folder, retired / folder.name)
        os.replace(staging, folder)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, folder)
