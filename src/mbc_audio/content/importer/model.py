"""What each reader (text, HTML, Markdown) hands the writer: blocks, front matter, warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ...findings import Finding, Severity

_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def squash(text: str) -> str:
    """Runs of spaces, tabs and line ends as one space; a no-break space stays as it was."""
    return _ASCII_SPACE.sub(" ", text).strip()


class Kind(Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    ITEM = "item"  # a list item; number None for a bullet
    TABLE = "table"


@dataclass(frozen=True)
class DraftBlock:
    kind: Kind
    text: str
    line: int  # in the source document
    level: int = 2  # of a heading: 1 is the title, 2 a topic, 3 a section, 4+ spoken in place
    depth: int = 0  # of a list item: 0 at the top, 1 inside another item, ...
    number: int | None = None  # of an ordered list item
    continues: bool = False  # more text of the list item before it, after its nested list
    rows: tuple[tuple[str, ...], ...] = ()  # of a table, the header row first
    header: bool = False  # whether the table's first row is its header


def warning(line: int, message: str) -> Finding:
    """What the import dropped or changed at a line of the source; import_document names the
    source once the whole draft is made."""
    return Finding(Severity.WARNING, "", line, message)


@dataclass
class Front:
    """The draft's front matter, filled in while the document is read."""

    title: str | None = None
    reviewed_by: str | None = None
    reviewed_on: str | None = None
    next_review: str | None = None  # "Next review due March 2027": for editors, not said
    references: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reading:
    """A document as a reader understood it, before the page rules and the writer."""

    blocks: tuple[DraftBlock, ...]
    front: Front
    warnings: tuple[Finding, ...]


@dataclass(frozen=True)
class Draft:
    path: Path  # where the draft goes
    markdown: str
    warnings: tuple[Finding, ...]
