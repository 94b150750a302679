"""Sentence splitting that knows abbreviations, initials and numbers.

The sentences of a text, joined with single spaces, give back the text with its
whitespace collapsed: splitting never adds, drops or reorders a word. Whether a full stop
after an abbreviation can end a sentence comes from the same table the voice uses
(speech/abbreviations.py), so "approx." never ends one and "etc." ends one before a capital.
"""

from __future__ import annotations

import re

from ..speech.abbreviations import ENDS, SENTENCE_OPENERS, Ends

# A candidate end: . ! ? or an ellipsis, then closing quotes or brackets, then space.
_END = re.compile(r"(?:\.\.\.|…|[.!?])[\"'”’)\]]*(?=\s+)")
# The word before a full stop; not the letters of a token that has digits ("Room 3B." ends).
_WORD_BEFORE = re.compile(r"(?<![0-9])([A-Za-z][A-Za-z.]*)\.$")
_FIRST_WORD = re.compile(r"[\"“‘'(]*([^\s,;:.!?\"”’)]*)")


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
    if len(word.group(1)) == 1 and word.group(1).isupper():
        # An initial, as in "Lyman G. H." or "John F. Kennedy"; "vitamin D. Take it" ends.
        return _ends_before(Ends.BEFORE_OPENER, following)
    ends = ENDS.get(word.group(1).lower())
    if ends is None:
        return True
    return _ends_before(ends, following)


def _ends_before(ends: Ends, following: str) -> bool:
    """Whether an abbreviation that may end a sentence does end one before this text."""
    nxt = following[0]
    if ends is Ends.NEVER:
        return False
    if ends is Ends.UNLESS_NUMBER:
        return not (nxt.isdigit() or nxt == "#")
    if ends is Ends.BEFORE_OPENER:
        first = _FIRST_WORD.match(following)
        return first is not None and first.group(1) in SENTENCE_OPENERS
    return nxt.isupper() or nxt in "\"“‘'"
