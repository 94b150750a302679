"""Encoding a track and measuring it at once (audio/encode.py): the levels recorded for a track
are the levels of the file a player decodes, with real ffmpeg."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mbc_audio.audio.encode import encode_mp3, encode_to_target
from mbc_audio.audio.levels import measure_levels
from mbc_audio.content.model import AudioSettings
from mbc_audio.errors import ToolError


def _speechlike(path: Path, rate: int, seconds: float = 6.0) -> int:
    """A tone that starts and stops like words, with quiet before and after; its duration, ms."""
    expression = f"0.3*sin(2*PI*220*t)*gt(sin(2*PI*0.7*t)\\,0)*between(t\\,0.7\\,{seconds - 1.5})"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"aevalsrc={expression}:s={rate}:d={seconds}", "-c:a", "pcm_s16le", str(path)],
        check=True,
    )  # fmt: skip
    return round(seconds * 1000)


@pytest.mark.parametrize(("source_hz", "output_hz"), [(24000, 44100), (22050, 44100), (24000, 48000), (22050, 22050)])
def test_levels_measured_while_encoding_are_the_files_levels(
    tmp_path: Path, source_hz: int, output_hz: int
) -> None:
    wav, mp3 = tmp_path / "track.wav", tmp_path / "track.mp3"
    duration_ms = _speechlike(wav, source_hz)
    settings = AudioSettings(sample_rate_hz=output_hz)
    measured = encode_mp3(wav, mp3, 3.0, settings, -3.5, duration_ms)
    assert measured == measure_levels(mp3, duration_ms)
    assert measured.head_tone_ms > 500 and measured.tail_tone_ms > 1000  # the quiet was found


def test_a_folder_name_with_the_tee_muxers_marks_is_written_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "Clinic [2026] | a:b 'c' \\d, e=f; g"
    folder.mkdir()
    wav, mp3 = folder / "track.wav", folder / "01-opening.mp3"
    duration_ms = _speechlike(wav, 24000, 4.0)
    levels, _ = encode_to_target(wav, mp3, duration_ms, AudioSettings())
    assert sorted(p.name for p in folder.iterdir()) == ["01-opening.mp3", "track.wav"]
    assert levels == measure_levels(mp3, duration_ms)
    assert abs(levels.integrated_lufs - AudioSettings().loudness_lufs) <= 0.5


def test_a_wav_that_is_not_audio_is_one_error_naming_the_track(tmp_path: Path) -> None:
    wav, mp3 = tmp_path / "track.wav", tmp_path / "05-pain.mp3"
    wav.write_bytes(b"RIFF" + b"\0" * 40)
    with pytest.raises(ToolError, match="05-pain.mp3"):
        encode_mp3(wav, mp3, 0.0, AudioSettings(), -3.5, 1000)
