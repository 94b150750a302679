"""The guide's tracks decoded in-process (miniaudio) and kept at hand: the one being heard and
its neighbours, each decoded once in a thread of its own. A move inside a kept track (the next
sentence, ten seconds back) takes its samples from memory; a track not yet decoded is streamed
from the place asked for meanwhile, so its first samples come at once either way."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path

RATE = 44_100  # every track, and announcements after resampling
KEPT = 3  # tracks kept decoded: the current one and the ones either side (about 5 MB a minute)


class Tracks:
    """One decoding thread, taking the wanted tracks in order (the one being heard first), so
    decoding ahead never competes with the start of what is being heard."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._decoded: OrderedDict[Path, memoryview] = OrderedDict()
        self._wanted: list[Path] = []
        self._more = threading.Condition(self._lock)
        self._worker = threading.Thread(target=self._work, daemon=True)
        self._worker.start()

    def chunks(self, file: Path, frame: int, first: int, size: int) -> Iterator[memoryview]:
        """The track's samples from frame on: `first` samples, then `size` at a time."""
        with self._lock:
            samples = self._decoded.get(file)
            if samples is not None:
                self._decoded.move_to_end(file)
        if samples is None:
            self._want([file], first=True)
            return _streamed(file, frame, first, size)
        return _sliced(samples, frame, first, size)

    def keep(self, files: Sequence[Path]) -> None:
        """Have these decoded soon (the first one first), and let others go."""
        with self._lock:
            others = [f for f in self._decoded if f not in files]
            for stale in others[: max(0, len(self._decoded) + len(files) - KEPT)]:
                del self._decoded[stale]
        self._want(files, first=False)

    def _want(self, files: Sequence[Path], first: bool) -> None:
        with self._more:
            new = [f for f in files if f not in self._decoded]
            rest = [f for f in self._wanted if f not in new]
            self._wanted = new + rest if first else rest + [f for f in new if f not in rest]
            self._wanted = self._wanted[:KEPT]
            self._more.notify()

    def _work(self) -> None:
        while True:
            with self._more:
                while not self._wanted:
                    self._more.wait()
                file = self._wanted.pop(0)
                if file in self._decoded:
                    continue
            try:
                samples: memoryview | None = decode(file)
            except Exception:  # a damaged file: streaming it says why, when it is played
                samples = None
            with self._lock:
                if samples is not None:
                    self._decoded[file] = samples
                    while len(self._decoded) > KEPT:
                        self._decoded.popitem(last=False)


def decode(file: Path) -> memoryview:
    """The track as 16-bit mono samples at RATE (a memoryview: slices are not copies, and the
    first sound needs no NumPy)."""
    import miniaudio

    decoded = miniaudio.decode_file(str(file), output_format=miniaudio.SampleFormat.SIGNED16,
                                    nchannels=1, sample_rate=RATE)  # fmt: skip
    return memoryview(decoded.samples)


def _sliced(samples: memoryview, frame: int, first: int, size: int) -> Iterator[memoryview]:
    at = min(max(frame, 0), len(samples))
    step = first
    while at < len(samples):
        yield samples[at : at + step]
        at, step = at + step, size


def _streamed(file: Path, frame: int, first: int, size: int) -> Iterator[memoryview]:
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
        yield memoryview(chunk)
        step = size
