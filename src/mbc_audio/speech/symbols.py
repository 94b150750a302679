"""Symbols and emoji: said where they carry meaning, dropped where they do not.

The common ones ("&", "≥", "%", "°", "®", "•") are decided; any other symbol or emoji is
said ("→" is "to") or dropped, and noted either way for lint, since an engine may skip it,
spell its Unicode name, or stop. What is left is letters and the punctuation every engine
reads as a pause.
"""

from __future__ import annotations

import re
import unicodedata

from .numbers import cardinal
from .rules import DECIDED_CLOSE, DECIDED_OPEN, Context, Rule, rule

# Decided symbols: said as these words, with no note.
WORDS = {
    "&": " and ", "≥": " at least ", "≤": " at most ", ">": " more than ", "<": " less than ",
    "±": " plus or minus ", "+": " plus ", "=": " equals ",
}  # fmt: skip
# Symbols that carry meaning: said, with a note so an editor checks the sentence reads right.
MEANINGFUL = {
    "→": "to", "⇒": "to", "←": "from", "↑": "up", "↓": "down", "≈": "about", "≠": "not equal to",
    "÷": "divided by", "§": "section", "µ": "micro", "μ": "micro", "✓": "yes", "✔": "yes",
    "✗": "no", "✘": "no", "♀": "female", "♂": "male",
}  # fmt: skip
VULGAR_FRACTIONS = {"½": "a half", "⅓": "a third", "⅔": "two thirds", "¼": "a quarter",
                    "¾": "three quarters", "⅕": "a fifth", "⅛": "an eighth"}  # fmt: skip
# Punctuation every engine reads as a pause or as part of a word; kept in spoken text.
SPEAKABLE_PUNCTUATION = set(".,;:!?'\"’‘“”()[]-…") | {DECIDED_OPEN, DECIDED_CLOSE}
# Marks a listener need not hear: dropped without a note.
SILENT = set("®™©•·*_#|\\^`†‡§¶")  # § and ¶ alone (not before a number) are marks too


def _fraction(m: re.Match[str], context: Context) -> str:
    """'1½' -> 'one and a half'; '½' -> 'a half'."""
    part = VULGAR_FRACTIONS[m["fraction"]]
    return f"{cardinal(m['whole'])} and {part}" if m["whole"] else part


def _meaningful(m: re.Match[str], context: Context) -> str:
    said = MEANINGFUL[m.group(1)]
    context.note(m.group(1), "symbol", said)
    return f" {said} "


def _scrub(m: re.Match[str], context: Context) -> str:
    """Anything an engine may skip or misread: dropped, and noted unless it is a known mark."""
    chars = m.group(0)
    if not set(chars) <= SILENT:
        shown = "".join(c for c in chars if c not in SILENT and unicodedata.category(c) != "Mn")
        context.note(shown or chars, "symbol", "")
    return " "


_FRACTIONS = "".join(VULGAR_FRACTIONS)
_MEANINGFUL = "".join(MEANINGFUL)
_ALLOWED = "".join(re.escape(c) for c in SPEAKABLE_PUNCTUATION)
# Each goes in its own place in normalize.RULES: fractions among the numbers ("1½" before "1" is
# read as a number), meaningful symbols among the symbols.
FRACTIONS: Rule = rule(
    "fractions written as one sign", rf"(?:(?P<whole>\d+)\s?)?(?P<fraction>[{_FRACTIONS}])",
    _fraction, f"[{_FRACTIONS}]",
)  # fmt: skip
MEANINGFUL_SIGNS: Rule = rule(
    "symbols that carry meaning", rf"\s*([{_MEANINGFUL}])\s*", _meaningful, f"[{_MEANINGFUL}]"
)
# After every other rule: what is not a letter, a space or plain punctuation goes (emoji
# sequences with their joiners and skin tones as one token).
# Numbers written as signs (superscripts, circled digits) count as symbols too: "x²".
_NUMBER_SIGNS = (
    "\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u2776-\u2793"
)
_ODD = rf"(?:(?![\w\s{_ALLOWED}]).|[_{_NUMBER_SIGNS}])"
SCRUB: Rule = rule(
    "symbols and emoji",
    rf"{_ODD}(?:[\u200d\ufe0f\U0001f3fb-\U0001f3ff]|(?<=\u200d).)*",
    _scrub,
    _ODD,
)
