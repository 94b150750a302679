"""Markdown documents into the guide model (markdown-it-py does the Markdown)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..engines import engine_class
from ..errors import ContentError, EngineUnavailable
from ..fsio import confined
from ..speech.invisible import strip_invisible
from ..speech.lexicon import Lexicon
from ..speech.normalize import MONTHS, normalize, spoken_form
from ..speech.numbers import cardinal
from ..speech.wordmap import said_before
from ..spokentext import join
from .config import GuideConfig, guide_lexicon, load_config
from .files import read_text
from .htmltext import InlineHtml, html_text
from .model import (
    Block,
    BlockKind,
    Guide,
    Part,
    Pause,
    Section,
    Sentence,
    Source,
    TextChange,
    Topic,
)
from .sentences import split_sentences
from .slug import checked_slug, slugify

# Strikethrough is read so that "~~not~~" is its words (with a lint warning), never tildes.
_MARKDOWN = (
    MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
)


def load_guide(content_dir: Path) -> Guide:
    """Read guide.toml, the lexicon and every document it names, in order."""
    config = load_config(content_dir)
    lexicon = guide_lexicon(content_dir, config, _sayable(config))
    parts = []
    for index, name in enumerate(config.documents, start=1):
        path = confined(content_dir / name, content_dir)
        if not path.exists():  # a folder, a pipe or a device is there: reading it says so
            raise ContentError(
                f'names the document "{name}", which is not in {content_dir}; '
                "add the file or remove its name from documents",
                config.path,
            )
        parts.append(parse_document(path, lexicon, index, relative_to=content_dir))
    return Guide(
        info=config.info,
        voice=config.voice,
        pauses_ms=config.pauses_ms,
        audio=config.audio,
        opening=_fragment_topic(
            "opening", "About this guide", with_parts(config.opening, len(parts)), config, lexicon
        ),
        parts=tuple(parts),
        closing=_fragment_topic(
            "closing", "Sources", _sources_text(parts) + "\n\n" + config.closing, config, lexicon
        ),
    )


def _sayable(config: GuideConfig) -> frozenset[str] | None:
    """The IPA symbols the guide's voice can say, for checking the lexicon as it is read."""
    try:
        engine = engine_class(config.voice.engine)
    except EngineUnavailable:  # no engine here: the build names it; lint checks the rest
        return None
    return engine.sayable_ipa()


def parse_document(
    path: Path, lexicon: Lexicon, index: int = 1, relative_to: Path | None = None
) -> Part:
    """One Markdown document (front matter, then ## topics) into a Part."""
    text = read_text(path)
    with _gc_paused():
        tokens = _MARKDOWN.parse(text)
        meta = _front_matter(tokens, path)
        builder = _DocumentBuilder(path, lexicon, f"p{index}-{slugify(path.stem) or 'document'}")
        title = meta.get("title")
        builder.title = None if title is None else builder.clean(str(title), 1)
        builder.headings = meta.get("headings", {})
        builder.walk(tokens)
        del tokens
    if builder.title is None:
        raise ContentError(
            "has no title; add  title: ...  to its front matter or a # heading at the top", path
        )
    if builder.topics and builder.orphan_line:
        raise ContentError(
            "text before the first ## heading; add a ## heading above it so it belongs to a topic",
            path,
            builder.orphan_line,
        )
    if not builder.topics:
        raise ContentError(
            "has no ## headings; put a ## heading above each topic so listeners can move "
            "between them",
            path,
        )
    unused = set(builder.headings) - builder.headings_seen
    if unused:
        name = sorted(unused)[0]
        raise ContentError(
            f'the front matter describes a heading "{name}" that the document does not have; '
            "match its words exactly",
            path,
            _front_matter_line(text, name),
        )
    source = meta.get("source") or {}
    rel = path.relative_to(relative_to) if relative_to else Path(path.name)
    return Part(
        id=builder.part_id,
        path=rel.as_posix(),
        title=builder.title,
        spoken_title=normalize(builder.title, lexicon),
        source=Source(
            publisher=str(source.get("publisher", "")),
            page_title=str(source.get("page_title", "")),
            url=source.get("url"),
        ),
        topics=tuple(builder.topics),
        reviewed_by=meta.get("reviewed_by"),
        reviewed_on=meta.get("reviewed_on"),
        references=tuple(meta.get("references", ())),
        changes=tuple(builder.changes),
    )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing makes hundreds of thousands of objects and no cycles; the cyclic collector
    would rescan them again and again (40% of the time on a 10 MB document)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _front_matter(tokens: list[Token], path: Path) -> dict[str, Any]:
    token = next((t for t in tokens if t.type == "front_matter"), None)
    if token is None:
        return {}
    try:
        meta = yaml.safe_load(token.content) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for the opening ---, +1 1-based
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise ContentError(
            f"the front matter is not valid YAML ({problem}); "
            "quote any value that contains a colon",
            path,
            line,
        ) from None
    if not isinstance(meta, dict):
        raise ContentError("the front matter must be  key: value  lines", path, 2)
    return _checked_meta(meta, path, token.content)


