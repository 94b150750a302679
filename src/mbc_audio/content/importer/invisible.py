"""Invisible characters out of a draft: a soft hyphen (`&shy;`, common in web pages), a zero-width
space or joiner, a byte-order mark or a bidi control inside a word makes the voice split it
("medi cation") or shows digits reordered. The parser removes them too, but a draft is what a
person reviews and keeps, so import takes them out and says where (speech/invisible.py decides
what is removed, for both)."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from ...findings import Finding
from ...speech.invisible import Invisible, strip_invisible
from .model import DraftBlock, Front, Reading, warning

# A character reference, which Markdown and HTML decode: &shy; &#173; &#xAD; &zwj; ...
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _note(line: int, found: tuple[Invisible, ...]) -> Finding:
    names = ", ".join(str(c) for c in found)
    return warning(line, f"removed invisible characters that split words or reorder them ({names})")


def text_without_invisible(text: str) -> tuple[str, list[Finding]]:
    """A text document without invisible characters, written or as character references (a
    Markdown document keeps its references, which its parser would decode), and a warning
    for each line that held any."""
    notes: list[Finding] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        kept, found = strip_invisible(_REFERENCE.sub(_unless_invisible, line))
        if kept != line:
            lines[number] = kept
            found = strip_invisible(html.unescape(line))[1]  # written or as references
            notes.append(_note(number + 1, found))
    return "\n".join(lines), notes


def _unless_invisible(reference: re.Match[str]) -> str:
    decoded = html.unescape(reference.group(0))
    return "" if decoded != reference.group(0) and not strip_invisible(decoded)[0] else reference.group(0)


def reading_without_invisible(reading: Reading) -> Reading:
    """The blocks and front matter without the invisible characters a reader decoded (HTML's
    `&shy;`, a PDF's soft hyphens), each block that held any noted at its line."""
    notes: list[Finding] = []
    blocks: list[DraftBlock] = []
    for block in reading.blocks:
        found: dict[Invisible, None] = {}

        def clean(text: str, found: dict[Invisible, None] = found) -> str:
            kept, removed = strip_invisible(text)
            found.update(dict.fromkeys(removed))
            return kept

        rows = tuple(tuple(clean(cell) for cell in row) for row in block.rows)
        blocks.append(replace(block, text=clean(block.text), rows=rows))
        if found:
            notes.append(_note(block.line, tuple(found)))
    front = reading.front

    def kept(value: str | None) -> str | None:
        return None if value is None else strip_invisible(value)[0]

    clean_front = Front(
        title=kept(front.title), reviewed_by=kept(front.reviewed_by),
        reviewed_on=kept(front.reviewed_on), next_review=kept(front.next_review),
        references=[strip_invisible(r)[0] for r in front.references],
    )  # fmt: skip
    return Reading(tuple(blocks), clean_front, reading.warnings + tuple(notes))
