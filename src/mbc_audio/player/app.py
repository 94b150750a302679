"""The key loop: keys become commands, commands become moves (navigation.py), moves become
audio (a Sink) and announcements (Lines, lines.py), each printed as one plain line and, with
self-voicing on, spoken by the guide's voice while the guide is held. Typing modes (contents,
search, bookmarks, go to, help) live in modes.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..speech.spoken import recorded_lexicon
from ..timeline import PartEntry, Timeline, TopicEntry
from . import wording
from .keys import key_name
from .lines import Line, Piece, Words, titled
from .modes import Modes
from .navigation import Command, Index, Level, Move, Position, Unit, navigate
from .output import Sink
from .state import SPEEDS, VOLUMES, GuideState, Settings

LISTEN, SKIP = "listen", "skip"
SLEEP_MINUTES = (15, 30, 45, 60)
END_LINE = "End of the guide: Space to start again, Page Up for the last topic"
# The actions that are moves: navigation.py says where each leads.
_MOVES = {
    "coarser": Command.COARSER, "finer": Command.FINER, "previous": Command.PREVIOUS,
    "next": Command.NEXT, "previous-topic": Command.PREVIOUS_TOPIC,
    "next-topic": Command.NEXT_TOPIC, "back": Command.BACK, "forward": Command.FORWARD,
    "repeat": Command.REPEAT,
}  # fmt: skip

Say = Callable[[Line, bool, bool], None]


class Player(Modes):
    def __init__(
        self, timeline: Timeline, folder: Path, sink: Sink, keys: dict[str, str],
        settings: Settings, saved: GuideState | None, say: Say,
        clock: Callable[[], float] = time.monotonic, words: Words | None = None,
    ) -> None:  # fmt: skip
        self.timeline = timeline
        self.folder = folder
        self.index = Index.of(timeline)
        self.sink = sink
        self.keys = keys
        self.settings = settings
        self.guide_state: GuideState = saved or GuideState()
        self.words: Words = words or Words(recorded_lexicon(timeline.build.lexicon))
        # say(line, speak, interrupt): prints the line; speaks it when speak is True, cutting
        # off what is being said when interrupt is True (the first line after a key).
        self._say = say
        self._fresh = True
        self.clock = clock
        self.topics = {t.id: t for t in timeline.topics}
        self.parts = {p.id: p for p in timeline.parts}
        self.position = Position(0, 0)
        self.level = Level(min(max(self.guide_state.level, 0), Level.TIME))
        self.undo: list[Position] = []
        self.pending: Position | None = None  # the topic start a notice waits on
        self.paused_by_user = False
        self.done = False
        self.sleep_at: float | None = None
        self.last_action: str | None = None  # a second press of W or E says more
        self._repeated_titles = _repeated(t.title for t in self.track_topics())
        self.init_modes()

    # --- speaking ----------------------------------------------------------------------------
    def say(self, *parts: str | Piece, speak: bool | None = None) -> None:
        line = self.words.line(*parts)
        self._say(line, self.settings.voice if speak is None else speak, self._fresh)
        self._fresh = False

    @property
    def full(self) -> bool:
        return self.settings.verbosity == "full"

    def track_topics(self) -> list[TopicEntry]:
        return [self.topics[t.topic_id] for t in self.timeline.tracks]

    def topic_of(self, track: int) -> TopicEntry:
        return self.topics[self.timeline.tracks[track].topic_id]

    def topic_parts(self, track: int, with_part: bool = False) -> list[str | Piece]:
        """ "Topic 3 of 23: Title", and the part's name when asked or when titles repeat."""
        topic = self.topic_of(track)
        found: list[str | Piece] = [wording.topic_of(track + 1, len(self.index.durations)), ": ",
                                    titled(topic.title, topic.spoken_title)]  # fmt: skip
        part = self.parts.get(topic.part_id or "")
        if part is not None and (with_part or topic.title in self._repeated_titles):
            number = list(self.parts).index(part.id) + 1
            found += [", ", f"part {number}", ": ", titled(part.title, _spoken(part))]
        return found

    def guide_title(self) -> Piece:
        return self.words.fixed(self.timeline.guide.title or "the guide")

    # --- playing -----------------------------------------------------------------------------
    def track_file(self, track: int) -> Path:
        return self.folder / self.timeline.tracks[track].file

    def after_title(self, track: int) -> int:
        """Where a topic's words begin after its spoken title, so an announcement that said
        the title is not followed by the track saying it again."""
        topic = self.topic_of(track)
        if topic.title_end_ms > 0:
            return topic.title_end_ms
        sentences = topic.sentences
        first = next(iter(topic.sections), None)
        if first is not None and first.title and first.start_ms > 0:
            return first.start_ms
        return sentences[0].start_ms if sentences else 0

    def play_here(self, direction: int = 1) -> None:
        file = self.track_file(self.position.track)
        if not file.is_file():
            self.cannot_play(f"its file {file.name} is missing", direction)
            return
        self.sink.play(file, self.position.ms, self.settings.speed, self.settings.volume)
        self.paused_by_user = False

    def cannot_play(self, why: str, direction: int = 1) -> None:
        track = self.position.track
        target = track + (1 if direction >= 0 else -1)
        whither = "next" if direction >= 0 else "previous"
        self.say("Cannot play ", *self.topic_parts(track), f": {why}. ",
                 f"Moving to the {whither} topic.")  # fmt: skip
        self.sink.stop()
        if 0 <= target < len(self.index.durations):
            self.arrive(Position(target, 0), chosen=False, jump=False, direction=direction)
        elif direction >= 0:
            self.end_of_guide()
        else:
            self.start_of_guide()

    def end_of_guide(self) -> None:
        self.sink.stop()
        self.position = self.index.end
        self.paused_by_user = True
        self.say(END_LINE)

    def start_of_guide(self) -> None:
        self.sink.stop()
        self.paused_by_user = True
        self.say("Start of the guide")

    def start(self, resumed: bool) -> None:
        if resumed and self.index.to_global(self.position) > 0:
            self.say("Resuming: ", *self.topic_parts(self.position.track), ".")
            topic = self.topic_of(self.position.track)
            if topic.notice and self.guide_state.notices.get(topic.id) is None:
                self.arrive(Position(self.position.track, 0), chosen=True, announce=False)
                return
            self.play_here()
        else:
            self.position = Position(0, 0)
            self.say("Starting ", self.guide_title(), ". ", "Press H for the keys.")
            self.arrive(self.position, chosen=False, announce=False)

    def tick(self) -> None:
        """Called between keys: the sleep timer, and a finished or failed track moves on."""
        if self.sleep_at is not None and self.clock() >= self.sleep_at:
            self.sleep_at = None
            if self.sink.playing():
                self.current()
                self.sink.stop()
            self.paused_by_user = True
            self.say("Sleep timer: paused. ", "Press Space to go on.")
            return
        if self.mode == "notice" or self.paused_by_user:
            return
        failure = self.sink.failure()
        if failure:
            self.cannot_play("its audio could not be decoded")
        elif self.sink.finished():
            track = self.position.track
            if track + 1 < len(self.index.durations):
                self.arrive(Position(track + 1, 0), chosen=False, jump=False)
            else:
                self.end_of_guide()

    def arrive(
        self, position: Position, chosen: bool, announce: bool = True, jump: bool = True,
        direction: int = 1,
    ) -> None:  # fmt: skip
        """Go to position. At a topic's start with a notice, ask first, or honour the answer
        given before: a topic the listener chose to skip is passed over (in the direction of
        travel) unless they chose it by name (contents, search, bookmark)."""
        if jump and position != self.current():
            self.undo.append(self.current())
        self.sink.stop()
        self.position = position
        topic = self.topic_of(position.track)
        if position.ms == 0 and topic.notice:
            answer = self.guide_state.notices.get(topic.id)
            if answer == SKIP and not chosen:
                self.say("Skipped ", titled(topic.title, topic.spoken_title),
                         ", as you chose before. ", "Choose it from the contents to hear it.")  # fmt: skip
                self._pass_over(position.track, direction)
                return
            if answer != LISTEN:
                self.mode, self.pending = "notice", position
                self.say("Notice: ", *self.topic_parts(position.track), ". ",
                         self.words.fixed(topic.notice), " ",
                         "Press Enter to listen, or S to skip to the next topic.")  # fmt: skip
                return
        if announce and position.ms == 0:
            self.say(*self.topic_parts(position.track))
            self.position = Position(position.track, self.after_title(position.track))
        self.play_here(direction)

    def _pass_over(self, track: int, direction: int) -> None:
        target = track + direction
        if 0 <= target < len(self.index.durations):
            self.arrive(Position(target, 0), chosen=False, jump=False, direction=direction)
        elif direction > 0:
            self.end_of_guide()
        else:
            self.start_of_guide()

    def current(self) -> Position:
        if self.sink.playing():
            ms = min(self.sink.position_ms(), self.index.durations[self.position.track])
            self.position = Position(self.position.track, ms)
        return self.position

    # --- keys --------------------------------------------------------------------------------
    def handle(self, key: str) -> None:
        if self.mode:
            getattr(self, f"_in_{self.mode}")(key)
            return
        action = self.keys.get(key)
        if action is None:
            self.say(key_name(key), ": no action. ", "Press H for the keys.")
        elif action in _MOVES:
            self.move(_MOVES[action])
        else:
            getattr(self, "do_" + action.replace("-", "_"))()
        self.last_action = action

    def move(self, command: Command) -> None:
        moved: Move = navigate(self.index, self.current(), self.level, command,
                               self.settings.skip_s * 1000)  # fmt: skip
        if command in (Command.COARSER, Command.FINER):
            self._change_level(moved)
        elif self.position == self.index.end and command == Command.PREVIOUS_TOPIC:
            last = Position(len(self.index.durations) - 1, 0)  # "Page Up for the last topic"
            self.arrive(last, chosen=False, direction=-1)
        elif moved.edge == "first" and moved.position == self.position:
            self.say("Start of the guide")
        elif moved.edge == "last" and self.position != self.index.end:
            self.undo.append(self.current())  # past the last unit: the end, where Space
            self.end_of_guide()  # starts again and Page Up goes to the last topic
        elif moved.edge == "last":
            self.say(END_LINE)
        elif moved.unit is not None and moved.unit.level == Level.PART:
            self._to_part(moved.unit)
        elif (moved.unit is not None and moved.unit.level == Level.TOPIC) or (
            moved.position.ms == 0 and moved.position.track != self.position.track
        ):
            back = moved.position < self.position
            self.arrive(moved.position, chosen=False, direction=-1 if back else 1)
        else:
            self._within(moved)

    def _change_level(self, moved: Move) -> None:
        if moved.edge:
            edge = "the coarsest" if moved.edge == "first" else "the finest"
            self.say(wording.level(self.level.word), ", ", edge)
        else:
            self.level = moved.level
            self.say(wording.level(self.level.word))

    def _to_part(self, unit: Unit) -> None:
        back = unit.position < self.position
        number = self.index.units[Level.PART].index(unit) + 1
        total = len(self.index.units[Level.PART])
        self.say(wording.part_of(number, total), ": ", titled(unit.label, unit.spoken))
        self._fresh = False
        self.arrive(unit.position, chosen=False, direction=-1 if back else 1)

    def _within(self, moved: Move) -> None:
        """A move inside the guide's words: announce a heading or a new topic, then play."""
        if moved.edge == "first":
            self.say("Start of the guide")
        elif moved.unit is not None and moved.unit.level == Level.SECTION:
            self.say("Section: ", titled(moved.unit.label, moved.unit.spoken))
        if moved.position.track != self.position.track:
            self.say(*self.topic_parts(moved.position.track))
        self.undo.append(self.current())
        self.sink.stop()
        self.position = moved.position
        self.play_here()

    def do_play_pause(self) -> None:
        if self.sink.playing():
            self.current()
            self.sink.stop()
            self.paused_by_user = True
            self.say("Paused")
        elif self.position == self.index.end:
            self.say("Starting ", self.guide_title(), " again")
            self.arrive(Position(0, 0), chosen=False, announce=False)
        else:
            self.say("Playing")
            self.play_here()

    def do_where(self) -> None:
        here = self.current()
        full = self.full or self.last_action == "where"
        left = self.index.to_global(self.index.end) - self.index.to_global(here)
        if not full:
            heard = wording.brief_duration(here.ms)
            total = wording.brief_duration(self.index.durations[here.track])
            if total[1].rstrip("s") == heard[1].rstrip("s"):  # "1 minute of 4"
                total = total[:1]
            self.say(wording.topic_of(here.track + 1, len(self.index.durations)), ", ", *heard,
                     " of ", *total, "; ", *wording.brief_duration(left),
                     " left in the guide", *self._sleep_words())  # fmt: skip
            return
        state = "playing" if self.sink.playing() else "paused"
        self.say(*self.topic_parts(here.track, with_part=True), ". ",
                 *wording.duration(here.ms), " of ",
                 *wording.duration(self.index.durations[here.track]), ", ", state, ". ",
                 wording.speed(self.settings.speed), ", ",
                 wording.volume(self.settings.volume), ", ", wording.level(self.level.word), ". ",
                 *wording.duration(left), " left in the guide",
                 *self._sleep_words())  # fmt: skip

    def _sleep_words(self) -> list[str]:
        if self.sleep_at is None:
            return []
        left_ms = int((self.sleep_at - self.clock()) * 1000)
        return ["; ", "sleep in ", *wording.minutes(max(1, round(left_ms / 60_000)))]

    def _retune(self, **changes: float) -> None:
        self.settings = replace(self.settings, **changes)  # type: ignore[arg-type]
        if self.sink.playing():
            self.current()
            self.sink.stop()
            self.play_here()

    def _speed(self, speed: float) -> None:
        wanted = round(speed, 1)
        speed = round(min(max(speed, SPEEDS[0]), SPEEDS[1]), 1)
        self._retune(speed=speed)
        if wanted != speed or speed in SPEEDS:
            self.say("Fastest" if speed == SPEEDS[1] else "Slowest")
        else:
            self.say(wording.speed(speed))

    def do_slower(self) -> None:
        self._speed(self.settings.speed - 0.1)

    def do_faster(self) -> None:
        self._speed(self.settings.speed + 0.1)

    def do_normal_speed(self) -> None:
        self._speed(1.0)

    def _volume(self, volume: float) -> None:
        wanted = round(volume, 1)
        volume = round(min(max(volume, VOLUMES[0]), VOLUMES[1]), 1)
        self._retune(volume=volume)
        if wanted != volume or volume in VOLUMES:
            self.say("Loudest" if volume == VOLUMES[1] else "Quietest")
        else:
            self.say(wording.volume(volume))

    def do_volume_down(self) -> None:
        self._volume(self.settings.volume - 0.1)

    def do_volume_up(self) -> None:
        self._volume(self.settings.volume + 0.1)

    def do_sleep(self) -> None:
        """Z steps through 15, 30, 45 and 60 minutes, then off."""
        now = self.clock()
        current = None if self.sleep_at is None else (self.sleep_at - now) / 60
        following = [m for m in SLEEP_MINUTES if current is None or m > current + 0.5]
        if current is not None and self.last_action != "sleep":
            self.say("Sleep in ", *wording.minutes(max(1, round(current))), ". ",
                     "Press Z again to change it.")  # fmt: skip
            return
        if not following:
            self.sleep_at = None
            self.say("Sleep timer off")
            return
        self.sleep_at = now + following[0] * 60
        self.say("Sleep in ", *wording.minutes(following[0]))

    def do_verbosity(self) -> None:
        verbosity = "brief" if self.full else "full"
        self.settings = replace(self.settings, verbosity=verbosity)
        self.say("Brief announcements" if verbosity == "brief" else "Full announcements")

    def do_undo(self) -> None:
        if not self.undo:
            self.say("Undo: nothing to undo")
            return
        self.sink.stop()
        self.position = self.undo.pop()
        self.say("Back to ", *self.topic_parts(self.position.track), ", ",
                 *wording.duration(self.position.ms))  # fmt: skip
        self.play_here()

    def do_voice(self) -> None:
        self.settings = replace(self.settings, voice=not self.settings.voice)
        self.say("Voice on" if self.settings.voice else "Voice off", speak=True)

    def do_quit(self) -> None:
        self.current()
        self.sink.stop()
        self.say("Quit. ", "Your place is kept: ", *self.topic_parts(self.position.track), ".")
        self.done = True

    # --- the state to keep ---------------------------------------------------------------------
    def saved(self) -> GuideState:
        """The place to resume at: the start of the sentence being heard (or the topic's start
        when its notice was not yet answered)."""
        here = self.pending if self.mode == "notice" and self.pending else self.position
        if not self.done and self.mode != "notice":
            here = self.current()
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

    def run(self, keys: Iterator[str | None]) -> None:
        """Handle keys until quit or the keys end; None from keys means time passed (a tick)."""
        for key in keys:
            # A key's first line cuts off what is being said; what time brings (the next topic,
            # the sleep timer) follows on, so it never cuts off an answer being heard.
            self._fresh = key is not None
            if key is None:
                self.tick()
            else:
                self.handle(key)
            if self.done:
                return


def _spoken(part: PartEntry) -> str:
    return part.spoken_title or part.title


def _repeated(titles: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    twice: set[str] = set()
    for title in titles:
        (twice if title in seen else seen).add(title)
    return twice
