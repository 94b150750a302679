"""Plain text, HTML, Markdown, Word (.docx) or PDF documents into Markdown drafts for content/.

A draft is a start, not a finished document: headings are guessed (in plain text), web-page
debris and adverts are dropped and reported with their line numbers, review dates go to the
front matter, and a person reviews the result.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ...errors import ContentError, ContentFileError, os_error_advice
from ...findings import Finding
from ...fsio import write_text_atomic
from .html import html_blocks
from .invisible import reading_without_invisible, text_without_invisible
from .markdown import markdown_draft
from .model import Draft, Kind, Reading, warning
from .pdf import is_pdf, pdf_blocks
from .rules import dangling_lead_ins, empty_headings, page_rules, unusable_headings
from .sniff import binary_document, control_characters, read_document
from .text import text_blocks
from .word import is_word, word_html
from .writer import render

__all__ = ["Draft", "Finding", "check_targets", "import_document", "write_draft"]

_HTML_START = re.compile(
    r"\s*(<\?xml[^>]*>\s*)?(<!doctype html|<html|<head|<body|<(p|div|h[1-6]|article)[\s>])",
    re.I,
)


def import_document(source: Path, out_dir: Path) -> Draft:
    """Read one document and return its Markdown draft (not yet written), its warnings naming
    the source and its lines."""
    draft = _import(source, out_dir)
    named = tuple(replace(w, where=str(source)) for w in draft.warnings)
    return replace(draft, warnings=named)


def _import(source: Path, out_dir: Path) -> Draft:
    data = binary_document(source)
    if data is not None and is_pdf(data):
        return _draft(source, pdf_blocks(data, source), [], out_dir)
    if data is not None and is_word(data):
        return _draft(source, html_blocks(word_html(data, source)), [], out_dir)
    text, controls = control_characters(read_document(source))
    warnings = [warning(n, "removed control characters from this line") for n in controls]
    text, invisible = text_without_invisible(text)
    warnings += invisible
    suffix = source.suffix.lower()
    if suffix in (".md", ".markdown"):
        draft = markdown_draft(source, text, out_dir)
        return Draft(draft.path, draft.markdown, tuple(sorted(
            warnings + list(draft.warnings), key=lambda w: w.line or 0)))  # fmt: skip
    html = suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(text)
    reading = html_blocks(text) if html else text_blocks(text)
    return _draft(source, reading, warnings, out_dir)


def _draft(source: Path, reading: Reading, warnings: list[Finding], out_dir: Path) -> Draft:
    reading = reading_without_invisible(reading)
    front = reading.front
    blocks, dropped = page_rules(list(reading.blocks), front)
    blocks, renamed = unusable_headings(blocks)
    dropped += renamed
    if not any(b.kind != Kind.HEADING for b in blocks):
        raise ContentError(
            "has no text left to import once page debris is taken out; check it is the article",
            source,
        )
    warnings += list(reading.warnings) + dropped
    warnings += dangling_lead_ins(blocks) + empty_headings(blocks)
    return render(source, blocks, front, warnings, out_dir)


def check_targets(sources: list[Path], drafts: list[Draft]) -> None:
    """Refuse, before anything is written, a draft that would replace a file or another draft."""
    seen: dict[Path, Path] = {}
    for source, draft in zip(sources, drafts, strict=True):
        _refuse_existing(draft)
        if draft.path in seen:
            raise ContentError(
                f"{seen[draft.path]} and {source} would both be written here, as they have the "
                "same title; import them one at a time, renaming the first draft in between",
                draft.path,
            )
        seen[draft.path] = source


def _refuse_existing(draft: Draft) -> None:
    if draft.path.exists() or draft.path.is_symlink():
        raise ContentError(
            "already exists; move it aside or choose another folder with --out", draft.path
        )


def write_draft(draft: Draft) -> None:
    _refuse_existing(draft)
    try:
        write_text_atomic(draft.path, draft.markdown)
    except OSError as e:
        raise ContentFileError(
            f"cannot write the draft: {os_error_advice(e, 'another folder with --out')}",
            draft.path.parent,
        ) from None
