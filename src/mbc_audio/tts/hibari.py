"""hibari: a small neural voice (PyPI hibari-tts, Apache-2.0), the default wherever it is installed.

Its one bundled voice, "heart" (American English, distilled from Kokoro-82M's af_heart), is 7.9 MB
and runs at about 0.007 of real time on one core; a recogniser hears it better than Piper's joe
(SPECS.md, docs/voices.md). Every other hibari voice is downloaded on first use, so none is offered.

What it says is the guide's spoken text and nothing else: hibari's own text rules (numbers, units,
abbreviations) are skipped, symbols its rules would say are not passed on, and the lexicon's [phonemes]
reach it as phonemes in its own alphabet. Same text, same bytes: the voice's noise is drawn from a
generator seeded afresh for every utterance, and onnxruntime runs on one thread (results differ
across thread counts); the model files' sha256 are checked before they are loaded.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..engines import Engine, EngineInfo, Pronounced, Speech
from ..errors import EngineUnavailable
from ..fsio import sha256_of
from ..speech.phonemes import for_hibari
from ..speech.wordmap import spoken_words
from ..spokentext import PhonemeSource
from .alignment import SaidWord, align

VOICE = "heart"
INSTALL = "install it with: .venv/bin/pip install hibari-tts==0.2.1"
# The model files of hibari-tts 0.2.1, as published; any other bytes are refused.
MODEL_SHA256 = {
    "hibari.onnx": "5f70741d4e900f4e85d0037498736cc1b3e1b9a63a13546a5da1e63abf4fccd8",
    "oov.onnx": "d3cfd8122c5f172a98c8de38268bf1213ee09f2c2ae4df6e055fc6532590fe76",
}
# How the guide's text and the lexicon's IPA are given to the voice (speech/phonemes.py's
# for_hibari): part of the engine's version, so a change to it renders every sentence again.
# 2: stress marks before the syllable's vowel.
PHONEMES_FORMAT = 2
SEED = 0  # the noise of the voice's vocoder; fixed, so the same text gives the same samples
THREADS = 1  # onnxruntime's results differ between thread counts; workers give the speed
NATURAL_WPM = 160  # the rate setting scales the voice's own pace (speed 1) from this
MAX_PHONEMES = 400  # hibari's limit for one pass of the model: longer ones split at a clause
SAMPLES_PER_UNIT = 600  # one step of the duration predictor: two 12.5 ms frames at 24 kHz
_CLAUSE = re.compile(r"(?<=[,;:—])\s+")
_NOT_SOUNDS = frozenset("ˈˌːʰʲ")  # stress, length and modifier marks: letters to Python
# Below these ratings hibari's G2P guessed the word (its letter-to-sound model), rather than
# reading it from its gold (4) or silver (3) dictionary; 5 is phonemes given to it.
_GIVEN, _DICTIONARY = 5, 3


class HibariEngine(Engine):
    NAME = "hibari"
    DESCRIPTION = "hibari neural speech, its bundled voice heart (hibari-tts)"
    PRIORITY = 20  # clearer to a listener than Piper's joe, and ten times faster
    # Rendered in worker processes, the first started as the build begins: its half second of
    # loading then runs beside the parser instead of after it.
    IN_PROCESS = False
    # Measured on the shipped guide: the gains that brought its tracks to -18.5 LUFS were 7.4
    # to 8.5 dB, most 8.1 to 8.4, so -26.8 (a gain of 7.8 dB to -19) lands most tracks on
    # target at the first encode. That was at 44.1 kHz; at 24 kHz every track of the shipped
    # guide landed within 0.4 LU of -19 at its first encode.
    LOUDNESS_LUFS = -26.8
    # Its module imports no NumPy or onnxruntime and describe() reads only package metadata:
    # nothing in the build's process that a forked worker could inherit half-held.
    FORKS_SAFELY = True

    def __init__(self, voice: str | None, rate_wpm: int) -> None:
        self.info = self.describe(voice, rate_wpm)
        self._speed = rate_wpm / NATURAL_WPM
        self._model = _Model()

    @classmethod
    def describe(cls, voice: str | None, rate_wpm: int) -> EngineInfo:
        _refuse_other_voices(voice)
        if not cls.available():
            raise EngineUnavailable(f"the hibari engine is not installed; {INSTALL}")
        version = importlib.metadata.version  # not an import: numpy alone takes 0.3 s
        versions = (
            f"{version('hibari-tts')} model {MODEL_SHA256['hibari.onnx'][:12]}"
            f" onnxruntime {version('onnxruntime')} numpy {version('numpy')}"
            f" seed {SEED} threads {THREADS} phonemes {PHONEMES_FORMAT}"
        )
        return EngineInfo(cls.NAME, versions, VOICE, rate_wpm, 24000, word_timings=True)

    def synthesize(self, text: str) -> bytes:
        return self.speak(text).pcm

    def speak(self, text: str) -> Speech:
        phonemes = self._model.phonemes(for_hibari(text))
        import numpy

        pcm, said = [], []
        position = 0
        for chunk in _chunks(phonemes):
            samples, durations = self._model.say(chunk, self._speed)
            said += _said_words(chunk, durations, position)
            pcm.append(samples)
            position += len(samples)
        audio = numpy.concatenate(pcm) if pcm else numpy.zeros(0, numpy.float32)
        # As hibari writes its WAVs: clipped to full scale, then scaled and truncated to 16 bits.
        data = (numpy.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        sounds = [self._model.sounds(for_hibari(w)) for w in spoken_words(text)]
        return Speech(data, tuple(align(sounds, said)))

    def phonemes(self, text: str) -> str:
        return self._model.phonemes(for_hibari(text))

    def warm_up(self) -> None:
        # The dictionaries load on first use, and onnxruntime's first run allocates: together
        # about as long as a sentence takes afterwards, on the path of an edit's one sentence.
        self.speak("Ready.")

    def pronounce(self, text: str) -> list[Pronounced]:
        return self._model.pronounce(for_hibari(text))

    @classmethod
    def sayable_ipa(cls) -> frozenset[str]:
        from ..speech.phonemes import HIBARI_SAYABLE

        return HIBARI_SAYABLE

    @classmethod
    def available(cls) -> bool:
        return importlib.util.find_spec("hibari") is not None

    @classmethod
    def voices(cls) -> list[str]:
        return [VOICE] if cls.available() else []


def _refuse_other_voices(voice: str | None) -> None:
    if voice not in (None, "", VOICE):
        raise EngineUnavailable(
            f'the hibari engine has one voice, "{VOICE}", in its package; "{voice}" would be '
            f'downloaded, which mbc-audio never does. Set  hibari = "{VOICE}"  in [voice]'
        )


class _Model:
    """hibari's G2P and its model with the durations as a second output, loaded once."""

    def __init__(self) -> None:
        import numpy
        import onnxruntime

        assets = Path(_assets())
        for name, want in MODEL_SHA256.items():
            _verify(assets / name, want)
        try:
            from . import hibari_store  # SQLite and gzip: only when the voice is loaded

            model = hibari_store.model_bytes(assets, MODEL_SHA256["hibari.onnx"])
        except ValueError as e:
            raise EngineUnavailable(f"{e}; {INSTALL}") from None
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = THREADS
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            model, options, providers=["CPUExecutionProvider"]
        )
        self._vocab = _vocab()
        self._numpy = numpy
        self._sounds: dict[str, int] = {}
        self._assets = assets

    @functools.cached_property
    def _g2p(self) -> Any:
        from . import hibari_store

        return hibari_store.g2p(self._assets, _VerifiedOov())

    def phonemes(self, text: str) -> str:
        """Phonemes for text already in words: hibari's normaliser is not run."""
        return str(self._g2p(text, normalize_text=False)) if text.strip() else ""

    def sounds(self, word: str) -> int:
        """How many sounds the word has said alone (for the word timings), worked out once per
        word: a guide says the same words again and again, and G2P is most of the cost."""
        found = self._sounds.get(word)
        if found is None:
            found = self._sounds[word] = _sound_count(self.phonemes(word))
        return found

    def pronounce(self, text: str) -> list[Pronounced]:
        tokens = self._g2p.phonemize_tokens(self._g2p.tokenize(text))
        found = []
        for token in tokens:
            if not token.phonemes or not any(c.isalnum() for c in token.text):
                continue
            rating = token.rating or 0
            source = (
                PhonemeSource.LEXICON if rating >= _GIVEN
                else PhonemeSource.DICTIONARY if rating >= _DICTIONARY else PhonemeSource.GUESS
            )  # fmt: skip
            found.append(Pronounced(token.text, token.phonemes, source))
        return found

    def say(self, phonemes: str, speed: float) -> tuple[Any, list[int]]:
        """Samples (float, 24 kHz) and each id's duration in units, pads included."""
        from hibari import dsp

        np = self._numpy
        # As hibari makes them: a pad, the id of each phoneme its vocabulary has, a pad.
        ids = [0, *(self._vocab[c] for c in phonemes if c in self._vocab), 0]
        if len(ids) < 3:
            return np.zeros(0, np.float32), [0] * len(ids)
        outputs = self._session.run(
            None,
            {"ids": np.asarray([ids], np.int64), "speed": np.asarray([speed], np.float32)},
        )
        lh, th, ln, lr, phi, f0 = (o[0] for o in outputs[:6])
        samples = dsp.synth(lh, th, ln, lr, phi, f0, np.random.default_rng(SEED))
        return samples, [int(d) for d in outputs[6].reshape(-1)]


