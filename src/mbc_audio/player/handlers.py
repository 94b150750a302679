"""What the listening keys do: each handler takes the Core and gives the mode that takes the
next key (None: listening goes on). The action table (actions.py) names each handler with its
keys, help and phrases; the handlers of keys that open a mode live beside that mode."""

from __future__ import annotations

from dataclasses import replace

from . import wording
from .core import END_LINE, Core
from .keys import Act
from .lines import Piece, titled
from .modes import Mode
from .navigation import Command, Level, Move, Position, Unit, navigate
from .state import SPEEDS, VOLUMES

SLEEP_MINUTES = (15, 30, 45, 60)


def move(core: Core, command: Command) -> Mode | None:
    here = core.current()
    moved: Move = navigate(core.index, here, core.level, command, core.settings.skip_s * 1000)
    if command in (Command.COARSER, Command.FINER):
        _change_level(core, moved)
        return None
    if core.position == core.index.end and command == Command.PREVIOUS_TOPIC:
        last = Position(len(core.index.durations) - 1, 0)  # "Page Up for the last topic"
        return core.arrive(last, chosen=False, direction=-1)
    if moved.edge == "first" and moved.position == core.position:
        core.say("Start of the guide")
        return None
    if moved.edge == "last" and core.position != core.index.end:
        core.undo.append(here)  # past the last unit: the end, where Space
        core.end_of_guide()  # starts again and Page Up goes to the last topic
        return None
    if moved.edge == "last":
        core.say(END_LINE)
        return None
    if moved.unit is not None and moved.unit.level == Level.PART:
        return _to_part(core, moved.unit)
    if (moved.unit is not None and moved.unit.level == Level.TOPIC) or (
        moved.position.ms == 0 and moved.position.track != core.position.track
    ):
        back = moved.position < core.position
        return core.arrive(moved.position, chosen=False, direction=-1 if back else 1)
    return _within(core, moved)


def _change_level(core: Core, moved: Move) -> None:
    if moved.edge:
        edge = "the coarsest" if moved.edge == "first" else "the finest"
        core.say(wording.level(core.level.word), ", ", edge)
    else:
        core.level = moved.level
        core.changed = True
        core.say(wording.level(core.level.word))


def _to_part(core: Core, unit: Unit) -> Mode | None:
    back = unit.position < core.position
    number = core.index.units[Level.PART].index(unit) + 1
    total = len(core.index.units[Level.PART])
    if not core.title_names_part(unit.track):  # else the topic's title says the part's name
        core.say(wording.part_of(number, total), ": ", titled(unit.label, unit.spoken))
    return core.arrive(unit.position, chosen=False, direction=-1 if back else 1)


def _within(core: Core, moved: Move) -> Mode | None:
    """A move inside the guide's words: announce a heading or a new topic, then play."""
    if moved.edge == "first":
        core.say("Start of the guide")
    elif moved.unit is not None and moved.unit.level == Level.SECTION:
        core.say("Section: ", titled(moved.unit.label, moved.unit.spoken))
    if moved.position.track != core.position.track:
        core.say(*core.topic_parts(moved.position.track))
    core.undo.append(core.current())
    core.sink.stop()
    core.position = moved.position
    return core.play_here()


def play_pause(core: Core) -> Mode | None:
    if core.sink.playing():
        core.current()
        core.sink.stop()
        core.paused_by_user = True
        core.say("Paused")
        return None
    if core.position == core.index.end:
        core.say("Starting ", core.guide_title(), " again")
        return core.arrive(Position(0, 0), chosen=False, announce=False)
    core.say("Playing")
    return core.play_here()


def where(core: Core) -> None:
    here = core.current()
    full = core.settings.verbosity == "full" or core.last_action == Act.WHERE
    left = core.index.to_global(core.index.end) - core.index.to_global(here)
    if not full:
        heard = wording.brief_duration(here.ms)
        total = wording.brief_duration(core.index.durations[here.track])
        if total[1].rstrip("s") == heard[1].rstrip("s"):  # "1 minute of 4"
            total = total[:1]
        core.say(wording.topic_of(here.track + 1, len(core.index.durations)), ", ", *heard,
                 " of ", *total, "; ", *wording.brief_duration(left),
                 " left in the guide", *_sleep_words(core))  # fmt: skip
        return
    state = "playing" if core.sink.playing() else "paused"
    core.say(*core.topic_parts(here.track, with_part=True), ". ",
             *wording.duration(here.ms), " of ",
             *wording.duration(core.index.durations[here.track]), ", ", state, ". ",
             wording.speed(core.settings.speed), ", ",
             wording.volume(core.settings.volume), ", ", wording.level(core.level.word), ". ",
             *wording.duration(left), " left in the guide", *_sleep_words(core))  # fmt: skip


