"""The player's actions, one entry each: the keys that ask for it by default (SPECS.md), what it
does (its handler), what help says of it in full and in brief, and the fixed phrases it says
(rendered into the guide at build time, phrases.py). Adding a key is one entry here and, when
it needs one, a handler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from . import finding, handlers, helping, lists, marks
from .core import END_LINE, Core
from .keys import Act, KeyMap
from .modes import Mode
from .navigation import Command


class Group(StrEnum):
    """Help's groups, in the order help reads them."""

    MOVING = "moving"
    LISTENING = "listening"
    FINDING = "finding"
    MARKING = "marking"
    HELP = "help"


@dataclass(frozen=True)
class Action:
    act: Act
    keys: tuple[str, ...]  # the default keys
    handler: Callable[[Core], Mode | None]
    group: Group
    help: str  # what help (in full) and the key describer say
    brief: str  # what brief help says: a few words, so a group takes a few seconds
    phrases: tuple[str, ...] = ()  # the fixed words it says, beyond numbers and titles


def _move(command: Command) -> Callable[[Core], Mode | None]:
    return partial(handlers.move, command=command)


_EDGES = ("Start of the guide", END_LINE)
_MOVED = (*_EDGES, "Section")
_MATCH = (*finding.MATCH_PHRASES, "Search: no search yet", "Press slash to search")

