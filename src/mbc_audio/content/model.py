"""The guide model: frozen dataclasses passed from stage to stage.

Guide > Part (a document) > Topic (## heading) > Section (### heading) > Block > Sentence.
Every node has an id derived from its position and heading text, so the same
content always gives the same ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from ..speech.wordmap import Span
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
    # For each spoken word, the written words of text it was said for (speech.wordmap), which
    # a page highlights while it is said.
    words: tuple[Span | None, ...]


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
class GuideInfo:
    """What the guide is: guide.toml's identity, carried unchanged into the model and the
    manifest (timeline.GuideEntry adds the built guide's length to it)."""

    id: str  # a plain name: the guide's folder, zip and feed guids are made from it
    title: str
    subtitle: str
    publisher: str
    language: str  # BCP 47, such as en-US
    version: str  # of this edition; names the published zip
    date: str | None  # YYYY-MM-DD this edition was released: the feed's and the EPUB's date


@dataclass(frozen=True)
class AudioSettings:
    """The levels every track is made to and that the checks hold it to, one set of numbers:
    the defaults with guide.toml's [audio], recorded as they are in the manifest."""

    loudness_lufs: float = -19.0  # spoken word, mono
    true_peak_dbtp: float = -1.5
    # Audiobook practice asks for peaks at most -3 dB. These are the levels of the encoded file:
    # the build aims at them and the checks hold every track to them.
    sample_peak_dbfs: float = -3.0
    bitrate_kbps: int = 64
    # The default voice's own rate (hibari speaks at 24 kHz): nothing above 12 kHz to keep, so a
    # higher rate would only add work (LAME and the levels' decode took half as long again at
    # 44.1 kHz). MP3 at 24 kHz is MPEG-2 Layer III, which nearly every MP3 decoder plays;
    # guide.toml's [audio] sample_rate_hz = 44100 is for a player or directory that asks for more.
    sample_rate_hz: int = 24000


@dataclass(frozen=True)
class Guide:
    info: GuideInfo
    voice: Voice
    pauses_ms: dict[Pause, int] = field(hash=False)
    audio: AudioSettings
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
