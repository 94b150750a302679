"""The whole guide as one file: guide.m4b (AAC, MP4 chapters) and guide.mp3 (CHAP and CTOC).

The tracks are decoded gaplessly and joined in one ffmpeg filter graph, so each track starts in
the joined file exactly where the sum of the earlier tracks' durations says (checked in tests).
"""

from __future__ import annotations

import concurrent.futures as cf
from pathlib import Path

from ..audio.tags import TrackTags, write_tags
from ..timeline import ChapterEntry, Timeline
from ..tools import run
from .marks import Mark, guide_marks

# MP4 and ID3 hold no encoder version or time when told to be bit-exact: the same guide
# gives the same bytes.
_BITEXACT = ["-fflags", "+bitexact", "-flags:a", "+bitexact"]


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


def write_audiobooks(timeline: Timeline, source: Path, m4b: Path, mp3: Path, work: Path) -> None:
    """Join the tracks in source into m4b and mp3; work holds the chapter file meanwhile."""
    marks = guide_marks(timeline)
    meta = work / "chapters.ffmeta"
    meta.write_text(ffmetadata(timeline, marks), encoding="utf-8")
    inputs: list[str | Path] = []
    for track in timeline.tracks:
        inputs += ["-i", source / track.file]
    count = len(timeline.tracks)
    joined = "".join(f"[{i}:a]" for i in range(count)) + f"concat=n={count}:v=0:a=1[a]"
    audio = timeline.build.audio
    common = ["ffmpeg", "-v", "error", "-nostdin", "-y", *inputs]
    to_m4b = [
        *common, "-i", meta, "-filter_complex", joined, "-map", "[a]",
        "-map_metadata", str(count), "-map_chapters", str(count),
        "-c:a", "aac", "-b:a", f"{audio.bitrate_kbps}k", *_BITEXACT, "-f", "ipod", m4b,
    ]  # fmt: skip
    to_mp3 = [
        *common, "-filter_complex", joined, "-map", "[a]", "-map_metadata", "-1",
        "-c:a", "libmp3lame", "-b:a", f"{audio.bitrate_kbps}k",
        "-ar", str(audio.sample_rate_hz), *_BITEXACT, "-id3v2_version", "0", mp3,
    ]  # fmt: skip
    # Two encoders, one a core: each decodes the tracks itself, which costs little beside encoding.
    with cf.ThreadPoolExecutor(2) as pool:
        done = [
            pool.submit(run, to_m4b, f"making {m4b.name}"),
            pool.submit(run, to_mp3, f"making {mp3.name}"),
        ]
        for future in done:
            future.result()
    guide = timeline.guide
    write_tags(
        mp3,
        TrackTags(
            title=guide.title, album=guide.title, artist=guide.publisher, track=1,
            tracks=1, language=guide.language, comment=guide.subtitle or guide.title,
            chapters=tuple(
                ChapterEntry(f"ch{i:04d}", m.title, m.start_ms, m.end_ms, m.level, m.id)
                for i, m in enumerate(marks, 1)
            ),
        ),
    )  # fmt: skip
