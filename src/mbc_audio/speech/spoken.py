"""Free text to the words a voice says for it, the same way the build says the guide's text:
the guide's normaliser with the guide's own lexicon, as recorded in its manifest.

The player holds no text rules: what it says of titles and sentences comes from the timeline's
spoken fields, and anything else (search words, numbers in its fixed phrases) comes through here.
"""

from __future__ import annotations

from ..spokentext import SpokenText
from .lexicon import Lexicon
from .normalize import normalize


def spoken_text(text: str, lexicon: Lexicon | None = None) -> SpokenText:
    """The words the guide's voice says for free text."""
    return normalize(text, lexicon)
