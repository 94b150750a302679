"""Audio output behind one small interface (Sink), so the key loop never knows which it has:

- DeviceSink plays through the platform's sound system (PulseAudio or PipeWire, ALSA, Core Audio,
  WASAPI) with miniaudio; ffmpeg decodes the track from the asked time, with the tempo (pitch
  kept) and volume applied.
- SilentSink, when there is no audio device: it keeps time, so the player still navigates.

(Tests have a RecordingSink of their own, in tests/sinks.py.)

The player's own announcements are spoken through the same sink: while one plays, the guide is
held, so two voices never overlap; a new announcement cuts off the one before.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

from ..tools import tool

RATE = 44_100  # every track, and announcements after resampling
FRAME = 2  # bytes: 16-bit mono
_BUFFER = RATE * FRAME  # decode at most a second ahead


LIMIT = 0.89  # -1 dBFS: where the limiter holds peaks when the volume is above 100%


def tempo_filter(speed: float, volume: float) -> str:
    """ffmpeg filters for a speed from 0.5 to 3.0 with the pitch kept (atempo takes 0.5 to 2
    in one step), then the volume; above 100% a look-ahead limiter keeps every peak under
    LIMIT, so a loud guide never clips."""
    steps = []
    while speed > 2.0:
        steps.append(2.0)
        speed /= 2.0
    steps.append(speed)
    filters = [*(f"atempo={s:.4f}" for s in steps), f"volume={volume:.2f}"]
    if volume > 1.0:
        filters.append(f"alimiter=limit={LIMIT}:level=0:attack=5:release=50")
    return ",".join(filters)


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
    """The sound system through miniaudio; ffmpeg decodes ahead into a small buffer."""

    def __init__(self, buffer_ms: int = 40) -> None:
        import miniaudio

        self._lock = threading.Lock()
        self._guide = bytearray()
        self._speech = bytearray()
        self._process: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None
        self._eof = True
        self._failure: str | None = None
        self._start_ms = 0
        self._frames = 0  # guide frames sent to the device since play()
        self._speed = 1.0
        self._playing = False
        self._generation = 0
        self._held = 0  # announcements asked for and not yet spoken: the guide waits for them
        self.spoken_frames = 0  # announcement frames sent to the device, for scripts/bench
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
                    self._frames += len(out) // FRAME
                else:
                    out = b""
            wanted = yield out + bytes(size - len(out))

    def play(self, file: Path, start_ms: int, speed: float, volume: float) -> None:
        self._end_process()
        command = [
            tool("ffmpeg"), "-v", "error", "-nostdin", "-ss", f"{start_ms / 1000:.3f}",
            "-i", str(file), "-af", tempo_filter(speed, volume),
            "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-",
        ]  # fmt: skip
        with self._lock:
            self._generation += 1
            self._guide.clear()
            self._start_ms, self._frames, self._speed = start_ms, 0, speed
            self._eof, self._failure, self._playing = False, None, True
            generation = self._generation
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
        )
        self._process = process
        self._reader = threading.Thread(target=self._read, args=(process, generation), daemon=True)
        self._reader.start()
        self._start_device()

    def _start_device(self) -> None:
        """The device starts on the first sound: a sound server fills its first buffer at once,
        and filling it with the guide rather than silence is what makes the start quick."""
        with self._start_lock:  # the speaker's thread may start it too
            if self._started:
                return
            deadline = time.monotonic() + 0.5
            while time.monotonic() < deadline and not (self._guide or self._speech or self._eof):
                time.sleep(0.002)
            generator = self._feed()
            next(generator)
            self.device.start(generator)
            self._started = True

    def _read(self, process: subprocess.Popen, generation: int) -> None:
        while True:
            with self._lock:
                if generation != self._generation:
                    return
                room = _BUFFER - len(self._guide)
            if room <= 0:
                time.sleep(0.02)
                continue
            assert process.stdout is not None
            chunk = process.stdout.read1(min(room, 8192))  # type: ignore[attr-defined]
            if not chunk:
                break
            with self._lock:
                if generation != self._generation:
                    return
                self._guide += chunk
        code = process.wait()
        with self._lock:
            if generation == self._generation:
                self._eof = True
                if code != 0:
                    last = (
                        (process.stderr.read() if process.stderr else b"")
                        .decode(errors="replace")
                        .strip()
                        .splitlines()
                    )
                    self._failure = last[-1] if last else f"ffmpeg exit {code}"

    def _end_process(self) -> None:
        with self._lock:
            self._generation += 1
        if self._process and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None

    def stop(self) -> None:
        position = self.position_ms()
        self._end_process()
        with self._lock:
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

    def hold(self) -> None:
        with self._lock:
            self._held += 1

    def release(self) -> None:
        with self._lock:
            self._held = max(0, self._held - 1)

    def close(self) -> None:
        self._end_process()
        self.device.close()


def open_sink(warn: Callable[[str], None]) -> Sink:
    """The sound system's default output; with none, a SilentSink and one line saying so."""
    try:
        with _quiet_stderr():  # ALSA prints a dozen lines while it looks for a card
            return DeviceSink()
    except Exception as e:  # miniaudio raises its own errors, or the library may not load
        warn(f"No audio device: the player will navigate and print, but you will hear nothing "
             f"({type(e).__name__}: {e}).")  # fmt: skip
        return SilentSink()
