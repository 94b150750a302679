"""The timeline: manifest.json, the one source of truth for every consumer of a built guide.

Every part, topic, section, paragraph and sentence with its file, start_ms and end_ms, its
display and spoken text; every track with its chapters, size and sha256; how it was built.
Chapter marks, transcripts, feeds, DAISY and the player all derive from it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .content.files import write_text_atomic
from .errors import ManifestError

MANIFEST = "manifest.json"
SCHEMA = "mbc-audio-manifest"
VERSION = 1


@dataclass(frozen=True)
class SentenceEntry:
    id: str
    text: str
    spoken: str
    file: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class ParagraphEntry:
    id: str
    kind: str
    file: str
    start_ms: int
    end_ms: int
    sentences: tuple[SentenceEntry, ...]


@dataclass(frozen=True)
class SectionEntry:
    id: str
    title: str | None
    file: str
    start_ms: int
    end_ms: int
    paragraphs: tuple[ParagraphEntry, ...]


@dataclass(frozen=True)
class TopicEntry:
    id: str
    kind: str  # "opening", "topic" or "closing"
    part_id: str | None
    title: str
    spoken_title: str
    notice: str | None
    file: str
    start_ms: int
    end_ms: int
    sections: tuple[SectionEntry, ...]

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


@dataclass(frozen=True)
class ChapterEntry:
    id: str
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class TrackEntry:
    number: int
    file: str
    title: str
    topic_id: str
    duration_ms: int
    bytes: int
    sha256: str
    key: str  # what the track was made from; equal keys mean an equal track
    chapters: tuple[ChapterEntry, ...]
    levels: dict  # as measured on the encoded file: see audio.levels.Levels


@dataclass(frozen=True)
class Timeline:
    guide: dict
    build: dict
    parts: tuple[PartEntry, ...]
    topics: tuple[TopicEntry, ...]  # in track order: opening, content topics, closing
    tracks: tuple[TrackEntry, ...]

    def to_json(self) -> str:
        data = {"schema": SCHEMA, "version": VERSION, **asdict(self)}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @property
    def sentences(self) -> tuple[SentenceEntry, ...]:
        return tuple(s for t in self.topics for s in t.sentences)


def save(timeline: Timeline, folder: Path) -> None:
    write_text_atomic(folder / MANIFEST, timeline.to_json())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(folder: Path, check_files: bool = False) -> Timeline:
    """Read and validate a guide's manifest.json; with check_files, also every file's sha256."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(
            "not found; build the guide first with: mbc-audio build", path
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ManifestError(f"cannot be read ({e}); build the guide again", path) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ManifestError("is not an mbc-audio manifest", path)
    if data.get("version") != VERSION:
        raise ManifestError(
            f"has version {data.get('version')}, and this mbc-audio reads version {VERSION}; "
            "build the guide again",
            path,
        )
    try:
        timeline = _from_dict(data)
    except (KeyError, TypeError, ValueError) as e:
        raise ManifestError(
            f"is damaged ({type(e).__name__}: {e}); build the guide again", path
        ) from None
    problem = validate(timeline)
    if problem:
        raise ManifestError(problem, path)
    if check_files:
        for track in timeline.tracks:
            audio = folder / track.file
            if not audio.is_file():
                raise ManifestError(f"names {track.file}, which is missing", path)
            if sha256_of(audio) != track.sha256:
                raise ManifestError(
                    f"{track.file} has changed since the build (sha256 differs)", path
                )
    return timeline


def validate(timeline: Timeline) -> str | None:
    """The first way the timeline breaks its own rules, or None."""
    ids: set[str] = set()
    durations = {t.file: t.duration_ms for t in timeline.tracks}
    for track in timeline.tracks:
        chapters = track.chapters
        if not chapters or chapters[0].start_ms != 0 or chapters[-1].end_ms != track.duration_ms:
            return f"{track.file}: chapters do not run from 0 to the track's end"
        for before, after in zip(chapters, chapters[1:], strict=False):
            if before.end_ms != after.start_ms or after.start_ms <= before.start_ms:
                return f"{track.file}: chapters {before.id} and {after.id} are not back to back"
    for topic in timeline.topics:
        if topic.file not in durations:
            return f"topic {topic.id} names {topic.file}, which is not a track"
        previous_end = 0
        for sentence in topic.sentences:
            if sentence.id in ids:
                return f"sentence {sentence.id} appears twice"
            ids.add(sentence.id)
            if not previous_end <= sentence.start_ms < sentence.end_ms <= durations[topic.file]:
                return f"sentence {sentence.id} has times out of order"
            previous_end = sentence.end_ms
    return None


def _from_dict(data: dict) -> Timeline:
    def sentence(d: dict) -> SentenceEntry:
        return SentenceEntry(**d)

    def paragraph(d: dict) -> ParagraphEntry:
        return ParagraphEntry(**{**d, "sentences": tuple(map(sentence, d["sentences"]))})

    def section(d: dict) -> SectionEntry:
        return SectionEntry(**{**d, "paragraphs": tuple(map(paragraph, d["paragraphs"]))})

    def topic(d: dict) -> TopicEntry:
        return TopicEntry(**{**d, "sections": tuple(map(section, d["sections"]))})

    def track(d: dict) -> TrackEntry:
        return TrackEntry(**{**d, "chapters": tuple(ChapterEntry(**c) for c in d["chapters"])})

    def part(d: dict) -> PartEntry:
        return PartEntry(**{**d, "files": tuple(d["files"]), "topic_ids": tuple(d["topic_ids"])})

    return Timeline(
        guide=dict(data["guide"]),
        build=dict(data["build"]),
        parts=tuple(map(part, data["parts"])),
        topics=tuple(map(topic, data["topics"])),
        tracks=tuple(map(track, data["tracks"])),
    )
