"""A content-addressed cache of rendered utterances, so each is rendered once.

The key covers everything that changes the sound: engine, engine version, voice, rate,
sample rate and the spoken text. Entries are WAV files written atomically, each with the sha256
of its samples beside it and, for an engine that times its words, the words' samples.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import wave
from pathlib import Path

from ..content.files import write_text_atomic
from .base import EngineInfo, Speech


def default_cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "mbc-audio" / "utterances"


def utterance_key(info: EngineInfo, spoken: str) -> str:
    fields = [
        info.engine,
        info.engine_version,
        info.voice,
        info.rate_wpm,
        info.sample_rate_hz,
        spoken,
    ]
    if info.word_timings:  # entries made without the words' times are not found
        fields.append("words")
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


class UtteranceCache:
    def __init__(self, root: Path):
        self.root = root
        # What this instance has read or written: a build asks for each utterance's length in
        # several stages, and a WAV header need not be opened again.
        self._frames: dict[str, int] = {}

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def frames(self, key: str) -> int | None:
        """The number of samples cached under key, or None when it is not cached (or unreadable)."""
        if key in self._frames:
            return self._frames[key]
        try:
            with wave.open(str(self.path(key)), "rb") as wav:
                self._frames[key] = wav.getnframes()
        except (OSError, EOFError, wave.Error):
            return None
        return self._frames[key]

    def put(self, key: str, speech: Speech, sample_rate_hz: int) -> None:
        pcm = speech.pcm
        self._digest_path(key).unlink(missing_ok=True)
        if speech.words is not None:  # before the WAV, which is what makes the entry found
            write_text_atomic(self._words_path(key), json.dumps(speech.words) + "\n")
        else:
            self._words_path(key).unlink(missing_ok=True)
        try:
            write_wav_file(self.path(key), pcm, sample_rate_hz)
        except BaseException:  # no words beside audio that is not theirs
            self._words_path(key).unlink(missing_ok=True)
            raise
        self._frames[key] = len(pcm) // 2
        self._write_digest(key, hashlib.sha256(pcm).hexdigest())

    def words(self, key: str) -> tuple[tuple[int, int], ...] | None:
        """When each word of the utterance is said (samples), or None when it is not known."""
        try:
            found = json.loads(self._words_path(key).read_text(encoding="utf-8"))
            spans = tuple((int(a), int(b)) for a, b in found)
        except (OSError, ValueError, TypeError):
            return None
        frames = self.frames(key)
        ordered = all(0 <= a <= b for a, b in spans) and all(
            b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False)
        )
        return spans if ordered and frames is not None and (not spans or spans[-1][1] <= frames) else None

    def _words_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.words.json"

    def digest(self, key: str) -> str:
        """The sha256 of the utterance's samples: what a track made from it depends on.

        Kept beside the WAV, so that an unchanged rebuild reads 64 bytes, not the audio; made
        again when missing or older than the WAV (a cache filled by an older mbc-audio).
        """
        wav, sidecar = self.path(key), self._digest_path(key)
        try:
            if sidecar.stat().st_mtime_ns >= wav.stat().st_mtime_ns:
                found = sidecar.read_text(encoding="ascii").strip()
                if len(found) == 64:
                    return found
        except (OSError, UnicodeDecodeError):
            pass
        with wave.open(str(wav), "rb") as audio:
            found = hashlib.sha256(audio.readframes(audio.getnframes())).hexdigest()
        self._write_digest(key, found)
        return found

    def _digest_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.sha256"

    def _write_digest(self, key: str, digest: str) -> None:
        # A read-only cache still works: the digest is made again next time.
        with contextlib.suppress(OSError):
            write_text_atomic(self._digest_path(key), digest + "\n")


def write_wav_file(path: Path, pcm: bytes, sample_rate_hz: int) -> None:
    """16-bit mono PCM as a WAV file, written beside the target and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".wav", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f, wave.open(f, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(sample_rate_hz)
            wav.writeframes(pcm)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
