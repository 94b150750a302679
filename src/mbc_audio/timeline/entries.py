"""The timeline's entries: what manifest.json holds, as typed, frozen values.

Times are in milliseconds from the start of the entry's track file. Every consumer of a built
guide (check, publish, the player, the bench) reads these, never the JSON itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..audio.levels import Gain, Levels
from ..content.model import AudioSettings, GuideInfo
from ..speech.lexicon import Lexicon
from ..spokentext import SpokenText

# A decoded file's length may differ from the timeline's by about two MP3 frames.
DURATION_SLACK_MS = 60


@dataclass(frozen=True)
class GuideEntry(GuideInfo):
    """The guide as guide.toml names it and how long the built guide lasts (its tracks' sum).
    A subclass, not a field, so manifest.json keeps the guide's fields in one flat object."""

    duration_ms: int

    @classmethod
    def of(cls, info: GuideInfo, duration_ms: int) -> GuideEntry:
        return cls(**{f.name: getattr(info, f.name) for f in fields(GuideInfo)},
                   duration_ms=duration_ms)  # fmt: skip


@dataclass(frozen=True)
class ToolsEntry:
    ffmpeg: str
    mutagen: str
    python: str


@dataclass(frozen=True)
class BuildEntry:
    generator: str
    engine: str
    engine_version: str
    voice: str
    rate_wpm: int
    sample_rate_hz: int  # of the engine's speech, before encoding
    pauses_ms: tuple[tuple[str, int], ...]
    head_ms: int
    tail_ms: int
    audio: AudioSettings  # the levels every track is made to, and checked against
    tools: ToolsEntry
    lexicon: Lexicon = field(default_factory=Lexicon)  # as the build spoke with it
    inputs_sha256: str = ""  # what the guide was built from (build.fingerprint)


@dataclass(frozen=True)
class WordEntry:
    """A word of a sentence as it is heard: the characters of the sentence's text it stands for
    and when the voice says it. A written token said as several words ("5 mg/kg", "isn't") is
    one entry covering all of them."""

    text: str  # the sentence's text[char_start:char_end]
    char_start: int
    char_end: int
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class SentenceEntry:
    id: str
    text: str  # as shown
    spoken: SpokenText  # as said: the words, and the lexicon's phonemes in them
    file: str
    start_ms: int
    end_ms: int
    # In order, where the engine tells when it says each word (Piper); empty where it does not
    # (the system voice), and the sentence's own times are what a reader follows.
    words: tuple[WordEntry, ...] = ()


@dataclass(frozen=True)
class ParagraphEntry:
    id: str
    kind: str  # paragraph, list_item, table_row, quote or heading
    file: str
    start_ms: int
    end_ms: int
    sentences: tuple[SentenceEntry, ...]


@dataclass(frozen=True)
class SectionEntry:
    """A topic's first section may have no title: it holds the text before the first ###."""

    id: str
    title: str | None
    file: str
    start_ms: int  # at its spoken heading when it has one
    end_ms: int
    paragraphs: tuple[ParagraphEntry, ...]
    spoken_title: SpokenText | None = None


@dataclass(frozen=True)
class TopicEntry:
    id: str
    kind: str  # "opening", "topic" or "closing"
    part_id: str | None
    title: str
    spoken_title: SpokenText
    notice: str | None
    file: str
    start_ms: int  # 0: a topic is its whole track, room tone included
    end_ms: int
    sections: tuple[SectionEntry, ...]
    title_start_ms: int = 0  # where the spoken title is heard in the track
    title_end_ms: int = 0

    @property
    def sentences(self) -> tuple[SentenceEntry, ...]:
        return tuple(s for sec in self.sections for p in sec.paragraphs for s in p.sentences)


@dataclass(frozen=True)
class PartEntry:
    id: str
    title: str
    path: str
    publisher: str
    page_title: str
    reviewed_by: str | None
    reviewed_on: str | None
    files: tuple[str, ...]
    topic_ids: tuple[str, ...]
    spoken_title: SpokenText = SpokenText()


TOPIC_LEVEL, SECTION_LEVEL, PARAGRAPH_LEVEL = 1, 2, 3


@dataclass(frozen=True)
class ChapterEntry:
    """One mark of a track's one chapter list: the title (level 1), a titled section (2) or a
    paragraph (3). Each format takes the levels it wants from this same list."""

    id: str  # ASCII, unique in the track, and sorting in time order ("ch001")
    title: str
    start_ms: int
    end_ms: int
    level: int = TOPIC_LEVEL
    node_id: str = ""  # the topic, section or paragraph it marks


@dataclass(frozen=True)
class TrackEntry:
    number: int
    file: str
    title: str
    topic_id: str
    duration_ms: int
    bytes: int
    sha256: str
    key: str  # a hash of exactly what makes the file: equal keys mean an equal file
    chapters: tuple[ChapterEntry, ...]
    levels: Levels | None  # as measured on the encoded file
    # A hash of what the track and its topic's entry are made from, before anything is read
    # from the cache (build.tracks.plan_key): equal, and the file intact, the old ones stand.
    plan_key: str = ""
    gain: Gain | None = None  # what it was encoded with; its next version starts from it


@dataclass(frozen=True)
class Timeline:
    guide: GuideEntry
    build: BuildEntry
    parts: tuple[PartEntry, ...]
    topics: tuple[TopicEntry, ...]  # in track order: opening, content topics, closing
    tracks: tuple[TrackEntry, ...]

    @property
    def sentences(self) -> tuple[SentenceEntry, ...]:
        return tuple(s for t in self.topics for s in t.sentences)

    def topic_of(self, track: TrackEntry) -> TopicEntry:
        return next(t for t in self.topics if t.id == track.topic_id)

    def part_of(self, topic: TopicEntry) -> PartEntry | None:
        return next((p for p in self.parts if p.id == topic.part_id), None)
