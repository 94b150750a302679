"""Fidelity: every sentence of the content in the timeline exactly once, in order, of a
plausible length for its words."""

from __future__ import annotations

from collections import Counter

from ..content.model import Guide
from ..findings import Severity
from ..timeline import SentenceEntry, Timeline
from ..tts.render import expected_seconds
from ..wording import shorten
from .report import Report


def check_fidelity(guide: Guide | None, manifest: Timeline, report: Report) -> None:
    heard = manifest.sentences
    if guide is None:
        report.add(
            "fidelity",
            Severity.NOTE,
            "guide",
            "no content folder given: the timeline was not compared with it",
        )
    else:
        _compare(guide, heard, report)
    rate = manifest.build.rate_wpm
    for sentence in heard:
        seconds = (sentence.end_ms - sentence.start_ms) / 1000
        expected = expected_seconds(sentence.spoken, rate)
        if not expected / 3 <= seconds <= expected * 3:
            report.add("fidelity", Severity.ERROR, sentence.file,
                       f'"{shorten(sentence.text)}" lasts {seconds:.2f} s, and its words need about '
                       f"{expected:.2f} s")  # fmt: skip


def _compare(guide: Guide, heard: tuple[SentenceEntry, ...], report: Report) -> None:
    wanted = [(s.id, s.text) for s in guide.sentences]
    got = [(s.id, s.text) for s in heard]
    counts = Counter(got)
    files = {s.id: s.file for s in heard}
    for item, count in counts.items():
        if count > 1:
            report.add(
                "fidelity",
                Severity.ERROR,
                files[item[0]],
                f'"{shorten(item[1])}" is in the timeline {count} times',
            )
    present = set(got)
    for sentence_id, text in wanted:
        if (sentence_id, text) not in present:
            report.add(
                "fidelity",
                Severity.ERROR,
                "guide",
                f'"{shorten(text)}" ({sentence_id}) is not in the timeline',
            )
    extra = present - set(wanted)
    for sentence_id, text in sorted(extra):
        report.add(
            "fidelity", Severity.ERROR, files[sentence_id], f'"{shorten(text)}" is not in the content'
        )
    shared = [item for item in got if item in set(wanted)]
    order = [item for item in wanted if item in present]
    if shared != order and not any(c > 1 for c in counts.values()):
        first = next(a for a, b in zip(shared, order, strict=False) if a != b)
        report.add("fidelity", Severity.ERROR, files[first[0]], f'"{shorten(first[1])}" is out of order')
