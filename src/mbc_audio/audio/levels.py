"""A track's levels in one ffmpeg pass: loudness, true peak, RMS, peak, noise floor, room tone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ToolError
from ..tools import run

SILENCE_DB = -60  # quieter than this is room tone (audiobook practice: noise floor at most -60 dB)


@dataclass(frozen=True)
class Levels:
    integrated_lufs: float
    true_peak_dbtp: float
    rms_db: float
    peak_db: float
    noise_floor_db: float  # the RMS of the quietest half second
    head_tone_ms: int  # quiet before the first word
    tail_tone_ms: int  # quiet after the last word


@dataclass(frozen=True)
class Gain:
    """How a track was encoded (audio.encode): one gain for the whole track, and the ceiling of
    the peak limiter after it, both in dB."""

    gain_db: float
    limit_db: float


# ebur128 logs each frame at "verbose", below what ffmpeg prints; astats' RMS trough over
# 0.5 s windows is the noise floor.
LEVEL_FILTERS = (
    "ebur128=peak=true:framelog=verbose,"
    "astats=length=0.5:measure_perchannel=none:measure_overall=RMS_level+Peak_level+RMS_trough,"
    f"silencedetect=noise={SILENCE_DB}dB:d=0.3"
)


def measure_levels(audio: Path, duration_ms: int) -> Levels:
    err = run(levels_args(["-i", audio]), f"measuring the levels of {audio.name}").stderr
    return levels_said(err, audio.name, duration_ms)


def levels_args(source: list[str | Path], before: str = "") -> list[str | Path]:
    """ffmpeg running LEVEL_FILTERS over source (its input options and -i), after the filters
    before, if any; levels_said() reads what it prints."""
    chain = f"{before},{LEVEL_FILTERS}" if before else LEVEL_FILTERS
    return ["ffmpeg", "-hide_banner", "-nostats", *source, "-af", chain, "-f", "null", "-"]


def levels_said(err: str, name: str, duration_ms: int) -> Levels:
    """The levels in what ffmpeg printed while running LEVEL_FILTERS over a track."""
    if "Summary:" not in err:  # a picture or a text in the audio's place: ffmpeg measured nothing
        raise ToolError(f"{name} holds no audio ffmpeg can read")
    summary = err.rpartition("Summary:")[2]

    def number(pattern: str, text: str) -> float:
        found = re.search(pattern, text)
        if not found:
            raise ToolError(f"ffmpeg did not report {pattern.split(':')[0]} for {name}")
        return float(found.group(1).replace("inf", "Infinity"))

    starts = [float(x) * 1000 for x in re.findall(r"silence_start: (-?[\d.]+)", err)]
    ends = [float(x) * 1000 for x in re.findall(r"silence_end: ([\d.]+)", err)]
    head = ends[0] if starts and starts[0] <= 50 and ends else 0
    if (
        len(starts) > len(ends) or ends and ends[-1] >= duration_ms - 50
    ):  # the last silence runs to the end of the file
        tail = duration_ms - starts[-1]
    else:
        tail = 0
    return Levels(
        integrated_lufs=number(r"I:\s+(-?[\d.]+|-inf) LUFS", summary),
        true_peak_dbtp=number(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary),
        rms_db=number(r"RMS level dB: (-?[\d.]+|-inf)", err),
        peak_db=number(r"Peak level dB: (-?[\d.]+|-inf)", err),
        noise_floor_db=number(r"RMS trough dB: (-?[\d.]+|-inf)", err),
        head_tone_ms=round(head),
        tail_tone_ms=round(max(tail, 0)),
    )
