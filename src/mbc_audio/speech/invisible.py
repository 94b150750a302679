"""Characters no one sees: invisible format characters, bidi controls and control characters.

A soft hyphen or a zero-width joiner inside a word makes an engine say two words ("in aler");
a right-to-left override shows "01 mg" as "10 mg" while the voice reads "01"; a bell or an
escape in a heading breaks the XML of every published format and rings a terminal. So the
text of a document loses them before anything shows or says it, and lint names each one.
A zero-width joiner between two emoji (a family, a health worker) is kept: it joins the
picture, not a word, and the symbols rule drops the picture as a whole.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Format characters (Unicode category Cf) and control characters (Cc) other than the tab and
# line end; the joiners are handled by _JOINERS. Tag characters (U+E0020 to U+E007F) belong to
# the emoji flags of regions and go with the flag.
REMOVED = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e"
    r"\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb"
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001]"
    r"|(?<![^\w\s])[\u200c\u200d]|[\u200c\u200d](?![^\w\s])"
)


@dataclass(frozen=True)
class Invisible:
    """One kind of character removed from a text: its code point and name."""

    char: str

    def __str__(self) -> str:
        name = unicodedata.name(self.char, "") or _CONTROL_NAMES.get(self.char, "CONTROL")
        return f"U+{ord(self.char):04X} {name}"


_CONTROL_NAMES = {"\x07": "BELL", "\x1b": "ESCAPE", "\x08": "BACKSPACE", "\x0c": "FORM FEED"}


def strip_invisible(text: str) -> tuple[str, tuple[Invisible, ...]]:
    """The text without invisible and control characters, and which ones were removed."""
    if REMOVED.search(text) is None:
        return text, ()
    found: dict[str, None] = {}

    def drop(m: re.Match[str]) -> str:
        found[m.group(0)] = None
        return ""

    return REMOVED.sub(drop, text), tuple(Invisible(c) for c in found)


def without_invisible(text: str) -> str:
    return strip_invisible(text)[0]


_SHOWN = re.compile(REMOVED.pattern + r"|[\u200c\u200d\u2028\u2029]")


def escaped(text: str) -> str:
    """Text safe to print to a terminal: every invisible or control character (except the
    line end) written as <U+XXXX>, so none can move the cursor, ring, or reorder the line."""
    return _SHOWN.sub(lambda m: f"<U+{ord(m.group(0)):04X}>", text)
