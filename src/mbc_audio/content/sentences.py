"""Sentence splitting that knows abbreviations, initials and numbers.

The sentences of a text, joined with single spaces, give back the text with its
whitespace collapsed: splitting never adds, drops or reorders a word.
"""

from __future__ import annotations

import re

# Abbreviations that do not end a sentence, whatever follows them.
_NEVER_FINAL = {
    "dr", "mr", "mrs", "ms", "prof", "st", "sr", "jr", "vs", "e.g", "i.e", "u.s", "u.k",
    "fig", "approx", "dept", "mt", "no", "vol", "ca", "cf", "inc", "ltd", "co",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# Abbreviations that end a sentence only when a capitalised word follows.
_MAYBE_FINAL = {"etc", "a.m", "p.m", "hrs", "hr", "min", "mins", "wks", "yrs", "mg", "ml"}

# A candidate end: . ! ? or an ellipsis, then closing quotes or brackets, then space.
_END = re.compile(r"(?:\.\.\.|…|[.!?])[\"'”’)\]]*(?=\s+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        following = text[end:].lstrip()
        if not following or not _is_boundary(text[start : match.start() + 1], following):
            continue
        sentences.append(text[start:end].strip())
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_boundary(before: str, following: str) -> bool:
    nxt = following[0]
    # A lower-case word or a continuing punctuation mark means the sentence goes on.
    if nxt.islower() or nxt in ",;:)]–—-":
        return False
    if not before.endswith("."):
        return True
    word = _WORD_BEFORE.search(before)
    if word is None:
        return True  # "5." or ")." : a number or bracket ends the sentence
    token = word.group(1).lower()
    if len(token) == 1 and word.group(1).isupper():
        return False  # an initial, as in "Lyman G. H."
    if token in _NEVER_FINAL:
        return False
    if token in _MAYBE_FINAL:
        return nxt.isupper() or nxt in "\"“‘'"
    return True
