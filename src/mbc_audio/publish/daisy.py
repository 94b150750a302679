"""A DAISY 2.02 talking book (audio and NCC): ncc.html lists the topics (h1) and their titled
sections (h2); one SMIL file a track ties each heading to its stretch of the track's MP3.

ncc.html and the SMIL files sit at the folder's root beside the topic MP3s they point to, so the
book needs no copy of the audio (docs/publishing.md says why this layout).

The book's title heading stands for the opening track, as DAISY players start there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..speech.pls import FILE as PLS_FILE
from ..speech.pls import pls_document
from ..timeline import Timeline, TrackEntry
from .format import Format, Made
from .marks import clock, release_day, track_marks
from .pages import templates


@dataclass(frozen=True)
class Heading:
    id: str  # in ncc.html
    par: str  # in the track's SMIL file
    level: int
    text: str
    smil: str
    start_ms: int  # within the track
    end_ms: int


def smil_name(track: TrackEntry) -> str:
    return track.file.rsplit(".", 1)[0] + ".smil"


def headings(timeline: Timeline) -> list[Heading]:
    found: list[Heading] = []
    for track in timeline.tracks:
        for mark in track_marks(timeline, track):
            number = len(found) + 1
            text = timeline.guide.title if number == 1 else mark.heading
            found.append(
                Heading(f"h{number}", f"par{number}", mark.level, text, smil_name(track),
                        mark.start_ms, mark.end_ms)
            )  # fmt: skip
    return found


def daisy_book(timeline: Timeline) -> dict[str, str]:
    """The text files of the book: ncc.html and a SMIL file for each track (the MP3s go beside),
    and the guide's pronunciation lexicon when it has one: a PLS file linked from ncc.html and
    counted among the book's files."""
    guide = timeline.guide
    pls = PLS_FILE if _has_lexicon(timeline) else None
    found = headings(timeline)
    common = {
        "guide": guide,
        "identifier": f"{guide.id}-{guide.version}",
        "generator": timeline.build.generator,
    }
    files: dict[str, str] = {}
    elapsed = 0
    for track in timeline.tracks:
        files[smil_name(track)] = templates().get_template("daisy.smil").render(
            **common, track=track, headings=[h for h in found if h.smil == smil_name(track)],
            elapsed=clock(elapsed), duration=clock(track.duration_ms),
        )  # fmt: skip
        elapsed += track.duration_ms
    build = timeline.build
    files["ncc.html"] = templates().get_template("ncc.html").render(
        **common, headings=found, language=guide.language,
        date=release_day(timeline).isoformat(),
        narrator=f"{build.engine} synthetic voice {build.voice}",
        depth=max(h.level for h in found), total_time=clock(elapsed).split(".")[0],
        files=1 + 2 * len(timeline.tracks) + (1 if pls else 0), pls=pls,
    )  # fmt: skip
    if pls:  # the pronunciation lexicon, for DAISY tools that read PLS
        files[PLS_FILE] = pls_document(
            timeline.build.lexicon, guide.language
        ).decode()
    return files


def _has_lexicon(timeline: Timeline) -> bool:
    lexicon = timeline.build.lexicon
    return bool(lexicon.terms or lexicon.terms_any_case or lexicon.phonemes)


def _write(made: Made) -> tuple[str, ...]:
    return tuple(made.write(name, text) for name, text in daisy_book(made.timeline).items())


FORMAT = Format("the DAISY 2.02 book", _write)
