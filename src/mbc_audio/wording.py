"""Small helpers for the words mbc-audio shows people."""

from __future__ import annotations


def shorten(text: str, limit: int = 60) -> str:
    """The text, or its first words and an ellipsis when it is longer than limit characters."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head) + "…"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def duration_words(ms: int) -> str:
    """A duration as people say it, to the nearest second: "4 minutes 10 seconds", "1 second"."""
    total = round(ms / 1000)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    words = [plural(n, unit) for n, unit in ((hours, "hour"), (minutes, "minute")) if n]
    if seconds or not words:
        words.append(plural(seconds, "second"))
    return " ".join(words)