_META_KEYS = (
    "title",
    "title_added_by_editor",
    "source",
    "reviewed_by",
    "reviewed_on",
    "next_review",  # when the source is due for review: for editors, never said
    "references",
    "headings",
)


def _checked_meta(meta: dict[str, Any], path: Path, raw: str) -> dict[str, Any]:
    def fail(key: str, what: str) -> NoReturn:
        raise ContentError(f"front matter {key} {what}", path, _front_matter_line(raw, key))

    for key in meta:
        if key not in _META_KEYS:
            fail(str(key), f"is not a field mbc-audio knows; use one of {', '.join(_META_KEYS)}")

    if isinstance(meta.get("next_review"), dt.date):
        meta["next_review"] = meta["next_review"].isoformat()
    for key in ("title", "reviewed_by", "next_review"):
        if key in meta and not isinstance(meta[key], str):
            fail(key, 'must be text; put it in quotes, as in  title: "..."')
    if "reviewed_on" in meta:
        value = meta["reviewed_on"]
        if isinstance(value, dt.date):
            meta["reviewed_on"] = value.isoformat()
        elif not isinstance(value, str):
            fail("reviewed_on", "must be a date, as in  reviewed_on: 2022-02-10")
    if "source" in meta and not isinstance(meta["source"], dict):
        fail("source", "must hold  publisher:  and  page_title:  on indented lines")
    refs = meta.get("references", [])
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        fail("references", 'must be a list of lines starting with  - "')
    headings = meta.get("headings", {})
    if not isinstance(headings, dict):
        fail("headings", "must map each heading's words to  notice:  or  added_by_editor: true")
    for name, attrs in headings.items():
        if not isinstance(attrs, dict) or set(attrs) - {"notice", "added_by_editor"}:
            fail("headings", f'"{name}" may only have  notice: "..."  and  added_by_editor: true')
        if "notice" in attrs and not isinstance(attrs["notice"], str):
            fail("headings", f'"{name}": notice must be text in quotes')
    return meta


def _front_matter_line(raw: str, needle: str) -> int | None:
    for number, line in enumerate(raw.splitlines(), start=2):
        if needle in line:
            return number
    return None


@dataclass
class _BlockDraft:
    kind: BlockKind
    text: str
    line: int
    prefix: str = ""  # spoken before the first sentence, such as an ordered item's number
    depth: int = 0  # of a list item: how many lists it is inside


@dataclass
class _SectionDraft:
    title: str | None
    line: int
    added_by_editor: bool
    blocks: list[_BlockDraft] = field(default_factory=list)


@dataclass
class _TopicDraft:
    title: str
    line: int
    slug: str
    sections: list[_SectionDraft] = field(default_factory=list)


