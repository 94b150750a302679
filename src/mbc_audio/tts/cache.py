"""A content-addressed cache of rendered utterances, so each is rendered once.

The key covers everything that changes the sound: engine, engine version, voice, rate,
sample rate and the spoken text (its words and the IPA the lexicon gives any of them). Entries
are WAV files written atomically, each with the sha256 of its samples beside it and, for an
engine that times its words, the words' samples.

What is reused is verified: the sha256 file also records the WAV's size and modification time
when it was written, and a WAV that no longer matches them is read again and its samples
compared with the sha256. Samples that differ (a damaged or edited file, a truncated one) or a
WAV with no sha256 beside it count as not cached, so the utterance is rendered again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import struct
import tempfile
import wave
from pathlib import Path

from ..engines import EngineInfo, Speech
from ..fsio import write_text_atomic
from ..spokentext import identity

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "mbc-audio" / "utterances"


def utterance_key(info: EngineInfo, spoken: str) -> str:
    """The key of spoken text (its words and the lexicon's phonemes in it) in this voice."""
    fields = [
        info.engine,
        info.engine_version,
        info.voice,
        info.rate_wpm,
        info.sample_rate_hz,
        *identity(spoken),
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
        self._digests: dict[str, str] = {}

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def frames(self, key: str) -> int | None:
        """The number of samples cached under key, or None when it is not cached, unreadable,
        or its samples are not those it was written with."""
        if key in self._frames:
            return self._frames[key]
        wav = self.path(key)
        try:
            stat = wav.stat()
            recorded = self._recorded(key)
            if recorded is None:
                return None
            digest, stamp = recorded
            with wave.open(str(wav), "rb") as audio:
                count = audio.getnframes()
                if stamp != (stat.st_size, stat.st_mtime_ns):
                    samples = audio.readframes(count)
                    if len(samples) != 2 * count or hashlib.sha256(samples).hexdigest() != digest:
                        log.warning("cached utterance %s is damaged; rendering it again", wav)
                        return None
                    self._write_digest(key, digest)  # checked: the stamp is the file's now
        except (OSError, EOFError, wave.Error):
            return None
        self._frames[key] = count
        self._digests[key] = digest
        return count

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
        digest = hashlib.sha256(pcm).hexdigest()
        self._write_digest(key, digest)
        self._frames[key] = len(pcm) // 2
        self._digests[key] = digest

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

        Read from the file beside the WAV once frames() has checked the WAV against it, so
        that an unchanged rebuild reads a few bytes, not the audio.
        """
        if key not in self._digests and self.frames(key) is None:
            raise FileNotFoundError(f"no verified utterance under {self.path(key)}")
        return self._digests[key]

    def _recorded(self, key: str) -> tuple[str, tuple[int, int] | None] | None:
        """The sha256 written beside the WAV, and the WAV's (size, mtime) it was written for."""
        try:
            fields = self._digest_path(key).read_text(encoding="ascii").split()
        except (OSError, UnicodeDecodeError):
            return None
        if not fields or len(fields[0]) != 64:
            return None
        try:
            stamp = (int(fields[1]), int(fields[2])) if len(fields) == 3 else None
        except ValueError:
            stamp = None
        return fields[0], stamp

    def _digest_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.sha256"

    def _write_digest(self, key: str, digest: str) -> None:
        # A read-only cache still works: the samples are checked again next time.
        with contextlib.suppress(OSError):
            stat = self.path(key).stat()
            write_text_atomic(
                self._digest_path(key), f"{digest} {stat.st_size} {stat.st_mtime_ns}\n"
            )


def write_wav_file(path: Path, pcm: bytes, sample_rate_hz: int) -> None:
    """16-bit mono PCM as a WAV file, written beside the target and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".wav", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(wav_header(len(pcm), sample_rate_hz))
            f.write(pcm)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def wav_header(data_bytes: int, sample_rate_hz: int) -> bytes:
    """The 44 bytes before 16-bit mono samples, as the wave module writes them. Written here:
    a Ctrl-C inside wave.open's constructor leaves an object whose __del__ prints a traceback."""
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, 1,
        sample_rate_hz, sample_rate_hz * 2, 2, 16, b"data", data_bytes,
    )  # fmt: skip