def _chunks(phonemes: str) -> list[str]:
    """One sentence's phonemes in pieces the model takes at once, split at clauses as hibari does."""
    if len(phonemes) <= MAX_PHONEMES:
        return [phonemes] if phonemes.strip() else []
    chunks, current = [], ""
    for part in _CLAUSE.split(phonemes):
        if current and len(current) + len(part) + 1 > MAX_PHONEMES:
            chunks.append(current)
            current = part
        else:
            current = f"{current} {part}" if current else part
    return [*chunks, current] if current else chunks


def _said_words(phonemes: str, durations: Sequence[int], offset: int) -> list[SaidWord]:
    """The words of a chunk as said: each from its first sound to the end of its last. Ids
    follow the characters the model knows, after a pad; a space ends a word."""
    vocab = _vocab()
    words: list[SaidWord] = []
    position = offset + durations[0] * SAMPLES_PER_UNIT if durations else offset
    index = 1
    sounds = start = end = 0
    for char in phonemes:
        if char not in vocab:
            continue
        length = durations[index] * SAMPLES_PER_UNIT if index < len(durations) else 0
        index += 1
        if char == " ":
            if sounds:
                words.append(SaidWord(sounds, start, end))
            sounds = 0
        elif _is_sound(char):
            if not sounds:
                start = position
            sounds, end = sounds + 1, position + length
        position += length
    if sounds:
        words.append(SaidWord(sounds, start, end))
    return words


