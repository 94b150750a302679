"""PDF documents into blocks, from where each word sits on the page and in what type.

pdfplumber (on pdfminer.six) is chosen because it gives every character with its font, size
and position, and finds tables from the lines ruled around their cells; both are pure Python
and MIT-licensed. A PDF holds no headings or paragraphs, only placed words, so they are
inferred here:

- lines: words at the same height; paragraphs: lines close below each other;
- headings: short lines in a larger type than the body text, or all in bold; the largest at
  the top of the first page is the title;
- list items: lines that start with a bullet, a number and a full stop, or beside a small
  drawn mark (a browser draws bullets as shapes, not text), nested by how far they are indented;
- tables: cells found by pdfplumber from ruling lines; a box around a single cell (a warning
  box) is text;
- running headers, footers and page numbers: lines in the top or bottom margin that repeat on
  most pages (numbers aside), or that are only a page number, are dropped;
- a word hyphenated at a line's end is joined; two columns are read left, then right.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import ContentError
from ...findings import Finding
from .html import with_title
from .model import DraftBlock, Front, Kind, Reading, squash, warning

_BULLET_TEXT = re.compile(r"^(?P<mark>[•◦▪●○■□➢►–·-])\s*(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_HYPHENATED = re.compile(r"(?<=[^\W\d_])[-\u2010\u00ad]$")  # "osteo-" at a line's end
_MARGIN = 0.1  # of the page's height, at the top and at the bottom
_CLOSING = ".,;!?"
HEADING_MAX_WORDS = 15


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    text: str
    marker: bool = False  # a drawn bullet beside it


@dataclass
class _Table:
    page: int
    top: float
    rows: tuple[tuple[str, ...], ...]


@dataclass
class _Reading:
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)  # of each page


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-")


def pdf_blocks(data: bytes, path: Path) -> Reading:
    """The PDF's blocks; a scanned PDF (no text at all) is one line saying so."""
    import pdfplumber

    found = _Reading()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages):
                _read_page(page, number, found)
            pages = len(pdf.pages)
    except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise ContentError(
            f"is a damaged PDF ({type(e).__name__}); save it again from the program that made it",
            path,
        ) from None
    if not found.lines and not found.tables:
        raise ContentError(
            "has no text, only pictures of pages (a scan); ask for the Word or web version of "
            "the leaflet, or run it through text recognition (OCR) first",
            path,
        )
    lines = _without_running_lines(found.lines, pages, found.heights, found.warnings)
    blocks = _blocks(lines, found.tables)
    front = Front()
    blocks = with_title(blocks, front, "")
    return Reading(tuple(blocks), front, tuple(found.warnings))


def _read_page(page: Any, number: int, found: _Reading) -> None:
    found.heights[number] = float(page.height)
    tables = [
        t for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        if _is_table(t)
    ]
    boxes = [t.bbox for t in tables]
    for table in tables:
        rows = tuple(
            tuple(squash(_dehyphenate_cell(c or "")) for c in row) for row in table.extract()
        )
        rows = tuple(r for r in rows if any(r))
        if rows:
            found.tables.append(_Table(number, table.bbox[1], rows))

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    words = [
        w for w in page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
        if outside(w)
    ]
    marks = [
        o for o in list(page.curves) + list(page.rects)
        if o["x1"] - o["x0"] <= 7 and o["bottom"] - o["top"] <= 7 and outside(o)
    ]
    for column in _columns(words, page.width):
        for line in _lines(column, number):
            line.marker = any(
                m["x1"] <= line.x0 + 1 and line.x0 - m["x0"] < 30
                and line.top - 2 <= (m["top"] + m["bottom"]) / 2 <= line.bottom + 2
                for m in marks
            )  # fmt: skip
            found.lines.append(line)


def _is_table(table: Any) -> bool:
    """Two rows and two columns at least: a ruled box around one paragraph is not a table."""
    rows = table.extract()
    return len(rows) >= 2 and max(len(r) for r in rows) >= 2


def _dehyphenate_cell(text: str) -> str:
    return re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text).replace("\n", " ")


def _columns(words: list[dict[str, Any]], width: float) -> list[list[dict[str, Any]]]:
    """The page's words in reading order, as runs to be read one after another: a stretch of
    lines split by one gutter (an empty band down the page with words on both sides) is read
    as its left column, then its right one; a heading across both ends the stretch."""
    rows = _rows(words)
    runs: list[list[dict[str, Any]]] = []
    plain: list[list[dict[str, Any]]] = []  # rows read as they are
    index = 0
    while index < len(rows):
        end, gutter = _column_stretch(rows, index)
        if gutter is None:
            plain.append(rows[index])
            index += 1
            continue
        # Rows just above on one side only belong to it (a column may start a little higher).
        start = len(plain)
        while start and _one_side(plain[start - 1], gutter):
            start -= 1
        stretch = [w for row in plain[start:] + rows[index:end] for w in row]
        if plain[:start]:
            runs.append([w for row in plain[:start] for w in row])
        plain = []
        runs.append([w for w in stretch if w["x1"] <= gutter[1]])
        runs.append([w for w in stretch if w["x1"] > gutter[1]])
        index = end
    if plain:
        runs.append([w for row in plain for w in row])
    return runs


