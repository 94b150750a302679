"""HTML into blocks: headings, paragraphs, nested lists, tables; scripts, media and page
furniture dropped with a warning each; text outside any paragraph kept as a paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ...findings import Finding
from ...wording import shorten
from ..htmltext import SILENT
from .model import DraftBlock, Front, Kind, Reading, squash, warning

# Dropped with their content: what the page does, not what the article says.
_DROPPED = SILENT | {"nav", "footer", "aside", "form"}
_VOID_DROPPED = {"input", "embed", "area", "source", "track", "param"}
# Page furniture known by its role, class or id rather than its tag: what it is, for the warning.
_FURNITURE_ROLES = {
    "banner": "the site's banner", "navigation": "navigation", "dialog": "a dialog",
    "alertdialog": "a dialog", "search": "a search box", "complementary": "a sidebar",
    "contentinfo": "the site's footer",
}  # fmt: skip
_FURNITURE_NAMES = (
    (re.compile(r"cookie|consent|gdpr", re.I), "a cookie notice"),
    (re.compile(r"modal|popup|pop-up|overlay|lightbox", re.I), "a dialog"),
    (re.compile(r"newsletter|subscribe|signup|sign-up", re.I), "a sign-up box"),
    (re.compile(r"breadcrumb|(^|[-_\s])(nav|navbar|menu|sidebar)([-_\s]|$)", re.I), "navigation"),
    (re.compile(r"(^|[-_\s])(share|social)([-_\s]|$)", re.I), "share buttons"),
    (re.compile(r"(^|[-_\s])(banner|site-header|masthead)([-_\s]|$)", re.I), "the site's banner"),
    (re.compile(r"(^|[-_\s])(advert|ad|ads|promo|sponsor)([-_\s]|$)", re.I), "an advert"),
)
_LOGO = re.compile(r"\blogo\b", re.I)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_TEXT_BLOCKS = {"p", "dt", "dd", "pre", "figcaption", "caption", "summary", "address", "legend"}
# Tags that end the text before them and start new text (a <div> is a paragraph of its own).
_BREAKS = (
    _TEXT_BLOCKS | set(_HEADINGS)
    | {"div", "section", "article", "main", "header", "body", "html", "blockquote", "li", "ul",
       "ol", "dl", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "hr", "figure",
       "details", "fieldset", "center", "menu"}
)  # fmt: skip
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "base"} | _VOID_DROPPED


@dataclass
class _Open:
    """The text being collected: a paragraph, heading, quote or list item."""

    kind: Kind
    line: int
    level: int = 2
    depth: int = 0
    number: int | None = None
    pieces: list[str] = field(default_factory=list)


@dataclass
class _Item:
    """An open <li>: where its text goes, and whether its first text has been written."""

    depth: int
    number: int | None
    lists: int  # how many lists were open around it
    written: bool = False


@dataclass
class _Table:
    line: int
    rows: list[list[str]] = field(default_factory=list)
    header: bool = False
    cell: list[str] | None = None  # the text of the open cell
    # Whether every piece of text in the first row is bold: a header row by its looks (a Word
    # table's first row, a page that styles <td> as a header).
    bold_first_row: bool | None = None
    nested: int = 0  # tables open inside one of its cells


@dataclass
class _Dropping:
    tag: str
    line: int
    pieces: list[str] = field(default_factory=list)
    source: str = ""  # where a frame, picture or medium comes from, to name it by
    reason: str = ""  # what it was, when its role, class or id told: "a cookie notice"


def _article(tag: str) -> str:
    return "an" if tag[0] in "aeiou" or tag == "svg" else "a"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[DraftBlock] = []
        self.warnings: list[Finding] = []
        self.dropping: list[_Dropping] = []
        self.open: _Open | None = None
        self.lists: list[int | None] = []  # the next number of each open list; None if bulleted
        self.items: list[_Item] = []  # the open <li> elements
        self.quote = 0
        self.table: _Table | None = None
        self.page_title: list[str] | None = None
        self.bold = 0  # <strong> or <b> elements open
        self.in_head = False  # the page's settings: no text to read but its <title>
        self.title_text = ""

    # --- tags ----------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ("head", "body"):
            self.in_head = tag == "head"  # </head> may be left out
        if tag == "title" and not self.dropping:
            self.page_title = []  # the page's own title, in or out of <head>
            return
        if self.dropping:
            self.dropping[-1].pieces.append(" ")
            if tag not in _VOID:
                self.dropping.append(_Dropping(tag, line))
            return
        reason = _furniture(dict(attrs))
        if reason and tag not in _VOID and tag not in ("html", "body", "main", "article"):
            self.close_text()
            self.dropping.append(_Dropping(tag, line, [], "", reason))
            return
        if tag in _DROPPED:
            self.close_text()
            named = dict(attrs)
            label = named.get("title") or named.get("aria-label") or ""
            source = "" if tag == "script" else named.get("src") or named.get("data") or ""
            self.dropping.append(_Dropping(tag, line, [label], source))
            return
        if tag in _VOID_DROPPED:
            self.warn(line, f"dropped {_article(tag)} <{tag}> element")
            return
        if self.table is not None and self._table_tag(tag, line):
            return
        if tag in _BREAKS:
            self.close_text()
        self._start(tag, dict(attrs), line)

    def _start(self, tag: str, attrs: dict[str, str | None], line: int) -> None:
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("ul", "ol", "menu"):
            self.lists.append(_start_number(attrs) if tag == "ol" else None)
        elif tag == "li":
            self._end_items(len(self.lists))  # </li> may be left out before the next <li>
            depth = max(len(self.lists) - 1, 0)
            number = self.lists[-1] if self.lists else None
            if self.lists and number is not None:
                self.lists[-1] = number + 1
            self.items.append(_Item(depth, number, len(self.lists)))
            self.open = _Open(Kind.ITEM, line, depth=depth, number=number)
        elif tag in _HEADINGS:
            self.open = _Open(Kind.HEADING, line, level=_HEADINGS[tag])
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "table":
            self.table = _Table(line)
        elif tag == "br":
            self.text(" ")
        elif tag == "img":
            self._image(attrs, line)

    def _image(self, attrs: dict[str, str | None], line: int) -> None:
        alt = attrs.get("alt")
        names = " ".join(attrs.get(k) or "" for k in ("alt", "class", "id", "src"))
        if _LOGO.search(names):
            said = f': "{shorten(alt)}"' if alt else ""
            self.warn(line, f"dropped an <img> element (a logo){said}")
            return
        if alt:
            self.text(f" {alt} ")
        elif alt is None and attrs.get("role") != "presentation":
            self.warn(line, "dropped an image without alt text; describe it if it matters")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.page_title is not None:
            self.title_text = squash("".join(self.page_title))
            self.page_title = None
            return
        if self.dropping:
            self._end_dropping(tag)
            return
        if tag == "head":
            self.in_head = False
        if self.table is not None and self._table_end(tag):
            return
        if tag in _BREAKS:
            self.close_text()
        if tag in ("ul", "ol", "menu") and self.lists:
            self.lists.pop()
            self._end_items(len(self.lists) + 1)
        elif tag == "li":
            self._end_items(len(self.lists))
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)

    def _end_items(self, lists: int) -> None:
        """End the items open at that many lists deep, or deeper."""
        while self.items and self.items[-1].lists >= lists:
            self.items.pop()

    def _end_dropping(self, tag: str) -> None:
        names = [d.tag for d in self.dropping]
        if tag not in names:
            return
        while self.dropping[-1].tag != tag:  # elements left open inside it
            inner = self.dropping.pop()
            self.dropping[-1].pieces += inner.pieces
        done = self.dropping.pop()
        if not self.dropping:
            self._report_dropped(done)
        else:
            self.dropping[-1].pieces += done.pieces

    def _report_dropped(self, done: _Dropping, unclosed: bool = False) -> None:
        words = squash("".join(done.pieces)) or (f"from {done.source}" if done.source else "")
        said = f': "{shorten(words)}"' if words and done.tag not in ("script", "style") else ""
        rest = " that is never closed, and everything after it" if unclosed else ""
        what = f" ({done.reason})" if done.reason else ""
        self.warn(done.line, f"dropped {_article(done.tag)} <{done.tag}> element{what}{rest}{said}")

    # --- tables --------------------------------------------------------------------------
    def _table_tag(self, tag: str, line: int) -> bool:
        table = self.table
        assert table is not None
        if tag == "table":
            table.nested += 1
            self.warn(line, "flattened a table inside a table cell into the cell's text")
            return True
        if table.nested:
            if tag in ("td", "th", "tr"):
                self.text(" ")
            return True
        if tag == "tr":
            table.rows.append([])
        elif tag in ("td", "th"):
            if not table.rows:
                table.rows.append([])
            if tag == "th" and len(table.rows) == 1:
                table.header = True
            table.cell = []
        elif tag == "caption":
            return False
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "br":
            self.text(" ")
        elif tag == "img":
            self._image({}, line)
        return True

    def _table_end(self, tag: str) -> bool:
        table = self.table
        assert table is not None
        if table.nested:
            table.nested -= tag == "table"
            return True
        if tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("td", "th") and table.cell is not None:
            table.rows[-1].append(squash("".join(table.cell)))
            table.cell = None
        elif tag == "caption":
            return False
        elif tag == "table":
            self._end_table(table)
        return True

    def _end_table(self, table: _Table) -> None:
        self.table = None
        rows = tuple(tuple(r) for r in table.rows if any(r))
        if rows:
            header = (table.header or bool(table.bold_first_row)) and len(rows) > 1
            self.blocks.append(DraftBlock(Kind.TABLE, "", table.line, rows=rows, header=header))

    # --- text ----------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.page_title is not None:
            self.page_title.append(data)
        elif self.dropping:
            self.dropping[-1].pieces.append(data)
        elif not self.in_head:
            self.text(data)

    def text(self, data: str) -> None:
        table = self.table
        if table is not None and table.cell is not None:
            table.cell.append(data)
            if len(table.rows) == 1 and data.strip():
                table.bold_first_row = self.bold > 0 and table.bold_first_row is not False
            return
        if table is not None and not data.strip():
            return
        if self.open is None:
            if not data.strip():
                return
            self.open = self._implicit()
        self.open.pieces.append(data)

    def _implicit(self) -> _Open:
        """Text outside any paragraph: more of the list item it is in, or a paragraph."""
        line = self.getpos()[0]
        if self.items:
            return _Open(Kind.ITEM, line, depth=self.items[-1].depth, number=self.items[-1].number)
        return _Open(Kind.QUOTE if self.quote else Kind.PARAGRAPH, line)

    def close_text(self) -> None:
        block, self.open = self.open, None
        if block is None:
            return
        text = squash("".join(block.pieces))
        if not text:
            return
        kind = Kind.QUOTE if block.kind == Kind.PARAGRAPH and self.quote else block.kind
        continues = False
        if kind == Kind.ITEM and self.items:  # the first text of an item, or more of it
            continues, self.items[-1].written = self.items[-1].written, True
        self.blocks.append(
            DraftBlock(kind, text, block.line, block.level, block.depth, block.number, continues)
        )

    def handle_comment(self, data: str) -> None:
        if not self.dropping and data.strip():
            self.warn(self.getpos()[0], "dropped an HTML comment")

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(warning(line, message))


def _furniture(attrs: dict[str, str | None]) -> str:
    """What an element is when its role, class or id says it is page furniture (a cookie
    notice, a dialog, navigation), else ""."""
    role = (attrs.get("role") or "").strip().lower()
    if role in _FURNITURE_ROLES:
        return f"{_FURNITURE_ROLES[role]}, by its role"
    if (attrs.get("aria-modal") or "").lower() == "true":
        return "a dialog, by its aria-modal"
    for key in ("class", "id"):
        value = attrs.get(key) or ""
        for pattern, what in _FURNITURE_NAMES:
            if pattern.search(value):
                return f'{what}, by its {key} "{shorten(value, 30)}"'
    return ""


def _start_number(attrs: dict[str, str | None]) -> int:
    try:
        return int(attrs.get("start") or 1)
    except ValueError:
        return 1


def html_blocks(text: str) -> Reading:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.close_text()
    if reader.dropping:  # an element never closed: everything after it was dropped
        outer = reader.dropping[0]
        outer.pieces += [piece for inner in reader.dropping[1:] for piece in inner.pieces]
        reader.dropping.clear()
        reader._report_dropped(outer, unclosed=True)
    if reader.table is not None:
        reader._end_table(reader.table)
    front = Front()
    blocks = with_title(reader.blocks, front, reader.title_text)
    return Reading(tuple(blocks), front, tuple(reader.warnings))


def with_title(blocks: list[DraftBlock], front: Front, page_title: str) -> list[DraftBlock]:
    """The first <h1> is the title (the page's <title> when there is none); later ones are
    topics, and a heading below the page's top level moves up so the topics are ##."""
    first = next((b for b in blocks if b.kind == Kind.HEADING and b.level == 1), None)
    front.title = first.text if first else (page_title or None)
    rest = [b for b in blocks if b is not first]
    top = min((b.level for b in rest if b.kind == Kind.HEADING), default=2)
    shift = max(top - 2, 0)
    return [
        DraftBlock(b.kind, b.text, b.line, max(b.level - shift, 2)) if b.kind == Kind.HEADING
        else b
        for b in rest
    ]  # fmt: skip
