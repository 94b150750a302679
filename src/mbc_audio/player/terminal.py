"""Keys from the terminal, one at a time and without Enter, as names: "pagedown", "left", "B".

Between keys, None is yielded about ten times a second, so the player can move on at a track's
end. Input that is not a terminal (a script, a test) is read to its end the same way.
"""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Iterator
from typing import IO

_SEQUENCES = {
    "[A": "up", "[B": "down", "[C": "right", "[D": "left",
    "OA": "up", "OB": "down", "OC": "right", "OD": "left",
    "[5~": "pageup", "[6~": "pagedown", "[H": "home", "[F": "end", "[1~": "home", "[4~": "end",
    "OH": "home", "OF": "end", "[2~": "insert", "[3~": "delete",
}  # fmt: skip
_LONGEST_FIRST = sorted(_SEQUENCES.items(), key=lambda item: -len(item[0]))
_SINGLE = {"\r": "enter", "\n": "enter", " ": "space", "\x7f": "backspace", "\x08": "backspace",
           "\t": "tab"}  # fmt: skip


def parse(text: str) -> list[str]:
    """Key names in text as a terminal sends it."""
    keys, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\x1b":
            for sequence, name in _LONGEST_FIRST:
                if text.startswith(sequence, i + 1):
                    keys.append(name)
                    i += 1 + len(sequence)
                    break
            else:
                keys.append("escape")
                i += 1
            continue
        if char in _SINGLE:
            keys.append(_SINGLE[char])
        elif char.isprintable():
            keys.append(char)
        i += 1
    return keys


def keys_from(stream: IO[str] | None = None, poll_s: float = 0.1) -> Iterator[str | None]:
    stream = stream or sys.stdin
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if not interactive:
        yield from _script(stream)
    elif sys.platform == "win32":
        yield from _windows(poll_s)
    else:
        yield from _posix(stream, poll_s)


def _script(stream: IO[str]) -> Iterator[str | None]:
    text = stream.read()
    for key in parse(text if isinstance(text, str) else text.decode("utf-8", "replace")):
        yield key
        yield None


def _posix(stream: IO[str], poll_s: float) -> Iterator[str | None]:
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # keys arrive at once; Ctrl-C still stops the player
        while True:
            ready, _, _ = select.select([fd], [], [], poll_s)
            if not ready:
                yield None
                continue
            data = os.read(fd, 64)
            if not data:
                return
            yield from parse(data.decode("utf-8", "replace"))
            yield None
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _windows(poll_s: float) -> Iterator[str | None]:
    import msvcrt  # type: ignore[import-not-found,unused-ignore]
    import time

    special = {"H": "up", "P": "down", "K": "left", "M": "right", "I": "pageup", "Q": "pagedown",
               "G": "home", "O": "end"}  # fmt: skip
    while True:
        if not msvcrt.kbhit():  # type: ignore[attr-defined,unused-ignore]
            time.sleep(poll_s)
            yield None
            continue
        char = msvcrt.getwch()  # type: ignore[attr-defined,unused-ignore]
        if char in ("\x00", "\xe0"):
            name = special.get(msvcrt.getwch())  # type: ignore[attr-defined,unused-ignore]
            if name:
                yield name
        else:
            yield from parse(char)
