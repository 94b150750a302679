"""A finding: what lint, check and import report about a guide, one plain line each."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How much a finding matters: an error fails lint, check and the build; a warning fails
    them only with --strict; a note only tells."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    where: str  # a content file, a track's file, or "guide"
    line: int | None  # in that file, where there is one
    message: str
    check: str | None = None  # the check that found it: "levels", "structure", ...

    def __str__(self) -> str:
        """"Warning: content/x.md, line 4: ..." or "Error: levels, 02-x.mp3: ...": the most
        important word first, for a screen reader and a log alike."""
        check = f"{self.check}, " if self.check else ""
        line = f", line {self.line}" if self.line is not None else ""
        return f"{self.severity.capitalize()}: {check}{self.where}{line}: {self.message}"

    def fails(self, strict: bool = False) -> bool:
        """Whether this finding fails the command: an error always, a warning under --strict."""
        return self.severity is Severity.ERROR or (strict and self.severity is Severity.WARNING)
