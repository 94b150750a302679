"""Stage 1, plan: the guide's content as tracks of utterances, the model walked once.

Each track is the opening, one topic, or the closing. Each utterance carries what the later
stages need (its cache key, pause, the section and paragraph it belongs to, where it came from),
so nothing after this reads the content model again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..audio.assemble import Item
from ..content.model import Guide, Part, Topic
from ..content.slug import slugify
from ..speech.numbers import cardinal
from ..tts.base import EngineInfo
from ..tts.cache import utterance_key
from ..tts.render import Job

TITLE, SECTION_TITLE, SENTENCE = "title", "section_title", "sentence"


@dataclass(frozen=True)
class Utterance:
    item: Item  # what the audio stage needs: key, role, node id, pause
    section_id: str
    section_title: str | None
    section_spoken_title: str | None
    paragraph_id: str | None  # None for a title or a section heading
    paragraph_kind: str | None


@dataclass(frozen=True)
class TrackPlan:
    number: int
    file: str
    kind: str  # "opening", "topic" or "closing"
    topic: Topic
    part: Part | None
    utterances: tuple[Utterance, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(u.item for u in self.utterances)


@dataclass(frozen=True)
class GuidePlan:
    guide: Guide
    info: EngineInfo
    tracks: tuple[TrackPlan, ...]
    jobs: tuple[Job, ...]  # one per utterance, in reading order, for the renderer


def plan_guide(guide: Guide, info: EngineInfo, content_dir: Path) -> GuidePlan:
    """One track for the opening, one for each topic, one for the closing."""
    entries: list[tuple[str, Topic, Part | None]] = [("opening", guide.opening, None)]
    entries += [("topic", topic, part) for part in guide.parts for topic in part.topics]
    entries.append(("closing", guide.closing, None))
    width = max(2, len(str(len(entries))))
    tracks, jobs = [], []
    for number, (kind, topic, part) in enumerate(entries, start=1):
        name = kind if kind != "topic" else slugify(topic.title)
        where = (
            f'{content_dir / part.path}, topic "{topic.title}", line'
            if part else f"{content_dir / 'guide.toml'}, {kind}"
        )  # fmt: skip
        utterances = _utterances(guide, info, topic, _announced(guide, part, topic))
        for u in utterances:
            at = f"{where} {u.item.line}" if part else where
            jobs.append(Job(u.item.key, u.item.spoken, at, u.item.text))
        file = f"{number:0{width}d}-{name}.mp3"
        tracks.append(TrackPlan(number, file, kind, topic, part, utterances))
    return GuidePlan(guide, info, tuple(tracks), tuple(jobs))


def _announced(guide: Guide, part: Part | None, topic: Topic) -> tuple[str, str] | None:
    """What the first track of a document says before its topic's title: "Part 2: " and the
    document's title (as shown, as said), so every file played alone names its leaflet."""
    if part is None or not part.topics or part.topics[0].id != topic.id:
        return None
    number = next(n for n, p in enumerate(guide.parts, start=1) if p.id == part.id)
    spoken = part.spoken_title or part.title
    return f"Part {number}: {part.title}.", f"Part {cardinal(str(number))}: {spoken}."


def _utterances(
    guide: Guide, info: EngineInfo, topic: Topic, announced: tuple[str, str] | None = None
) -> tuple[Utterance, ...]:
    pauses = guide.pauses_ms

    def item(role: str, node_id: str, spoken: str, text: str, line: int, pause: str) -> Item:
        return Item(utterance_key(info, spoken), role, node_id, pauses[pause], spoken, text, line)

    first = topic.sections[0].id if topic.sections else topic.id
    title_said, title_shown = topic.spoken_title, topic.title
    if announced is not None:
        title_shown, title_said = f"{announced[0]} {title_shown}", f"{announced[1]} {title_said}"
    title = item(TITLE, topic.id, title_said, title_shown, topic.line, "heading")
    found = [Utterance(title, first, None, None, None, None)]
    for section in topic.sections:
        heading = (section.id, section.title, section.spoken_title or section.title)
        if section.title:
            spoken = section.spoken_title or section.title
            said = item(SECTION_TITLE, section.id, spoken, section.title, section.line, "heading")
            found.append(Utterance(said, *heading, None, None))
        for block in section.blocks:
            for s in block.sentences:
                said = item(SENTENCE, s.id, s.spoken, s.text, s.line, s.pause)
                found.append(Utterance(said, *heading, block.id, block.kind.value))
    return tuple(found)
