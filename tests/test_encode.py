"""Encoding a track and measuring it at once (audio/encode.py): the levels recorded for a track
are the levels of the file a player decodes, with real ffmpeg."""

from __future__ import annotations

import importlib.util
import subprocess
import wave
from pathlib import Path

import pytest

from mbc_audio.audio import encode
from mbc_audio.audio.encode import TOLERANCE_LU, encode_mp3, encode_to_target, expected_gain
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


@pytest.mark.parametrize(("source_hz", "output_hz"), [(24000, 44100), (22050, 22050)])
def test_a_track_fed_as_it_comes_is_the_file_encoded_whole(
    tmp_path: Path, source_hz: int, output_hz: int
) -> None:
    """An edited track is encoded while its new sentence renders: its samples come in pieces,
    with waits, and its length is known only part way. The file and its levels are those the
    whole WAV gives."""
    import threading
    import time

    wav = tmp_path / "track.wav"
    duration_ms = _speechlike(wav, source_hz)
    settings = AudioSettings(sample_rate_hz=output_hz)
    whole = encode_mp3(wav, tmp_path / "whole.mp3", 3.0, settings, -3.5, duration_ms)
    with wave.open(str(wav), "rb") as source:
        frames = source.getnframes()
        pcm = source.readframes(frames)
    streamed = encode.StreamedMp3(tmp_path / "fed.mp3", source_hz, 3.0, settings, -3.5)
    pieces = [pcm[i : i + 6002] for i in range(0, len(pcm), 6002)]  # odd sizes, whole samples
    # The length comes from a thread that ends at once: the measure outlives it all the same.
    told = threading.Timer(0.1, streamed.length_known, (frames, duration_ms))
    for n, piece in enumerate(pieces):
        streamed.write(piece)
        if n == len(pieces) // 3:
            time.sleep(0.2)  # a sentence rendering: the encoder waits, its output is held
            told.start()
    told.join()
    assert streamed.finish() == whole
    assert (tmp_path / "fed.mp3").read_bytes() == (tmp_path / "whole.mp3").read_bytes()


def test_a_fed_encode_that_is_stopped_leaves_no_tool_running(tmp_path: Path) -> None:
    streamed = encode.StreamedMp3(tmp_path / "fed.mp3", 24000, 0.0, AudioSettings(), -3.5)
    streamed.write(bytes(48000))
    processes = streamed._chain._processes
    streamed.stop()  # the sentence it waited for could not be rendered
    assert all(p.poll() is not None for p in processes)


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


def _unmeasured(*args: object) -> float:
    raise AssertionError("the track was measured through the gain and limiter first")


@pytest.mark.parametrize("off_by_lu", [0.0, 2.5, -2.5])
def test_a_track_started_from_its_voices_gain_is_not_measured_first_and_lands_on_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, off_by_lu: float
) -> None:
    wav = tmp_path / "track.wav"
    duration_ms = _speechlike(wav, 24000)
    settings = AudioSettings()
    measured, gain = encode_to_target(wav, tmp_path / "measured.mp3", duration_ms, settings)
    # The voice as it would declare itself: its loudness at unit gain, or that off by a little.
    loudness = settings.loudness_lufs - gain.gain_db + off_by_lu
    monkeypatch.setattr(encode, "measure_loudness", _unmeasured)
    levels, used = encode_to_target(wav, tmp_path / "track.mp3", duration_ms, settings,
                                    expected_gain(settings, loudness))  # fmt: skip
    assert abs(levels.integrated_lufs - settings.loudness_lufs) <= TOLERANCE_LU
    assert levels.peak_db <= settings.sample_peak_dbfs
    assert levels == measure_levels(tmp_path / "track.mp3", duration_ms)
    if off_by_lu == 0.0:
        # On target at once: encoded once, with the measured track's gain.
        assert used.gain_db == pytest.approx(gain.gain_db) and used.limit_db == gain.limit_db
    else:
        assert abs(used.gain_db - gain.gain_db) < abs(off_by_lu)  # corrected


@pytest.mark.skipif(importlib.util.find_spec("hibari") is None, reason="scripts/setup installs hibari")
def test_a_cold_build_with_hibari_starts_each_track_from_the_voices_gain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mbc_audio.build import BuildOptions, build
    from mbc_audio.timeline import load
    from mbc_audio.tts.hibari import HibariEngine

    from .conftest import ContentFolder

    content = ContentFolder(tmp_path / "content")
    content.leaflet("## Rest\n\nRest when you need to. Short walks help many people.\n")
    monkeypatch.setattr(encode, "measure_loudness", _unmeasured)
    result = build(BuildOptions(content.root, tmp_path / "dist", "hibari", None, 2, tmp_path / "cache"))
    settings = AudioSettings()
    assert HibariEngine.LOUDNESS_LUFS is not None
    start = expected_gain(settings, HibariEngine.LOUDNESS_LUFS)
    for track in load(result.folder).tracks:
        assert abs(track.levels.integrated_lufs - settings.loudness_lufs) <= TOLERANCE_LU
        assert track.gain is not None and track.gain.limit_db == start.limit_db


def test_a_fed_tool_that_fails_is_named_with_its_last_words() -> None:
    from mbc_audio import tools
    from mbc_audio.tools import FedChain

    cat: list[str | Path] = ["sh", "-c", "cat >/dev/null"]
    chain = FedChain((["sh", "-c", "head -c 10 >/dev/null; echo 'Invalid data found' >&2; exit 3"],
                      cat, cat), "encoding 04-pain.mp3", skip=0, hold=0)  # fmt: skip
    with pytest.raises(ToolError, match=r"sh failed while encoding 04-pain.mp3 \(exit 3\): Invalid data found"):
        for _ in range(100):  # until the pipe tells it has ended
            chain.write(bytes(1 << 16))
    assert all(p.poll() is not None for p in chain._processes)  # all three stopped
    assert not set(chain._processes) & tools._children  # and no longer counted as running


def test_a_chain_passes_on_what_lies_between_its_skip_and_its_end(tmp_path: Path) -> None:
    """The third tool gets the second's output from skip on, up to the end told part way,
    though more comes after it; until the end is known, hold bytes are kept back."""
    import time

    from mbc_audio.tools import FedChain

    kept = tmp_path / "kept"
    chain = FedChain((["cat"], ["cat"], ["sh", "-c", f"cat > '{kept}'"]), "copying",
                     skip=3, hold=5)  # fmt: skip
    chain.write(b"abcdefghij")
    deadline = time.monotonic() + 10
    while not (kept.is_file() and kept.read_bytes()) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)  # were more to come, it would have come by now
    assert kept.read_bytes() == b"de"  # "defghij" less the five bytes held back
    chain.end_at(10)
    chain.write(b"klmnopqrstuvwxyz")
    chain.close()
    assert kept.read_bytes() == b"defghijklm"


def test_a_chain_whose_second_tool_fails_names_the_second() -> None:
    """The second tool's failure stops the first (its reader is gone): the chain's failure is
    told in the second's words, not as the first's broken pipe."""
    from mbc_audio.tools import FedChain

    chain = FedChain((["cat"], ["sh", "-c", "head -c 10 >/dev/null; echo 'Header missing' >&2; exit 4"],
                      ["sh", "-c", "cat >/dev/null"]), "encoding 05-rest.mp3", skip=0, hold=0)  # fmt: skip
    with pytest.raises(ToolError, match=r"sh failed while encoding 05-rest.mp3 \(exit 4\): Header missing"):
        for _ in range(100):
            chain.write(bytes(1 << 16))
