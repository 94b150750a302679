"""Blocks into the Markdown draft: front matter, a comment listing what was dropped, the body.

Text is written so that Markdown reads it back as the same text: whatever Markdown would take
as HTML, a link, emphasis, code, a list or a heading is escaped with a backslash.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ...findings import Finding
from ..slug import slugify
from .model import Draft, DraftBlock, Front, Kind, squash, warning

# Inline: HTML and autolinks (<), code (`), emphasis (*), links and images ([), backslashes.
_INLINE = re.compile(r"[\\`*<\[]")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")  # emphasis, not snake_case
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # &amp; would become &
# At the start of a line: a heading, quote, list item, rule, code fence or setext underline.
# A leading "-" is always escaped: after a list item's "- ", even "--" reads as a rule.
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|-|\+(?=\s|$)|=+\s*$|~~~|_{3,})")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_CLOSING_HASHES = re.compile(r"(\s)(#+)\s*$")


def escape(text: str) -> str:
    """Text that Markdown reads back as itself, on one line."""
    text = squash(text)
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _ORDERED_START.sub(r"\1\\\2", text)
    return _LINE_START.sub(lambda m: "\\" + m.group(), text)


def escape_heading(text: str) -> str:
    return _CLOSING_HASHES.sub(r"\1\\\2", escape(text))


def escape_cell(text: str) -> str:
    return escape(text).replace("|", "\\|")


def comment_text(text: str) -> str:
    """Text safe inside an HTML comment, which the first --> would end."""
    return text.replace("--", "- -")


def render(source: Path, blocks: list[DraftBlock], front: Front, warnings: list[Finding],
           out_dir: Path) -> Draft:  # fmt: skip
    """The draft of one document, named after its title, and every warning in line order."""
    title = front.title
    if not title:
        title = source.stem
        warnings.append(warning(1, "found no title; write one in the front matter"))
    meta: dict[str, object] = {"title": title, "source": {"publisher": "", "page_title": title}}
    meta |= {"reviewed_by": front.reviewed_by} if front.reviewed_by else {}
    meta |= {"reviewed_on": front.reviewed_on} if front.reviewed_on else {}
    meta |= {"next_review": front.next_review} if front.next_review else {}
    meta |= {"references": front.references, "headings": {}}
    out = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100).rstrip()]
    out += ["---", "", "<!--", comment_text(f"Imported from {source.name} by mbc-audio import; "
            "review before use.")]  # fmt: skip
    dropped = sorted((w for w in warnings if w.message.startswith("dropped")), key=lambda w: w.line or 0)
    if dropped:
        out.append("Dropped as web-page debris:")
        out += [
            comment_text(f"- line {w.line}: {w.message.removeprefix('dropped ')}") for w in dropped
        ]
    out += ["-->", ""]
    if blocks and blocks[0].kind != Kind.HEADING:
        out += ["## Overview", ""]
        warnings.append(
            warning(blocks[0].line, 'text before the first heading went under "## Overview"')
        )
    out += body(blocks)
    markdown = "\n".join(out).rstrip() + "\n"
    name = slugify(title) or slugify(source.stem) or "document"
    warnings.sort(key=lambda w: w.line or 0)
    return Draft(out_dir / f"{name}.md", markdown, tuple(warnings))


def body(blocks: list[DraftBlock]) -> list[str]:
    """The Markdown lines of the blocks: blank lines between blocks, none inside a list."""
    out: list[str] = []
    indents: list[int] = []  # the content indent of each open list level
    previous: DraftBlock | None = None
    for block in blocks:
        if block.kind == Kind.ITEM and block.continues:  # indented under its item's text
            indents = indents[: block.depth + 1]
            out += ["", " " * sum(indents) + escape(block.text)]
        elif block.kind == Kind.ITEM:
            indents = indents[: block.depth]
            # An ordered list from a number other than 1 cannot interrupt an item's text.
            nested_late = (
                block.number not in (None, 1)
                and previous is not None
                and previous.depth < block.depth
            )
            if previous is None or previous.kind != Kind.ITEM or nested_late:
                out.append("")
            pad = " " * sum(indents)
            ordered = block.number is not None and 0 <= block.number <= 999_999_999
            marker = f"{block.number}." if ordered else "-"  # CommonMark allows nine digits
            out.append(f"{pad}{marker} {escape(block.text)}")
            indents.append(len(marker) + 1)
        else:
            indents = []
            out += ["", *_lines(block)]
        previous = block
    return out[1:] if out and out[0] == "" else out


def _lines(block: DraftBlock) -> list[str]:
    if block.kind == Kind.HEADING:
        return ["#" * min(max(block.level, 2), 6) + " " + escape_heading(block.text)]
    if block.kind == Kind.QUOTE:
        return ["> " + escape(block.text)]
    if block.kind == Kind.TABLE:
        return _table(block)
    return [escape(block.text)]


def _table(block: DraftBlock) -> list[str]:
    if not block.rows:
        return []
    width = max(len(row) for row in block.rows)
    rows = [list(row) + [""] * (width - len(row)) for row in block.rows]
    header = rows.pop(0) if block.header else [""] * width
    lines = ["| " + " | ".join(escape_cell(c) for c in header) + " |"]
    lines.append("|" + "|".join(["---"] * width) + "|")
    lines += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in rows]
    return lines
