"""What the checks find, and how it is shown: plain lines or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from ..findings import Finding, Severity


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    tracks: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> figures
    guide: dict[str, int | str] = field(default_factory=dict)

    def add(self, check: str, severity: Severity, where: str, message: str) -> None:
        self.findings.append(Finding(severity, where, None, message, check))

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    def failed(self, strict: bool = False) -> bool:
        return any(f.fails(strict) for f in self.findings)

    def lines(self) -> list[str]:
        out = []
        for file, figures in self.tracks.items():
            out.append(f"Track {file}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        out += [str(f) for f in self.findings]
        if self.guide:
            out.append("Guide: " + ", ".join(f"{k} {v}" for k, v in self.guide.items()))
        verdict = "Failed" if self.failed() else "Passed"
        out.append(
            f"{verdict}: {self.count(Severity.ERROR)} errors, "
            f"{self.count(Severity.WARNING)} warnings, {self.count(Severity.NOTE)} notes."
        )
        return out

    def to_json(self) -> str:
        return json.dumps(
            {
                "passed": not self.failed(),
                "findings": [asdict(f) for f in self.findings],
                "tracks": self.tracks,
                "guide": self.guide,
            },
            indent=1,
            ensure_ascii=False,
        )
