"""The reason negations are said in full: a recogniser (standing in for a listener) hears the
"not" of the expanded sentence, rendered by the default voice."""

import importlib.util
import wave

import pytest

from mbc_audio.check.intelligibility import available, missed_words, transcribe
from mbc_audio.speech.normalize import normalize

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("piper") is None, reason="piper-tts is not installed"
    ),
    pytest.mark.skipif(not available(), reason="the recogniser (pocketsphinx) is not installed"),
]
SENTENCES = [
    "Metastatic breast cancer isn’t curable, but it’s treatable.",
    "The outlook for people with the disease isn’t as life limiting as it once was.",
    "Keep in mind that these statistics can’t predict your personal outlook.",
]


@pytest.fixture(scope="module")
def engine():
    from mbc_audio.tts.piper import PiperEngine

    return PiperEngine(None, 160)


@pytest.mark.parametrize("text", SENTENCES)
def test_the_negation_said_in_full_is_heard(engine, tmp_path, text: str) -> None:
    spoken = normalize(text)
    assert "not" in spoken.split() or "cannot" in spoken.split()
    path = tmp_path / "sentence.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(engine.info.sample_rate_hz)
        wav.writeframes(engine.synthesize(spoken))
    heard = {word for word, _, _ in transcribe(path)}
    assert missed_words(spoken, heard) == [], heard
