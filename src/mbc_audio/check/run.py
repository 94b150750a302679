"""Run the checks on a built guide, in order: levels, structure, fidelity, intelligibility."""

from __future__ import annotations

from pathlib import Path

from .. import timeline
from ..content.parse import load_guide
from ..findings import Severity
from .fidelity import check_fidelity
from .intelligibility import check_intelligibility
from .levels import check_levels
from .packages import check_packages, is_published
from .report import Report
from .structure import check_structure


def check_guide(
    folder: Path,
    content_dir: Path | None,
    measure: bool = True,
    listen: bool = True,
) -> Report:
    """All checks. measure=False reuses the levels the build recorded (the build's own check);
    listen=False leaves out the recogniser (intelligibility)."""
    manifest = timeline.load(folder)
    report = Report()
    check_levels(folder, manifest, report, measure=measure)
    check_structure(folder, manifest, report)
    if is_published(folder):  # and the downloads beside it
        check_packages(folder, manifest, report)
    else:
        report.add(
            "structure",
            Severity.NOTE,
            "guide",
            "not published yet: the published formats were not checked",
        )
    guide = load_guide(content_dir) if content_dir is not None else None
    check_fidelity(guide, manifest, report)
    if listen:
        check_intelligibility(folder, manifest, report)
    return report
