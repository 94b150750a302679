"""Loudness and MP3 encoding with ffmpeg: one loudness target for the whole guide,
reached by one gain per track (never per sentence, which would make jumps)."""

from __future__ import annotations

import math
import re
import wave
from pathlib import Path

from ..content.model import AudioSettings
from ..errors import ToolError
from ..tools import FFMPEG_QUIET, FedChain, run, run_piped
from .levels import Gain, Levels, levels_args, levels_said

SILENCE_LUFS = -70.0  # ebur128's floor: below it there is nothing to measure
# The encoded track is this much quieter than the measure through the gain and limiter at the
# voice's own rate: 0.9 LU for espeak-ng's voice and 1.4 LU for Piper's, on average over the
# guide's 23 tracks at 64 kb/s (LAME's low-pass takes highs that the loudness weighting
# favours). Aiming between the two, all 23 of espeak-ng's tracks and 22 of Piper's are right
# with one encode (the other's peaks overshoot); with the 0.5 LU assumed before, 4 of Piper's
# were, and the others were encoded twice or more.
MP3_LOSS_LU = 1.2
TYPICAL_TTS_LUFS = -20.0  # where Piper and espeak-ng voices land before any gain (-19 to -22)
TOLERANCE_LU = 0.5  # the guide is checked against 1 LU; half of that leaves room
# Decoding an MP3 overshoots the limiter (measured here up to 0.7 dB on speech), so the limiter
# starts this far under the peak aimed for, and lower still if the file still overshoots.
PEAK_MARGIN_DB = 0.5


def _filters(
    gain_db: float, settings: AudioSettings, limit_db: float, resample: bool = True
) -> str:
    """One gain for the whole track and a peak limiter that catches what the gain lifts above the
    ceiling (latency=true keeps it from shifting the audio, so chapter times hold), then the
    output sample rate. Limiting at the source rate lets the chain be measured there, cheaply."""
    limit = 10 ** (limit_db / 20)
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


def expected_gain(settings: AudioSettings, loudness_lufs: float) -> Gain:
    """The gain and limit to start a new track from, for a voice whose speech is loudness_lufs
    loud once encoded at unit gain (Engine.LOUDNESS_LUFS)."""
    return Gain(settings.loudness_lufs - loudness_lufs, settings.sample_peak_dbfs - PEAK_MARGIN_DB)


def encode_to_target(
    wav: Path, mp3: Path, duration_ms: int, settings: AudioSettings, start: Gain | None = None,
    first: Levels | None = None,
) -> tuple[Levels, Gain]:
    """Encode with the one gain that lands this track on the loudness target, its peaks under
    the aims; returns the encoded file's levels and the gain and limit it was encoded with.

    The limiter takes some loudness off the peaks it catches (more for a voice with sharp
    peaks), so the track is measured through the gain and limiter, starting from the loudness
    speech engines typically give, and the gain corrected; the MP3 encoder takes a little more,
    MP3_LOSS_LU. start: the gain the track's previous version was encoded with (a build that
    changed a sentence or two of it), or the one its voice is known to need (expected_gain),
    tried first instead of that measure, which it makes unnecessary when the loudness lands on
    target. first: the levels of mp3 as already encoded with start (StreamedMp3), taken as the
    first attempt. The encoded file is measured and, if it
    misses the loudness by more than TOLERANCE_LU or its peaks overshoot, encoded again with
    the gain or the limiter corrected (at most three times). The gain is left alone while the
    loudness is within tolerance: raising it for a fraction of a LU lifts the peaks the limiter
    is being lowered to catch.
    """
    if start is not None:
        gain, limit_db = start.gain_db, start.limit_db
    else:
        limit_db = settings.sample_peak_dbfs - PEAK_MARGIN_DB
        gain = settings.loudness_lufs - TYPICAL_TTS_LUFS
        limited = measure_loudness(wav, _filters(gain, settings, limit_db, resample=False))
        silent = limited == float("-inf")
        gain = 0.0 if silent else gain + settings.loudness_lufs - limited + MP3_LOSS_LU
    for _attempt in range(4):
        if first is not None and start is not None:
            levels, first = first, None
        else:
            levels = encode_mp3(wav, mp3, gain, settings, limit_db, duration_ms)
        if levels.integrated_lufs <= SILENCE_LUFS:
            break  # nothing to bring to the target
        error = settings.loudness_lufs - levels.integrated_lufs
        overshoot = max(levels.peak_db - settings.sample_peak_dbfs,
                        levels.true_peak_dbtp - settings.true_peak_dbtp)  # fmt: skip
        if abs(error) <= TOLERANCE_LU and overshoot <= 0:
            break
        if abs(error) > TOLERANCE_LU:
            gain += error
        if overshoot > 0:
            limit_db -= overshoot + PEAK_MARGIN_DB
    return levels, Gain(gain, limit_db)


# ffmpeg's LAME encoder starts the stream with this many samples before the first of the
# track's (LAME's 576 and the decoder's 529), and records it in the file's LAME header so that
# players skip them. The stream the levels are measured from has no header: they are cut there
# instead, so that the measure hears the samples a player decodes from the file (a test
# compares the two). At MPEG-2 rates (24 kHz) ffmpeg's header leaves up to 47 samples of the
# last frame's padding for a player to decode: 2 ms of room tone the measure leaves out.
LAME_DELAY_SAMPLES = 1105