def _is_sound(char: str) -> bool:
    return char.isalpha() and char not in _NOT_SOUNDS


def _sound_count(phonemes: str) -> int:
    return sum(1 for c in phonemes if _is_sound(c))


@functools.cache
def _vocab() -> dict[str, int]:
    """The model's phoneme ids, read once (the engine and the word timings both use them)."""
    found: dict[str, int] = json.loads((Path(_assets()) / "vocab.json").read_text(encoding="utf-8"))
    return found


def _assets() -> str:
    from hibari import tts

    return str(tts.ASSETS)


def _verify(path: Path, want: str) -> None:
    try:
        found = sha256_of(path)  # remembered by the file's stamps: read once, not every start
    except OSError as e:
        raise EngineUnavailable(f"the hibari model {path} cannot be read ({e.strerror}); {INSTALL}") from None
    if found != want:
        raise EngineUnavailable(
            f"the hibari model {path} is not the published file (its sha256 differs); {INSTALL}"
        )


class _VerifiedOov:
    """hibari's letter-to-sound model for words in neither dictionary, loaded when first needed
    (most sentences need none) from the file verified when the engine was made."""

    def __init__(self) -> None:
        self._oov: Any = None

    def __call__(self, word: str) -> str:
        if self._oov is None:
            from hibari.g2p.oov import OOV

            self._oov = OOV(str(Path(_assets()) / "oov.onnx"))
        return str(self._oov(word))
