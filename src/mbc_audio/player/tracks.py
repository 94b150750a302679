"""The guide's tracks decoded in-process (miniaudio) and kept at hand: the one being heard and
its neighbours, each decoded once in a thread of its own. A move inside a kept track (the next
sentence, ten seconds back) takes its samples from memory; a track not yet decoded is streamed
from the place asked for meanwhile, so its first samples come at once either way."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

RATE = 44_100  # every track, and announcements after resampling
KEPT = 3  # tracks kept decoded: the current one and the ones either side (about 5 MB a minute)


class Tracks:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._decoded: OrderedDict[Path, np.ndarray] = OrderedDict()
        self._decoding: set[Path] = set()

    def chunks(self, file: Path, frame: int, first: int, size: int) -> Iterator[np.ndarray]:
        """The track's samples from frame on: `first` samples, then `size` at a time."""
        with self._lock:
            samples = self._decoded.get(file)
            if samples is not None:
                self._decoded.move_to_end(file)
        if samples is None:
            self._decode_soon(file)
            return _streamed(file, frame, first, size)
        return _sliced(samples, frame, first, size)

    def keep(self, files: Sequence[Path]) -> None:
        """Have these decoded soon (the first one first), and let others go."""
        with self._lock:
            others = [f for f in self._decoded if f not in files]
            for stale in others[: max(0, len(self._decoded) + len(files) - KEPT)]:
                del self._decoded[stale]
        for file in files:
            self._decode_soon(file)

    def _decode_soon(self, file: Path) -> None:
        with self._lock:
            if file in self._decoded or file in self._decoding:
                return
            self._decoding.add(file)
        threading.Thread(target=self._decode, args=(file,), daemon=True).start()

    def _decode(self, file: Path) -> None:
        try:
            samples = decode(file)
        except Exception:  # a damaged file: streaming it says why, when it is played
            samples = None
        with self._lock:
            self._decoding.discard(file)
            if samples is not None:
                self._decoded[file] = samples
                while len(self._decoded) > KEPT:
                    self._decoded.popitem(last=False)


def decode(file: Path) -> np.ndarray:
    import miniaudio

    decoded = miniaudio.decode_file(str(file), output_format=miniaudio.SampleFormat.SIGNED16,
                                    nchannels=1, sample_rate=RATE)  # fmt: skip
    return np.frombuffer(decoded.samples, dtype=np.int16)


def _sliced(samples: np.ndarray, frame: int, first: int, size: int) -> Iterator[np.ndarray]:
    at = min(max(frame, 0), len(samples))
    step = first
    while at < len(samples):
        yield samples[at : at + step]
        at, step = at + step, size


def _streamed(file: Path, frame: int, first: int, size: int) -> Iterator[np.ndarray]:
    import miniaudio

    stream = miniaudio.stream_file(str(file), output_format=miniaudio.SampleFormat.SIGNED16,
                                   nchannels=1, sample_rate=RATE, frames_to_read=first,
                                   seek_frame=max(frame, 0))  # fmt: skip
    step = first
    while True:
        try:
            chunk = stream.send(step)
        except StopIteration:  # the track's end
            return
        if not len(chunk):
            return
        yield np.frombuffer(chunk, dtype=np.int16)
        step = size
