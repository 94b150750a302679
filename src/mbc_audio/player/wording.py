"""The player's own words that carry numbers, made the same way for announcements and for the
phrases rendered into the guide at build time (phrases.py), so that each is a ready clip."""

from __future__ import annotations

from ..wording import duration_words, plural

LETTER_NAMES = {" ": "space", ",": "comma", ".": "full stop", "/": "slash", "-": "dash",
                "%": "percent", ":": "colon", "'": "apostrophe"}  # fmt: skip


def topic_of(number: int, total: int) -> str:
    return f"Topic {number} of {total}"


def part_of(number: int, total: int) -> str:
    return f"Part {number} of {total}"


UNITS = ("hour", "hours", "minute", "minutes", "second", "seconds")


def count(n: int, unit: str) -> list[str]:
    """["3", " minutes"]: the number and the unit as two pieces, each a clip of its own (a clip
    per number and unit, rather than per "3 minutes", keeps the guide's phrases few)."""
    return [str(n), " " + plural(n, unit).split(" ", 1)[1]]


def hours(n: int) -> list[str]:
    return count(n, "hour")


def minutes(n: int) -> list[str]:
    return count(n, "minute")


def seconds(n: int) -> list[str]:
    return count(n, "second")


def duration(ms: int) -> list[str]:
    """mbc-audio's one duration wording (wording.duration_words) in pieces:
    ["1", " minute", " ", "5", " seconds"] for "1 minute 5 seconds"."""
    words = duration_words(max(ms, 0)).split()
    out: list[str] = []
    for i in range(0, len(words) - 1, 2):
        out += ([" "] if out else []) + [words[i], " " + words[i + 1]]
    return out


def brief_duration(ms: int) -> list[str]:
    """Whole minutes, or seconds under a minute: "3 minutes", "40 seconds"."""
    whole_minutes = max(ms, 0) // 60_000
    return minutes(whole_minutes) if whole_minutes else seconds(round(max(ms, 0) / 1000))


def speed(value: float) -> str:
    return f"Speed {value:.1f}"


def volume(value: float) -> str:
    return f"Volume {round(value * 100)} percent"


def level(word: str) -> str:
    return f"Level: {word}"


def character(char: str) -> str:
    """How a typed character is said: letters as capitals (so a voice names them)."""
    return LETTER_NAMES.get(char, char.upper())
