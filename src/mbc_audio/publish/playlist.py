"""playlist.m3u8: the tracks in order with their durations and titles, for any music player."""

from __future__ import annotations

from ..timeline import Timeline
from .format import Format


def playlist(timeline: Timeline) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(timeline.guide.title)}"]
    for track in timeline.tracks:
        seconds = round(track.duration_ms / 1000)
        lines += [f"#EXTINF:{seconds},{_one_line(track.title)}", track.file]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


FILE = "playlist.m3u8"
FORMAT = Format(FILE, lambda made: (made.write(FILE, playlist(made.timeline)),))
