"""Plain text into blocks: headings guessed, lists (nested by indent), tables (separated by tabs,
or aligned in columns with spaces).

A heading is a short line without closing punctuation, after a blank line, that introduces
body text; the first one before any text is the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...findings import Finding
from .model import DraftBlock, Front, Kind, Reading, warning
from .rules import DEBRIS, REFERENCES, review

_BULLET = re.compile(
    r"^(?P<indent>\s*)(?:(?P<mark>[•\-*–·▪◦o●○■□➢►])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$"
)
_CLOSING = '.,;:!"”’)'


@dataclass
class _State:
    blocks: list[DraftBlock] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    front: Front = field(default_factory=Front)
    paragraph: list[tuple[int, str]] = field(default_factory=list)
    indents: list[int] = field(default_factory=list)  # of the open list levels
    table: list[tuple[int, list[str]]] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)  # where an aligned table's columns start

    def flush(self) -> None:
        if self.paragraph:
            text = " ".join(t for _, t in self.paragraph)
            self.blocks.append(DraftBlock(Kind.PARAGRAPH, text, self.paragraph[0][0]))
            self.paragraph.clear()
        if self.table:
            rows = tuple(tuple(cells) for _, cells in self.table)
            self.blocks.append(DraftBlock(Kind.TABLE, "", self.table[0][0], rows=rows, header=True))
            self.table.clear()
            self.columns.clear()


def text_blocks(text: str) -> Reading:
    lines = [(n, raw.rstrip()) for n, raw in enumerate(text.split("\n"), start=1)]
    nonblank = [(n, t.strip()) for n, t in lines if t.strip()]
    state = _State()
    in_references = name_next = False
    previous_blank = True
    for index, (number, raw) in enumerate(lines):
        line = raw.strip()
        if not line:
            state.flush()
            previous_blank = True
            continue
        bullet = _BULLET.match(raw.expandtabs(4))
        if number == nonblank[0][0] and not bullet and _title_like(line):
            # The first line of a leaflet is its title, whatever follows it.
            state.blocks.append(DraftBlock(Kind.HEADING, line, number))
            previous_blank = True  # what follows starts afresh, as after a blank line
            continue
        if in_references and bullet:
            state.front.references.append(bullet["text"].strip())
            continue
        in_references = False
        if name_next:
            state.front.reviewed_by, name_next = line.rstrip("."), False
            continue
        if REFERENCES.match(line):
            state.flush()
            message = f'dropped "{line}" and kept the list after it as references'
            state.warnings.append(warning(number, message))
            in_references = True
            continue
        if any(p.search(line) for p in DEBRIS):
            state.flush()
            state.warnings.append(warning(number, f'dropped web-page debris: "{line}"'))
            continue
        moved = review(line, state.front, number) if previous_blank or not state.paragraph else None
        if moved:
            state.flush()
            state.warnings.append(moved[0])
            name_next = moved[1]
            continue
        _line(state, number, raw, line, bullet, previous_blank, nonblank, lines[index + 1 :])
        previous_blank = False
    state.flush()
    blocks = _title_and_levels(state.blocks, state.front)
    return Reading(tuple(blocks), state.front, tuple(state.warnings))


def _line(
    state: _State,
    number: int,
    raw: str,
    line: str,
    bullet: re.Match[str] | None,
    previous_blank: bool,
    nonblank: list[tuple[int, str]],
    following: list[tuple[int, str]],
) -> None:
    """One non-blank line of body text: a list item, a table row, a heading or prose."""
    if bullet:
        state.flush()
        state.blocks.append(_item(state, number, bullet))
        return
    cells = _cells(raw)
    if state.columns and "\t" not in raw.strip():
        cells = _cut(raw, state.columns)  # a row of a table aligned with spaces: cut at its columns
    if len(cells) > 1 and (state.table or _row_follows(raw, following, len(cells))):
        if not state.table:
            state.flush()
            if "\t" not in raw.strip():
                state.columns = _starts(raw)
        state.table.append((number, cells))
        return
    if state.table:
        state.flush()  # the line after a table, with no blank line between, ends it
    # A line straight after a list item that is indented, or starts in lower case, is more of
    # the item's text (wrapped by the page or the editor).
    wrapped = raw[:1].isspace() or line[0].islower()
    carries_on = not previous_blank and not state.paragraph and not state.table
    if wrapped and carries_on and state.blocks and state.blocks[-1].kind == Kind.ITEM:
        last = state.blocks[-1]
        state.blocks[-1] = DraftBlock(
            last.kind, f"{last.text} {line}", last.line, depth=last.depth, number=last.number
        )
        return
    state.indents.clear()
    if previous_blank and _looks_like_heading(line, number, nonblank):
        state.flush()
        state.blocks.append(DraftBlock(Kind.HEADING, line, number))
    else:
        state.paragraph.append((number, line))


def _item(state: _State, number: int, bullet: re.Match[str]) -> DraftBlock:
    """A list item, nested under the items before it that are less indented."""
    indent = len(bullet["indent"])
    while state.indents and indent < state.indents[-1]:
        state.indents.pop()
    if not state.indents or indent > state.indents[-1]:
        state.indents.append(indent)
    ordinal = int(bullet["number"]) if bullet["number"] else None
    depth = len(state.indents) - 1
    return DraftBlock(Kind.ITEM, bullet["text"].strip(), number, depth=depth, number=ordinal)


_SPACED = re.compile(r"\S+(?: \S+)*")  # a cell of a table aligned with spaces: words one space apart


def _cells(raw: str) -> list[str]:
    """A row's cells: split by tabs, else by runs of two or more spaces."""
    if "\t" in raw.strip():
        return [c.strip() for c in raw.strip().split("\t")]
    return [m.group() for m in _SPACED.finditer(raw.expandtabs(8))]


