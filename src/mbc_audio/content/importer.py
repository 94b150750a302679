"""Plain text, HTML or Markdown documents into Markdown drafts for content/.

A draft is a start, not a finished document: headings are guessed (short lines
without closing punctuation, followed by body text), web-page debris is dropped
and reported with its line number, and a person reviews the result.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from ..errors import ContentError, ContentFileError, os_error_advice
from ..wording import shorten
from .files import read_text, write_text_atomic
from .slug import slugify

# Lines that belong to the web page, not the article.
DEBRIS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^expert cancer care\b",
        r"^is one call away\.?$",
        r"^appointments in as little as\b",
        r"^show references$",
        r"^(this article will cover|in this article)\s*:?$",
        r"^(advertisement|sponsored|share on \w+|print|subscribe|sign up\b.*)$",
        r"^(skip to (main )?content|back to top|read more|related articles?)$",
        r"^call \S+ to (make an appointment|speak)",
    )
]
_REFERENCES = re.compile(r"^(show |hide )?(references|sources)$", re.IGNORECASE)
_REVIEWED_BY = re.compile(r"\breviewed\b.*\bby\b:?\s*(?P<who>.*)$", re.IGNORECASE)
_REVIEWED_ON = re.compile(r"\breviewed on\s+(?P<date>.+?)\.?$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:(?P<mark>[•\-*–·▪◦])|(?P<number>\d{1,3})[.)])\s+(?P<text>\S.*)$")
_CLOSING = '.,;:!"”’)'


@dataclass(frozen=True)
class DraftBlock:
    kind: str  # "heading", "item", "numbered", "paragraph"
    text: str
    line: int
    level: int = 2


@dataclass(frozen=True)
class Warning_:
    line: int
    message: str


@dataclass(frozen=True)
class Draft:
    path: Path  # where the draft goes
    markdown: str
    warnings: tuple[Warning_, ...]


def import_document(source: Path, out_dir: Path) -> Draft:
    """Read one document and return its Markdown draft (not yet written)."""
    text = read_text(source)
    suffix = source.suffix.lower()
    if suffix in (".md", ".markdown"):
        return _from_markdown(source, text, out_dir)
    if suffix in (".html", ".htm") or re.match(r"\s*(<!doctype html|<html)", text, re.I):
        blocks, meta, warnings = _html_blocks(text)
    else:
        blocks, meta, warnings = _text_blocks(text)
    return _draft(source, blocks, meta, warnings, out_dir)


def write_draft(draft: Draft) -> None:
    if draft.path.exists():
        raise ContentError(
            "already exists; move it aside or choose another folder with --out", draft.path
        )
    try:
        write_text_atomic(draft.path, draft.markdown)
    except OSError as e:
        raise ContentFileError(
            f"cannot write the draft: {os_error_advice(e, 'another folder with --out')}",
            draft.path.parent,
        ) from None


# --- plain text ---------------------------------------------------------------------------
def _text_blocks(text: str) -> tuple[list[DraftBlock], dict, list[Warning_]]:
    lines = [(n, raw.strip()) for n, raw in enumerate(text.split("\n"), start=1)]
    nonblank = [(n, t) for n, t in lines if t]
    raw_bullets = {n for n, raw in enumerate(text.split("\n"), start=1) if _BULLET.match(raw)}
    blocks: list[DraftBlock] = []
    warnings: list[Warning_] = []
    meta: dict = {}
    in_references = False
    taken: set[int] = set()  # lines already read as part of an earlier line
    paragraph: list[tuple[int, str]] = []
    previous_blank = True

    def flush() -> None:
        if paragraph:
            blocks.append(
                DraftBlock("paragraph", " ".join(t for _, t in paragraph), paragraph[0][0])
            )
            paragraph.clear()

    for index, (number, line) in enumerate(lines):
        if not line:
            flush()
            previous_blank = True
            continue
        bullet = _BULLET.match(line) if number in raw_bullets else None
        if in_references:
            if bullet:
                meta.setdefault("references", []).append(bullet["text"].strip())
                continue
            in_references = False
        if _REFERENCES.match(line):
            warnings.append(
                Warning_(number, f'dropped "{line}" and kept the list after it as references')
            )
            in_references = True
            flush()
            continue
        if any(p.search(line) for p in DEBRIS):
            warnings.append(Warning_(number, f'dropped web-page debris: "{line}"'))
            flush()
            continue
        if number in taken or _take_review(line, number, lines[index + 1 :], meta, warnings, taken):
            flush()
            continue
        if bullet:
            flush()
            kind = "numbered" if bullet["number"] else "item"
            blocks.append(DraftBlock(kind, bullet["text"].strip(), number))
        elif previous_blank and _looks_like_heading(line, number, nonblank):
            flush()
            blocks.append(DraftBlock("heading", line, number))
        else:
            paragraph.append((number, line))
        previous_blank = False
    flush()
    blocks = _title_and_levels(blocks, meta)
    warnings += _dangling_lead_ins(blocks)
    return blocks, meta, warnings


def _take_review(line, number, following, meta, warnings, taken) -> bool:
    """'This page was reviewed on February 10, 2022.' and the reviewer line go to front matter."""
    on = _REVIEWED_ON.search(line)
    if on:
        meta["reviewed_on"] = _iso_date(on["date"]) or on["date"]
        warnings.append(Warning_(number, "moved the review date to the front matter"))
        return True
    by = _REVIEWED_BY.search(line)
    if by and len(line.split()) <= 14:
        who = by["who"].strip()
        if not who:  # the name is on the next non-blank line
            name_line, who = next(((n, t) for n, t in following if t), (0, ""))
            taken.add(name_line)
        meta["reviewed_by"] = who.rstrip(".")
        warnings.append(Warning_(number, "moved the reviewer to the front matter"))
        return True
    return False


def _iso_date(text: str) -> str | None:
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _looks_like_heading(line: str, number: int, nonblank: list[tuple[int, str]]) -> bool:
    words = line.split()
    if not words or len(words) > 12 or len(line) > 90 or line[-1] in _CLOSING:
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    following = next((t for n, t in nonblank if n > number), None)
    # A heading introduces body text: the next line is longer or ends a sentence.
    return following is not None and (following[-1] in ".!?:" or len(following) > len(line) * 2)


def _title_and_levels(blocks: list[DraftBlock], meta: dict) -> list[DraftBlock]:
    """The first heading before any text is the title; headings under a lead-in are ###."""
    if blocks and blocks[0].kind == "heading":
        meta["title"] = blocks[0].text
        blocks = blocks[1:]
    result = []
    under_lead_in = False
    for number, block in enumerate(blocks):
        if block.kind == "heading":
            before = blocks[number - 1] if number else None
            if before is not None and before.kind == "paragraph" and before.text.endswith(":"):
                under_lead_in = True
            elif len(block.text.split()) > 3:
                under_lead_in = False
            block = DraftBlock("heading", block.text, block.line, 3 if under_lead_in else 2)
        result.append(block)
    return result


