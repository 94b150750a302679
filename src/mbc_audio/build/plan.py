"""Stage 1, plan: the guide's content as tracks of utterances, the model walked once.

Each track is the opening, one topic, or the closing. Each utterance carries what the later
stages need (its cache key, pause, the section and paragraph it belongs to, where it came from),
so nothing after this reads the content model again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..audio.assemble import Item, Role
from ..content.model import Guide, Part, Pause, Topic
from ..content.slug import slugify
from ..engines import EngineInfo
from ..speech.numbers import cardinal
from ..spokentext import SpokenText, join
from ..tts.cache import utterance_key
from ..tts.render import Job


class TrackKind(StrEnum):
    """What a track holds; the manifest records it as its topic's kind."""

    OPENING = "opening"
    TOPIC = "topic"
    CLOSING = "closing"


@dataclass(frozen=True)
class TrackPlan:
    number: int
    file: str
    kind: TrackKind
    topic: Topic
    part: Part | None
    # What the voice says, in order: the title, then each section's title (when it has one)
    # and its blocks' sentences. build.entries walks the topic in the same order beside them.
    items: tuple[Item, ...]


@dataclass(frozen=True)
class GuidePlan:
    guide: Guide
    info: EngineInfo
    tracks: tuple[TrackPlan, ...]
    jobs: tuple[Job, ...]  # one per utterance, in reading order, for the renderer


def plan_guide(guide: Guide, info: EngineInfo, content_dir: Path) -> GuidePlan:
    """One track for the opening, one for each topic, one for the closing."""
    entries: list[tuple[TrackKind, Topic, Part | None]] = [
        (TrackKind.OPENING, guide.opening, None)
    ]
    entries += [(TrackKind.TOPIC, topic, part) for part in guide.parts for topic in part.topics]
    entries.append((TrackKind.CLOSING, guide.closing, None))
    width = max(2, len(str(len(entries))))
    tracks, jobs = [], []
    for number, (kind, topic, part) in enumerate(entries, start=1):
        name = kind.value if kind is not TrackKind.TOPIC else slugify(topic.title)
        where = (
            f'{content_dir / part.path}, topic "{topic.title}", line'
            if part else f"{content_dir / 'guide.toml'}, {kind}"
        )  # fmt: skip
        items = spoken_items(guide, info, topic, announced(guide, part, topic))
        for item in items:
            at = f"{where} {item.line}" if part else where
            jobs.append(Job(item.key, item.spoken, at, item.text))
        file = f"{number:0{width}d}-{name}.mp3"
        tracks.append(TrackPlan(number, file, kind, topic, part, items))
    return GuidePlan(guide, info, tuple(tracks), tuple(jobs))


def announced(guide: Guide, part: Part | None, topic: Topic) -> tuple[str, SpokenText] | None:
    """What the first track of a document says before its topic's title: "Part 2: " and the
    document's title (as shown, as said), so every file played alone names its leaflet."""
    if part is None or not part.topics or part.topics[0].id != topic.id:
        return None
    number = next(n for n, p in enumerate(guide.parts, start=1) if p.id == part.id)
    spoken = join([f"Part {cardinal(str(number))}:", part.spoken_title or SpokenText(part.title)])
    return f"Part {number}: {part.title}.", join([spoken, "."], "")


def spoken_items(
    guide: Guide, info: EngineInfo, topic: Topic, announcing: tuple[str, SpokenText] | None = None
) -> tuple[Item, ...]:
    """The topic's utterances in the order they are heard; announcing: what its title is said
    after (announced())."""
    pauses = guide.pauses_ms

    def item(role: Role, node_id: str, spoken: SpokenText, text: str, line: int, pause: Pause) -> Item:
        return Item(utterance_key(info, spoken), role, node_id, pauses[pause], spoken, text, line)

    title_said, title_shown = topic.spoken_title, topic.title
    if announcing is not None:
        title_shown, title_said = f"{announcing[0]} {title_shown}", join([announcing[1], title_said])
    found = [item(Role.TITLE, topic.id, title_said, title_shown, topic.line, Pause.HEADING)]
    for section in topic.sections:
        if section.title:
            spoken = section.spoken_title or SpokenText(section.title)
            found.append(
                item(Role.SECTION_TITLE, section.id, spoken, section.title, section.line, Pause.HEADING)
            )
        for block in section.blocks:
            for s in block.sentences:
                found.append(item(Role.SENTENCE, s.id, s.spoken, s.text, s.line, s.pause))
    return tuple(found)