TABLE: tuple[Action, ...] = (
    # moving
    Action(Act.COARSER, ("up", "8"), _move(Command.COARSER), Group.MOVING,
           "choose a coarser level: part, topic, section, paragraph, sentence, time",
           "coarser level", ("the coarsest",)),
    Action(Act.FINER, ("down", "2"), _move(Command.FINER), Group.MOVING,
           "choose a finer level", "finer level", ("the finest",)),
    Action(Act.PREVIOUS, ("left", "4"), _move(Command.PREVIOUS), Group.MOVING,
           "go to the previous unit at the current level", "previous", _MOVED),
    Action(Act.NEXT, ("right", "6"), _move(Command.NEXT), Group.MOVING,
           "go to the next unit at the current level", "next", _MOVED),
    Action(Act.PREVIOUS_TOPIC, ("pageup",), _move(Command.PREVIOUS_TOPIC), Group.MOVING,
           "go to the previous topic", "previous topic", _EDGES),
    Action(Act.NEXT_TOPIC, ("pagedown",), _move(Command.NEXT_TOPIC), Group.MOVING,
           "go to the next topic", "next topic", _EDGES),
    Action(Act.BACK, (",",), _move(Command.BACK), Group.MOVING,
           "go back by the skip size", "back", _EDGES),
    Action(Act.FORWARD, (".",), _move(Command.FORWARD), Group.MOVING,
           "go forward by the skip size", "forward", _EDGES),
    Action(Act.GO_TO, ("g",), finding.go_to, Group.MOVING,
           "go to a time or a percentage: type minutes, or a number and percent, then Enter",
           "go to a time", ("Go to: type minutes, or a number then percent, then Enter",)),
    Action(Act.UNDO, ("u",), handlers.undo, Group.MOVING, "undo the last jump", "undo",
           ("Undo: nothing to undo", "Back to")),
    # listening
    Action(Act.PLAY_PAUSE, ("space",), handlers.play_pause, Group.LISTENING, "play or pause",
           "play or pause", ("Paused", "Playing", "Starting", "again")),
    Action(Act.REPEAT, ("r",), _move(Command.REPEAT), Group.LISTENING,
           "repeat the current sentence", "repeat", _MOVED),
    Action(Act.WHERE, ("w", "5"), handlers.where, Group.LISTENING,
           "say where you are; press twice for more", "where am I",
           ("playing", "paused", "left in the guide", "sleep in",
            "sleep at the end of the topic", "of")),
    Action(Act.READ_SENTENCE, ("e",), handlers.read_sentence, Group.LISTENING,
           "read the current sentence's text; press twice to spell the word",
           "read the sentence"),
    Action(Act.SLOWER, ("[",), handlers.slower, Group.LISTENING,
           "slow down by a tenth", "slower", ("Slowest",)),
    Action(Act.FASTER, ("]",), handlers.faster, Group.LISTENING,
           "speed up by a tenth", "faster", ("Fastest",)),
    Action(Act.NORMAL_SPEED, ("backspace",), handlers.normal_speed, Group.LISTENING,
           "go back to normal speed", "normal speed"),
    Action(Act.VOLUME_DOWN, ("9",), handlers.volume_down, Group.LISTENING,
           "turn the volume down", "quieter", ("Quietest",)),
    Action(Act.VOLUME_UP, ("0",), handlers.volume_up, Group.LISTENING,
           "turn the volume up", "louder", ("Loudest",)),
    Action(Act.SLEEP, ("z",), handlers.sleep, Group.LISTENING,
           "sleep timer: 15, 30, 45, 60 minutes, the end of the topic, or off", "sleep timer",
           ("Sleep in", "Press Z again to change it", "Sleep timer off",
            "Sleep at the end of the topic")),
    Action(Act.VERBOSITY, ("l",), handlers.verbosity, Group.LISTENING,
           "brief or full announcements", "brief or full",
           ("Brief announcements", "Full announcements")),
    Action(Act.VOICE, ("v",), handlers.voice, Group.LISTENING,
           "turn the player's own voice on or off", "voice on or off",
           ("Voice on", "Voice off")),
    Action(Act.VOICE_SPEED, ("V",), handlers.voice_speed, Group.LISTENING,
           "the player's announcements at the listening speed, or at normal speed",
           "announcement speed",
           ("Announcements at the listening speed", "Announcements at normal speed")),
    # finding
    Action(Act.CONTENTS, ("t",), lists.contents, Group.FINDING,
           "the numbered table of contents: type a number, then Enter", "contents"),
    Action(Act.SEARCH, ("/",), finding.search, Group.FINDING,
           "search the words of the guide, from where you are", "search",
           ("Search: type words, then Enter; Escape to cancel",)),
    Action(Act.NEXT_MATCH, ("n",), finding.next_match, Group.FINDING,
           "go to the next match", "next match", _MATCH),
    Action(Act.PREVIOUS_MATCH, ("N",), finding.previous_match, Group.FINDING,
           "go to the previous match", "previous match", _MATCH),
    # marking
    Action(Act.BOOKMARK, ("b",), marks.bookmark, Group.MARKING,
           "add a bookmark here, with a name if you type one", "add a bookmark",
           ("Bookmark", "added", "Type a name, then Enter; Escape for none")),
    Action(Act.BOOKMARKS, ("B",), lists.bookmarks, Group.MARKING,
           "list the bookmarks: type a number, then Enter to go or D to delete", "bookmarks"),
    Action(Act.QUESTION, ("a",), marks.question, Group.MARKING,
           "mark this sentence as a question for your care team, with a note if you type one",
           "a question for your care team",
           ("Question marked", "Type a note, then Enter; Escape for none")),
    # help
    Action(Act.DESCRIBE_KEY, ("k",), helping.describe_key, Group.HELP,
           "say what the next key pressed does", "describe a key",
           ("Key describer: press a key to hear what it does",)),
    Action(Act.HELP, ("?", "h"), helping.help_, Group.HELP,
           "the keys, a group at a time", "help"),
    Action(Act.QUIT, ("q",), handlers.quit_, Group.HELP,
           "quit; the position is kept for next time", "quit", ("Quit", "Your place is kept")),
)  # fmt: skip

ACTIONS: dict[Act, Action] = {action.act: action for action in TABLE}
DEFAULT_KEYS: KeyMap = {key: action.act for action in TABLE for key in action.keys}

assert set(ACTIONS) == set(Act), "every Act has one entry in TABLE"
