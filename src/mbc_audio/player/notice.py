"""A content notice before a topic: Enter listens, S skips to the next topic. The answer is kept
for next time. Every other key still works, so a notice is never a dead end: keys that move
(Page Up, a search, the contents) leave it, keys that tell (W, H, T, K) answer and the notice
waits on (a mode they open, such as help or the contents, comes back to the notice when it
closes); Escape goes back to where the listener was, and R hears the notice again."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from .keys import Act
from .modes import Mode, ModeName
from .navigation import Position
from .state import Answer, GuideState

if TYPE_CHECKING:
    from .core import Core

ASK = "Press Enter to listen, or S to skip to the next topic"


class Notice:
    name: ClassVar[ModeName] = ModeName.NOTICE
    PHRASES: ClassVar[tuple[str, ...]] = ("Notice", ASK, "Back to")

    def __init__(self, core: Core, position: Position, came_from: Position | None) -> None:
        self.core = core
        self.position = position  # the topic's start, where the guide waits
        self.came_from = came_from  # where a key brought the listener from (Escape goes back)
        self.inner: Mode | None = None  # a mode a key opened here (help, contents, search)

    def ask(self) -> Notice:
        core, track = self.core, self.position.track
        core.paused_by_user = True
        core.say("Notice: ", *core.topic_parts(track), ". ",
                 core.words.fixed(core.topic_of(track).notice or ""), " ", f"{ASK}.")  # fmt: skip
        return self

    def handle(self, key: str) -> Mode | None:
        core = self.core
        if self.inner is None and (core.keys.get(key) == Act.REPEAT or key == "escape"
                                   and self.came_from is None):  # fmt: skip
            return self.ask()  # the notice again
        if self.inner is None:
            answered = self._answer(key)
            if answered is not self:
                return answered
        following = self.inner.handle(key) if self.inner else core.act(key)
        moved = core.position != self.position or core.sink.playing()
        if core.done or moved or isinstance(following, Notice):
            return following  # the key moved on (or quit): the notice is left unanswered
        self.inner = following if following is not self else None
        return self  # it told or asked something; the notice still waits for Enter or S

    def _answer(self, key: str) -> Mode | None:
        """Enter, S and Escape at the notice itself; self for any other key."""
        core, track = self.core, self.position.track
        topic_id = core.timeline.tracks[track].topic_id
        if key == "enter":
            core.keep(_answered(core, topic_id, Answer.LISTEN))
            core.say(*core.topic_parts(track))
            core.position = Position(track, core.after_title(track))
            return core.play_here()
        if key in ("s", "S"):
            core.keep(_answered(core, topic_id, Answer.SKIP))
            return core.pass_over(track, 1)
        if key == "escape" and self.came_from is not None:
            core.say("Back to ", *core.topic_parts(self.came_from.track))
            return core.arrive(self.came_from, chosen=True, announce=False, jump=False)
        return self


def _answered(core: Core, topic_id: str, answer: Answer) -> GuideState:
    return replace(core.guide_state, notices={**core.guide_state.notices, topic_id: answer})
