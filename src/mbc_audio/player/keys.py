"""The key map: which action each key asks for. The actions are a closed set (Act); the keys of
SPECS.md are the defaults (actions.py holds them, one entry an action); the user may change them
in keys.txt in the config folder, one "key = action" a line; a line starting with # is a comment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path

from ..wording import shorten

KEYS_FILE = "keys.txt"


class Act(StrEnum):
    """What a key can ask the player to do; the value is the name keys.txt uses."""

    COARSER = "coarser"
    FINER = "finer"
    PREVIOUS = "previous"
    NEXT = "next"
    PREVIOUS_TOPIC = "previous-topic"
    NEXT_TOPIC = "next-topic"
    BACK = "back"
    FORWARD = "forward"
    GO_TO = "go-to"
    UNDO = "undo"
    PLAY_PAUSE = "play-pause"
    REPEAT = "repeat"
    WHERE = "where"
    READ_SENTENCE = "read-sentence"
    SLOWER = "slower"
    FASTER = "faster"
    NORMAL_SPEED = "normal-speed"
    VOLUME_DOWN = "volume-down"
    VOLUME_UP = "volume-up"
    SLEEP = "sleep"
    VERBOSITY = "verbosity"
    VOICE = "voice"
    VOICE_SPEED = "voice-speed"
    CONTENTS = "contents"
    SEARCH = "search"
    NEXT_MATCH = "next-match"
    PREVIOUS_MATCH = "previous-match"
    BOOKMARK = "bookmark"
    BOOKMARKS = "bookmarks"
    QUESTION = "question"
    DESCRIBE_KEY = "describe-key"
    HELP = "help"
    QUIT = "quit"


KeyMap = dict[str, Act]

# Names a keys.txt may use for keys that are not one printable character.
NAMED = {"space", "up", "down", "left", "right", "pageup", "pagedown", "backspace", "enter",
         "escape", "home", "end", "tab", "delete", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
         "f8", "f9", "f10", "f11", "f12"}  # fmt: skip
# Keys that assistive technology and terminals keep for themselves (SPECS.md).
FORBIDDEN = {"insert", "capslock", "ctrl+s", "ctrl+q"}


def key_map(bindings: Mapping[str, str]) -> KeyMap:
    """A key map from key names and action names (or Acts)."""
    return {key: Act(action) for key, action in bindings.items()}


def load_keys(folder: Path, warn: Callable[[str], None], defaults: KeyMap) -> KeyMap:
    """The default map with the user's changes from keys.txt; a line that cannot be used is
    one warning line naming it, and the rest of the file still counts."""
    keys = dict(defaults)
    path = folder / KEYS_FILE
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return keys
    except OSError as e:
        warn(f"Warning: {path} cannot be read ({e.strerror}); the standard keys are used.")
        return keys
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        problem, key, action = _binding(line)
        if problem or action is None:
            warn(f"Warning: {path}, line {number}: {problem}; that line is left out.")
        else:
            keys[key] = action
    return keys


def _binding(line: str) -> tuple[str | None, str, Act | None]:
    """(why the line cannot be used or None, the key, the action)."""
    key, sep, action = (part.strip() for part in line.partition("="))
    if "\ufffd" in line:
        return "it holds a byte that is not UTF-8 text; save the file as UTF-8", "", None
    if not sep or not key or action not in set(Act):
        return f'"{shorten(line, 40)}" is not "key = action"; H lists the actions', "", None
    if key.lower() in FORBIDDEN:
        return f"{key} is kept for screen readers and terminals; choose another key", "", None
    if len(key) != 1 and key.lower() not in NAMED:
        return f'"{shorten(key, 20)}" is not a key; use one character or a key\'s name', "", None
    return None, key.lower() if len(key) > 1 else key, Act(action)


_SPOKEN = {"space": "Space", "up": "Up arrow", "down": "Down arrow", "left": "Left arrow",
           "right": "Right arrow", "pageup": "Page Up", "pagedown": "Page Down",
           "backspace": "Backspace", "enter": "Enter", "escape": "Escape", "home": "Home",
           "end": "End", "tab": "Tab", "delete": "Delete", "insert": "Insert", ",": "comma",
           ".": "full stop", "/": "slash", "[": "left bracket", "]": "right bracket",
           "?": "question mark"}  # fmt: skip


def key_name(key: str) -> str:
    """How a key is said: "Page Down", "comma", "capital B", "F1"."""
    if key in _SPOKEN:
        return _SPOKEN[key]
    if len(key) == 1 and key.isalpha():
        return f"capital {key}" if key.isupper() else key.upper()
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key
