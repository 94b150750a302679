"""The player's own words that carry numbers, made the same way for announcements and for the
phrases rendered into the guide at build time (phrases.py), so that each is a ready clip."""

from __future__ import annotations

LETTER_NAMES = {" ": "space", ",": "comma", ".": "full stop", "/": "slash", "-": "dash",
                "%": "percent", ":": "colon", "'": "apostrophe"}  # fmt: skip


def topic_of(number: int, total: int) -> str:
    return f"Topic {number} of {total}"


def part_of(number: int, total: int) -> str:
    return f"Part {number} of {total}"


def minutes(n: int) -> str:
    return f"{n} minute{'' if n == 1 else 's'}"


def seconds(n: int) -> str:
    return f"{n} second{'' if n == 1 else 's'}"


def duration(ms: int) -> list[str]:
    """The pieces of a duration in full: ["1 minute", "5 seconds"], or ["40 seconds"]."""
    whole_minutes, rest = divmod(max(ms, 0) // 1000, 60)
    if whole_minutes and rest:
        return [minutes(whole_minutes), seconds(rest)]
    return [minutes(whole_minutes)] if whole_minutes else [seconds(rest)]


def brief_duration(ms: int) -> str:
    """Whole minutes, or seconds under a minute: "3 minutes", "40 seconds"."""
    whole_minutes = max(ms, 0) // 60_000
    return minutes(whole_minutes) if whole_minutes else seconds(max(ms, 0) // 1000)


def speed(value: float) -> str:
    return f"Speed {value:.1f}"


def volume(value: float) -> str:
    return f"Volume {round(value * 100)} percent"


def level(word: str) -> str:
    return f"Level: {word}"


def character(char: str) -> str:
    """How a typed character is said: letters as capitals (so a voice names them)."""
    return LETTER_NAMES.get(char, char.upper())
