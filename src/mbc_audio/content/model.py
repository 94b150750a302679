"""The guide model: frozen dataclasses passed from stage to stage.

Guide > Part (a document) > Topic (## heading) > Section (### heading) > Block > Sentence.
Every node has an id derived from its position and heading text, so the same
content always gives the same ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from ..spokentext import SpokenText
from ..spokentext import to_json as spoken_json


class Pause(StrEnum):
    """The pause that follows an utterance; guide.toml sets its length."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    LEAD_IN = "lead_in"  # a sentence ending in a colon that introduces a list
    HEADING = "heading"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    QUOTE = "quote"
    HEADING = "heading"  # #### and deeper: spoken in place, not a level of its own


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str  # as the document shows it (transcripts use this)
    spoken: SpokenText  # what the voice says
    pause: Pause
    line: int  # line in the source document, for messages


@dataclass(frozen=True)
class Block:
    id: str
    kind: BlockKind
    sentences: tuple[Sentence, ...]
    line: int


@dataclass(frozen=True)
class Section:
    """Blocks under one ### heading; the first section of a topic may have no title."""

    id: str
    title: str | None
    spoken_title: SpokenText | None
    blocks: tuple[Block, ...]
    line: int
    added_by_editor: bool = False


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    spoken_title: SpokenText
    sections: tuple[Section, ...]
    line: int
    notice: str | None = None  # said before the topic; the listener may skip it
    added_by_editor: bool = False

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for sec in self.sections for b in sec.blocks for s in b.sentences)


@dataclass(frozen=True)
class Source:
    publisher: str
    page_title: str
    url: str | None = None


@dataclass(frozen=True)
class TextChange:
    """Something in a document's text that is not shown or said as written (an invisible
    character removed, struck-through words read as plain words), for lint to name."""

    line: int
    message: str


@dataclass(frozen=True)
class Part:
    """One content document."""

    id: str
    path: str  # relative to the content folder
    title: str
    spoken_title: SpokenText
    source: Source
    topics: tuple[Topic, ...]
    reviewed_by: str | None = None
    reviewed_on: str | None = None
    references: tuple[str, ...] = ()
    changes: tuple[TextChange, ...] = ()


@dataclass(frozen=True)
class Voice:
    engine: str  # "auto" or the name of an engine in the registry (engines.py)
    rate_wpm: int
    names: dict[str, str] = field(default_factory=dict, hash=False)  # engine -> voice name


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    subtitle: str
    publisher: str
    language: str
    version: str
    date: str | None  # YYYY-MM-DD
    voice: Voice
    pauses_ms: dict[Pause, int] = field(hash=False)
    audio: dict[str, float] = field(hash=False)  # [audio] overrides: loudness, peak, bit rate
    opening: Topic
    parts: tuple[Part, ...]
    closing: Topic

    @property
    def topics(self) -> tuple[Topic, ...]:
        """The content topics in reading order (without the opening and closing)."""
        return tuple(t for p in self.parts for t in p.topics)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        everything = (self.opening, *self.topics, self.closing)
        return tuple(s for t in everything for s in t.sentences)

    def to_dict(self) -> dict[str, Any]:
        """As JSON takes it: spoken text as manifest.json writes it, with its phonemes."""
        return asdict(self, dict_factory=_with_phonemes)


def _with_phonemes(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {k: spoken_json(v) if isinstance(v, SpokenText) else v for k, v in pairs}
