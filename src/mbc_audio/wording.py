"""Small helpers for the words mbc-audio shows people."""

from __future__ import annotations


def shorten(text: str, limit: int = 60) -> str:
    """The text, or its first words and an ellipsis when it is longer than limit characters."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head) + "…"