def _one_side(row: list[dict[str, Any]], gutter: tuple[float, float]) -> bool:
    return all(w["x1"] <= gutter[0] + 1 or w["x0"] >= gutter[1] - 1 for w in row)


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words at the same height across the whole page, left to right."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= word["size"] * 0.4:
            rows[-1].append(word)
        else:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    return rows


def _gap(row: list[dict[str, Any]]) -> tuple[float, float] | None:
    """The widest space between two words of the row, when it is wider than a word space."""
    best: tuple[float, float] | None = None
    for left, right in zip(row, row[1:], strict=False):
        space = right["x0"] - left["x1"]
        if space >= max(12.0, left["size"] * 1.5) and (best is None or space > best[1] - best[0]):
            best = (left["x1"], right["x0"])
    return best


def _column_stretch(rows: list[list[dict[str, Any]]], start: int) -> tuple[int, tuple[float, float] | None]:
    """Where a stretch of two columns that starts at rows[start] ends, and its gutter; the
    gutter is None when no such stretch starts there (three split rows at least)."""
    gutter = _gap(rows[start])
    if gutter is None:
        return start + 1, None
    split = 1
    end = start + 1
    while end < len(rows):
        row = rows[end]
        gap = _gap(row)
        if gap is not None and gap[0] < gutter[1] and gap[1] > gutter[0]:
            gutter = (max(gap[0], gutter[0]), min(gap[1], gutter[1]))
            split += 1
        elif not _one_side(row, gutter):
            break  # a line across the gutter: a heading or a paragraph across the page
        end += 1
    return (end, gutter) if split >= 3 else (start + 1, None)


