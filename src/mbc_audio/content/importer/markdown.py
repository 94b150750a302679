"""A Markdown document as a draft: its own Markdown kept, the page rules applied line by line.

markdown-it finds the blocks and their lines; debris, adverts and review lines are taken out,
raw HTML blocks are read as HTML (their text kept, scripts and media dropped with a warning),
and the front matter is written or completed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ...errors import ContentError
from ...findings import Finding
from ..htmltext import SILENT
from ..parse import inline_text
from ..slug import slugify
from .html import html_blocks
from .model import Draft, DraftBlock, Front, Kind, warning
from .rules import REFERENCES, dangling_lead_ins, debris, review
from .writer import body

_MARKDOWN = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
_INLINE_TAG = re.compile(r"<\s*([A-Za-z][A-Za-z0-9]*)")
_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.DOTALL)


@dataclass
class _Edit:
    """What becomes of the document's lines: some removed, some replaced."""

    removed: set[int] = field(default_factory=set)  # 0-based line numbers
    replaced: dict[int, tuple[int, list[str]]] = field(default_factory=dict)  # start: (end, lines)
    warnings: list[Finding] = field(default_factory=list)
    front: Front = field(default_factory=Front)
    shape: list[DraftBlock] = field(default_factory=list)  # for the lead-in check

    def remove(self, token: Token) -> None:
        start, end = token.map or (0, 0)
        self.removed.update(range(start, end))

    def drop(self, token: Token, message: str) -> None:
        self.remove(token)
        self.warnings.append(warning((token.map or (0, 0))[0] + 1, message))


def markdown_draft(source: Path, text: str, out_dir: Path) -> Draft:
    tokens = _MARKDOWN.parse(text)
    edit = _Edit()
    meta_token = next((t for t in tokens if t.type == "front_matter"), None)
    _walk(tokens, edit)
    edit.warnings += dangling_lead_ins(edit.shape)
    lines = text.split("\n")
    kept = _apply(lines, edit)
    markdown, title = _with_front_matter(source, kept, meta_token, edit)
    name = slugify(title) or slugify(source.stem) or "document"
    edit.warnings.sort(key=lambda w: w.line or 0)
    return Draft(out_dir / f"{name}.md", markdown, tuple(edit.warnings))


def _walk(tokens: list[Token], edit: _Edit) -> None:
    references = name_next = False
    depth = -1
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "html_block":
            _html_block(token, edit)
        elif token.type == "inline":
            _inline_html(token, edit)
        if token.type not in ("paragraph_open", "heading_open"):
            continue
        inline = tokens[index + 1]
        words = inline_text(inline)
        line = (token.map or (0, 0))[0] + 1
        if depth >= 0:
            if references and token.level > 0:
                edit.front.references.append(words)
                edit.remove(token)
                continue
            edit.shape.append(DraftBlock(Kind.ITEM, words, line, depth=depth))
            continue
        references = False
        if name_next and token.type == "paragraph_open":
            edit.front.reviewed_by, name_next = words.rstrip("."), False
            edit.drop(token, "moved the reviewer's name to the front matter")
            continue
        if REFERENCES.match(words):
            edit.drop(token, f'dropped "{words}" and kept the list after it as references')
            references = True
            continue
        dropped = debris(words)
        moved = None if dropped else review(words, edit.front, line)
        if dropped or moved:
            edit.drop(token, dropped or (moved[0].message if moved else ""))
            name_next = bool(moved and moved[1])
            continue
        level = int(token.tag[1]) if token.type == "heading_open" else 2
        kind = Kind.HEADING if token.type == "heading_open" else Kind.PARAGRAPH
        edit.shape.append(DraftBlock(kind, words, line, level=level))


def _html_block(token: Token, edit: _Edit) -> None:
    """Raw HTML in the Markdown: its text as Markdown, what it drops warned about."""
    if _COMMENT.fullmatch(token.content):
        return  # an editor's note, kept as it is: the parser never speaks it
    start, end = token.map or (0, 0)
    reading = html_blocks(token.content)
    for found in reading.warnings:
        line = start + (found.line or 0)
        edit.warnings.append(warning(line, found.message))
    blocks = list(reading.blocks)
    if reading.front.title:  # an <h1> inside the HTML stays a heading here
        blocks.insert(0, DraftBlock(Kind.HEADING, reading.front.title, start + 1))
    edit.replaced[start] = (end, body(blocks) + ([""] if blocks else []))
    edit.shape += blocks


def _inline_html(token: Token, edit: _Edit) -> None:
    """A script, frame or picture in a line of text is not spoken: say so."""
    for child in token.children or ():
        if child.type != "html_inline":
            continue
        tag = _INLINE_TAG.match(child.content)
        if tag and tag.group(1).lower() in SILENT:
            line = (token.map or (0, 0))[0] + 1
            edit.warnings.append(
                warning(line, f"the <{tag.group(1).lower()}> element here is not spoken; "
                         "remove it, or write what it shows as text")
            )  # fmt: skip


def _apply(lines: list[str], edit: _Edit) -> list[str]:
    kept: list[str] = []
    number = 0
    while number < len(lines):
        if number in edit.replaced:
            end, new = edit.replaced[number]
            kept += new
            number = end
            continue
        if number not in edit.removed:
            kept.append(lines[number])
        number += 1
    return kept


def _with_front_matter(
    source: Path, lines: list[str], meta_token: Token | None, edit: _Edit
) -> tuple[str, str]:
    """The document with its front matter written or completed, and its title."""
    front = edit.front
    review = {"reviewed_by": front.reviewed_by, "reviewed_on": front.reviewed_on}
    moved: dict[str, str | list[str]] = {k: v for k, v in review.items() if v}
    if front.references:
        moved["references"] = front.references
    if meta_token is None or not meta_token.map:
        title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), None)
        meta = {"title": title or source.stem, "source": {"publisher": "", "page_title": ""}}
        header = yaml.safe_dump(meta | moved, allow_unicode=True, sort_keys=False, width=100)
        return "---\n" + header + "---\n\n" + "\n".join(lines).lstrip("\n"), title or source.stem
    try:
        existing = yaml.safe_load(meta_token.content) or {}
    except yaml.YAMLError:
        existing = None
    if not isinstance(existing, dict):
        raise ContentError("the front matter is not  key: value  lines; fix it first", source, 2)
    for key in [k for k in moved if k in existing]:
        edit.warnings.append(
            warning(1, f"kept the front matter's {key}; the one found in the text was dropped")
        )
        del moved[key]
    closing = meta_token.map[1] - 1  # the closing --- line
    extra = yaml.safe_dump(moved, allow_unicode=True, sort_keys=False, width=100) if moved else ""
    lines = lines[:closing] + extra.splitlines() + lines[closing:]
    title = existing.get("title")
    return "\n".join(lines), str(title) if title else source.stem
