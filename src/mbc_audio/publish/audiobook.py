"""The whole guide as one file for audiobook apps: an M4B (AAC, MP4 chapters).

No joined MP3 is made: every format that plays MP3 (the web page, the feed, the DAISY book, a
music player's playlist) uses the topic MP3s, so a second copy of the audio would serve nobody.

The tracks are decoded gaplessly and joined in one ffmpeg filter graph, so each track starts in
the joined file exactly where the sum of the earlier tracks' durations says (checked in tests).
"""

from __future__ import annotations

from pathlib import Path

from mutagen import MutagenError
from mutagen.mp4 import MP4

from ..fsio import inside
from ..timeline import DURATION_SLACK_MS, Timeline
from ..tools import FFMPEG_QUIET, run
from .format import Format, Made
from .marks import Mark, guide_marks
from .packages import Offer

# MP4 and ID3 hold no encoder version or time when told to be bit-exact: the same guide
# gives the same bytes.
_BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact"]
AAC_PRIMING_SAMPLES = 1024  # ffmpeg's AAC encoder


def ffmetadata(timeline: Timeline, marks: tuple[Mark, ...]) -> str:
    """The FFMETADATA1 file that gives the M4B its title and chapters."""
    guide = timeline.guide
    lines = [
        ";FFMETADATA1",
        f"title={_escape(guide.title)}",
        f"album={_escape(guide.title)}",
        f"artist={_escape(guide.publisher)}",
        "genre=Audiobook",
        f"comment={_escape(guide.subtitle or guide.title)}",
    ]
    for mark in marks:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",  # without it, times would be read as nanoseconds
            f"START={mark.start_ms}",
            f"END={mark.end_ms}",
            f"title={_escape(mark.title)}",
        ]
    return "\n".join(lines) + "\n"


def _escape(value: str) -> str:
    for char in "\\=;#":
        value = value.replace(char, "\\" + char)
    return value.replace("\n", "\\\n")


def write_m4b(timeline: Timeline, source: Path, m4b: Path, work: Path) -> None:
    """Join the tracks in source into m4b; work holds the chapter file meanwhile."""
    marks = guide_marks(timeline)
    meta = work / "chapters.ffmeta"
    meta.write_text(ffmetadata(timeline, marks), encoding="utf-8")
    inputs: list[str | Path] = []
    for track in timeline.tracks:
        inputs += ["-i", inside(source, track.file)]
    count = len(timeline.tracks)
    joined = "".join(f"[{i}:a]" for i in range(count)) + f"concat=n={count}:v=0:a=1[a]"
    audio = timeline.build.audio
    run(
        ["ffmpeg", *FFMPEG_QUIET, "-nostdin", "-y", *inputs, "-i", meta,
         "-filter_complex", joined, "-map", "[a]",
         "-map_metadata", str(count), "-map_chapters", str(count),
         "-c:a", "aac", "-b:a", f"{audio.bitrate_kbps}k", *_BITEXACT, "-f", "ipod", m4b],
        f"making {m4b.name}",
    )  # fmt: skip


SUFFIX = ".m4b"


def _write(made: Made) -> tuple[str, ...]:
    write_m4b(made.timeline, made.site, made.beside(SUFFIX), made.work)
    return (made.names.beside(SUFFIX),)


def problems(path: Path, manifest: Timeline) -> list[str]:
    """What is wrong with a published M4B: unreadable, no audio, another length or other
    chapters than the manifest's."""
    try:
        book = MP4(path)
    except (MutagenError, OSError) as error:
        return [f"is not a readable M4B ({error}); publish again"]
    if book.info is None:
        return ["holds no audio stream; publish again"]
    found = []
    # mutagen counts in the AAC encoder's priming, which the file's edit list tells players to
    # skip: 1024 samples, 43 ms at 24 kHz.
    rate = getattr(book.info, "sample_rate", 0)  # mutagen reads it; its stubs do not say so
    priming_s = AAC_PRIMING_SAMPLES / rate if rate else 0.0
    length_ms = round((book.info.length - priming_s) * 1000)
    if abs(length_ms - manifest.guide.duration_ms) > DURATION_SLACK_MS:
        found.append(f"lasts {length_ms} ms, and the manifest's guide {manifest.guide.duration_ms} ms")
    titles = [c.title for c in book.chapters or []]
    if titles != [m.title for m in guide_marks(manifest)]:
        found.append("has chapters other than the manifest's")
    return found


FORMAT = Format(
    "the audiobook",
    _write,
    suffix=SUFFIX,
    offer=Offer(
        "Audiobook",
        "for audiobook apps on a phone or tablet (Apple Books, BookPlayer, Smart AudioBook "
        "Player, VLC): the whole guide as one file with a chapter for every topic and section",
    ),
    check=problems,
)
