"""The guide's tracks decoded in-process (miniaudio), each once, and kept at hand: the one being
heard and its neighbours. One thread decodes a second of audio at a time, always for the track
wanted most (the one being heard first), so a move inside a track or to a track next to it takes
its samples from memory, and a track just arrived at is heard while the rest of it is decoded."""

from __future__ import annotations

import threading
from array import array
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path

RATE = 44_100  # every track, and announcements after resampling
KEPT = 3  # tracks kept decoded: the current one and the ones either side (about 5 MB a minute)
_STEP = RATE  # frames decoded at a time: a second, a few milliseconds' work


class _Track:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.pcm = bytearray()  # 16-bit mono samples at RATE, decoded so far
        self.done = False
        self.failure: Exception | None = None
        self.stream: Generator[array[int], int, None] | None = None

    @property
    def frames(self) -> int:
        return len(self.pcm) // 2

    def decode_more(self) -> None:
        """A second more of the track (called by the decoding thread only, outside the lock)."""
        import miniaudio

        if self.stream is None:
            self.stream = miniaudio.stream_file(
                str(self.file), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                sample_rate=RATE, frames_to_read=_STEP,
            )  # fmt: skip
        try:  # a tenth of a second first, so a track just arrived at is heard at once
            chunk = self.stream.send(RATE // 10 if not self.pcm else _STEP)
        except StopIteration:
            chunk = None
        if chunk is None or not len(chunk):
            self.done = True
        else:
            self.pcm += memoryview(chunk).cast("B")


class Tracks:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._tracks: dict[Path, _Track] = {}
        self._wanted: list[Path] = []  # most wanted first; at most KEPT
        threading.Thread(target=self._work, daemon=True).start()

    def chunks(self, file: Path, frame: int, first: int, size: int) -> Iterator[memoryview]:
        """The track's samples from frame on: `first` samples, then `size` at a time; the track
        becomes the one most wanted."""
        self._want([file], first=True)
        with self._changed:
            track = self._tracks[file]
        return self._follow(track, max(frame, 0), first, size)

    def keep(self, files: Sequence[Path]) -> None:
        """Have these decoded (in this order), and let others go."""
        self._want(files, first=False)

    def _want(self, files: Sequence[Path], first: bool) -> None:
        with self._changed:
            new = [f for f in files if f not in self._wanted]
            kept = [f for f in self._wanted if f not in files]
            if first:
                wanted = [*files, *[f for f in self._wanted if f not in files]]
            else:
                wanted = [*self._wanted[:1], *[f for f in files if f not in self._wanted[:1]], *kept]
            self._wanted = list(dict.fromkeys(wanted))[:KEPT]
            for file in new:
                self._tracks.setdefault(file, _Track(file))
            for file in [f for f in self._tracks if f not in self._wanted]:
                del self._tracks[file]  # let go (a generator reading it keeps its own)
            self._changed.notify_all()

    def _follow(self, track: _Track, at: int, first: int, size: int) -> Iterator[memoryview]:
        step = first
        while True:
            with self._changed:
                while not (track.done or track.failure) and track.frames < at + step:
                    if self._tracks.get(track.file) is not track:
                        return  # let go (a newer play moved elsewhere): nothing more comes
                    self._changed.wait(0.5)
                if track.failure is not None and track.frames <= at:
                    raise track.failure
                end = min(at + step, track.frames)
                if end <= at and track.done:
                    return
                chunk = bytes(track.pcm[at * 2 : end * 2])
            yield memoryview(chunk).cast("h")
            at, step = end, size

    def _work(self) -> None:
        while True:
            with self._changed:
                while not (busy := [self._tracks[f] for f in self._wanted
                                    if not (self._tracks[f].done or self._tracks[f].failure)]):  # fmt: skip
                    self._changed.wait()
                track = busy[0]
            try:
                track.decode_more()
            except Exception as e:  # a damaged file: said when it is played
                track.failure = e
            with self._changed:
                self._changed.notify_all()


def decode(file: Path) -> memoryview:
    """A whole track as 16-bit mono samples at RATE."""
    import miniaudio

    decoded = miniaudio.decode_file(str(file), output_format=miniaudio.SampleFormat.SIGNED16,
                                    nchannels=1, sample_rate=RATE)  # fmt: skip
    return memoryview(decoded.samples)
