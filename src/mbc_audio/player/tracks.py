"""The guide's tracks decoded in-process (miniaudio), each once, and kept at hand: the one being
heard and its neighbours. One thread decodes, always what a key is likeliest to need next, so a
move inside a track or to a track next to it takes its samples from memory:

1. the place a reader waits at, at once, in one call however far into the track it is (decoding
   is about a thousand times faster than real time: a 2-minute track takes 0.1 s here); then
   the half-minute after the place being heard (next sentence, section, a skip);
2. the first seconds of each neighbour (next topic, previous topic);
3. the whole of each track, the one being heard first, then the neighbours in the order given
   (the previous track first: a move back from a topic's start lands at its end).

It decodes ten seconds a call at most, so it never keeps a key waiting long for another track,
yet under load it needs a dozen wake-ups for a track, not a hundred (it used to decode a second
at a time, and a press soon after a jump waited for a hundred thread wake-ups: over a second
with the machine busy)."""

from __future__ import annotations

import threading
from array import array
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path

RATE = 44_100  # the output's: every track (24 kHz as built) and announcement resampled to it
KEPT = 3  # tracks kept decoded: the current one and the ones either side (about 5 MB a minute)
_STEP = 10 * RATE  # frames decoded in one call at most: about 8 ms of work here
_FIRST = RATE // 10  # a reader waiting is given this much beyond its place first
_AHEAD = 30 * RATE  # of the track being heard, decoded before anything else
_START = 5 * RATE  # of each neighbour, decoded before any track is decoded whole


class _Track:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.pcm = bytearray()  # 16-bit mono samples at RATE, decoded so far
        self.done = False
        self.failure: Exception | None = None
        self.stream: Generator[array[int], int, None] | None = None
        self.need = 0  # the furthest frame a reader has asked for

    @property
    def frames(self) -> int:
        return len(self.pcm) // 2

    @property
    def over(self) -> bool:
        return self.done or self.failure is not None

    def decode_more(self, frames: int) -> None:
        """Up to `frames` more of the track (called by the decoding thread only, outside the
        lock; miniaudio lets other threads run meanwhile)."""
        import miniaudio

        if self.stream is None:
            self.stream = miniaudio.stream_file(
                str(self.file), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                sample_rate=RATE, frames_to_read=_STEP,
            )  # fmt: skip
        try:
            chunk = self.stream.send(max(1, min(frames, _STEP)))
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
        self._wanted: list[Path] = []  # the one being heard first; at most KEPT
        threading.Thread(target=self._work, daemon=True).start()

    def chunks(self, file: Path, frame: int, first: int, size: int) -> Iterator[memoryview]:
        """The track's samples from frame on: `first` samples, then `size` at a time; the track
        becomes the one being heard."""
        self._want([file], first=True)
        with self._changed:
            track = self._tracks[file]
        return self._follow(track, max(frame, 0), first, size)

    def keep(self, files: Sequence[Path]) -> None:
        """Have these decoded (the one being heard, then its neighbours in the order their
        whole is wanted), and let others go."""
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
                if at + step > track.need:
                    track.need = at + step
                    self._changed.notify_all()  # the decoder goes there first
                while not track.over and track.frames < at + step:
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

    def _job(self) -> tuple[_Track, int] | None:
        """The track to decode next and how many frames of it (called with the lock held)."""
        tracks = [self._tracks[f] for f in self._wanted]
        if not tracks:
            return None
        heard, others = tracks[0], tracks[1:]
        whole = 1 << 62
        goals = [(heard, heard.need + _AHEAD), *((t, _START) for t in others),
                 (heard, whole), *((t, whole) for t in others)]  # fmt: skip
        for track, goal in goals:
            if track.over or track.frames >= goal:
                continue
            frames = goal - track.frames
            if track.need > track.frames:  # a reader waits: its place, and a little more, first
                frames = track.need - track.frames + _FIRST
            return track, min(frames, _STEP)
        return None

    def _work(self) -> None:
        while True:
            with self._changed:
                while (job := self._job()) is None:
                    self._changed.wait()
            track, frames = job
            try:
                track.decode_more(frames)
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
