"""phrases/ in a built guide: the player's phrases, rendered at build time (build/phrases.py), so
that every announcement is composed from ready clips and the player needs no speech engine to
start. Its files, written and read here:
    phrases/clips.mp3   every clip back to back, mono at the engine's rate, 32 kbps CBR
    phrases/index.json  {"version", "key", "engine", "sample_rate_hz",
                         "clips": [[spoken, start, count], ...]}
(start and count in samples; spoken as manifest.json writes spoken text: its words, or an object
of its words and the lexicon's phonemes in them; version 2 keyed the clips by their words). MP3 keeps the folder small (a few MB where WAV takes 25); the
player decodes it in-process with miniaudio, which removes the encoder's delay, in a thread of
its own as the player starts.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..engines import EngineInfo
from ..fsio import atomic_path, write_text_atomic
from ..spokentext import SpokenText, from_json, to_json
from ..tools import FFMPEG_QUIET, run_bytes
from .manifest import sha256_of

FOLDER = "phrases"
CLIPS = "clips.mp3"
INDEX = "index.json"
FORMAT = 3  # 2: clips at 32 kb/s; 3: each clip's spoken text with its phonemes
# Short prompts in a voice at 16 or 22 kHz stay clear at 32 kb/s, and the clips then weigh
# about a sixth of a half-hour guide's topic tracks in the package a clinic hands out.
BITRATE_KBPS = 32


def index_key(folder: Path) -> str | None:
    """The key of the phrases in folder (made of the engine, voice and texts), or None when
    there are none or clips.mp3 is not the file its index was written for (damaged, or
    replaced), so that a build makes them again rather than keeping them."""
    try:
        index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        found, sha256 = index.get("key"), index.get("clips_sha256")
        if not found or not sha256 or not (folder / CLIPS).is_file():
            return None
        return str(found) if sha256_of(folder / CLIPS) == sha256 else None
    except (OSError, ValueError, AttributeError):
        return None


def write_clips(folder: Path, clips: dict[SpokenText, bytes], info: EngineInfo, key: str) -> None:
    index: list[list[Any]] = []
    at = 0
    for text, pcm in clips.items():
        index.append([to_json(text), at, len(pcm) // 2])
        at += len(pcm) // 2
    with atomic_path(folder / CLIPS) as temporary:
        run_bytes(
            ["ffmpeg", *FFMPEG_QUIET, "-y", "-f", "s16le", "-ar", str(info.sample_rate_hz),
             "-ac", "1", "-i", "-", "-c:a", "libmp3lame", "-b:a", f"{BITRATE_KBPS}k", "-f", "mp3",
             temporary],
            "encoding the player's phrases", b"".join(clips.values()),
        )  # fmt: skip
    data = {"version": FORMAT, "key": key, "engine": asdict(info),
            "sample_rate_hz": info.sample_rate_hz, "clips_sha256": sha256_of(folder / CLIPS),
            "clips": index}  # fmt: skip
    write_text_atomic(folder / INDEX, json.dumps(data, ensure_ascii=False, indent=0) + "\n")


class Clips:
    """A guide's rendered phrases; clip(spoken) is its 16-bit mono PCM at self.rate, or None.
    The clips are decoded in a thread of their own, started by open(), so the player's other
    start-up work goes on meanwhile."""

    def __init__(self, file: Path, rate: int, index: dict[SpokenText, tuple[int, int]]) -> None:
        self.rate, self._index = rate, index
        self._pcm = b""
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._decode, args=(file,), daemon=True)
        self._thread.start()

    @classmethod
    def open(cls, guide_folder: Path) -> Clips | None:
        """The guide's clips, or None when it has none or their index cannot be read."""
        folder = guide_folder / FOLDER
        try:
            data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
            rate = int(data["sample_rate_hz"])
            index = _index(data["clips"])
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            return None
        if not (folder / CLIPS).is_file() or rate <= 0:
            return None
        return cls(folder / CLIPS, rate, index)

    def _decode(self, file: Path) -> None:
        try:
            import miniaudio

            decoded = miniaudio.decode_file(str(file), output_format=miniaudio.SampleFormat.SIGNED16,
                                            nchannels=1, sample_rate=self.rate)  # fmt: skip
            self._pcm = decoded.samples.tobytes()
        except Exception:  # a damaged file: every phrase is then rendered live
            self._pcm = b""
        finally:
            self._ready.set()

    def __contains__(self, spoken: str) -> bool:
        return spoken in self._index

    def clip(self, spoken: SpokenText, wait_s: float = 5.0) -> bytes | None:
        found = self._index.get(spoken)
        if found is None or not self._ready.wait(wait_s):
            return None
        start, count = found
        if start < 0 or count <= 0 or (start + count) * 2 > len(self._pcm):
            return None
        return self._pcm[start * 2 : (start + count) * 2]


def _index(clips: Any) -> dict[SpokenText, tuple[int, int]]:
    """Each clip's (start, count) by its spoken text; ValueError (or a KeyError, TypeError or
    IndexError) when the index is not one write_clips wrote."""
    if isinstance(clips, dict):  # version 2: keyed by the words alone
        return {SpokenText(str(k)): (int(v[0]), int(v[1])) for k, v in clips.items()}
    return {from_json(c[0]): (int(c[1]), int(c[2])) for c in clips}
