"""The key map: the keys of SPECS.md by default; the user may change them in keys.txt in the
config folder, one "key = action" a line; a line starting with # is a comment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..wording import shorten

KEYS_FILE = "keys.txt"

# What each action does, as help and the key describer say it, in help's groups.
GROUPS: dict[str, dict[str, str]] = {
    "moving": {
        "coarser": "choose a coarser level: part, topic, section, paragraph, sentence, time",
        "finer": "choose a finer level",
        "previous": "go to the previous unit at the current level",
        "next": "go to the next unit at the current level",
        "previous-topic": "go to the previous topic",
        "next-topic": "go to the next topic",
        "back": "go back by the skip size",
        "forward": "go forward by the skip size",
        "go-to": "go to a time or a percentage: type minutes, or a number and percent, then Enter",
        "undo": "undo the last jump",
    },
    "listening": {
        "play-pause": "play or pause",
        "repeat": "repeat the current sentence",
        "where": "say where you are; press twice for more",
        "read-sentence": "read the current sentence's text; press twice to spell the word",
        "slower": "slow down by a tenth",
        "faster": "speed up by a tenth",
        "normal-speed": "go back to normal speed",
        "volume-down": "turn the volume down",
        "volume-up": "turn the volume up",
        "sleep": "sleep timer: 15, 30, 45, 60 minutes, or off",
        "verbosity": "brief or full announcements",
        "voice": "turn the player's own voice on or off",
    },
    "finding": {
        "contents": "the numbered table of contents: type a number, then Enter",
        "search": "search the words of the guide",
        "next-match": "go to the next match",
        "previous-match": "go to the previous match",
    },
    "marking": {
        "bookmark": "add a bookmark here, with a name if you type one",
        "bookmarks": "list the bookmarks: type a number, then Enter to go or D to delete",
        "question": "mark this sentence as a question for your care team, with a note if you type one",
    },
    "help": {
        "describe-key": "say what the next key pressed does",
        "help": "the keys, a group at a time",
        "quit": "quit; the position is kept for next time",
    },
}
ACTIONS = {action: said for group in GROUPS.values() for action, said in group.items()}
# What brief help says of each action: a few words, so a group takes a few seconds.
BRIEF = {
    "coarser": "coarser level", "finer": "finer level", "previous": "previous", "next": "next",
    "previous-topic": "previous topic", "next-topic": "next topic", "back": "back",
    "forward": "forward", "go-to": "go to a time", "undo": "undo", "play-pause": "play or pause",
    "repeat": "repeat", "where": "where am I", "read-sentence": "read the sentence",
    "slower": "slower", "faster": "faster", "normal-speed": "normal speed",
    "volume-down": "quieter", "volume-up": "louder", "sleep": "sleep timer",
    "verbosity": "brief or full", "voice": "voice on or off", "contents": "contents",
    "search": "search", "next-match": "next match", "previous-match": "previous match",
    "bookmark": "add a bookmark", "bookmarks": "bookmarks", "question": "a question for your care team",
    "describe-key": "describe a key", "help": "help", "quit": "quit",
}  # fmt: skip

DEFAULT_KEYS = {
    "space": "play-pause",
    "up": "coarser", "8": "coarser",
    "down": "finer", "2": "finer",
    "left": "previous", "4": "previous",
    "right": "next", "6": "next",
    "pageup": "previous-topic",
    "pagedown": "next-topic",
    ",": "back",
    ".": "forward",
    "g": "go-to",
    "r": "repeat",
    "w": "where", "5": "where",
    "e": "read-sentence",
    "[": "slower",
    "]": "faster",
    "backspace": "normal-speed",
    "9": "volume-down",
    "0": "volume-up",
    "z": "sleep",
    "l": "verbosity",
    "b": "bookmark",
    "B": "bookmarks",
    "a": "question",
    "t": "contents",
    "/": "search",
    "n": "next-match",
    "N": "previous-match",
    "u": "undo",
    "v": "voice",
    "k": "describe-key",
    "?": "help", "h": "help",
    "q": "quit",
}  # fmt: skip

# Names a keys.txt may use for keys that are not one printable character.
NAMED = {"space", "up", "down", "left", "right", "pageup", "pagedown", "backspace", "enter",
         "escape", "home", "end", "tab"}  # fmt: skip
# Keys that assistive technology and terminals keep for themselves (SPECS.md).
FORBIDDEN = {"insert", "capslock", "ctrl+s", "ctrl+q"}


def load_keys(folder: Path, warn: Callable[[str], None]) -> dict[str, str]:
    """The default map with the user's changes from keys.txt; a line that cannot be used is
    one warning line naming it, and the rest of the file still counts."""
    keys = dict(DEFAULT_KEYS)
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
        if problem:
            warn(f"Warning: {path}, line {number}: {problem}; that line is left out.")
        else:
            keys[key] = action
    return keys


def _binding(line: str) -> tuple[str | None, str, str]:
    """(why the line cannot be used or None, the key, the action)."""
    key, sep, action = (part.strip() for part in line.partition("="))
    if "\ufffd" in line:
        return "it holds a byte that is not UTF-8 text; save the file as UTF-8", "", ""
    if not sep or not key or action not in ACTIONS:
        return f'"{shorten(line, 40)}" is not "key = action"; H lists the actions', "", ""
    if key.lower() in FORBIDDEN:
        return f"{key} is kept for screen readers and terminals; choose another key", "", ""
    if len(key) != 1 and key.lower() not in NAMED:
        return f'"{shorten(key, 20)}" is not a key; use one character or a key\'s name', "", ""
    return None, key.lower() if len(key) > 1 else key, action


def key_name(key: str) -> str:
    """How a key is said: "Page Down", "comma", "capital B"."""
    spoken = {"space": "Space", "up": "Up arrow", "down": "Down arrow", "left": "Left arrow",
              "right": "Right arrow", "pageup": "Page Up", "pagedown": "Page Down",
              "backspace": "Backspace", "enter": "Enter", "escape": "Escape", "home": "Home",
              "end": "End", "tab": "Tab", ",": "comma", ".": "full stop", "/": "slash",
              "[": "left bracket", "]": "right bracket", "?": "question mark"}  # fmt: skip
    if key in spoken:
        return spoken[key]
    if len(key) == 1 and key.isalpha():
        return f"capital {key}" if key.isupper() else key.upper()
    return key