class _DocumentBuilder:
    """Walks markdown-it's token stream once, keeping only the current topic open."""

    def __init__(
        self, path: Path, lexicon: Lexicon, part_id: str, fixed_topic_id: str | None = None
    ):
        self.path = path
        self.fixed_topic_id = fixed_topic_id
        self.lexicon = lexicon
        self.part_id = part_id
        self.title: str | None = None
        self.headings: dict[str, dict[str, Any]] = {}
        self.headings_seen: set[str] = set()
        self.topics: list[Topic] = []
        self.current: _TopicDraft | None = None
        self.container: list[str] = []  # open list items, quotes, table cells
        self.ordered_counters: list[int | None] = []
        self.table_header: list[str] = []
        self.table_row: list[str] = []
        self.row_line = 0
        self.orphan_line = 0  # the first line of text outside any topic
        self.item_first = False
        self.changes: list[TextChange] = []

    def clean(self, text: str, line: int) -> str:
        """Text without invisible and control characters; each kind removed is noted."""
        text, removed = strip_invisible(text)
        for char in removed:
            self.changes.append(
                TextChange(
                    line,
                    f"the invisible character {char} is removed from the text shown and said; "
                    "delete it from the document",
                )
            )
        return text

    def inline(self, token: Token, line: int) -> str:
        text = self.clean(inline_text(token), line)
        if any(child.type == "s_open" for child in token.children or ()):
            self.changes.append(
                TextChange(
                    line,
                    "struck-through text is read as plain words, and a listener cannot hear "
                    "that it is struck through; delete the words or say what changed",
                )
            )
        return text

    # --- token walk -------------------------------------------------------------
    def walk(self, tokens: list[Token]) -> None:
        pending_heading: Token | None = None
        for token in tokens:
            line = (token.map[0] + 1) if token.map else 0
            kind = token.type
            if kind == "heading_open":
                pending_heading = token
            elif kind == "inline" and pending_heading is not None:
                self._heading(pending_heading, self.inline(token, line), line)
                pending_heading = None
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = token.attrGet("start")
                self.ordered_counters.append(
                    (int(start) if start else 1) if kind == "ordered_list_open" else None
                )
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.ordered_counters.pop()
            elif kind == "list_item_open":
                self.container.append("item")
                self.item_first = True
            elif kind == "list_item_close":
                self.container.pop()
                if self.ordered_counters and self.ordered_counters[-1] is not None:
                    self.ordered_counters[-1] += 1
            elif kind == "blockquote_open":
                self.container.append("quote")
            elif kind == "blockquote_close":
                self.container.pop()
            elif kind == "tr_open":
                self.table_row = []
                self.row_line = line
            elif kind == "tr_close":
                self._table_row()
            elif kind == "thead_open":
                self.container.append("thead")
            elif kind == "thead_close":
                self.container.pop()
            elif kind == "table_open":
                self.table_header = []
            elif kind in ("th_open", "td_open"):
                self.container.append("cell")
            elif kind in ("th_close", "td_close"):
                self.container.pop()
            elif kind == "inline" and self.container and self.container[-1] == "cell":
                cells = self.table_header if "thead" in self.container else self.table_row
                cells.append(self.inline(token, line))
            elif kind == "inline":
                self._text_block(self.inline(token, line), line)
            elif kind == "html_block":
                self._text_block(self.clean(html_text(token.content), line), line)
            elif kind in ("fence", "code_block"):
                self._text_block(self.clean(token.content, line), line)
        self._close_topic()

    # --- headings ----------------------------------------------------------------
    def _heading(self, token: Token, title: str, line: int) -> None:
        level = int(token.tag[1])
        if not title:
            raise ContentError(
                "a heading has no words; write its title or remove it", self.path, line
            )
        if level == 1:
            if self.current is not None:
                raise ContentError(
                    "a # heading after the first topic; use ## for a topic, ### below it",
                    self.path,
                    line,
                )
            if self.title is None:
                self.title = title
            return
        if level == 2:
            self._close_topic()
            slug = checked_slug(title, self.path, line)
            self.current = _TopicDraft(title, line, slug)
            self.current.sections.append(_SectionDraft(None, line, False))
            self.headings_seen.add(title)
            return
        if self.current is None:
            self.orphan_line = self.orphan_line or line
            return
        if level == 3:
            checked_slug(title, self.path, line)
            added = bool(self.headings.get(title, {}).get("added_by_editor"))
            self.current.sections.append(_SectionDraft(title, line, added))
            self.headings_seen.add(title)
        else:
            self._add_block(_BlockDraft(BlockKind.HEADING, title, line))

    # --- blocks ------------------------------------------------------------------
    def _text_block(self, text: str, line: int) -> None:
        text = " ".join(text.split())
        if not text:
            return
        container = self.container[-1] if self.container else None
        if container == "item":
            prefix = ""
            counter = self.ordered_counters[-1] if self.ordered_counters else None
            if counter is not None and self.item_first:
                prefix = f"{counter}. "
            self.item_first = False
            depth = len(self.ordered_counters)
            self._add_block(_BlockDraft(BlockKind.LIST_ITEM, text, line, prefix, depth))
        elif container == "quote":
            self._add_block(_BlockDraft(BlockKind.QUOTE, text, line))
        else:
            self._add_block(_BlockDraft(BlockKind.PARAGRAPH, text, line))

    def _table_row(self) -> None:
        if not self.table_row or (self.container and self.container[-1] == "thead"):
            return
        cells = []
        for number, cell in enumerate(self.table_row):
            header = self.table_header[number] if number < len(self.table_header) else ""
            if not cell:
                continue
            cell = cell if cell[-1] in ".!?" else cell + "."
            cells.append(f"{header}: {cell}" if header else cell)
        if cells:
            self._add_block(_BlockDraft(BlockKind.TABLE_ROW, " ".join(cells), self.row_line))
        self.table_row = []

    def _add_block(self, block: _BlockDraft) -> None:
        if self.current is None:
            self.orphan_line = self.orphan_line or block.line
            return
        self.current.sections[-1].blocks.append(block)

    # --- topics ------------------------------------------------------------------
    def _close_topic(self) -> None:
        draft = self.current
        if draft is None:
            return
        self.current = None
        number = len(self.topics) + 1
        topic_id = self.fixed_topic_id or f"{self.part_id}.t{number:02d}-{draft.slug}"
        attrs = self.headings.get(draft.title, {})
        self.topics.append(
            build_topic(
                topic_id,
                draft.title,
                draft.line,
                draft.sections,
                self.lexicon,
                notice=attrs.get("notice"),
                added_by_editor=bool(attrs.get("added_by_editor")),
            )
        )


