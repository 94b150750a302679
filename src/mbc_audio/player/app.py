"""The key loop: a key goes to the mode that takes it (listening, or a mode a key opened), and the
mode says which mode takes the next. In listening, the key map names an action and the action
table (actions.py) its handler. Between keys, time passes (tick): the sleep timer, and a track
that ends or cannot be played moves on."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import ClassVar

from ..timeline import Timeline
from .actions import ACTIONS
from .core import Core, Say
from .keys import key_map, key_name
from .lines import Words
from .modes import Mode, ModeName
from .navigation import Position
from .output import Sink
from .state import GuideState, Settings


class Listening:
    """The mode the player is in while the guide plays: each key is an action."""

    name: ClassVar[ModeName] = ModeName.LISTENING
    PHRASES: ClassVar[tuple[str, ...]] = ("no action", "Press H for the keys")

    def __init__(self, core: Core) -> None:
        self.core = core

    def handle(self, key: str) -> Mode | None:
        core = self.core
        act = core.keys.get(key)
        if act is None:
            core.say(key_name(key), ": no action. ", "Press H for the keys.")
            following = None
        else:
            following = ACTIONS[act].handler(core)
        core.last_action = act
        return following


class Player:
    def __init__(
        self, timeline: Timeline, folder: Path, sink: Sink, keys: Mapping[str, str],
        settings: Settings, saved: GuideState | None, say: Say,
        clock: Callable[[], float] = time.monotonic, words: Words | None = None,
        hush: Callable[[], None] | None = None,
    ) -> None:  # fmt: skip
        # hush(): cut off the announcement being said, at every key (the sink's by default).
        self._hush = hush or sink.hush
        self.core = Core(timeline, folder, sink, key_map(keys), settings, saved, say, clock, words)
        self.core.actions = ACTIONS
        self.listening = Listening(self.core)
        self.core.act = self.listening.handle
        self.mode: Mode = self.listening
        # The guide's timeline and index are tens of thousands of objects that live as long as
        # the player: kept out of the collector's full passes, which a key could otherwise wait on.
        gc.freeze()

    def handle(self, key: str) -> None:
        self._hush()  # every key cuts off what is being said, whether it says anything or not
        self.core.fresh = True
        self.mode = self.mode.handle(key) or self.listening

    def arrive(self, position: Position, chosen: bool, announce: bool = True) -> None:
        self.mode = self.core.arrive(position, chosen, announce) or self.listening

    def start(self, resumed: bool) -> None:
        core = self.core
        resuming = resumed and core.index.to_global(core.position) > 0
        if not resuming:
            core.position = Position(0, 0)
        topic = core.topic_of(core.position.track)
        where = core.topic_parts(core.position.track)

        def say() -> None:
            if resuming:
                core.say("Resuming: ", *where, ".")
            else:
                core.say("Starting ", core.guide_title(), ". ", "Press H for the keys.")

        # With the player's voice off the line is only printed: the guide starts first, and its
        # words are made (the normaliser imported) while it is heard. A notice's question is
        # printed after the line, so then the line comes first.
        later = not core.settings.voice and not topic.notice
        if not later:
            say()
        if not resuming:
            self.arrive(core.position, chosen=False, announce=False)
        elif topic.notice and core.guide_state.notices.get(topic.id) is None:
            self.arrive(Position(core.position.track, 0), chosen=True, announce=False)
        else:
            self.mode = core.play_here() or self.listening
        if later:
            say()

    def tick(self) -> None:
        """Called between keys: the sleep timer, and a finished or failed track moves on.
        What time brings follows what is being said; it never cuts off an answer."""
        core = self.core
        core.fresh = False
        if core.sleep_at is not None and core.clock() >= core.sleep_at:
            core.sleep_at = None
            self._sleep("Sleep timer: paused. ")
            return
        if self.mode.name == ModeName.NOTICE or core.paused_by_user:
            return
        failure = core.sink.failure()
        if failure:
            self.mode = core.cannot_play("its audio could not be decoded") or self.mode
        elif core.sink.finished():
            track = core.position.track
            if core.sleep_track is not None:  # whichever topic is heard when it ends
                core.sleep_track = None
                core.position = Position(track, core.index.durations[track])
                self._sleep("Sleep timer: end of topic, paused. ")
            elif track + 1 < len(core.index.durations):
                self.mode = (
                    core.arrive(Position(track + 1, 0), chosen=False, jump=False) or self.mode
                )
            else:
                core.end_of_guide()

    def _sleep(self, why: str) -> None:
        core = self.core
        if core.sink.playing():
            core.current()
            core.sink.stop()
        core.paused_by_user = True
        core.say(why, "Press Space to go on.")

    def saved(self) -> GuideState:
        return self.core.saved()

    def restore(self, saved: GuideState) -> str | None:
        return self.core.restore(saved)

    def run(self, keys: Iterator[str | None], after: Callable[[], None] = lambda: None) -> None:
        """Handle keys until quit or the keys end; None from keys means time passed (a tick).
        after() is called after each (the place is kept there, run.py)."""
        for key in keys:
            if key is None:
                self.tick()
            else:
                self.handle(key)
            after()
            if self.core.done:
                return