def encode_mp3(
    wav: Path, mp3: Path, gain_db: float, settings: AudioSettings, limit_db: float,
    duration_ms: int,
) -> Levels:  # fmt: skip
    """Gain, the peak limiter, resampling and CBR MP3 (mono) in one ffmpeg run, and the encoded
    file's levels measured as it is written: a second ffmpeg decodes the same MP3 stream as it
    comes (ffmpeg's tee muxer writes it to the file and to a pipe), on the other core, so the
    measure costs little more time than the encode."""
    try:
        with wave.open(str(wav), "rb") as source:
            rate, frames = source.getframerate(), source.getnframes()
    except (wave.Error, EOFError) as e:
        raise ToolError(f"cannot encode {mp3.name}: its speech is not a WAV file ({e})") from None
    encode = _encode_args(["-i", wav], mp3, gain_db, settings, limit_db)
    measure = _measure_args(math.ceil(frames * settings.sample_rate_hz / rate))
    _, measured = run_piped(encode, measure, f"encoding {mp3.name}")
    return levels_said(measured.stderr, mp3.name, duration_ms)


class StreamedMp3:
    """encode_mp3() for a track whose samples come as they are ready (16-bit mono PCM at
    rate_hz, given to write()): an edited track is encoded up to its new sentence while that
    sentence renders. Its levels are measured as it is encoded: a second ffmpeg decodes the
    MP3 stream as it comes, and a third measures the decoded samples, from the delay on and,
    once the track's length is known (length_known()), up to its end. These are the samples
    encode_mp3() cuts, so the same samples give the same file and the same levels either way."""

    def __init__(
        self, mp3: Path, rate_hz: int, gain_db: float, settings: AudioSettings, limit_db: float
    ) -> None:
        self._mp3, self._rate_hz, self._settings = mp3, rate_hz, settings
        raw: list[str | Path] = ["-f", "s16le", "-ar", str(rate_hz), "-ac", "1", "-i", "pipe:0"]
        out_hz = settings.sample_rate_hz
        self._chain = FedChain(
            (_encode_args(raw, mp3, gain_db, settings, limit_db), _DECODE, _measure_raw_args(out_hz)),
            f"encoding {mp3.name}", skip=LAME_DELAY_SAMPLES * _FLOAT_BYTES,
            hold=out_hz * _FLOAT_BYTES,  # a second: more than the decoder can be ahead
        )  # fmt: skip
        self._duration_ms: int | None = None

    def write(self, pcm: bytes) -> None:
        self._chain.write(pcm)

    def length_known(self, frames: int, duration_ms: int) -> None:
        """The track's whole length, in samples at rate_hz."""
        self._duration_ms = duration_ms
        samples = math.ceil(frames * self._settings.sample_rate_hz / self._rate_hz)
        self._chain.end_at(samples * _FLOAT_BYTES)

    def finish(self) -> Levels:
        assert self._duration_ms is not None, "length_known() comes before finish()"
        *_, measured = self._chain.close()
        return levels_said(measured.stderr, self._mp3.name, self._duration_ms)

    def stop(self) -> None:
        self._chain.kill()


# The MP3 stream decoded as the measure in encode_mp3() decodes it (no header: every sample,
# the encoder's delay too), as 32-bit floats, the decoder's own samples unrounded.
_DECODE: list[str | Path] = [
    "ffmpeg", *FFMPEG_QUIET, "-f", "mp3", "-i", "pipe:0", "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1",
]  # fmt: skip
_FLOAT_BYTES = 4


def _measure_raw_args(rate_hz: int) -> list[str | Path]:
    """The levels of 32-bit float mono samples at rate_hz on standard input."""
    return levels_args(["-f", "f32le", "-ar", str(rate_hz), "-ac", "1", "-i", "pipe:0"])


def _encode_args(
    source: list[str | Path], mp3: Path, gain_db: float, settings: AudioSettings, limit_db: float
) -> list[str | Path]:
    return [
        "ffmpeg", *FFMPEG_QUIET, "-y", *source, "-map", "0:a",
        "-af", _filters(gain_db, settings, limit_db), "-ac", "1", "-c:a", "libmp3lame",
        "-b:a", f"{settings.bitrate_kbps}k", "-map_metadata", "-1", "-f", "tee",
        f"[f=mp3:id3v2_version=0:write_xing=1]{_tee_name(mp3)}|[f=mp3:write_xing=0]pipe:1",
    ]  # fmt: skip


def _measure_args(samples: int) -> list[str | Path]:
    """The levels of the MP3 stream on standard input: the samples a player decodes from the
    file, samples long (at the output's rate)."""
    cut = f"atrim=start_sample={LAME_DELAY_SAMPLES}:end_sample={LAME_DELAY_SAMPLES + samples}"
    return levels_args(["-f", "mp3", "-i", "pipe:0"], f"{cut},asetpts=PTS-STARTPTS")


def _tee_name(path: Path) -> str:
    """A file name as ffmpeg's tee muxer reads it: its separators and option marks escaped."""
    written = "file:" + str(path.absolute())
    return "".join("\\" + c if c in "\\'|[]:,;=" else c for c in written)
