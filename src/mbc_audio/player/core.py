"""The player's core: what every mode shares. The guide (timeline and index), where the listener
is (position, level, the undo list), the audio output (a Sink), the voice (say), the settings
and the guide's kept state, and the moves that change the place: arrive, play, the guide's
edges. Modes (modes.py) and the listening keys (handlers.py) act through it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..spokentext import SpokenText
from ..timeline import PartEntry, Timeline, TopicEntry
from . import wording
from .keys import Act, KeyMap
from .lines import Line, Piece, Words, titled
from .navigation import Index, Level, Position
from .output import Sink
from .state import Answer, GuideState, Settings

if TYPE_CHECKING:
    from .actions import Action
    from .modes import Mode

END_LINE = "End of the guide: Space to start again, Page Up for the last topic"
Say = Callable[[Line, bool, bool], None]
Match = tuple[int, int, str]  # track, ms, the words matched


class Core:
    # Said by the core whatever the key: arriving, the guide's edges, a track that cannot play.
    PHRASES = (
        "Start of the guide", END_LINE, "Resuming", "Starting", "again", "Press H for the keys",
        "Skipped", "as you chose before", "Choose it from the contents to hear it",
        "Cannot play", "its audio could not be decoded", "Moving to the next topic",
        "Moving to the previous topic", "Notice", "Sleep timer: paused", "Press Space to go on",
        "Sleep timer: end of topic, paused", "no action",
        # The bookshelf (shelf.py) speaks in each guide's voice, from its phrases too.
        "Bookshelf", "guides played before",
        "Up and Down arrows, or a number, then Enter; Escape to stop", "version", "at the start",
        "No guide", "there are", "not taken here",
    )  # fmt: skip

    def __init__(
        self, timeline: Timeline, folder: Path, sink: Sink, keys: KeyMap, settings: Settings,
        saved: GuideState | None, say: Say, clock: Callable[[], float] = time.monotonic,
        words: Words | None = None,
    ) -> None:  # fmt: skip
        self.timeline, self.folder, self.sink, self.keys = timeline, folder, sink, keys
        self.index = Index.of(timeline)
        self.settings = settings
        self.guide_state: GuideState = saved or GuideState()
        self.words: Words = words or Words(timeline.build.lexicon)
        # say(line, speak, interrupt): prints the line; speaks it when speak is True, cutting
        # off what is being said when interrupt is True (the first line after a key).
        self._say = say
        self.fresh = True
        self.clock = clock
        self.topics = {t.id: t for t in timeline.topics}
        self.parts = {p.id: p for p in timeline.parts}
        self.position = Position(0, 0)
        self.level = Level(min(max(self.guide_state.level, 0), Level.TIME))
        self.undo: list[Position] = []
        self.paused_by_user = False
        self.done = False
        self.sleep_at: float | None = None  # the clock's time, or
        self.sleep_track: int | None = None  # the track whose end pauses the guide
        self.last_action: Act | None = None  # a second press of W or E says more
        self.matches: list[Match] = []
        self.match = -1
        self.changed = False  # something to keep was made (a bookmark, a setting): save now
        # What a key does in listening, for modes that pass on a key they do not take.
        self.act: Callable[[str], Mode | None] = lambda key: None
        self.actions: Mapping[Act, Action] = {}  # the action table, for help
        self._repeated_titles = _repeated(t.title for t in self.track_topics())

    # --- speaking ----------------------------------------------------------------------------
    def say(self, *parts: str | Piece, speak: bool | None = None) -> None:
        line = self.words.line(*parts)
        self._say(line, self.settings.voice if speak is None else speak, self.fresh)
        self.fresh = False

    def char(self, char: str) -> Piece:
        """A typed or spelled character: shown as it is, said by name."""
        return Piece(char, self.words.fixed(wording.character(char)).spoken)

    def track_topics(self) -> list[TopicEntry]:
        return [self.topics[t.topic_id] for t in self.timeline.tracks]

    def topic_of(self, track: int) -> TopicEntry:
        return self.topics[self.timeline.tracks[track].topic_id]

    def topic_parts(self, track: int, with_part: bool = False) -> list[str | Piece]:
        """ "Topic 3 of 23: Title", and the part's name when asked or when titles repeat, unless
        the track's own title names the part (then it is said by the title, not again)."""
        topic = self.topic_of(track)
        found: list[str | Piece] = [wording.topic_of(track + 1, len(self.index.durations)), ": ",
                                    titled(topic.title, topic.spoken_title)]  # fmt: skip
        part = self.parts.get(topic.part_id or "")
        named = self.title_names_part(track)
        if part is not None and (with_part or (topic.title in self._repeated_titles and not named)):
            number = list(self.parts).index(part.id) + 1
            found += [", ", f"part {number}", ": ", titled(part.title, _spoken(part))]
        return found

    def title_names_part(self, track: int) -> bool:
        """Whether the track's spoken title begins with its document's name ("Part 2: <title>."):
        the build says it in each document's first track, so a listener arriving there hears
        the part named by the title (the player's, said from the timeline's spoken title with
        the voice on; the track's own, played from its start, with the voice off)."""
        topic = self.topic_of(track)
        part = self.parts.get(topic.part_id or "")
        return (
            part is not None and part.topic_ids[:1] == (topic.id,)
            and f": {_spoken(part)}." in topic.spoken_title  # build.plan.announced's form
        )  # fmt: skip

    def guide_title(self) -> Piece:
        return self.words.fixed(self.timeline.guide.title or "the guide")

    # --- playing -----------------------------------------------------------------------------
    def after_title(self, track: int) -> int:
        """Where a topic's words begin after its spoken title, so an announcement that said
        the title is not followed by the track saying it again. With the player's voice off
        (a screen reader says the line), the track's own spoken title is heard: it starts at 0."""
        if not self.settings.voice:
            return 0
        topic = self.topic_of(track)
        if topic.title_end_ms > 0:
            return topic.title_end_ms
        first = next(iter(topic.sections), None)
        if first is not None and first.title and first.start_ms > 0:
            return first.start_ms
        return topic.sentences[0].start_ms if topic.sentences else 0

    def play_here(self, direction: int = 1) -> Mode | None:
        file = self.folder / self.timeline.tracks[self.position.track].file
        if not file.is_file():
            return self.cannot_play(f"its file {file.name} is missing", direction)
        self.sink.play(file, self.position.ms, self.settings.speed, self.settings.volume)
        self.paused_by_user = False
        track, tracks = self.position.track, self.timeline.tracks
        # the previous track first among the neighbours: a move back from a topic's start
        # lands at its end, and only a whole decoded track has its end
        near = [t for t in (track, track - 1, track + 1) if 0 <= t < len(tracks)]
        self.sink.prepare([self.folder / tracks[t].file for t in near])
        return None

    def cannot_play(self, why: str, direction: int = 1) -> Mode | None:
        track = self.position.track
        whither = "next" if direction >= 0 else "previous"
        self.say("Cannot play ", *self.topic_parts(track), f": {why}. ",
                 f"Moving to the {whither} topic.")  # fmt: skip
        self.sink.stop()
        return self.pass_over(track, 1 if direction >= 0 else -1)

    def pass_over(self, track: int, direction: int) -> Mode | None:
        target = track + direction
        if 0 <= target < len(self.index.durations):
            return self.arrive(Position(target, 0), chosen=False, jump=False, direction=direction)
        if direction > 0:
            self.end_of_guide()
        else:
            self.start_of_guide()
        return None

    def end_of_guide(self) -> None:
        self.sink.stop()
        self.position = self.index.end
        self.paused_by_user = True
        self.say(END_LINE)

    def start_of_guide(self) -> None:
        self.sink.stop()
        self.paused_by_user = True
        self.say("Start of the guide")

    def arrive(
        self, position: Position, chosen: bool, announce: bool = True, jump: bool = True,
        direction: int = 1,
    ) -> Mode | None:  # fmt: skip
        """Go to position. At a topic's start with a notice, ask first (the Notice mode comes
        back), or honour the answer given before: a topic the listener chose to skip is passed
        over (in the direction of travel) unless they chose it by name (contents, search,
        bookmark)."""
        from .notice import Notice

        came_from = self.current() if jump and position != self.current() else None
        if came_from is not None:
            self.undo.append(came_from)
        self.sink.stop()
        self.position = position
        topic = self.topic_of(position.track)
        if position.ms == 0 and topic.notice:
            answer = self.guide_state.notices.get(topic.id)
            if answer == Answer.SKIP and not chosen:
                self.say("Skipped ", titled(topic.title, topic.spoken_title),
                         ", as you chose before. ", "Choose it from the contents to hear it.")  # fmt: skip
                return self.pass_over(position.track, direction)
            if answer != Answer.LISTEN:
                return Notice(self, position, came_from).ask()
        if announce and position.ms == 0:
            self.say(*self.topic_parts(position.track))
            self.position = Position(position.track, self.after_title(position.track))
        return self.play_here(direction)

    def current(self) -> Position:
        if self.sink.playing():
            ms = min(self.sink.position_ms(), self.index.durations[self.position.track])
            self.position = Position(self.position.track, ms)
        return self.position

    def keep(self, state: GuideState) -> None:
        """The guide's kept state changed (a bookmark, a question, a notice's answer)."""
        self.guide_state = state
        self.changed = True

    def retune(self, settings: Settings) -> None:
        """A setting changed; the guide goes on from where it is with it."""
        self.settings = settings
        self.changed = True
        if self.sink.playing():
            self.current()
            self.sink.stop()
            self.play_here()

    # --- the state to keep ---------------------------------------------------------------------
    def saved(self, here: Position | None = None) -> GuideState:
        """The place to resume at: the start of the sentence being heard (or here, the topic's
        start when its notice is not yet answered)."""
        if here is None:
            here = self.position if self.done else self.current()
        unit = self.index.current(Level.SENTENCE, here)
        sentence = unit.id if unit.level == Level.SENTENCE else ""
        at = unit.start_ms if unit.track == here.track else here.ms
        where = wording.topic_of(here.track + 1, len(self.index.durations))
        return replace(self.guide_state, track=here.track, ms=at, sentence=sentence,
                       level=int(self.level), where=where)  # fmt: skip

    def restore(self, saved: GuideState) -> str | None:
        """Put the player at a kept place; a line saying why not when the place is gone."""
        found = self.index.sentence_position(saved.sentence)
        if found is not None:
            self.position = found
        elif 0 <= saved.track < len(self.index.durations):
            here = Position(saved.track, min(saved.ms, self.index.durations[saved.track]))
            self.position = self.index.current(Level.SENTENCE, here).position
        else:
            return "Your place is no longer in this guide (it was rebuilt); starting from the beginning."
        return None


def _spoken(part: PartEntry) -> SpokenText:
    return part.spoken_title or SpokenText(part.title)


def _repeated(titles: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    twice: set[str] = set()
    for title in titles:
        (twice if title in seen else seen).add(title)
    return twice
