"""The system voice: espeak-ng on Linux, SAPI5 on Windows, NSSpeechSynthesizer on macOS.

On Windows and macOS it speaks through pyttsx3, one short file per sentence. On Linux it runs
the espeak-ng command, one process per sentence: pyttsx3's espeak driver (2.99) saves the
buffer when espeak reports the end of the message, before the last samples arrive, and its
first call after start-up comes back empty; the same sentence gave 0, 37208 and 54428 bytes in
three calls, so words were lost at sentence ends and no two builds were the same. The
espeak-ng command gives the same samples for the same text on every run.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import io
import os
import shutil
import sys
import wave
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..engines import Engine, EngineInfo
from ..errors import EngineUnavailable, RenderError, ToolError
from ..speech.phonemes import ENGLISH_IPA, for_espeak
from ..tools import QUICK_S, SENTENCE_S, run, run_bytes, scratch_dir

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

    def __init__(self, voice: str | None, rate_wpm: int) -> None:
        hint = INSTALL.get(sys.platform, INSTALL["linux"])
        self._tts = None
        self._rate_wpm = rate_wpm
        if sys.platform == "linux":
            if not shutil.which("espeak-ng"):
                raise EngineUnavailable(f"espeak-ng is not installed; {hint}")
            self._voice_id = _find_voice(voice or "en-us", _espeak_voices())
            version = _espeak_version()
        else:
            self._tts = _pyttsx3_driver(hint)
            found = [(v.id, v.name or "") for v in self._tts.getProperty("voices")]
            self._voice_id = _find_voice(voice or "en-us", found)
            self._tts.setProperty("voice", self._voice_id)
            self._tts.setProperty("rate", rate_wpm)
            version = f"pyttsx3 {importlib.metadata.version('pyttsx3')}, {sys.platform}"
        self._tmp: Path | None = None  # for pyttsx3's files, made when first needed
        # The voice decides the sample rate; one short probe tells it before any real work.
        sample_rate_hz, _ = self._speak("Ready.")
        self.info = EngineInfo(self.NAME, version, self._voice_id, rate_wpm, sample_rate_hz)

    def synthesize(self, text: str) -> bytes:
        # The espeak-ng command reads the lexicon's phonemes as [[mnemonics]]; other system
        # voices say the plain words.
        sample_rate_hz, pcm = self._speak(for_espeak(text) if self._tts is None else str(text))
        if sample_rate_hz != self.info.sample_rate_hz:
            raise RenderError(f"the system voice changed its sample rate to {sample_rate_hz} Hz")
        return pcm

    def phonemes(self, text: str) -> str | None:
        if self._tts is not None:
            return None
        command: list[str | Path] = ["espeak-ng", "-q", "--ipa", "-v", self._voice_id, "--stdin"]
        try:
            result = run_bytes(command, "telling the phonemes of a sentence",
                               for_espeak(text).encode(), SENTENCE_S)  # fmt: skip
        except ToolError:
            return None
        return " ".join(result.stdout.decode("utf-8", errors="replace").split())

    def _speak(self, text: str) -> tuple[int, bytes]:
        if self._tts is None:
            return _read_wav(io.BytesIO(_espeak_ng(text, self._voice_id, self._rate_wpm)))
        if self._tmp is None:
            self._tmp = scratch_dir("system")
            weakref.finalize(self, shutil.rmtree, self._tmp, True)
        path = self._tmp / "utterance.wav"
        path.unlink(missing_ok=True)
        with _quiet_stdout():
            self._tts.save_to_file(text, str(path))
            self._tts.runAndWait()
        if not path.is_file():
            raise RenderError(f"the system voice wrote no audio for: {text}")
        with path.open("rb") as f:
            return _read_wav(f)

    @classmethod
    def sayable_ipa(cls) -> frozenset[str] | None:
        # espeak-ng is given English mnemonics; other system voices say the word itself.
        return ENGLISH_IPA if sys.platform == "linux" else None

    @classmethod
    def available(cls) -> bool:
        return importlib.util.find_spec("pyttsx3") is not None and (
            sys.platform != "linux" or shutil.which("espeak-ng") is not None
        )

    @classmethod
    def voices(cls) -> list[str]:
        if sys.platform == "linux":
            return sorted(voice_id for voice_id, _ in _espeak_voices())
        tts = _pyttsx3_driver(INSTALL.get(sys.platform, ""))
        return sorted(v.id for v in tts.getProperty("voices"))


def _pyttsx3_driver(hint: str) -> Any:
    if importlib.util.find_spec("pyttsx3") is None:
        raise EngineUnavailable(
            "the system engine needs pyttsx3; install it with: .venv/bin/pip install pyttsx3"
        )
    import pyttsx3

    try:
        with _quiet_stdout():
            return pyttsx3.init(_driver())
    except (OSError, RuntimeError, ImportError) as e:
        raise EngineUnavailable(f"the system voice cannot start ({e}); {hint}") from None


def _find_voice(wanted: str, voices: list[tuple[str, str]]) -> str:
    """The id of the voice called wanted: by id or name, or "en-us" for the id "gmw/en-us"."""
    lowered = wanted.lower()
    for voice_id, name in voices:
        if lowered in (voice_id.lower(), name.lower()):
            return voice_id
    for voice_id, _ in voices:
        if voice_id.lower().endswith("/" + lowered):
            return voice_id
    names = ", ".join(sorted(v for v, _ in voices)[:12])
    raise EngineUnavailable(f'the system voice "{wanted}" is not installed; try one of: {names}')


def _espeak_voices() -> list[tuple[str, str]]:
    """(id, name) of each espeak-ng voice, as `espeak-ng --voices` lists them."""
    out = run(["espeak-ng", "--voices"], "listing the espeak-ng voices", QUICK_S).stdout
    found = []
    for line in out.splitlines()[1:]:  # Pty Language Age/Gender VoiceName File Other
        fields = line.split()
        if len(fields) >= 5:
            found.append((fields[4], fields[3]))
    return found


def _espeak_ng(text: str, voice_id: str, rate_wpm: int) -> bytes:
    """One utterance as WAV bytes from espeak-ng's standard output, the text given on standard
    input (never read as options); no file is written."""
    command: list[str | Path] = ["espeak-ng", "-v", voice_id, "-s", str(rate_wpm), "-b", "1",
                                 "--stdout", "--stdin"]  # fmt: skip
    try:
        result = run_bytes(command, "rendering a sentence", text.encode("utf-8"), SENTENCE_S)
    except ToolError as e:
        raise RenderError(str(e)) from None
    if not result.stdout:
        raise RenderError("espeak-ng wrote no audio for a sentence")
    return result.stdout


def _read_wav(source: BinaryIO) -> tuple[int, bytes]:
    """The sample rate and samples of 16-bit mono WAV. A WAV streamed to standard output gives
    no true length in its header, so every frame there is is read."""
    try:
        with wave.open(source, "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                raise RenderError("the system voice wrote audio that is not 16-bit mono")
            return wav.getframerate(), wav.readframes(1 << 31)
    except (wave.Error, EOFError) as e:
        raise RenderError(f"the system voice wrote audio that cannot be read ({e})") from None


def _espeak_version() -> str:
    if sys.platform != "linux":
        return sys.platform
    try:
        out = run(["espeak-ng", "--version"], "asking espeak-ng its version", QUICK_S)
    except (ToolError, EngineUnavailable):
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
