"""Audio output behind one small interface (Sink), so the key loop never knows which it has:

- DeviceSink plays through the platform's sound system (PulseAudio or PipeWire, ALSA, Core Audio,
  WASAPI) with miniaudio. Tracks are decoded in-process (miniaudio) and kept at hand (tracks.py),
  so a move inside a track, or to a track next to it, starts from samples already in memory; the
  speed (pitch kept) and volume are applied a chunk at a time (stretch.py).
- SilentSink, when there is no audio device: it keeps time, so the player still navigates.

(Tests have a RecordingSink of their own, in tests/sinks.py.)

The player's own announcements are spoken through the same sink: while one plays, the guide is
held, so two voices never overlap; a new announcement cuts off the one before.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from .tracks import RATE, Tracks

FRAME = 2  # bytes: 16-bit mono
_BUFFER = RATE * FRAME  # render at most a second ahead
_FIRST = RATE // 40  # samples rendered before play() returns: 25 ms, so sound starts at once
_CHUNK = RATE // 10
LIMIT = 0.89  # -1 dBFS: where the limiters hold peaks when the volume is above 100%


def warm_up() -> None:
    """Import miniaudio in a thread while the rest of the player is imported and the guide
    loaded."""
    threading.Thread(target=miniaudio_module, daemon=True).start()


class _NoNumPyForMiniaudio:
    """An import finder that refuses NumPy to miniaudio alone: miniaudio imports it if it can
    (to take NumPy arrays too; the player gives it bytes), and NumPy took 0.1-0.2 s of the
    player's start. Other importers, in any thread, find NumPy as usual."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name != "numpy" and not name.startswith("numpy."):
            return None
        frame: FrameType | None = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith("importlib"):
            frame = frame.f_back
        if frame is not None and frame.f_globals.get("__name__") == "miniaudio":
            raise ModuleNotFoundError("the player gives miniaudio bytes", name=name)
        return None


_import_lock = threading.Lock()


def miniaudio_module() -> Any:
    """miniaudio, imported without NumPy unless NumPy is already loaded."""
    with _import_lock:
        if "miniaudio" in sys.modules:
            return sys.modules["miniaudio"]
        # New lists, not changes to the one in use: another thread may be importing meanwhile,
        # and a list changed under its loop skips a finder (then a module is not found).
        finder = _NoNumPyForMiniaudio()
        sys.meta_path = [finder, *sys.meta_path]
        try:
            import miniaudio
        finally:
            sys.meta_path = [f for f in sys.meta_path if f is not finder]
        return miniaudio


