"""A sink for tests: it records what it was asked to play and keeps time only when told."""

from __future__ import annotations

from pathlib import Path

from mbc_audio.player.output import Sink


class RecordingSink(Sink):
    """Records every request; time moves only when a test calls advance()."""

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self._start = 0
        self._elapsed = 0
        self._speed = 1.0
        self._playing = False
        self._end_ms: int | None = None
        self.held = 0

    def play(self, file: Path, start_ms: int, speed: float, volume: float) -> None:
        self.events.append(("play", Path(file).name, start_ms, round(speed, 2), round(volume, 2)))
        self._start, self._elapsed, self._speed = start_ms, 0, speed
        self._playing = True

    def stop(self) -> None:
        if self._playing:
            self.events.append(("stop", self.position_ms()))
        self._start, self._elapsed = self.position_ms(), 0
        self._playing = False

    def position_ms(self) -> int:
        return self._start + round(self._elapsed * self._speed)

    def playing(self) -> bool:
        return self._playing

    def finished(self) -> bool:
        return self._end_ms is not None and self._playing and self.position_ms() >= self._end_ms

    def speak(self, pcm: bytes, after: bool = False) -> None:
        self.events.append(("speak", len(pcm), after))

    def hold(self) -> None:
        self.held += 1

    def release(self) -> None:
        self.held -= 1

    def advance(self, ms: int, end_ms: int | None = None) -> None:
        """Let ms of listening time pass; end_ms is the track's length, to report its end."""
        if self._playing:
            self._elapsed += ms
        self._end_ms = end_ms

    @property
    def plays(self) -> list[tuple]:
        return [e for e in self.events if e[0] == "play"]
