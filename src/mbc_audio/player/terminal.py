"""Keys from the terminal, one at a time and without Enter, as names: "pagedown", "left", "B",
"f1". A key that sends a sequence of bytes (arrows, F-keys, Insert, Delete) is one key, at once.

Between keys, None is yielded about ten times a second, so the player can move on at a track's
end. Keys piped in (a script) act as they arrive. After Ctrl-Z and fg, the terminal is put back
into key-at-a-time mode at once.
"""

from __future__ import annotations

import atexit
import os
import re
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import IO

from ..errors import UsageError

_SEQUENCES = {
    "[A": "up", "[B": "down", "[C": "right", "[D": "left",
    "OA": "up", "OB": "down", "OC": "right", "OD": "left",
    "[5~": "pageup", "[6~": "pagedown", "[H": "home", "[F": "end", "[1~": "home", "[4~": "end",
    "OH": "home", "OF": "end", "[2~": "insert", "[3~": "delete",
    "OP": "f1", "OQ": "f2", "OR": "f3", "OS": "f4", "[11~": "f1", "[12~": "f2", "[13~": "f3",
    "[14~": "f4", "[15~": "f5", "[17~": "f6", "[18~": "f7", "[19~": "f8", "[20~": "f9",
    "[21~": "f10", "[23~": "f11", "[24~": "f12", "[[A": "f1", "[[B": "f2", "[[C": "f3",
    "[[D": "f4", "[[E": "f5",
}  # fmt: skip
# A control sequence: ESC [ (or ESC O), parameters, one final byte; with a modifier
# ("\x1b[1;5C", Ctrl+Right) it is the same key's name.
_CSI = re.compile(r"(\[\[[A-E]|\[[0-9;?]*[@-~]|O[0-9;]*[A-Za-z])")
_SINGLE = {"\r": "enter", "\n": "enter", " ": "space", "\x7f": "backspace", "\x08": "backspace",
           "\t": "tab"}  # fmt: skip
_GAP_S = 0.03  # a sequence split across reads: the rest comes within this, or it was Escape


def parse(text: str) -> list[str]:
    """Key names in text as a terminal sends it."""
    keys, rest = parse_some(text)
    return keys + (["escape"] if rest else [])


def parse_some(text: str) -> tuple[list[str], str]:
    """Key names in text, and what is left at its end: the start of a sequence cut off."""
    keys: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\x1b":
            if i + 1 == len(text) or (text[i + 1] in "[O" and not _CSI.match(text, i + 1)):
                return keys, text[i:]  # maybe the start of a sequence: wait for the rest
            found = _CSI.match(text, i + 1)
            if found:
                body = found.group(0)
                name = _SEQUENCES.get(body) or _SEQUENCES.get(_unmodified(body))
                keys.append(name or "unknown")
                i += 1 + len(body)
                continue
            keys.append("escape")
            i += 1
            continue
        if char in _SINGLE:
            keys.append(_SINGLE[char])
        elif char.isprintable():
            keys.append(char)
        i += 1
    return keys, ""


def _unmodified(body: str) -> str:
    """ "[1;5C" (Ctrl+Right) -> "[C"; "[6;2~" -> "[6~"."""
    if ";" not in body:
        return body
    head = body[: body.index(";")]
    return f"{head}~" if body.endswith("~") else f"{body[0]}{body[-1]}"


def keys_from(stream: IO[str] | None = None, poll_s: float = 0.1) -> Iterator[str | None]:
    """The keys of stream (standard input). A terminal is put into key-at-a-time mode at once,
    before anything is printed, so no key typed early is echoed or held for Enter; it is put
    back when the keys are closed, and at exit whatever happens."""
    stream = stream if stream is not None else sys.stdin
    fd = _descriptor(stream)
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if fd is None:
        return _script(stream)
    if interactive and sys.platform == "win32":
        return _windows(poll_s)
    if interactive:
        return _restoring(_key_at_a_time(fd), _read(fd, poll_s))
    return _read(fd, poll_s)  # keys piped in act as they arrive


def _restoring(mode: Callable[[], None], keys: Iterator[str | None]) -> Iterator[str | None]:
    try:
        yield from keys
    finally:
        mode()


def _descriptor(stream: IO[str] | None) -> int | None:
    """The stream's file descriptor; None for an in-memory stream (tests). A closed standard
    input is one plain line."""
    if stream is None or getattr(stream, "closed", False):
        raise UsageError("standard input is closed, so no keys can reach the player; "
                         "run mbc-audio play in a terminal, or pipe keys into it")  # fmt: skip
    try:
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError):
        return None
    try:
        os.fstat(fd)
    except OSError:
        raise UsageError("standard input is closed, so no keys can reach the player; "
                         "run mbc-audio play in a terminal, or pipe keys into it") from None
    return fd


def _script(stream: IO[str]) -> Iterator[str | None]:
    text = stream.read()
    for key in parse(text if isinstance(text, str) else text.decode("utf-8", "replace")):
        yield key
        yield None


def _read(fd: int, poll_s: float) -> Iterator[str | None]:
    pending = ""
    while True:
        ready, _, _ = select.select([fd], [], [], _GAP_S if pending else poll_s)
        if not ready:
            if pending:  # a lone Escape, not the start of a sequence
                keys, pending = parse(pending), ""
                yield from keys
            yield None
            continue
        try:
            data = os.read(fd, 256)
        except InterruptedError:
            continue
        if not data:
            if pending:
                yield from parse(pending)
            return
        keys, pending = parse_some(pending + data.decode("utf-8", "replace"))
        yield from keys
        yield None


def _key_at_a_time(fd: int) -> Callable[[], None]:
    """Keys arrive at once (Ctrl-C still stops the player). Ctrl-Z gives the shell its line
    mode back; fg (SIGCONT) takes keys at a time again. Gives what puts the terminal back."""
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)

    def stop(number: int, frame: object) -> None:
        with suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stopped here until fg

    def resume(number: int, frame: object) -> None:
        with suppress(termios.error):
            tty.setcbreak(fd)
        signal.signal(signal.SIGTSTP, stop)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {signal.SIGTSTP: signal.signal(signal.SIGTSTP, stop),
                    signal.SIGCONT: signal.signal(signal.SIGCONT, resume)}  # fmt: skip

    def put_back() -> None:
        atexit.unregister(put_back)
        for number, handler in previous.items():
            signal.signal(number, handler)
        with suppress(termios.error):  # the terminal is gone (a closed window)
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    atexit.register(put_back)
    return put_back


def _windows(poll_s: float) -> Iterator[str | None]:
    import msvcrt  # type: ignore[import-not-found,unused-ignore]
    import time

    special = {"H": "up", "P": "down", "K": "left", "M": "right", "I": "pageup", "Q": "pagedown",
               "G": "home", "O": "end", "R": "insert", "S": "delete", ";": "f1", "<": "f2",
               "=": "f3", ">": "f4", "?": "f5", "@": "f6", "A": "f7", "B": "f8", "C": "f9",
               "D": "f10"}  # fmt: skip
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
