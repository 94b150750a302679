"""A parenthesis that repeats what was just said is said once: "twice a day (b.i.d.)" is heard
as "twice a day", "every 12 weeks (q12w)" as "every twelve weeks", and "magnetic resonance
imaging (MRI)" as "magnetic resonance imaging". The page still shows the parenthesis; only the
voice leaves it out, as a person reading aloud would.

A parenthesis repeats the words before it when it says the same words (the spoken-text rules
decide: "b.i.d." is said "twice a day"), or when it is their initials, found as Schwartz and
Hearst's abbreviation finder does (each letter, from the last, in the words before it, the first
at the start of a word)."""

from __future__ import annotations

import re
from collections.abc import Callable

PARENTHESIS = re.compile(r"\s*\((?P<inner>[^()]{1,24})\)")
_INITIALS = re.compile(r"^[A-Za-z][A-Za-z0-9&-]{1,9}$")
_WORD = re.compile(r"[^\W_]+")


def said_once(say: Callable[[str], str]) -> Callable[[re.Match[str]], str]:
    """The replacement for each PARENTHESIS match: nothing where it repeats the words before it
    (all of the text before it, as written), else itself. say: display text -> the words the
    voice says for it (without this rule)."""

    def replace(m: re.Match[str]) -> str:
        repeated = _repeats(m["inner"].strip(), m.string[: m.start()], say)
        return "" if repeated else m.group(0)

    return replace


def _repeats(inner: str, before: str, say: Callable[[str], str]) -> bool:
    if not before.strip() or not inner:
        return False
    if _INITIALS.match(inner) and sum(c.isupper() for c in inner) >= 2 and _stands_for(
        inner, before
    ):
        return True
    inner_said = _words(say(inner))
    if not inner_said:
        return False
    before_said = _words(say(before))
    return len(before_said) >= len(inner_said) and before_said[-len(inner_said) :] == inner_said


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _stands_for(acronym: str, before: str) -> bool:
    """Whether the acronym's letters are found, last to first, in the words just before it, its
    first letter at the start of a word (Schwartz & Hearst 2003)."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    words = before.split()
    text = " ".join(words[-min(len(letters) + 5, len(letters) * 2) :]).lower()
    index = len(text) - 1
    for position in range(len(letters) - 1, -1, -1):
        letter = letters[position]
        while index >= 0 and (
            text[index] != letter
            or (position == 0 and index > 0 and text[index - 1].isalnum())
        ):
            index -= 1
        if index < 0:
            return False
        index -= 1
    return True