def build_topic(
    topic_id: str,
    title: str,
    line: int,
    sections: list[_SectionDraft],
    lexicon: Lexicon,
    notice: str | None = None,
    added_by_editor: bool = False,
) -> Topic:
    """Split blocks into sentences, give each its spoken text and the pause after it."""
    flat = [(s_index, block) for s_index, sec in enumerate(sections) for block in sec.blocks]
    built_sections = []
    position = 0
    for s_index, sec in enumerate(sections):
        section_id = f"{topic_id}.s{s_index}"
        blocks = []
        for b_index, draft in enumerate(sec.blocks):
            following = flat[position + 1] if position + 1 < len(flat) else None
            position += 1
            # A sentence leads on to a list, a nested list, a table or the next section.
            leads_on = following is not None and (
                following[0] != s_index
                or (following[1].kind == BlockKind.LIST_ITEM and following[1].depth > draft.depth)
                or (following[1].kind == BlockKind.TABLE_ROW and draft.kind != BlockKind.TABLE_ROW)
            )
            blocks.append(_build_block(f"{section_id}.b{b_index}", draft, lexicon, leads_on))
        built_sections.append(
            Section(
                id=section_id,
                title=sec.title,
                spoken_title=normalize(sec.title, lexicon) if sec.title else None,
                blocks=tuple(blocks),
                line=sec.line,
                added_by_editor=sec.added_by_editor,
            )
        )
    return Topic(
        id=topic_id,
        title=title,
        spoken_title=normalize(title, lexicon),
        sections=tuple(built_sections),
        line=line,
        notice=notice,
        added_by_editor=added_by_editor,
    )


