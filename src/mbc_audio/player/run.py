"""mbc-audio play: load a guide (a folder or its zip), restore the listener's place and settings,
open the audio output and the voice, run the key loop, and keep the place on the way out."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .. import timeline as tl
from ..errors import ManifestError, MbcAudioError, UsageError
from .actions import DEFAULT_KEYS
from .app import Player
from .handlers import quit_
from .keys import load_keys
from .lines import Line
from .output import Sink, open_sink
from .state import (
    SPEEDS,
    GuideState,
    Settings,
    State,
    config_dir,
    guide_key,
    load_state,
    save_state,
    state_dir,
)
from .unzip import unpacked

if TYPE_CHECKING:  # the voice, its phrases and the bookshelf are imported only when used:
    from .voice import Speaker, Voice  # with --no-voice, the guide starts without them

Choose = Callable[[list["Known"]], Path | None]


def open_guide(path: Path) -> tuple[tl.Timeline, Path]:
    """The timeline and the folder holding the tracks, from a guide folder or a published zip."""
    if path.is_file():
        path = unpacked(path)
    if not path.is_dir():
        raise UsageError(
            f"{path} is not a guide folder or a guide's zip; build one with: mbc-audio build"
        )
    if not (path / tl.MANIFEST).is_file():
        inside = sorted(path.glob(f"*/{tl.MANIFEST}"))
        if len(inside) == 1:
            path = inside[0].parent
    timeline = tl.load(path)
    if not timeline.tracks:
        raise ManifestError("lists no tracks, so there is nothing to play; build the guide again",
                            path / tl.MANIFEST)  # fmt: skip
    return timeline, path


@dataclass(frozen=True)
class Known:
    """A guide played before, as the library lists it."""

    key: str
    state: GuideState

    def line(self, number: int) -> str:
        where = self.state.where or "at the start"
        version = f", version {self.state.version}" if self.state.version else ""
        return f"{number}. {self.state.title or self.key}{version}: {where}. {self.state.path}"


def library(state: State) -> list[Known]:
    """The guides played before whose folder or zip is still there, the last played first."""
    found = [Known(k, g) for k, g in state.guides.items() if g.path and Path(g.path).exists()]
    found.sort(key=lambda k: k.key != state.last_guide)
    return found


def default_guide(state: State, content_dir: Path, choose: Choose | None) -> Path:
    known = library(state)
    if len(known) > 1 and choose is not None:
        chosen = choose(known)
        if chosen is None:
            raise UsageError("no guide chosen; name one, as in: mbc-audio play dist/mbc-guide")
        return chosen
    if known:
        return Path(known[0].state.path)
    from ..content.config import load_config

    if (content_dir / "guide.toml").is_file():
        guide_id = load_config(content_dir).info.id
        for candidate in (Path("dist/published") / guide_id, Path("dist") / guide_id):
            if (candidate / tl.MANIFEST).is_file():
                return candidate
    raise UsageError(
        "no guide given and none played before; name one, as in: mbc-audio play dist/mbc-guide"
    )


def play(
    guide: Path | None, content_dir: Path, voice: bool, speed: float | None,
    keys: Iterator[str | None], echo: Callable[[str], None], sink: Sink | None = None,
    skip_s: int | None = None, choose: Choose | None = None,
) -> Player:  # fmt: skip
    folder = state_dir()
    state = load_state(folder, echo)
    sink = sink or open_sink(echo)
    if choose is None:  # the spoken bookshelf, in the guides' own voices unless --no-voice
        choose = partial(from_shelf, keys=keys, sink=sink if voice else None, echo=echo)
    path = guide if guide is not None else default_guide(state, content_dir, choose)
    timeline, tracks = open_guide(path)
    key = guide_key(timeline.guide.id, timeline.guide.version)
    settings = _asked(state.settings, speed, skip_s, voice)
    keymap = load_keys(config_dir(), echo, DEFAULT_KEYS)
    holder: list[Player] = []
    speaker, speech = _voice(timeline, tracks, sink, holder, echo) if voice else (None, None)

    def say(line: Line, speak: bool, interrupt: bool = True) -> None:
        echo(line.text)
        if speak and speech is not None:
            speech.say(line, interrupt)

    saved = state.guide(key)
    player = Player(timeline, tracks, sink, keymap, settings, saved, say,
                    hush=speech.hush if speech is not None else sink.hush)  # fmt: skip
    holder.append(player)
    lost = player.restore(saved) if saved is not None else None
    if lost:
        echo(f"Warning: {lost}")
    keeper = Keeper(folder, state, key, path, voice, echo)
    with _ending_signals():
        try:
            player.start(resumed=saved is not None and lost is None)
            player.run(keys, after=lambda: keeper.keep(player))
        except KeyboardInterrupt:  # Ctrl-C is a quit like any other: the place is kept
            quit_(player.core)
        except Ended:  # the terminal was closed, or the system asked the player to stop
            echo = _quietly(echo)
            keeper.echo = echo
        finally:
            keeper.keep(player)
            _finish(player, speech, speaker, sink)  # the device closed first: a Ctrl-C
            keeper.close()  # meanwhile must not leave it open (the interpreter hangs on it)
    return player


def _voice(timeline: tl.Timeline, tracks: Path, sink: Sink, holder: list[Player],
           echo: Callable[[str], None]) -> tuple[Voice, Speaker | None]:  # fmt: skip
    from ..timeline.phrases import Clips
    from ..tts.cache import default_cache_dir
    from .voice import Speaker, Voice

    voice = Voice(timeline.build, default_cache_dir(), echo, Clips.open(tracks))
    speech = (Speaker(voice, sink, lambda: _settings(holder).volume,
                      lambda: _settings(holder).announcement_speed)
              if voice.available else None)  # fmt: skip
    return voice, speech


def from_shelf(known: list[Known], keys: Iterator[str | None], sink: Sink | None,
               echo: Callable[[str], None]) -> Path | None:  # fmt: skip
    """The guide chosen on the spoken bookshelf; None when the listener left it."""
    from .shelf import Shelf, Shelved

    guides = []
    for entry in known:
        try:
            timeline, tracks = open_guide(Path(entry.state.path))
        except MbcAudioError as e:  # moved or damaged since: left off the shelf, and said
            echo(f"Warning: {entry.state.title or entry.key} is left off the bookshelf: {e}")
            continue
        guides.append(Shelved(Path(entry.state.path), timeline, tracks, entry.state.where))
    if not guides:
        return None
    shelf = Shelf(guides, sink, echo)
    try:
        chosen = shelf.choose(keys)
    finally:
        shelf.close()
    return chosen.path if chosen is not None else None


def _settings(holder: list[Player]) -> Settings:
    return holder[0].core.settings if holder else Settings()


class Ended(BaseException):
    """SIGHUP (the terminal closed) or SIGTERM: keep the place, close the audio, and go."""


@contextlib.contextmanager
def _ending_signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or sys.platform == "win32":
        yield
        return

    def end(number: int, frame: object) -> None:
        raise Ended()

    previous = {number: signal.signal(number, end) for number in (signal.SIGHUP, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _quietly(echo: Callable[[str], None]) -> Callable[[str], None]:
    """After the terminal closed, a line printed fails: say nothing rather than fail."""

    def quiet(line: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            echo(line)

    return quiet


def _asked(settings: Settings, speed: float | None, skip_s: int | None, voice: bool) -> Settings:
    """The kept settings with what the command line asked for."""
    if speed is not None:
        settings = replace(settings, speed=round(min(max(speed, SPEEDS[0]), SPEEDS[1]), 1))
    if skip_s is not None:
        settings = replace(settings, skip_s=skip_s)
    return settings if voice else replace(settings, voice=False)


def _finish(player: Player, speech: Speaker | None, voice: Voice | None, sink: Sink) -> None:
    """Say the last words and close the audio. Ctrl-C meanwhile cuts the last words short; it
    never leaves the audio device open (which hangs the interpreter on its way out)."""
    hurry = threading.Event()
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: hurry.set()) if main else None
    try:
        if not player.core.done:
            player.core.current()
        if speech is not None:
            speech.close(hurry=hurry)
        sink.close()
        if voice is not None:
            voice.close()
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


class Keeper:
    """Keeps the listener's place, marks and settings as they go: at every key, at every
    sentence start, at once when a bookmark, question, answer or setting is made. A crash or a
    kill loses at most the sentence being heard.

    The file is written by a thread of its own, atomically and flushed to the disk as before,
    so a key never waits for the disk (an fsync takes tens of milliseconds on a busy one) and
    the next key is taken at once; the newest state handed over is the one written, each write
    whole before the next begins, and close() waits for the last."""

    def __init__(self, folder: Path, state: State, key: str, path: Path, voice: bool,
                 echo: Callable[[str], None]) -> None:  # fmt: skip
        self.folder, self.state, self.key, self.path = folder, state, key, str(path.resolve())
        self.voice, self.echo = voice, echo
        self.written: tuple[GuideState, Settings] | None = None
        self.failed = False
        self._changed = threading.Condition()
        self._due: tuple[State, tuple[GuideState, Settings]] | None = None
        self._writing = False
        threading.Thread(target=self._write, daemon=True).start()

    def keep(self, player: Player) -> None:
        core = player.core
        kept = replace(core.settings,
                       voice=core.settings.voice if self.voice else self.state.settings.voice)  # fmt: skip
        guide = replace(player.saved(), title=core.timeline.guide.title,
                        version=core.timeline.guide.version, path=self.path)  # fmt: skip
        if (guide, kept) == self.written:
            return
        state = replace(self.state.with_guide(self.key, guide), settings=kept)
        with self._changed:
            self._due = (state, (guide, kept))
            self.written = (guide, kept)  # handed over; a failure hands it back (below)
            self._changed.notify_all()

    def close(self, timeout_s: float = 10.0) -> None:
        """Wait until what was handed over is on the disk."""
        with self._changed:
            self._changed.wait_for(lambda: self._due is None and not self._writing, timeout_s)

    def _write(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._due is not None)
                assert self._due is not None
                (state, what), self._due = self._due, None
                self._writing = True
            try:
                save_state(self.folder, state)
                failure = None
            except OSError as e:
                failure = e
            if failure is not None and not self.failed:  # said once, not at every sentence
                self.echo(f"Warning: your place could not be kept in {self.folder} "
                          f"({failure.strerror}).")  # fmt: skip
            self.failed = failure is not None
            with self._changed:
                self._writing = False
                if failure is not None and self.written == what:
                    self.written = None  # tried again at the next key or sentence
                self._changed.notify_all()
