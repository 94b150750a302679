"""What a page must never break across two lines (WCAG 1.4.10 reflow, read at 320 CSS px or
400% zoom): a phone number ("555-014-" / "2285" misdials), a dose or other number with its unit
("80" / "mg/m²"), a time with am or pm, a short web or e-mail address. Each is wrapped in a
span the style sheet keeps on one line; anything longer than a line may still wrap (the style
sheet lets a long address break anywhere rather than scroll sideways)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup, escape

_UNIT = (
    r"(?:mg|mcg|µg|μg|g|kg|ml|mL|L|l|IU|units?|mmol|mol|mEq|cm|mm|m|km|in|ft|lbs?|oz|°[CF]|%"
    r"|am|pm|a\.m\.|p\.m\.|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|Gy|mSv)"
    r"(?:/(?:m²|m2|kg|day|dose|week|hour|h|mL|ml|L|dL|dl))*"
)
KEEP = re.compile(
    r"(?<![\w.])(?:"
    r"\+?\d{1,3}[\s.-]?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}"  # +1 (555) 014-2285, 555.014.2285
    r"|\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}"  # (555) 014-2285
    r"|\d{3}[\s.-]\d{4}"  # 014-2285
    r"|\d+(?:[.,]\d+)?(?:\s?[–-]\s?\d+(?:[.,]\d+)?)?\s?" + _UNIT + r"(?![\w/])"  # 80 mg/m², 2–3 days
    r"|(?:https?://)?[\w-]+(?:\.[\w-]+)+(?:/[\w./-]*)?(?=[\s,;:)]|\.?$|\.\s)"  # riverside.example.org/bone
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r")"
)
LONGEST_KEPT = 28  # characters: what fits a line at 320 CSS px in the pages' large print


class HasText(Protocol):
    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Group:
    """Parts shown one after another; kept together on one line when keep is true."""

    keep: bool
    parts: tuple[object, ...]
    run: int | None = None  # which run to keep together, when keep is true


def spans(text: str) -> list[tuple[int, int]]:
    """Where the text has runs to keep on one line."""
    return [(m.start(), m.end()) for m in KEEP.finditer(text) if m.end() - m.start() <= LONGEST_KEPT]


def keep_together(text: object) -> Markup:
    """Text as HTML, each run to keep on one line in <span class="nb">."""
    plain = str(text)
    out, at = [], 0
    for start, end in spans(plain):
        out.append(escape(plain[at:start]))
        out.append(Markup('<span class="nb">{}</span>').format(plain[start:end]))
        at = end
    out.append(escape(plain[at:]))
    return Markup("").join(out)


def grouped(text: str, parts: Sequence[HasText], split: type) -> list[Group]:
    """The parts of a sentence's text (joined, they are the text) in groups: those inside a run
    to keep together form one group. A part of plain text across a run's edge is cut there
    (split(text, None) makes the pieces); a word is never cut, and joins the run it touches."""
    runs = spans(text)
    if not runs:
        return [Group(False, tuple(parts))]
    pieces: list[tuple[int, int, object]] = []
    at = 0
    for part in parts:
        end = at + len(part.text)
        cuts = sorted({at, end, *(p for r in runs for p in r if at < p < end)})
        if getattr(part, "word", None) is None and len(cuts) > 2:
            pieces += [(a, b, split(text[a:b], None)) for a, b in zip(cuts, cuts[1:], strict=False)]
        else:
            pieces.append((at, end, part))
        at = end
    groups: list[Group] = []
    for start, end, piece in pieces:
        run = next((n for n, (a, b) in enumerate(runs) if start < b and end > a), None)
        last = groups[-1] if groups else None
        if last is not None and last.run == run and (run is not None or not last.keep):
            groups[-1] = Group(last.keep, (*last.parts, piece), run)
        else:
            groups.append(Group(run is not None, (piece,), run))
    return groups