def _cut(raw: str, columns: list[int]) -> list[str]:
    """A line cut where an aligned table's columns start; one cell when a cut would split a
    word (the line is not a row of the table)."""
    text = raw.expandtabs(8)
    if any(0 < c < len(text) and text[c - 1] != " " for c in columns):
        return [text.strip()]
    ends = [*columns[1:], len(text)]
    return [text[a:b].strip() for a, b in zip(columns, ends, strict=True)]


def _starts(raw: str) -> list[int]:
    return [m.start() for m in _SPACED.finditer(raw.expandtabs(8))]


def _row_follows(raw: str, following: list[tuple[int, str]], width: int) -> bool:
    """A table is two or more lines in a row split into the same number of cells: by tabs, or
    by runs of spaces into columns that start at the same places."""
    if not following or not following[0][1].strip():
        return False
    below = following[0][1]
    if "\t" in raw.strip():
        return below.strip().count("\t") + 1 == width
    if "\t" in below.strip() or len(_cells(below)) != width:
        return False
    return all(abs(a - b) <= 1 for a, b in zip(_starts(raw), _starts(below), strict=True))


def _title_like(line: str) -> bool:
    return len(line.split()) <= 15 and len(line) <= 120 and line[-1] not in '.,;!?"”' and len(
        _cells(line)
    ) == 1


def _looks_like_heading(line: str, number: int, nonblank: list[tuple[int, str]]) -> bool:
    words = line.split()
    if not words or len(words) > 12 or len(line) > 90 or line[-1] in _CLOSING:
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    following = next((t for n, t in nonblank if n > number), None)
    # A heading introduces body text: the next line is longer or ends a sentence, or is the
    # first row of a table.
    return following is not None and (
        following[-1] in ".!?:" or len(following) > len(line) * 2 or len(_cells(following)) > 1
    )


def _title_and_levels(blocks: list[DraftBlock], front: Front) -> list[DraftBlock]:
    """The first heading before any text is the title; headings under a lead-in are ###."""
    if blocks and blocks[0].kind == Kind.HEADING:
        front.title = blocks[0].text
        blocks = blocks[1:]
    result = []
    under_lead_in = False
    for number, block in enumerate(blocks):
        if block.kind == Kind.HEADING:
            before = blocks[number - 1] if number else None
            if before is not None and before.kind == Kind.PARAGRAPH and before.text.endswith(":"):
                under_lead_in = True
            elif len(block.text.split()) > 3:
                under_lead_in = False
            block = DraftBlock(Kind.HEADING, block.text, block.line, 3 if under_lead_in else 2)
        result.append(block)
    return result
