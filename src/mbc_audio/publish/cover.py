"""cover.png: the square picture podcast apps show (1400 pixels, the guide's title in large
white letters on dark blue, a contrast of 8 to 1), drawn by ffmpeg."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..fsio import inside
from ..tools import FFMPEG_QUIET, run
from .format import Format, Made

SIZE = 1400
BACKGROUND = "0x0b4f8a"
_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),  # Debian's fonts-dejavu-core
    Path("/Library/Fonts/Arial Bold.ttf"),
    Path("C:/Windows/Fonts/arialbd.ttf"),
)


def write_cover(title: str, path: Path, work: Path) -> None:
    lines = textwrap.wrap(title, 16)[:6]
    size = 130 if len(lines) <= 4 else 100
    top = (SIZE - len(lines) * size * 1.25) / 2
    font = next((f"fontfile='{f.as_posix()}'" for f in _FONTS if f.is_file()), "font='Sans:bold'")
    filters = []
    for number, line in enumerate(lines):
        # Each line from a file, so no character of the title needs escaping for the filter.
        text = work / f"cover-line-{number}.txt"
        text.write_text(line, encoding="utf-8")
        filters.append(
            f"drawtext={font}:textfile='{text.as_posix()}':fontcolor=white:fontsize={size}"
            f":x=(w-text_w)/2:y={top + number * size * 1.25:.0f}"
        )
    run(
        ["ffmpeg", *FFMPEG_QUIET, "-nostdin", "-y", "-f", "lavfi",
         "-i", f"color=c={BACKGROUND}:s={SIZE}x{SIZE}", "-frames:v", "1",
         "-vf", ",".join(filters), "-fflags", "+bitexact", path],
        "drawing the cover picture",
    )  # fmt: skip


FILE = "cover.png"


def _write(made: Made) -> tuple[str, ...]:
    write_cover(made.timeline.guide.title, inside(made.site, FILE), made.work)
    return (FILE,)


FORMAT = Format(FILE, _write)
