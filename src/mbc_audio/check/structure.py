"""Structure: every file there with its sha256, ID3 chapters as the manifest says, durations."""

from __future__ import annotations

from pathlib import Path

from mutagen import MutagenError
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3

from ..audio.gapless import playing_seconds
from ..findings import Severity
from ..fsio import is_inside
from ..timeline import DURATION_SLACK_MS, Timeline, TrackEntry, sha256_of, validate
from .report import Report


def check_structure(
    folder: Path, manifest: Timeline, report: Report, checked: frozenset[str] = frozenset()
) -> None:
    """checked: tracks whose bytes were checked before, as the manifest says them (a build's
    unchanged tracks): only their presence and sha256 are looked at."""
    problem = validate(manifest)
    if problem:
        report.add("structure", Severity.ERROR, "guide", problem)
    for track in manifest.tracks:
        path = folder / track.file
        if not path.is_file():
            report.add("structure", Severity.ERROR, track.file, "is in the manifest but missing")
            continue
        if not is_inside(folder, path):
            report.add("structure", Severity.ERROR, track.file,
                       "leads outside the guide's folder; build the guide again")  # fmt: skip
            continue
        if path.stat().st_size != track.bytes or sha256_of(path) != track.sha256:
            report.add("structure", Severity.ERROR, track.file, "differs from the build (size or sha256)")
        elif track.file in checked:
            continue
        try:
            mp3 = MP3(path)
        except (MutagenError, OSError):
            mp3 = None
        if mp3 is None or mp3.info is None or not mp3.info.bitrate:
            report.add("structure", Severity.ERROR, track.file, "is not a readable MP3")
            continue
        length_ms = playing_seconds(path, mp3) * 1000
        # The length comes from the Xing header, which a cut file still carries: a CBR file's
        # audio bytes tell how much is really there.
        held_ms = (
            (path.stat().st_size - (mp3.tags.size if mp3.tags is not None else 0)) * 8 / mp3.info.bitrate * 1000
        )
        if held_ms < length_ms * 0.98:
            report.add("structure", Severity.ERROR, track.file,
                       f"is cut short: it holds {held_ms / 1000:.1f} s of its {length_ms / 1000:.1f} s")  # fmt: skip
        if abs(length_ms - track.duration_ms) > DURATION_SLACK_MS:
            report.add("structure", Severity.ERROR, track.file,
                       f"lasts {length_ms / 1000:.2f} s, and the manifest says {track.duration_ms / 1000:.2f} s")  # fmt: skip
        _check_chapters(mp3.tags, track, report)
    report.guide["tracks"] = len(manifest.tracks)
    report.guide["sentences"] = len(manifest.sentences)


def _check_chapters(tags: ID3 | None, track: TrackEntry, report: Report) -> None:
    """The chapters of the tags as read with the MP3 (reading them again took as long)."""
    if tags is None:
        report.add("structure", Severity.ERROR, track.file, "has no ID3 tags")
        return
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    found = [
        (c.element_id, c.start_time, c.end_time, str(c.sub_frames.get("TIT2", ""))) for c in chaps
    ]
    wanted = [(c.id, c.start_ms, c.end_ms, c.title) for c in track.chapters]
    if found != wanted:
        first = next(
            (
                f"{w[0]} is {f[1]}-{f[2]} ms, not {w[1]}-{w[2]} ms"
                for f, w in zip(found, wanted, strict=False)
                if f != w
            ),
            f"{len(found)} chapters, not {len(wanted)}",
        )
        report.add(
            "structure", Severity.ERROR, track.file, f"ID3 chapters disagree with the manifest: {first}"
        )
    tocs = tags.getall("CTOC")
    top = [t for t in tocs if t.flags & CTOCFlags.TOP_LEVEL]
    if len(top) != 1 or not top[0].flags & CTOCFlags.ORDERED:
        report.add("structure", Severity.ERROR, track.file, "needs exactly one top-level, ordered CTOC")
    elif list(top[0].child_element_ids) != [c.element_id for c in chaps]:
        report.add(
            "structure", Severity.ERROR, track.file, "the CTOC does not list the chapters in time order"
        )
