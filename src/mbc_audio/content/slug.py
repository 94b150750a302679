"""Names safe on every file system, made from heading text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import ContentError

# Names Windows reserves for devices, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}


def slugify(text: str, max_length: int = 48) -> str:
    """'Metastasis in the lungs' -> 'metastasis-in-the-lungs' (ASCII letters, digits, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def checked_slug(title: str, path: Path, line: int | None) -> str:
    """The slug of a heading, or a ContentError when it cannot name a file."""
    slug = slugify(title)
    if not slug:
        raise ContentError(
            f'the heading "{title}" has no letters or digits to name its audio file; '
            "write it in words",
            path,
            line,
        )
    if slug in _RESERVED:
        raise ContentError(
            f'the heading "{title}" is a name Windows keeps for devices and cannot name a file; '
            "reword the heading",
            path,
            line,
        )
    return slug
