"""Free text to the words a voice says for it, the same way the build says the guide's text:
the guide's normaliser with the guide's own lexicon, as recorded in its manifest.

The player holds no text rules: what it says of titles and sentences comes from the timeline's
spoken fields, and anything else (search words, numbers in its fixed phrases) comes through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .lexicon import Lexicon
from .normalize import normalize


def lexicon_from_pairs(pairs: Iterable[tuple[str, str]]) -> Lexicon:
    """A lexicon from the (term, spoken) pairs a manifest records; terms match case exactly."""
    return Lexicon(terms=dict(pairs))


def recorded_lexicon(build: Any) -> Lexicon:
    """The lexicon a guide was built with, from its manifest's build entry: typed entries with
    .lexicon holding (term, spoken) pairs or objects with .term and .spoken, or a mapping; an
    older manifest without one gives an empty lexicon."""
    found = getattr(build, "lexicon", None)
    if found is None and isinstance(build, dict):
        found = build.get("lexicon")
    pairs: list[tuple[str, str]] = []
    for entry in found or ():
        if isinstance(entry, (tuple, list)) and len(entry) == 2:
            pairs.append((str(entry[0]), str(entry[1])))
        elif hasattr(entry, "term") and hasattr(entry, "spoken"):
            pairs.append((str(entry.term), str(entry.spoken)))
        elif isinstance(entry, dict) and "term" in entry and "spoken" in entry:
            pairs.append((str(entry["term"]), str(entry["spoken"])))
    return lexicon_from_pairs(pairs)


def spoken_text(text: str, lexicon: Lexicon | None = None) -> str:
    """The words the guide's voice says for free text."""
    return normalize(text, lexicon)
