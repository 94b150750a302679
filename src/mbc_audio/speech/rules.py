"""What a spoken-text rule is, and what it may tell the editor.

A rule is a regular expression and a replacement. The replacement is either a string or a
function of the match and the context of one sentence: the lexicon, and a list of notes
about tokens said by a default rather than decided by a rule or a lexicon entry (lint
shows them, so an editor can add a lexicon entry before a listener hears a guess).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .trace import Traced

# The lexicon's spoken forms are wrapped in these (private-use) marks while the rules run,
# so a rule can tell a name the lexicon decided ("her two") and never changes its words.
DECIDED_OPEN = "\ue000"
DECIDED_CLOSE = "\ue001"
DECIDED = f"{DECIDED_OPEN}[^{DECIDED_CLOSE}]*{DECIDED_CLOSE}"


@dataclass(frozen=True)
class Note:
    """A token whose spoken form is a default: kind is "letters and digits", "capitals",
    "abbreviation" or "symbol"; said is what the voice says for it ("" when dropped)."""

    token: str
    kind: str
    said: str


@dataclass
class Context:
    lexicon: Lexicon
    notes: list[Note] = field(default_factory=list)

    def note(self, token: str, kind: str, said: str) -> None:
        self.notes.append(Note(token, kind, unmark(said).strip()))


Replacement = Callable[[re.Match[str], Context], str] | str


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replacement: Replacement
    # A cheap test: most sentences have no number, symbol or address, and skipping the
    # rule for them keeps a 10 MB document well inside its time budget.
    needs: re.Pattern[str] | None = None
    # Whether the rule only reads numbers written in digits: a sentence with none (most of
    # them) skips every such rule at once, since no rule writes digits.
    digits: bool = False

    def apply(self, text: Traced, context: Context) -> Traced:
        """The text with each match replaced, keeping where each character of it came from."""
        if self.needs is not None and not self.needs.search(text.text):
            return text
        replacement = self.replacement
        if isinstance(replacement, str):
            if "\\" not in replacement:
                return text.sub(self.pattern, lambda m: replacement)
            return text.sub(self.pattern, lambda m: m.expand(replacement))
        return text.sub(self.pattern, lambda m: replacement(m, context))


def rule(
    name: str, pattern: str, replacement: Replacement, needs: str | None = None, flags: int = 0
) -> Rule:
    return Rule(name, re.compile(pattern, flags), replacement, re.compile(needs) if needs else None)


def mark(spoken: str) -> str:
    return f"{DECIDED_OPEN}{spoken}{DECIDED_CLOSE}"


def unmark(text: str) -> str:
    return text.replace(DECIDED_OPEN, "").replace(DECIDED_CLOSE, "")


MARKS = re.compile(f"[{DECIDED_OPEN}{DECIDED_CLOSE}]")


def keep_case(written: str, spoken: str) -> str:
    """The spoken form with the written form's case: 'Isn't' -> 'Is not', 'ISN'T' -> 'IS NOT'."""
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return spoken.upper()
    if written[:1].isupper():
        return spoken[:1].upper() + spoken[1:]
    return spoken


def stop_if_last(m: re.Match[str]) -> str:
    """A full stop that ended an abbreviation and the sentence with it: keep one."""
    last = m.group(0).endswith(".") and re.fullmatch(r"[\"'”’)\]]*\s*", m.string[m.end() :])
    return "." if last else ""
