"""Stage 6, swap: the new guide is checked in its staging folder, then put in place whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..check.fidelity import check_fidelity
from ..check.levels import check_levels
from ..check.report import Report
from ..check.structure import check_structure
from ..content.model import Guide
from ..errors import CheckFailed
from ..findings import Severity
from ..timeline import Timeline


def check_before_swap(
    staging: Path, guide: Guide, result: Timeline, strict: bool, report: Callable[[str], None],
    reused: frozenset[str] = frozenset(),
) -> None:  # fmt: skip
    """Levels (as measured while encoding), structure and fidelity, on the new guide before it
    replaces the old one: a guide that fails never reaches the folder clinics copy from.
    reused: tracks linked from the old guide, the same bytes it was checked with (their tags
    are not read again: that was most of a one-sentence edit's checking)."""
    found = Report()
    check_levels(staging, result, found, measure=False, checked=reused)
    check_structure(staging, result, found, checked=reused)
    check_fidelity(guide, result, found)
    problems = [f for f in found.findings if f.fails(strict)]
    for finding in found.findings:
        if finding.severity is not Severity.NOTE:
            report(str(finding))
    if problems:
        raise CheckFailed(
            f"the new guide failed {len(problems)} checks (listed above); the previous guide was kept"
        )
    report(f"Checked: levels, structure and fidelity; {found.count(Severity.WARNING)} warnings.")