def inline_text(token: Token) -> str:
    """The plain text of an inline token: link text without the URL, emphasis as plain words,
    inline HTML as its text with scripts and comments dropped, images as their alt text."""
    html = InlineHtml()
    pieces: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind == "html_inline":
            pieces.append(html.tag(child.content))
        elif html.silent:
            continue
        elif kind in ("text", "code_inline"):
            pieces.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif kind == "image":
            pieces.append(child.content)
    return " ".join("".join(pieces).split())


_LAST_PAUSE = {
    BlockKind.PARAGRAPH: Pause.PARAGRAPH,
    BlockKind.QUOTE: Pause.PARAGRAPH,
    BlockKind.TABLE_ROW: Pause.LIST_ITEM,
    BlockKind.LIST_ITEM: Pause.LIST_ITEM,
    BlockKind.HEADING: Pause.HEADING,
}


def _build_block(block_id: str, draft: _BlockDraft, lexicon: Lexicon, leads_on: bool) -> Block:
    texts = split_sentences(draft.text)
    sentences = []
    for number, text in enumerate(texts):
        last = number == len(texts) - 1
        if not last:
            pause = Pause.SENTENCE
        elif leads_on and text.endswith(":"):
            pause = Pause.LEAD_IN
        else:
            pause = _LAST_PAUSE[draft.kind]
        said = spoken_form(text, lexicon)
        spoken, words = said.text, said.words
        if number == 0 and draft.prefix:
            prefix = normalize(draft.prefix, lexicon)
            spoken, words = join([prefix, spoken]), said_before(text, prefix) + words
        sentences.append(Sentence(f"{block_id}.{number}", text, spoken, pause, draft.line, words))
    return Block(block_id, draft.kind, tuple(sentences), draft.line)


def _fragment_topic(
    topic_id: str, title: str, markdown: str, config: GuideConfig, lexicon: Lexicon
) -> Topic:
    """The opening or closing: Markdown from guide.toml, read as one topic."""
    builder = _DocumentBuilder(config.path, lexicon, topic_id, fixed_topic_id=topic_id)
    builder.walk(_MARKDOWN.parse(f"## {title}\n\n{markdown}"))
    return builder.topics[0]


def with_parts(text: str, count: int) -> str:
    """guide.toml's opening with {parts} as the number of documents in words: "an audio guide
    in {parts}" is "an audio guide in three parts" once a third leaflet is added."""
    said = "one part" if count == 1 else f"{cardinal(str(count))} parts"
    return text.replace("{parts}", said)


def _sources_text(parts: list[Part]) -> str:
    """Sentences naming each document's source and review, for the closing."""
    paragraphs = []
    for part in parts:
        sentence = f"“{part.title}”"
        if part.source.page_title and part.source.publisher:
            sentence += (
                f" comes from the page “{part.source.page_title}” by {part.source.publisher}."
            )
        elif part.source.publisher:
            sentence += f" comes from {part.source.publisher}."
        else:
            sentence += " comes from a page that does not name its publisher."
        if part.reviewed_by and part.reviewed_on:
            sentence += (
                f" It was reviewed by {part.reviewed_by} on {spoken_date(part.reviewed_on)}."
            )
        elif part.reviewed_on:
            sentence += f" It was reviewed on {spoken_date(part.reviewed_on)}."
        paragraphs.append(sentence)
    return "\n\n".join(paragraphs)


def spoken_date(iso: str) -> str:
    """'2022-02-10' -> 'February 10, 2022'; anything else unchanged."""
    try:
        date = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
