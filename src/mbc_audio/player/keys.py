"""The key map: the keys of SPECS.md by default; the user may change them in keys.txt in the
config folder, one "key = action" a line; a line starting with # is a comment."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError

KEYS_FILE = "keys.txt"

# What each action does, as help and the key describer say it.
ACTIONS = {
    "play-pause": "play or pause",
    "coarser": "choose a coarser level: part, topic, section, paragraph, sentence, time",
    "finer": "choose a finer level",
    "previous": "go to the previous unit at the current level",
    "next": "go to the next unit at the current level",
    "previous-topic": "go to the previous topic",
    "next-topic": "go to the next topic",
    "back": "go back by the skip size",
    "forward": "go forward by the skip size",
    "repeat": "repeat the current sentence",
    "where": "say where you are: topic, title, time and speed",
    "slower": "slow down by a tenth",
    "faster": "speed up by a tenth",
    "normal-speed": "go back to normal speed",
    "volume-down": "turn the volume down",
    "volume-up": "turn the volume up",
    "bookmark": "add a bookmark here",
    "bookmarks": "list the bookmarks and go to one",
    "contents": "the numbered table of contents: type a number, then Enter",
    "search": "search the words of the guide",
    "next-match": "go to the next match",
    "previous-match": "go to the previous match",
    "undo": "undo the last jump",
    "voice": "turn the player's own voice on or off",
    "describe-key": "say what the next key pressed does",
    "help": "list the keys",
    "quit": "quit; the position is kept for next time",
}

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
    "r": "repeat",
    "w": "where", "5": "where",
    "[": "slower",
    "]": "faster",
    "backspace": "normal-speed",
    "9": "volume-down",
    "0": "volume-up",
    "b": "bookmark",
    "B": "bookmarks",
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


def load_keys(folder: Path) -> dict[str, str]:
    """The default map with the user's changes from keys.txt; a bad line is a ContentError."""
    keys = dict(DEFAULT_KEYS)
    path = folder / KEYS_FILE
    if not path.is_file():
        return keys
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, action = (part.strip() for part in line.partition("="))
        if not sep or not key or action not in ACTIONS:
            raise ContentError(
                f'"{raw.strip()}" is not "key = action"; the actions are {", ".join(ACTIONS)}',
                path, number,
            )  # fmt: skip
        if key.lower() in FORBIDDEN:
            raise ContentError(f"{key} is kept for screen readers and terminals; choose another key",
                               path, number)  # fmt: skip
        if len(key) != 1 and key.lower() not in NAMED:
            raise ContentError(
                f'"{key}" is not a key; use one character or one of {", ".join(sorted(NAMED))}',
                path, number,
            )  # fmt: skip
        keys[key.lower() if len(key) > 1 else key] = action
    return keys


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
