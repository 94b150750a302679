"""The system voice through pyttsx3: espeak-ng on Linux, SAPI5 on Windows,
NSSpeechSynthesizer on macOS.

pyttsx3's espeak driver prints to stdout and grows a buffer with every call, so each
worker process makes one short file per sentence with its own driver and stdout closed.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator
from pathlib import Path

from ..errors import EngineUnavailable, RenderError
from ..speech.phonemes import for_espeak, words_only
from .base import Engine, EngineInfo

INSTALL = {
    "linux": "install it with: apt-get install espeak-ng",
    "darwin": "macOS includes it; check System Settings > Accessibility > Spoken Content",
    "win32": "Windows includes it; add a voice under Settings > Time & language > Speech",
}


def _driver() -> str | None:
    return {"linux": "espeak", "darwin": "nsss", "win32": "sapi5"}.get(sys.platform)


class SystemEngine(Engine):
    NAME = "system"
    DESCRIPTION = "the system voice through pyttsx3 (espeak-ng, SAPI5 or NSSpeechSynthesizer)"

    def __init__(self, voice: str | None, rate_wpm: int):
        hint = INSTALL.get(sys.platform, INSTALL["linux"])
        if importlib.util.find_spec("pyttsx3") is None:
            raise EngineUnavailable(
                "the system engine needs pyttsx3; install it with: .venv/bin/pip install pyttsx3"
            )
        if sys.platform == "linux" and not shutil.which("espeak-ng"):
            raise EngineUnavailable(f"espeak-ng is not installed; {hint}")
        import pyttsx3

        try:
            with _quiet_stdout():
                self._tts = pyttsx3.init(_driver())
            self._phonemes = _accept_phonemes()
        except (OSError, RuntimeError, ImportError) as e:
            raise EngineUnavailable(f"the system voice cannot start ({e}); {hint}") from None
        voice_id = self._find_voice(voice or "en-us")
        self._tts.setProperty("voice", voice_id)
        self._tts.setProperty("rate", rate_wpm)
        self._tmp = Path(tempfile.mkdtemp(prefix="mbc-audio-system-"))
        # The driver decides the sample rate; one short probe tells it before any real work.
        sample_rate_hz, _ = self._speak("Ready.")
        self.info = EngineInfo(
            engine=self.NAME,
            engine_version=f"pyttsx3 {importlib.metadata.version('pyttsx3')}, {_espeak_version()}",
            voice=voice_id,
            rate_wpm=rate_wpm,
            sample_rate_hz=sample_rate_hz,
        )

    def _find_voice(self, wanted: str) -> str:
        voices = self._tts.getProperty("voices")
        lowered = wanted.lower()
        for voice in voices:
            if lowered in (voice.id.lower(), (voice.name or "").lower()):
                return voice.id
        for voice in voices:  # "en-us" matches the id "gmw/en-us"
            if voice.id.lower().endswith("/" + lowered):
                return voice.id
        names = ", ".join(sorted(v.id for v in voices)[:12])
        raise EngineUnavailable(
            f'the system voice "{wanted}" is not installed; try one of: {names}'
        )

    def synthesize(self, text: str) -> bytes:
        # espeak-ng takes the lexicon's phonemes as [[mnemonics]]; other voices say the word.
        sample_rate_hz, pcm = self._speak(for_espeak(text) if self._phonemes else words_only(text))
        if sample_rate_hz != self.info.sample_rate_hz:
            raise RenderError(f"the system voice changed its sample rate to {sample_rate_hz} Hz")
        return pcm

    def phonemes(self, text: str) -> str | None:
        if not self._phonemes:
            return None
        voice = self.info.voice.rsplit("/", 1)[-1]
        out = subprocess.run(
            ["espeak-ng", "-q", "--ipa", "-v", voice, for_espeak(text)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return " ".join(out.stdout.split()) if out.returncode == 0 else None

    def _speak(self, text: str) -> tuple[int, bytes]:
        path = self._tmp / "utterance.wav"
        path.unlink(missing_ok=True)
        with _quiet_stdout():
            self._tts.save_to_file(text, str(path))
            self._tts.runAndWait()
        if not path.is_file():
            raise RenderError(f"the system voice wrote no audio for: {text}")
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                raise RenderError("the system voice wrote audio that is not 16-bit mono")
            return wav.getframerate(), wav.readframes(wav.getnframes())

    @classmethod
    def available(cls) -> bool:
        return importlib.util.find_spec("pyttsx3") is not None and (
            sys.platform != "linux" or shutil.which("espeak-ng") is not None
        )

    @classmethod
    def voices(cls) -> list[str]:
        import pyttsx3

        with _quiet_stdout():
            tts = pyttsx3.init(_driver())
        return sorted(v.id for v in tts.getProperty("voices"))


def _accept_phonemes() -> bool:
    """Let espeak-ng read [[...]] as phonemes (espeakPHONEMES), which pyttsx3's driver does
    not ask for; this worker process is the driver's only user. False off Linux."""
    if _driver() != "espeak":
        return False
    from pyttsx3.drivers import _espeak

    synth = _espeak.Synth
    if getattr(synth, "with_phonemes", False):
        return True

    def with_phonemes(text: bytes, *args: object, flags: int = 0, **kwargs: object) -> object:
        return synth(text, *args, flags=flags | _espeak.PHONEMES, **kwargs)

    with_phonemes.with_phonemes = True  # type: ignore[attr-defined]
    _espeak.Synth = with_phonemes
    return True


def _espeak_version() -> str:
    if sys.platform != "linux":
        return sys.platform
    try:
        out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "espeak-ng"
    words = out.stdout.split()
    return f"espeak-ng {words[3]}" if len(words) > 3 else "espeak-ng"


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence the driver's prints: Python's print and, for the C library, file descriptor 1."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
