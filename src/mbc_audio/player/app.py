"""The key loop: keys become commands, commands become moves (navigation.py), moves become
audio (a Sink) and announcements, each printed as one plain line and, with self-voicing on,
spoken by the guide's voice while the guide is held."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from ..timeline import Timeline
from ..wording import duration_words, shorten
from .keys import ACTIONS, key_name
from .navigation import Command, Index, Level, Move, Position, navigate
from .output import Sink
from .state import SPEEDS, VOLUMES, Bookmark, GuideState, Settings

LISTEN, SKIP = "listen", "skip"
_EDGES = {"first": "Start", "last": "End"}
# The actions that are moves: navigation.py says where each leads.
_MOVES = {
    "coarser": Command.COARSER, "finer": Command.FINER, "previous": Command.PREVIOUS,
    "next": Command.NEXT, "previous-topic": Command.PREVIOUS_TOPIC,
    "next-topic": Command.NEXT_TOPIC, "back": Command.BACK, "forward": Command.FORWARD,
    "repeat": Command.REPEAT,
}  # fmt: skip


class Player:
    def __init__(
        self, timeline: Timeline, folder: Path, sink: Sink, keys: dict[str, str],
        settings: Settings, saved: GuideState | None, say: Callable[[str, bool], None],
    ) -> None:  # fmt: skip
        self.timeline = timeline
        self.folder = folder
        self.index = Index.of(timeline)
        self.sink = sink
        self.keys = keys
        self.settings = settings
        self.guide_state = saved or GuideState()
        # say(text, speak, interrupt): prints the line; speaks it when speak is True, cutting off
        # what is being said when interrupt is True (the first line after a key), else after it.
        self._say = say
        self._fresh = True
        self.topics = {t.id: t for t in timeline.topics}
        self.position = Position(0, 0)
        self.level = Level(min(max(self.guide_state.level, 0), Level.TIME))
        self.undo: list[Position] = []
        self.matches: list = []
        self.match = -1
        self.mode: str | None = None  # "contents", "search", "bookmarks", "notice", "describe"
        self.typed = ""
        self.pending: Position | None = None  # the topic start a notice waits on
        self.paused_by_user = False
        self.done = False
        if saved is not None and 0 <= saved.track < len(self.index.durations):
            self.position = Position(
                saved.track, min(max(saved.ms, 0), self.index.durations[saved.track])
            )

    # --- speaking ----------------------------------------------------------------------------
    def say(self, text: str, speak: bool | None = None) -> None:
        self._say(text, self.settings.voice if speak is None else speak, self._fresh)
        self._fresh = False

    def topic_line(self, track: int) -> str:
        return f"Topic {track + 1} of {len(self.index.durations)}: {self.index.titles[track]}"

    # --- playing -----------------------------------------------------------------------------
    def track_file(self, track: int) -> Path:
        return self.folder / self.timeline.tracks[track].file

    def play_here(self) -> None:
        file = self.track_file(self.position.track)
        if not file.is_file():
            self.cannot_play(f"its file {file.name} is missing")
            return
        self.sink.play(file, self.position.ms, self.settings.speed, self.settings.volume)
        self.paused_by_user = False

    def cannot_play(self, why: str) -> None:
        track = self.position.track
        self.say(f"Cannot play {self.topic_line(track)}: {why}. Moving to the next topic.")
        self.sink.stop()
        if track + 1 < len(self.index.durations):
            self.arrive(Position(track + 1, 0), chosen=False, jump=False)
        else:
            self.end_of_guide()

    def end_of_guide(self) -> None:
        self.sink.stop()
        self.position = self.index.end
        self.paused_by_user = True
        self.say("End of the guide. Press Page Up for the last topic, or Q to quit.")

    def start(self, resumed: bool) -> None:
        if resumed and self.index.to_global(self.position) > 0:
            line = self.topic_line(self.position.track)
            self.say(f"Resuming {line}")
            self.play_here()
        else:
            self.position = Position(0, 0)
            self.say(f"Starting {self.timeline.guide.title}. Press H for the keys.")
            self.arrive(self.position, chosen=False, announce=False)

    def tick(self) -> None:
        """Called between keys: a finished or failed track moves on to the next."""
        if self.mode == "notice" or self.paused_by_user:
            return
        failure = self.sink.failure()
        if failure:
            self.cannot_play(f"its audio could not be decoded ({shorten(failure, 60)})")
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
        topic = self.topics[self.timeline.tracks[position.track].topic_id]
        if position.ms == 0 and topic.notice:
            answer = self.guide_state.notices.get(topic.id)
            if answer == SKIP and not chosen:
                self.say(f"Skipped {topic.title}, as you chose before. "
                         "Choose it from the contents to hear it.")  # fmt: skip
                self._pass_over(position.track, direction)
                return
            if answer != LISTEN:
                self.mode, self.pending = "notice", position
                self.say(f"Notice: {self.topic_line(position.track)}. {topic.notice} "
                         "Press Enter to listen, or S to skip to the next topic.")  # fmt: skip
                return
        if announce and position.ms == 0:
            self.say(self.topic_line(position.track))
        self.play_here()

    def _pass_over(self, track: int, direction: int) -> None:
        target = track + direction
        if 0 <= target < len(self.index.durations):
            self.arrive(Position(target, 0), chosen=False, jump=False, direction=direction)
        elif direction > 0:
            self.end_of_guide()
        else:
            self.sink.stop()
            self.paused_by_user = True
            self.say("Start: no previous topic")

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
            self.say(f"{key_name(key)}: no action. Press H for the keys.")
            return
        if action in _MOVES:
            self.move(_MOVES[action])
        else:
            getattr(self, "do_" + action.replace("-", "_"))()

    def move(self, command: Command) -> None:
        moved: Move = navigate(self.index, self.current(), self.level, command,
                               self.settings.skip_s * 1000)  # fmt: skip
        if command in (Command.COARSER, Command.FINER):
            if moved.edge:
                self.say(
                    f"Level: {self.level.word}, the {'coarsest' if moved.edge == 'first' else 'finest'}"
                )
            else:
                self.level = moved.level
                self.say(f"Level: {self.level.word}")
            return
        if moved.edge and moved.position == self.position and command != Command.PREVIOUS:
            what = (
                "topic"
                if command in (Command.NEXT_TOPIC, Command.PREVIOUS_TOPIC)
                else self.level.word
            )
            self.say(
                f"{_EDGES[moved.edge]}: no {'next' if moved.edge == 'last' else 'previous'} {what}"
            )
            return
        if (
            moved.unit is not None
            and moved.unit.level in (Level.TOPIC, Level.PART)
            or (moved.position.ms == 0 and moved.position.track != self.position.track)
        ):
            back = moved.position < self.position
            self.arrive(moved.position, chosen=False, direction=-1 if back else 1)
            return
        if moved.edge == "first":
            self.say(
                "Start of the guide"
                if moved.unit is None
                else f"Start: the first {self.level.word}"
            )
        elif moved.unit is not None and moved.unit.level == Level.SECTION:
            self.say(f"Section: {moved.unit.label}")
        if moved.position.track != self.position.track:
            self.say(self.topic_line(moved.position.track))
        self.undo.append(self.current())
        self.sink.stop()
        self.position = moved.position
        if moved.edge == "last" and moved.position == self.index.end:
            self.end_of_guide()
        else:
            self.play_here()

    def do_play_pause(self) -> None:
        if self.sink.playing():
            self.current()
            self.sink.stop()
            self.paused_by_user = True
            self.say("Paused")
        else:
            if self.position == self.index.end:
                self.position = Position(0, 0)
            self.say("Playing")
            self.play_here()

    def do_where(self) -> None:
        here = self.current()
        heard = duration_words(here.ms)
        total = duration_words(self.index.durations[here.track])
        state = "playing" if self.sink.playing() else "paused"
        self.say(f"{self.topic_line(here.track)}. {heard} of {total}, {state}. "
                 f"Speed {self.settings.speed:.1f}. Level: {self.level.word}.")  # fmt: skip

    def _retune(self, **changes) -> None:
        self.settings = replace(self.settings, **changes)
        if self.sink.playing():
            self.current()
            self.sink.stop()
            self.play_here()

    def _speed(self, speed: float) -> None:
        speed = round(min(max(speed, SPEEDS[0]), SPEEDS[1]), 1)
        self._retune(speed=speed)
        self.say(f"Speed {speed:.1f}")

    def do_slower(self) -> None:
        self._speed(self.settings.speed - 0.1)

    def do_faster(self) -> None:
        self._speed(self.settings.speed + 0.1)

    def do_normal_speed(self) -> None:
        self._speed(1.0)

    def _volume(self, volume: float) -> None:
        volume = round(min(max(volume, VOLUMES[0]), VOLUMES[1]), 1)
        self._retune(volume=volume)
        self.say(f"Volume {round(volume * 100)} percent")

    def do_volume_down(self) -> None:
        self._volume(self.settings.volume - 0.1)

    def do_volume_up(self) -> None:
        self._volume(self.settings.volume + 0.1)

    def do_bookmark(self) -> None:
        here = self.current()
        sentence = self.index.current(Level.SENTENCE, here)
        label = (
            f"{self.index.titles[here.track]}, {duration_words(here.ms)}: {shorten(sentence.label, 40)}"
        )
        marks = (*self.guide_state.bookmarks, Bookmark(here.track, here.ms, label))
        self.guide_state = replace(self.guide_state, bookmarks=marks)
        self.say(f"Bookmark {len(marks)} added: {label}")

    def do_bookmarks(self) -> None:
        marks = self.guide_state.bookmarks
        if not marks:
            self.say("Bookmarks: none yet. Press B to add one.")
            return
        self.say(f"Bookmarks: {len(marks)}. Type a number, then Enter; Escape to cancel.")
        for number, mark in enumerate(marks, start=1):
            self.say(f"{number}. {mark.label}")
        self.mode, self.typed = "bookmarks", ""

    def do_contents(self) -> None:
        self.say(
            f"Contents: {len(self.index.durations)} topics. Type a number, then Enter; Escape to cancel."
        )
        for track, title in enumerate(self.index.titles):
            self.say(f"{track + 1}. {title}")
        self.mode, self.typed = "contents", ""

    def do_search(self) -> None:
        self.say("Search: type words, then Enter; Escape to cancel.")
        self.mode, self.typed = "search", ""

    def do_next_match(self) -> None:
        self._to_match(self.match + 1)

    def do_previous_match(self) -> None:
        self._to_match(self.match - 1)

    def do_undo(self) -> None:
        if not self.undo:
            self.say("Undo: nothing to undo")
            return
        self.sink.stop()
        self.position = self.undo.pop()
        self.say(f"Back to {self.topic_line(self.position.track)}, {duration_words(self.position.ms)}")
        self.play_here()

    def do_voice(self) -> None:
        self.settings = replace(self.settings, voice=not self.settings.voice)
        self.say(f"Voice {'on' if self.settings.voice else 'off'}", speak=True)

    def do_describe_key(self) -> None:
        self.say("Key describer: press a key to hear what it does.")
        self.mode = "describe"

    def do_help(self) -> None:
        self.say("Keys:")
        by_action: dict[str, list[str]] = {}
        for key, action in self.keys.items():
            by_action.setdefault(action, []).append(key_name(key))
        for action, description in ACTIONS.items():
            if action in by_action:
                self.say(f"{' or '.join(by_action[action])}: {description}")

    def do_quit(self) -> None:
        self.current()
        self.sink.stop()
        self.say(f"Quit. Your place is kept: {self.topic_line(self.position.track)}.")
        self.done = True

    # --- modes: what the next keys mean after t, /, B, k or a notice ---------------------------
    def _typing(self, key: str, digits_only: bool) -> str | None:
        """Collect typed characters; the text on Enter, "" on Escape, None while typing."""
        if key == "escape":
            self.mode = None
            self.say("Cancelled")
            return ""
        if key == "enter":
            self.mode = None
            return self.typed
        if key == "backspace":
            self.typed = self.typed[:-1]
        elif key == "space" and not digits_only:
            self.typed += " "
        elif len(key) == 1 and (key.isdigit() or not digits_only):
            self.typed += key
        return None

    def _in_contents(self, key: str) -> None:
        typed = self._typing(key, digits_only=True)
        if typed:
            number = int(typed)
            if not 1 <= number <= len(self.index.durations):
                self.say(f"Contents: no topic {number}; there are {len(self.index.durations)}.")
                return
            self.arrive(Position(number - 1, 0), chosen=True)

    def _in_bookmarks(self, key: str) -> None:
        typed = self._typing(key, digits_only=True)
        if typed:
            marks = self.guide_state.bookmarks
            number = int(typed)
            if not 1 <= number <= len(marks):
                self.say(f"Bookmarks: no bookmark {number}; there are {len(marks)}.")
                return
            mark = marks[number - 1]
            self.say(f"Bookmark {number}: {mark.label}")
            self.arrive(Position(mark.track, mark.ms), chosen=True, announce=False)

    def _in_search(self, key: str) -> None:
        typed = self._typing(key, digits_only=False)
        if typed is None or not typed.strip():
            return
        words = typed.lower().split()
        self.matches = [
            (track, ms, text)
            for track, ms, text in self._searchable()
            if all(w in text.lower() for w in words)
        ]
        if not self.matches:
            self.say(f'Search: no match for "{typed.strip()}"')
            return
        self._to_match(0)

    def _searchable(self) -> list[tuple[int, int, str]]:
        """Every title, section heading and sentence, with where it starts, in reading order."""
        found = []
        for track, entry in enumerate(self.timeline.tracks):
            topic = self.topics[entry.topic_id]
            found.append((track, 0, topic.title))
            for section in topic.sections:
                if section.title and section.start_ms > 0:
                    found.append((track, section.start_ms, section.title))
                found += [
                    (track, s.start_ms, s.text) for p in section.paragraphs for s in p.sentences
                ]
        return found

    def _to_match(self, number: int) -> None:
        if not self.matches:
            self.say("Search: no search yet. Press slash to search.")
            return
        self.match = number % len(self.matches)
        track, ms, text = self.matches[self.match]
        self.say(f"Match {self.match + 1} of {len(self.matches)}, in Topic {track + 1}: "
                 f"{shorten(text, 60)}")  # fmt: skip
        self.arrive(Position(track, ms), chosen=True, announce=False)

    def _in_describe(self, key: str) -> None:
        self.mode = None
        action = self.keys.get(key)
        self.say(f"{key_name(key)}: {ACTIONS[action]}" if action else f"{key_name(key)}: no action")

    def _in_notice(self, key: str) -> None:
        position, self.mode = self.pending, None
        topic_id = self.timeline.tracks[position.track].topic_id
        if key == "enter":
            self._remember(topic_id, LISTEN)
            self.say(self.topic_line(position.track))
            self.play_here()
        elif key in ("s", "S"):
            self._remember(topic_id, SKIP)
            self._pass_over(position.track, 1)
        elif self.keys.get(key) == "quit":
            self.do_quit()
        else:
            self.mode = "notice"
            self.say("Press Enter to listen, or S to skip to the next topic.")

    def _remember(self, topic_id: str, answer: str) -> None:
        notices = {**self.guide_state.notices, topic_id: answer}
        self.guide_state = replace(self.guide_state, notices=notices)

    # --- the state to keep ---------------------------------------------------------------------
    def saved(self) -> GuideState:
        here = self.position if self.done else self.current()
        return replace(self.guide_state, track=here.track, ms=here.ms, level=int(self.level))

    def run(self, keys: Iterator[str | None]) -> None:
        """Handle keys until quit or the keys end; None from keys means time passed (a tick)."""
        for key in keys:
            self._fresh = True
            if key is None:
                self.tick()
            else:
                self.handle(key)
            if self.done:
                return
