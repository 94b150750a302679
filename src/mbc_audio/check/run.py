"""Run the checks on a built guide, in order: levels, structure, fidelity, intelligibility."""

from __future__ import annotations

from pathlib import Path

from .. import timeline
from ..content.parse import load_guide
from ..findings import Severity
from ..timeline import Timeline
from .fidelity import check_fidelity
from .intelligibility import check_intelligibility, utterances
from .levels import check_levels
from .packages import check_packages, is_published
from .recogniser import DEFAULT
from .report import Report
from .structure import check_structure


def listen_to_changes(folder: Path, before: Timeline | None, model: str = DEFAULT) -> Report:
    """The listening check of what a build said anew: each title and sentence whose words or
    voice differ from the guide before it (every one, when there was none)."""
    after = timeline.load(folder)
    report = Report()
    same_voice = before is not None and _voice(before) == _voice(after)
    heard_before = {(u.text, u.spoken) for t in before.topics for u in utterances(t)} if before and same_voice else set()
    changed = {u.text for t in after.topics for u in utterances(t) if (u.text, u.spoken) not in heard_before}
    if changed:
        check_intelligibility(folder, after, report, only=changed, model=model)
    return report


def _voice(manifest: Timeline) -> tuple[str, str, str, int]:
    b = manifest.build
    return (b.engine, b.engine_version, b.voice, b.rate_wpm)


def check_guide(
    folder: Path,
    content_dir: Path | None,
    measure: bool = True,
    listen: bool = True,
    model: str = DEFAULT,
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
        check_intelligibility(folder, manifest, report, model=model)
    return report
