"""Levels against the guide's loudness target and the audiobook bar (see SPECS: ACX practice)."""

from __future__ import annotations

from pathlib import Path

from mutagen import MutagenError
from mutagen.mp3 import MP3, BitrateMode

from ..audio.levels import Levels, measure_levels
from ..content.model import AudioSettings
from ..errors import ToolError
from ..findings import Severity
from ..fsio import is_inside
from ..timeline import Timeline
from .report import Report

LOUDNESS_TOLERANCE_LU = 1.0
RMS_RANGE_DB = (-23.0, -18.0)
NOISE_FLOOR_MAX_DB = -60.0
HEAD_MS = (500, 1000)
TAIL_MS = (1000, 5000)
SLACK_MS = 300  # engines begin and end each utterance with a little quiet of their own


def check_levels(
    folder: Path, manifest: Timeline, report: Report, measure: bool = True,
    checked: frozenset[str] = frozenset(),
) -> None:  # fmt: skip
    """Each track's levels (measured now, or as the build recorded them) and the guide's format.
    checked: tracks whose format was checked when they were made, the same bytes since (a build
    keeping tracks of its previous guide): their MP3 headers are not read again."""
    formats: dict[str, tuple[bool, int, int]] = {}
    for track in manifest.tracks:
        path = folder / track.file
        if not path.is_file() or not is_inside(folder, path):
            continue  # structure reports it
        levels = track.levels
        if measure or levels is None:
            try:
                levels = measure_levels(path, track.duration_ms)
            except ToolError as e:
                report.add("levels", Severity.ERROR, track.file, f"cannot be decoded ({e})")
                continue
        report.tracks.setdefault(track.file, {}).update(_described(levels))
        _judge(track.file, levels, manifest.build.audio, report)
        if track.file in checked:
            continue
        try:
            info = MP3(path).info
        except (MutagenError, OSError):
            info = None
        if info is None:
            report.add("levels", Severity.ERROR, track.file, "is not a readable MP3")
            continue
        formats[track.file] = (info.bitrate_mode == BitrateMode.CBR, info.sample_rate, info.channels)
    _judge_formats(formats, report)


def _described(levels: Levels) -> dict[str, str]:
    return {
        "loudness": f"{levels.integrated_lufs:.1f} LUFS",
        "true peak": f"{levels.true_peak_dbtp:.1f} dBTP",
        "RMS": f"{levels.rms_db:.1f} dB",
        "noise floor": f"{levels.noise_floor_db:.0f} dB",
        "head": f"{levels.head_tone_ms / 1000:.1f} s",
        "tail": f"{levels.tail_tone_ms / 1000:.1f} s",
    }


def _judge_formats(formats: dict[str, tuple[bool, int, int]], report: Report) -> None:
    """Every track CBR, and all at one sample rate and channel count (audiobook practice)."""
    variable = [file for file, (cbr, _, _) in formats.items() if not cbr]
    if variable:
        report.add("levels", Severity.ERROR, variable[0], "is not CBR; every track must be")
    kinds = {(rate, channels) for _, rate, channels in formats.values()}
    if len(kinds) > 1:
        report.add("levels", Severity.ERROR, "guide",
                   f"tracks differ in sample rate or channels: {sorted(kinds)}")  # fmt: skip


def _judge(where: str, levels: Levels, aim: AudioSettings, report: Report) -> None:
    """Against the levels the build aimed for (one set of numbers, in the manifest)."""
    target, ceiling = aim.loudness_lufs, aim.true_peak_dbtp
    off = levels.integrated_lufs - target
    if abs(off) > LOUDNESS_TOLERANCE_LU:
        report.add("levels", Severity.ERROR, where,
                   f"loudness {levels.integrated_lufs:.1f} LUFS is {abs(off):.1f} LU "
                   f"{'above' if off > 0 else 'below'} the target {target:g} LUFS")  # fmt: skip
    if levels.true_peak_dbtp > ceiling:
        report.add("levels", Severity.ERROR, where,
                   f"true peak {levels.true_peak_dbtp:.1f} dBTP is above the ceiling {ceiling:g} dBTP")  # fmt: skip
    low, high = RMS_RANGE_DB
    if not low <= levels.rms_db <= high:
        report.add(
            "levels",
            Severity.WARNING,
            where,
            f"RMS {levels.rms_db:.1f} dB is outside {low:g} to {high:g} dB",
        )
    if levels.peak_db > aim.sample_peak_dbfs + 0.05:
        report.add(
            "levels", Severity.WARNING, where, f"peak {levels.peak_db:.1f} dB is above {aim.sample_peak_dbfs:g} dB"
        )
    if levels.noise_floor_db == float("-inf"):
        report.add(
            "levels", Severity.WARNING, where, "the quietest half second is digital silence, not room tone"
        )
    elif levels.noise_floor_db > NOISE_FLOOR_MAX_DB:
        report.add("levels", Severity.WARNING, where,
                   f"noise floor {levels.noise_floor_db:.0f} dB is above {NOISE_FLOOR_MAX_DB:g} dB")  # fmt: skip
    for name, value, (least, most) in (
        ("head", levels.head_tone_ms, HEAD_MS),
        ("tail", levels.tail_tone_ms, TAIL_MS),
    ):
        if not least <= value <= most + SLACK_MS:
            report.add("levels", Severity.WARNING, where,
                       f"room tone at the {name} is {value / 1000:.1f} s, not {least / 1000:g} to {most / 1000:g} s")  # fmt: skip