def _sleep_words(core: Core) -> list[str]:
    if core.sleep_track is not None:
        return ["; ", "sleep at the end of the topic"]
    if core.sleep_at is None:
        return []
    left_ms = int((core.sleep_at - core.clock()) * 1000)
    return ["; ", "sleep in ", *wording.minutes(max(1, round(left_ms / 60_000)))]


def _speed(core: Core, speed: float) -> None:
    wanted = round(speed, 1)
    speed = round(min(max(speed, SPEEDS[0]), SPEEDS[1]), 1)
    core.retune(replace(core.settings, speed=speed))
    if wanted != speed or speed in SPEEDS:
        core.say("Fastest" if speed == SPEEDS[1] else "Slowest")
    else:
        core.say(wording.speed(speed))


def slower(core: Core) -> None:
    _speed(core, core.settings.speed - 0.1)


def faster(core: Core) -> None:
    _speed(core, core.settings.speed + 0.1)


def normal_speed(core: Core) -> None:
    _speed(core, 1.0)


def _volume(core: Core, volume: float) -> None:
    wanted = round(volume, 1)
    volume = round(min(max(volume, VOLUMES[0]), VOLUMES[1]), 1)
    core.retune(replace(core.settings, volume=volume))
    if wanted != volume or volume in VOLUMES:
        core.say("Loudest" if volume == VOLUMES[1] else "Quietest")
    else:
        core.say(wording.volume(volume))


def volume_down(core: Core) -> None:
    _volume(core, core.settings.volume - 0.1)


def volume_up(core: Core) -> None:
    _volume(core, core.settings.volume + 0.1)


def sleep(core: Core) -> None:
    """Z steps through 15, 30, 45 and 60 minutes, the end of the topic, then off."""
    now = core.clock()
    current = None if core.sleep_at is None else (core.sleep_at - now) / 60
    if core.last_action != Act.SLEEP and core.sleep_track is not None:
        core.say("Sleep at the end of the topic", ". ", "Press Z again to change it.")
        return
    if core.last_action != Act.SLEEP and current is not None:
        core.say("Sleep in ", *wording.minutes(max(1, round(current))), ". ",
                 "Press Z again to change it.")  # fmt: skip
        return
    following = [m for m in SLEEP_MINUTES if current is None or m > current + 0.5]
    if core.sleep_track is not None:
        following = []
    elif current is not None and not following:  # after 60 minutes: the end of this topic
        core.sleep_at, core.sleep_track = None, core.current().track
        core.say("Sleep at the end of the topic")
        return
    core.sleep_track = None
    if not following:
        core.sleep_at = None
        core.say("Sleep timer off")
        return
    core.sleep_at = now + following[0] * 60
    core.say("Sleep in ", *wording.minutes(following[0]))


def verbosity(core: Core) -> None:
    brief = core.settings.verbosity == "full"
    core.retune(replace(core.settings, verbosity="brief" if brief else "full"))
    core.say("Brief announcements" if brief else "Full announcements")


def voice_speed(core: Core) -> None:
    follows = not core.settings.voice_follows_speed
    core.retune(replace(core.settings, voice_follows_speed=follows))
    core.say("Announcements at the listening speed" if follows else "Announcements at normal speed")


def undo(core: Core) -> Mode | None:
    if not core.undo:
        core.say("Undo: nothing to undo")
        return None
    core.sink.stop()
    core.position = core.undo.pop()
    core.say("Back to ", *core.topic_parts(core.position.track), ", ",
             *wording.duration(core.position.ms))  # fmt: skip
    return core.play_here()


def voice(core: Core) -> None:
    core.retune(replace(core.settings, voice=not core.settings.voice))
    core.say("Voice on" if core.settings.voice else "Voice off", speak=True)


def quit_(core: Core) -> None:
    core.current()
    core.sink.stop()
    core.say("Quit. ", "Your place is kept: ", *core.topic_parts(core.position.track), ".")
    core.done = True


def read_sentence(core: Core) -> None:
    """E reads the sentence's text; a second E spells the word being heard."""
    here = core.current()
    unit = core.index.current(Level.SENTENCE, here)
    if core.last_action != Act.READ_SENTENCE:
        core.say(Piece(unit.label, unit.spoken, True))
        return
    sentence = next((s for s in core.timeline.sentences if s.id == unit.id), None)
    words = unit.label.split()
    if sentence is None or not words:
        core.say(Piece(unit.label, unit.spoken, True))
        return
    share = (here.ms - sentence.start_ms) / max(sentence.end_ms - sentence.start_ms, 1)
    word = words[min(max(int(share * len(words)), 0), len(words) - 1)].strip(".,;:!?()\"'")
    letters: list[str | Piece] = []
    for i, letter in enumerate(word):
        letters += [Piece(", " if i else ""), core.char(letter)]
    core.say(Piece(word), Piece(": "), *letters)