def louder(pcm: bytes, volume: float) -> bytes:
    """An announcement at the listener's volume, its peak held under LIMIT (never clipped)."""
    import numpy as np

    if abs(volume - 1.0) < 1e-6:
        return pcm
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) * volume
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    if peak > LIMIT * 32767:
        samples *= LIMIT * 32767 / peak
    return samples.astype("<i2").tobytes()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to the null device meanwhile (C libraries write to it directly)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class Sink:
    """What the player asks of an audio output."""

    def play(self, file: Path, start_ms: int, speed: float, volume: float) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Stop the guide; position_ms() keeps where it stopped."""
        raise NotImplementedError

    def position_ms(self) -> int:
        raise NotImplementedError

    def playing(self) -> bool:
        raise NotImplementedError

    def finished(self) -> bool:
        """The track played to its end."""
        raise NotImplementedError

    def failure(self) -> str | None:
        """Why the track could not be played, once it is known."""
        return None

    def speak(self, pcm: bytes, after: bool = False) -> None:
        """Play an announcement (16-bit mono at RATE) with the guide held meanwhile; it cuts
        off the one being said, or with after, follows it."""
        raise NotImplementedError

    def speaking(self) -> bool:
        return False

    def hold(self) -> None:
        """An announcement is on its way: keep the guide silent until release()."""

    def release(self) -> None:
        """The announcement asked for by the last hold() was spoken or dropped."""

    def prepare(self, files: Sequence[Path]) -> None:
        """These tracks are likely next (the current one and its neighbours): have them ready."""

    def hush(self) -> None:
        """Cut off the announcement being said (a key was pressed)."""

    def close(self) -> None:
        pass


class SilentSink(Sink):
    """No audio device: wall-clock time, so positions move as if the guide were heard."""

    def __init__(self) -> None:
        self._start = 0
        self._speed = 1.0
        self._playing = False
        self._since = time.monotonic()
        self._end_ms: int | None = None

    def play(self, file: Path, start_ms: int, speed: float, volume: float) -> None:
        self._start, self._speed, self._playing = start_ms, speed, True
        self._since = time.monotonic()

    def stop(self) -> None:
        self._start, self._playing = self.position_ms(), False

    def position_ms(self) -> int:
        if not self._playing:
            return self._start
        return self._start + round((time.monotonic() - self._since) * 1000 * self._speed)

    def playing(self) -> bool:
        return self._playing

    def finished(self) -> bool:
        return False  # it cannot know a track's length; the listener moves on by key

    def speak(self, pcm: bytes, after: bool = False) -> None:
        pass


class DeviceSink(Sink):
    """The sound system through miniaudio; the guide's samples are rendered (speed, volume) a
    chunk at a time into a buffer a second deep, by a thread of each play()'s own."""

    def __init__(self, buffer_ms: int = 40) -> None:
        miniaudio = miniaudio_module()

        self._lock = threading.Lock()
        self._guide = bytearray()
        self._speech = bytearray()
        self._tracks = Tracks()
        self._eof = True
        self._failure: str | None = None
        self._start_ms = 0
        self._frames = 0  # guide frames sent to the device since play()
        self._speed = 1.0
        self._playing = False
        self._generation = 0
        self._held = 0  # announcements asked for and not yet spoken: the guide waits for them
        self.spoken_frames = 0  # announcement frames sent to the device, for scripts/bench
        self.heard_at = 0.0  # when the guide's first samples since play() went to the device
        self.device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE,
            buffersize_msec=buffer_ms, app_name="mbc-audio",
        )  # fmt: skip
        self._started = False
        self._start_lock = threading.Lock()

    def _feed(self) -> Generator[bytes, int, None]:
        wanted = yield b""
        while True:
            size = wanted * FRAME
            with self._lock:
                if self._speech:
                    out = bytes(self._speech[:size])
                    del self._speech[:size]
                    self.spoken_frames += len(out) // FRAME
                elif self._playing and self._guide and not self._held:
                    out = bytes(self._guide[:size])
                    del self._guide[:size]
                    if not self._frames:
                        self.heard_at = time.perf_counter()
                    self._frames += len(out) // FRAME
                else:
                    out = b""
            wanted = yield out + bytes(size - len(out))

    def play(self, file: Path, start_ms: int, speed: float, volume: float) -> None:
        with self._lock:
            self._generation += 1
            self._guide.clear()
            self._start_ms, self._frames, self._speed = start_ms, 0, speed
            self._eof, self._failure, self._playing = False, None, True
            generation = self._generation
        source = self._tracks.chunks(file, start_ms * RATE // 1000, _FIRST, _CHUNK)
        render = _Render(source, speed, volume)
        self._step(generation, render)  # the first 25 ms now: the device starts on them
        threading.Thread(target=self._render, args=(generation, render), daemon=True).start()
        self._start_device()

    def prepare(self, files: Sequence[Path]) -> None:
        self._tracks.keep(files)

    def _start_device(self) -> None:
        """The device starts on the first sound: a sound server fills its first buffer at once,
        and filling it with the guide rather than silence is what makes the start quick."""
        with self._start_lock:  # the speaker's thread may start it too
            if self._started:
                return
            generator = self._feed()
            next(generator)
            self.device.start(generator)
            self._started = True

    def _step(self, generation: int, render: _Render) -> bool:
        """Render one chunk into the buffer; False once the track has ended or failed, or a
        newer play() or stop() has taken over."""
        try:
            pcm, ended = render.next()
        except Exception as e:  # miniaudio's DecodeError and its kin: a damaged file
            with self._lock:
                if generation == self._generation:
                    self._eof, self._failure = True, f"{type(e).__name__}: {e}"
            return False
        with self._lock:
            if generation != self._generation:
                return False
            self._guide += pcm
            self._eof = ended
        return not ended

    def _render(self, generation: int, render: _Render) -> None:
        while True:
            with self._lock:
                if generation != self._generation:
                    return
                # While an announcement is due or said, the guide waits: a little of it is
                # enough, and the voice's thread has the interpreter to itself meanwhile
                # (at a speed other than 1.0, a second of WSOLA kept it waiting under load).
                waiting = self._held or self._speech
                room = (_CHUNK * FRAME if waiting else _BUFFER) - len(self._guide)
            if room <= 0:
                time.sleep(0.02)
            elif not self._step(generation, render):
                return

    def stop(self) -> None:
        position = self.position_ms()
        with self._lock:
            self._generation += 1
            self._playing = False
            self._guide.clear()
            self._start_ms, self._frames = position, 0

    def position_ms(self) -> int:
        with self._lock:
            return self._start_ms + round(self._frames * 1000 / RATE * self._speed)

    def playing(self) -> bool:
        return self._playing

    def finished(self) -> bool:
        with self._lock:
            return self._playing and self._eof and not self._guide and not self._failure

    def failure(self) -> str | None:
        with self._lock:
            return self._failure if self._eof else None

    def speak(self, pcm: bytes, after: bool = False) -> None:
        with self._lock:
            if after:
                self._speech += pcm
            else:
                self._speech[:] = pcm
        self._start_device()

    def speaking(self) -> bool:
        with self._lock:
            return bool(self._speech) or self._held > 0

    def hush(self) -> None:
        with self._lock:
            self._speech.clear()

    def hold(self) -> None:
        with self._lock:
            self._held += 1

    def release(self) -> None:
        with self._lock:
            self._held = max(0, self._held - 1)

    def close(self) -> None:
        with self._lock:
            self._generation += 1
        self.device.close()


class _Render:
    """A track's samples from a place, at a speed and volume: 16-bit PCM a chunk at a time. At
    normal speed and volume the samples pass as they are (NumPy is not even loaded: the start
    of the guide is quicker for it)."""

    def __init__(self, source: Iterator[memoryview], speed: float, volume: float) -> None:
        self._source, self._volume = source, volume
        self._stretch: Any = None
        if abs(speed - 1.0) > 1e-6 or abs(volume - 1.0) > 1e-6:
            from .stretch import Stretch

            self._stretch = Stretch(speed)

    def next(self) -> tuple[bytes, bool]:
        """The next chunk, and whether the track has ended."""
        chunk = next(self._source, None)
        if self._stretch is None:
            return (b"", True) if chunk is None else (chunk.tobytes(), False)
        from .stretch import at_volume, to_float

        if chunk is None:
            return at_volume(self._stretch.end(), self._volume), True
        return at_volume(self._stretch.feed(to_float(chunk)), self._volume), False


def open_sink(warn: Callable[[str], None]) -> Sink:
    """The sound system's default output; with none, a SilentSink and one line saying so."""
    try:
        with _quiet_stderr():  # ALSA prints a dozen lines while it looks for a card
            return DeviceSink()
    except Exception as e:  # miniaudio raises its own errors, or the library may not load
        warn(f"No audio device: the player will navigate and print, but you will hear nothing "
             f"({type(e).__name__}: {e}).")  # fmt: skip
        return SilentSink()
