"""A track's length as a gapless player plays it (audio/gapless.py), with real ffmpeg and
mutagen: the LAME tag's delay and padding left out, and any file mutagen reads measured
without a traceback, however its first frame is damaged."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import pytest
from mutagen.id3 import ID3, TIT2
from mutagen.mp3 import MP3

from mbc_audio.audio.encode import encode_mp3
from mbc_audio.audio.gapless import playing_seconds
from mbc_audio.content.model import AudioSettings


def _tone_wav(path: Path, rate: int, seconds: float) -> int:
    """A tone with quiet ends; its length in samples."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"sine=f=220:r={rate}:d={seconds}", "-c:a", "pcm_s16le", str(path)],
                   check=True)  # fmt: skip
    with wave.open(str(path), "rb") as source:
        return source.getnframes()


def _heard_seconds(mp3: Path, rate: int) -> float:
    """What ffmpeg's decoder gives, which leaves out what the LAME tag says to."""
    pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", str(mp3), "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout  # fmt: skip
    return len(pcm) / 2 / rate


@pytest.fixture(scope="module")
def track(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gapless")
    _tone_wav(folder / "tone.wav", 24000, 4.321)
    encode_mp3(folder / "tone.wav", folder / "track.mp3", 0.0, AudioSettings(), -3.5, 4321)
    return folder / "track.mp3"


@pytest.mark.parametrize(("source_hz", "output_hz"), [(24000, 24000), (24000, 44100), (22050, 22050)])
def test_the_length_is_what_a_gapless_player_decodes(
    tmp_path: Path, source_hz: int, output_hz: int
) -> None:
    """mutagen's own length counts the delay and padding in (ffmpeg's tag is named "Lavc",
    not "LAME")."""
    wav, mp3 = tmp_path / "track.wav", tmp_path / "track.mp3"
    samples = _tone_wav(wav, source_hz, 4.321)
    encode_mp3(wav, mp3, 0.0, AudioSettings(sample_rate_hz=output_hz), -3.5, 4321)
    heard = _heard_seconds(mp3, output_hz)
    assert MP3(mp3).info.length - heard > 0.02  # mutagen: the delay and padding counted in
    assert abs(playing_seconds(mp3, MP3(mp3)) - heard) < 0.0005
    # At 24 kHz ffmpeg's tag may leave a few samples of the last frame's padding in.
    assert abs(heard - samples / source_hz) < 0.003


def test_a_tag_named_lame_is_read_the_same(tmp_path: Path, track: Path) -> None:
    data = bytearray(track.read_bytes())
    at = data.index(b"Lavc")
    data[at : at + 4] = b"LAME"
    renamed = tmp_path / "lame.mp3"
    renamed.write_bytes(bytes(data))
    assert playing_seconds(renamed, MP3(renamed)) == playing_seconds(track, MP3(track))


def test_an_mp3_without_a_lame_tag_keeps_mutagens_length(tmp_path: Path) -> None:
    wav, mp3 = tmp_path / "track.wav", tmp_path / "bare.mp3"
    _tone_wav(wav, 24000, 3.0)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-c:a", "libmp3lame",
                    "-b:a", "64k", "-write_xing", "0", str(mp3)], check=True)  # fmt: skip
    assert playing_seconds(mp3, MP3(mp3)) == MP3(mp3).info.length


@pytest.mark.parametrize("padding", [0, 1000, 2020, 2040, 9000])
def test_an_empty_tag_with_padding_before_the_first_frame_is_measured(
    tmp_path: Path, track: Path, padding: int
) -> None:
    """A tag emptied by another tool, its padding left: the frames start after it."""
    retagged = tmp_path / "retagged.mp3"
    retagged.write_bytes(track.read_bytes())
    tags = ID3()
    tags.add(TIT2(encoding=3, text="x"))
    tags.save(retagged, padding=lambda info: padding)
    emptied = ID3(retagged)
    emptied.delall("TIT2")
    emptied.save(retagged, padding=lambda info: padding)
    mp3 = MP3(retagged)
    seconds = playing_seconds(retagged, mp3)  # no traceback, whatever the padding
    assert abs(seconds - playing_seconds(track, MP3(track))) < 0.0005  # the tag still read


@pytest.mark.parametrize("junk", [0, 1, 2024, 2031, 5000])
def test_junk_before_the_first_frame_is_measured_without_a_traceback(
    tmp_path: Path, track: Path, junk: int
) -> None:
    damaged = tmp_path / "junk.mp3"
    damaged.write_bytes(bytes(junk) + track.read_bytes())
    mp3 = MP3(damaged)
    seconds = playing_seconds(damaged, mp3)
    assert abs(seconds - playing_seconds(track, MP3(track))) < 0.0005  # the tag still read


@pytest.mark.parametrize("kept", [200, 420, 600])
def test_a_file_cut_short_in_its_first_frame_is_measured_without_a_traceback(
    tmp_path: Path, track: Path, kept: int
) -> None:
    data = track.read_bytes()
    start = data.index(b"Info") - 40  # within the first frame's header and side information
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(data[: start + 40 + kept // 10] + data[start + 40 + kept :])
    try:
        mp3 = MP3(cut)
    except Exception:  # noqa: BLE001 - mutagen refused it: the check says it is not readable
        return
    assert playing_seconds(cut, mp3) >= 0
