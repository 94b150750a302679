"""Names made of letters and digits (genes, proteins, drugs), and receptor status.

Unless the lexicon says otherwise, a name's capitals are spelled letter by letter and its
digits said as a number: "BRCA1" is "B R C A one", "PIK3CA" "P I K three C A", "T-DM1"
"T D M one". A part in lower case of three letters or more is a word ("Covid-19" is
"Covid nineteen"). A slash between variants is "and": "BRCA1/2" is "B R C A one and two".
A name followed by + or - is a receptor status: "ER+/PR+, HER2-" is "E R positive and P R
positive, H E R two negative" (with the shipped lexicon, "her two negative").
"""

from __future__ import annotations

import re

from .numbers import cardinal
from .rules import DECIDED, Context, Rule, rule, unmark

# A name: letters and digits, maybe joined by hyphens, holding at least one of each.
NAME = r"(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"
# A receptor: a name with digits, two capitals or more, or one the lexicon decided.
_RECEPTOR = rf"(?:{DECIDED}|{NAME}|[A-Z][A-Za-z]*[A-Z][A-Za-z]*)"
_SIGN = r"(?:\+|−|-|–)(?:ve\b)?(?![\w+\-−–])"
_GROUP = rf"{_RECEPTOR}(?:/{_RECEPTOR})*{_SIGN}"


def spell(name: str, context: Context) -> str:
    """A name as the lexicon says it, else letter by letter with its digits as numbers."""
    known = context.lexicon.spoken(name)
    if known is not None:
        return known
    if name.startswith("\ue000"):
        return unmark(name)
    said = []
    for part in re.findall(r"\d+|[A-Za-z]+", name):
        if part.isdigit():
            said.append(cardinal(part))
        elif len(part) >= 3 and not part.isupper():
            said.append(part)  # "Covid", "Her": a word
        else:
            said.append(" ".join(part.upper() if len(part) > 1 else part))
    return " ".join(said)


def _variants(m: re.Match[str], context: Context) -> str:
    """'BRCA1/2' -> 'B R C A one and two'; 'BRCA1/BRCA2' -> 'B R C A one and B R C A two'."""
    names = m.group(0).split("/")
    said = [_name(names[0], context)]
    for name in names[1:]:
        if name.isdigit():
            said.append(cardinal(name))
        elif re.search(r"\d", name):
            said.append(_name(name, context))
        else:  # "PTEN": capitals the lexicon may know, else left to the engine (and noted)
            said.append(context.lexicon.spoken(name) or name)
    return _and(said)


def _name(name: str, context: Context) -> str:
    said = spell(name, context)
    spelled = re.search(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])", said)  # "28-day" is words
    if context.lexicon.spoken(name) is None and not name.startswith("\ue000") and spelled:
        context.note(name, "letters and digits", said)
    return said


def _and(said: list[str]) -> str:
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def _status(m: re.Match[str], context: Context) -> str:
    """'ER+/PR+' -> 'E R positive and P R positive'; 'ER/PR-' -> 'E R and P R negative'."""
    groups = re.findall(rf"({_RECEPTOR}(?:/{_RECEPTOR})*)({_SIGN})", m.group(0))
    said = []
    for names, sign in groups:
        people = [_receptor(n, context) for n in names.split("/")]
        said.append(_and(people) + (" positive" if sign.startswith("+") else " negative"))
    return _and(said)


def _receptor(name: str, context: Context) -> str:
    if name.startswith("\ue000"):
        return unmark(name)
    if re.search(r"\d", name):
        return _name(name, context)
    return context.lexicon.spoken(name) or " ".join(name.upper())


def _described(m: re.Match[str], context: Context) -> str:
    """'ER-positive' -> 'E R positive': a receptor named before a word that describes it."""
    return _receptor(m["name"], context) + " "


RULES: list[Rule] = [
    rule("receptor described", rf"(?<![\w/])(?P<name>{_RECEPTOR})-(?=(?:positive|negative|low|high|"
         r"mutated|mutant|amplified|overexpressing|directed|targeted)\b)", _described,
         r"-(?:pos|neg|low|hig|mut|amp|ove|dir|tar)"),
    rule("receptor status", rf"(?<![\w/]){_GROUP}(?:/{_GROUP})*", _status, r"[\w\ue001][+\-−–]"),
    rule("names with variants", rf"(?<![\w/.-])(?:{DECIDED}|{NAME})(?:/(?:{NAME}|\d+|[A-Z][A-Za-z]*[A-Z]\w*))+(?![\w/])", _variants,
         r"\d/|/\w*\d|\ue001/"),
    rule("names with digits", rf"(?<![\w.-]){NAME}(?![\w])", lambda m, c: _name(m.group(0), c),
         r"[A-Za-z]-?\d|\d-?[A-Za-z]"),
]  # fmt: skip
