"""Loudness and MP3 encoding with ffmpeg: one loudness target for the whole guide,
reached by one gain per track (never per sentence, which would make jumps)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ToolError
from ..tools import run
from .levels import Levels, measure_levels


@dataclass(frozen=True)
class AudioSettings:
    loudness_lufs: float = -19.0  # spoken word, mono
    true_peak_dbtp: float = -1.5
    # Audiobook practice asks for peaks at most -3 dB; decoding an MP3 overshoots the limiter
    # by up to 0.3 dB, so it is set a little lower. This also keeps true peaks under the ceiling.
    sample_peak_dbfs: float = -3.5
    bitrate_kbps: int = 64
    sample_rate_hz: int = 44100


SILENCE_LUFS = -70.0  # ebur128's floor: below it there is nothing to measure
# LAME takes about this much loudness out of speech (0.4 to 0.5 LU measured here, Piper
# and espeak-ng voices at 64 and 128 kb/s);
# starting from it, most tracks land on target with one encode.
MP3_LOSS_LU = 0.5
TYPICAL_TTS_LUFS = -20.0  # where Piper and espeak-ng voices land before any gain (-19 to -22)
TOLERANCE_LU = 0.5  # the guide is checked against 1 LU; half of that leaves room


def _filters(gain_db: float, settings: AudioSettings, resample: bool = True) -> str:
    """One gain for the whole track and a peak limiter that catches what the gain lifts above the
    ceiling (latency=true keeps it from shifting the audio, so chapter times hold), then the
    output sample rate. Limiting at the source rate lets the chain be measured there, cheaply."""
    limit = 10 ** (settings.sample_peak_dbfs / 20)
    chain = (
        f"volume={gain_db:.2f}dB,"
        f"alimiter=limit={limit:.4f}:level=false:latency=true:attack=5:release=50"
    )
    return f"{chain},aresample={settings.sample_rate_hz}" if resample else chain


def measure_loudness(audio: Path, filters: str = "") -> float:
    """Integrated loudness in LUFS (EBU R128, as ffmpeg's ebur128 filter measures it), after
    the filters if any are given."""
    chain = f"{filters}," if filters else ""
    result = run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", audio,
         "-af", f"{chain}ebur128", "-f", "null", "-"],
        f"measuring the loudness of {audio.name}",
    )  # fmt: skip
    summary = result.stderr.rpartition("Summary:")[2]
    found = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    if not found:
        raise ToolError(f"ffmpeg gave no loudness for {audio.name}")
    value = float(found.group(1))
    return float("-inf") if value <= SILENCE_LUFS else value


def encode_to_target(wav: Path, mp3: Path, duration_ms: int, settings: AudioSettings) -> Levels:
    """Encode with the one gain that lands this track on the loudness target; returns its levels.

    The limiter takes some loudness off the peaks it catches (more for a voice with sharp
    peaks), so the track is measured through the gain and limiter, starting from the loudness
    speech engines typically give, and the gain corrected; the MP3 encoder takes a little more,
    MP3_LOSS_LU. The encoded file is measured and, if it misses by more than TOLERANCE_LU,
    encoded again with the gain corrected (at most twice).
    """
    gain = settings.loudness_lufs - TYPICAL_TTS_LUFS
    limited = measure_loudness(wav, _filters(gain, settings, resample=False))
    silent = limited == float("-inf")
    gain = 0.0 if silent else gain + settings.loudness_lufs - limited + MP3_LOSS_LU
    for _attempt in range(3):
        encode_mp3(wav, mp3, gain, settings)
        levels = measure_levels(mp3, duration_ms)
        error = settings.loudness_lufs - levels.integrated_lufs
        if silent or abs(error) <= TOLERANCE_LU:
            break
        gain += error
    return levels


def encode_mp3(wav: Path, mp3: Path, gain_db: float, settings: AudioSettings) -> None:
    """Gain, the peak limiter, resampling and CBR MP3 (mono) in one ffmpeg run."""
    run(
        ["ffmpeg", "-hide_banner", "-nostats", "-loglevel", "error", "-y", "-i", wav,
         "-af", _filters(gain_db, settings), "-ac", "1", "-c:a", "libmp3lame",
         "-b:a", f"{settings.bitrate_kbps}k", "-map_metadata", "-1", "-id3v2_version", "0",
         "-write_xing", "1", "-f", "mp3", mp3],
        f"encoding {mp3.name}",
    )  # fmt: skip