def _dangling_lead_ins(blocks: list[DraftBlock]) -> list[Warning_]:
    warnings = []
    for number, block in enumerate(blocks):
        following = blocks[number + 1] if number + 1 < len(blocks) else None
        if (
            block.kind == "paragraph"
            and block.text.endswith(":")
            and (
                following is None
                or following.kind == "paragraph"
                or (following.kind == "heading" and following.level == 2)
            )
        ):
            warnings.append(
                Warning_(
                    block.line,
                    f'"{shorten(block.text)}" ends with a colon but no list follows; '
                    "the page may have lost its list",
                )
            )
    return warnings


# --- HTML ---------------------------------------------------------------------------------
class _HtmlBlocks(HTMLParser):
    _SILENT = {"script", "style", "noscript", "template", "nav", "footer", "aside", "form"}
    _BLOCKS = {
        "p": "paragraph",
        "li": "item",
        "h1": "heading",
        "h2": "heading",
        "h3": "heading",
        "h4": "heading",
        "h5": "heading",
        "h6": "heading",
        "blockquote": "paragraph",
        "td": "paragraph",
        "th": "paragraph",
        "dt": "paragraph",
        "dd": "paragraph",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[DraftBlock] = []
        self.warnings: list[Warning_] = []
        self.skipping: list[str] = []
        self.open: list[tuple[str, int, list[str], bool]] = []  # tag, line, text, ordered
        self.list_kinds: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        line = self.getpos()[0]
        if tag in self._SILENT:
            if not self.skipping:
                self.warnings.append(Warning_(line, f"dropped a <{tag}> element"))
            self.skipping.append(tag)
        elif self.skipping:
            return
        elif tag in ("ul", "ol"):
            self.list_kinds.append(tag)
        elif tag in self._BLOCKS:
            self._close_open()
            ordered = bool(self.list_kinds) and self.list_kinds[-1] == "ol"
            self.open.append((tag, line, [], ordered))
        elif tag == "br" and self.open:
            self.open[-1][2].append(" ")
        elif tag == "img" and self.open:
            alt = dict(attrs).get("alt")
            if alt:
                self.open[-1][2].append(alt)

    def handle_endtag(self, tag) -> None:
        if self.skipping:
            if self.skipping[-1] == tag:
                self.skipping.pop()
            return
        if tag in ("ul", "ol") and self.list_kinds:
            self.list_kinds.pop()
        elif tag in self._BLOCKS:
            self._close_open()

    def handle_data(self, data) -> None:
        if not self.skipping and self.open:
            self.open[-1][2].append(data)

    def handle_comment(self, data) -> None:
        self.warnings.append(Warning_(self.getpos()[0], "dropped an HTML comment"))

    def _close_open(self) -> None:
        while self.open:
            tag, line, pieces, ordered = self.open.pop()
            text = " ".join("".join(pieces).split())
            if not text:
                continue
            kind = self._BLOCKS[tag]
            if kind == "item" and ordered:
                kind = "numbered"
            level = min(int(tag[1]), 3) if kind == "heading" else 2
            self.blocks.append(DraftBlock(kind, text, line, max(level, 1)))


def _html_blocks(text: str) -> tuple[list[DraftBlock], dict, list[Warning_]]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser.close()
    parser._close_open()
    meta: dict = {}
    blocks = []
    warnings = list(parser.warnings)
    for block in parser.blocks:
        if any(p.search(block.text) for p in DEBRIS):
            warnings.append(Warning_(block.line, f'dropped web-page debris: "{block.text}"'))
        elif block.kind == "heading" and block.level == 1 and "title" not in meta:
            meta["title"] = block.text
        else:
            blocks.append(block)
    return blocks, meta, warnings + _dangling_lead_ins(blocks)


# --- Markdown -----------------------------------------------------------------------------
def _from_markdown(source: Path, text: str, out_dir: Path) -> Draft:
    warnings = [
        Warning_(n, f'looks like web-page debris: "{line.strip()}"; remove it if so')
        for n, line in enumerate(text.split("\n"), start=1)
        if line.strip() and any(p.search(line.strip().lstrip("#- ").strip()) for p in DEBRIS)
    ]
    if not text.startswith("---"):
        title = next((ln[2:].strip() for ln in text.split("\n") if ln.startswith("# ")), None)
        meta = {"title": title or source.stem, "source": {"publisher": "", "page_title": ""}}
        text = (
            "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + text
        )
        title_for_name = title or source.stem
    else:
        match = re.search(r"^title:\s*(.+)$", text, re.M)
        title_for_name = match.group(1).strip("\"' ") if match else source.stem
    return Draft(out_dir / f"{slugify(title_for_name) or 'document'}.md", text, tuple(warnings))


# --- the writer ---------------------------------------------------------------------------
def _draft(
    source: Path, blocks: list[DraftBlock], meta: dict, warnings: list[Warning_], out_dir: Path
) -> Draft:
    title = meta.get("title")
    if not title:
        title = source.stem
        warnings.append(Warning_(1, "found no title; write one in the front matter"))
    front = {
        "title": title,
        "source": {"publisher": "", "page_title": title},
        **{k: meta[k] for k in ("reviewed_by", "reviewed_on") if k in meta},
        "references": meta.get("references", []),
        "headings": {},
    }
    out = [
        "---",
        yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100).rstrip(),
        "---",
        "",
        "<!--",
        f"Imported from {source.name} by mbc-audio import; review before use.",
    ]
    dropped = [w for w in warnings if w.message.startswith("dropped")]
    if dropped:
        out.append("Dropped as web-page debris:")
        out += [f"- line {w.line}: {w.message.removeprefix('dropped ')}" for w in dropped]
    out += ["-->", ""]
    if blocks and blocks[0].kind != "heading":
        out += ["## Overview", ""]
        warnings.append(
            Warning_(blocks[0].line, 'text before the first heading went under "## Overview"')
        )
    previous = None
    for block in blocks:
        if block.kind == "heading":
            out += ([""] if previous in ("item", "numbered") else []) + [
                "#" * block.level + " " + block.text,
                "",
            ]
        elif block.kind in ("item", "numbered"):
            out.append(f"{'1.' if block.kind == 'numbered' else '-'} {block.text}")
        else:
            out += ([""] if previous in ("item", "numbered") else []) + [block.text, ""]
        previous = block.kind
    markdown = "\n".join(out).rstrip() + "\n"
    name = slugify(title) or slugify(source.stem) or "document"
    warnings.sort(key=lambda w: w.line)
    return Draft(out_dir / f"{name}.md", markdown, tuple(warnings))