def _lines(words: list[dict[str, Any]], page: int) -> list[_Line]:
    """Words at the same height as lines, top to bottom, each read left to right."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= word["size"] * 0.4:
            lines[-1].append(word)
        else:
            lines.append([word])
    result = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        # Words that touch are one word split by a change of font (a bold first letter, a
        # hyphen drawn from another font): joined without a space.
        text = line[0]["text"]
        for left, right in zip(line, line[1:], strict=False):
            touching = right["x0"] - left["x1"] < right["size"] * 0.1
            text += ("" if touching else " ") + right["text"]
        chars = sum(len(w["text"]) for w in line)
        size = max(w["size"] for w in line)
        bold = all(_bold(w["fontname"]) for w in line if any(c.isalnum() for c in w["text"]))
        result.append(_Line(page, min(w["top"] for w in line), max(w["bottom"] for w in line),
                            line[0]["x0"], line[-1]["x1"], round(size, 1), bold and chars > 0,
                            text))  # fmt: skip
    return result


def _bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", fontname, re.IGNORECASE))


def _without_running_lines(
    lines: list[_Line], pages: int, heights: dict[int, float], warnings: list[Finding]
) -> list[_Line]:
    """Lines in the margins that repeat on most pages, or that are only a page number."""

    def in_margin(ln: _Line) -> bool:
        height = heights[ln.page]
        return ln.top < height * _MARGIN or ln.bottom > height * (1 - _MARGIN)

    def key(ln: _Line) -> str:
        return re.sub(r"\d+", "#", ln.text.lower())

    seen = Counter(k for k in {(ln.page, key(ln)) for ln in lines if in_margin(ln)})
    repeated = Counter(k for _, k in seen)
    kept = []
    for ln in lines:
        margin = in_margin(ln)
        if margin and pages >= 2 and repeated[key(ln)] >= max(2, pages / 2):
            said = f'dropped a header or footer that repeats on every page: "{key(ln)}"'
            if not any(w.message == said for w in warnings):
                warnings.append(warning(1, said))
            continue
        if margin and _PAGE_NUMBER.match(ln.text.strip()):
            continue
        kept.append(ln)
    return kept


def _blocks(lines: list[_Line], tables: list[_Table]) -> list[DraftBlock]:
    body = _body_size(lines)
    line_number = 0
    blocks: list[DraftBlock] = []
    heading_sizes = sorted({ln.size for ln in lines if _heading_like(ln, body)}, reverse=True)
    events: list[tuple[int, float, int, _Line | _Table]] = [
        (ln.page, 0.0, i, ln) for i, ln in enumerate(lines)
    ]
    # Tables go in before the first line below them on their page.
    for t in tables:
        after = next((i for i, ln in enumerate(lines) if ln.page == t.page and ln.top > t.top),
                     next((i for i, ln in enumerate(lines) if ln.page > t.page), len(lines)))
        events.append((t.page, -1.0, after, t))
    events.sort(key=lambda e: (e[2], e[1]))
    previous: _Line | None = None
    indents: list[float] = []
    for _, _, _, event in events:
        line_number += 1
        if isinstance(event, _Table):
            blocks.append(DraftBlock(Kind.TABLE, "", line_number, rows=event.rows, header=True))
            previous = None
            continue
        ln = event
        item = _item(ln)
        if _heading_like(ln, body):
            level = min(heading_sizes.index(ln.size) + 1, 4) if ln.size in heading_sizes else 3
            if (previous is not None and blocks and blocks[-1].kind == Kind.HEADING
                    and _heading_like(previous, body) and previous.size == ln.size
                    and _close(previous, ln)):  # fmt: skip
                last = blocks[-1]
                blocks[-1] = DraftBlock(Kind.HEADING, f"{last.text} {ln.text}", last.line, last.level)
            else:
                blocks.append(DraftBlock(Kind.HEADING, ln.text, line_number, level))
        elif item is not None:
            number, text = item
            while indents and ln.x0 < indents[-1] - 3:
                indents.pop()
            if not indents or ln.x0 > indents[-1] + 3:
                indents.append(ln.x0)
            blocks.append(DraftBlock(Kind.ITEM, text, line_number, depth=len(indents) - 1,
                                     number=number))  # fmt: skip
        elif (previous is not None and blocks and blocks[-1].kind in (Kind.PARAGRAPH, Kind.ITEM)
              and _close(previous, ln) and not _heading_like(previous, body)
              and (blocks[-1].kind == Kind.PARAGRAPH or ln.x0 > previous.x0 - 3)):  # fmt: skip
            last = blocks[-1]
            blocks[-1] = DraftBlock(last.kind, _joined(last.text, ln.text), last.line,
                                    depth=last.depth, number=last.number)  # fmt: skip
        else:
            indents.clear()
            blocks.append(DraftBlock(Kind.PARAGRAPH, ln.text, line_number))
        previous = ln
    return blocks


def _body_size(lines: list[_Line]) -> float:
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 12.0


def _heading_like(ln: _Line, body: float) -> bool:
    words = ln.text.split()
    if not words or len(words) > HEADING_MAX_WORDS or ln.text[-1] in _CLOSING or ln.marker:
        return False
    if _item(ln) is not None or not any(c.isalpha() for c in ln.text):
        return False
    return ln.size >= body * 1.15 or (ln.bold and ln.text[-1] != ":")


def _item(ln: _Line) -> tuple[int | None, str] | None:
    """A list item's number (None for a bullet) and text, or None for other lines."""
    if ln.marker:
        return None, ln.text
    bullet = _BULLET_TEXT.match(ln.text)
    if bullet and bullet["mark"] not in "-–" or bullet and ln.text[1:2] == " ":
        return None, bullet["text"]
    numbered = _NUMBERED.match(ln.text)
    if numbered:
        return int(numbered["number"]), numbered["text"]
    return None


def _close(above: _Line, below: _Line) -> bool:
    """Whether two lines are of one paragraph: the gap between them is under half a line."""
    if below.page != above.page:
        return False
    return 0 <= below.top - above.bottom < max(above.size, below.size) * 0.6


def _compound(before: str, after: str) -> bool:
    """Whether a hyphen at a line's end belongs to the word ("follow-up"): both halves are
    words of the voice's dictionary and the two run together are not ("osteo-" + "necrosis" is
    one word hyphenated by the layout)."""
    from ...speech.dictionary import voice_dictionary

    dictionary = voice_dictionary()
    first = re.search(r"[^\W\d_]+$", before)
    second = re.match(r"[^\W\d_]+", after)
    if dictionary is None or first is None or second is None:
        return False
    joined = first.group() + second.group()
    return (
        dictionary.guessed(joined)
        and not dictionary.guessed(first.group())
        and not dictionary.guessed(second.group())
    )


def _joined(text: str, more: str) -> str:
    """A line added to the text before it, a word hyphenated across the break joined."""
    if re.search(r"\d[-/]$", text) and more[:1].isdigit():
        return text + more  # a phone number or date broken at its hyphen or slash
    hyphen = _HYPHENATED.search(text)
    if hyphen and more[:1].islower():
        if hyphen.group() == "-" and _compound(text[: hyphen.start()], more):
            return text + more  # "follow-" / "up": a hyphen of the word, kept
        return text[: hyphen.start()] + more
    return f"{text} {more}"
