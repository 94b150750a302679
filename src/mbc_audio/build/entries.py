"""Stage 3, the timeline's entries: each track's topic, sections, paragraphs and sentences with
their times (from the layout), made in one pass over the plan's utterances."""

from __future__ import annotations

import importlib.metadata
import platform
from collections.abc import Callable, Sequence
from dataclasses import replace

from .. import __version__
from ..audio.assemble import HEAD_MS, TAIL_MS, Layout
from ..content.model import AudioSettings
from ..engines import EngineInfo
from ..speech.lexicon import Lexicon
from ..speech.wordmap import Span
from ..spokentext import SpokenText
from ..timeline import (
    BuildEntry,
    GuideEntry,
    ParagraphEntry,
    PartEntry,
    SectionEntry,
    SentenceEntry,
    Timeline,
    ToolsEntry,
    TopicEntry,
    TrackEntry,
    WordEntry,
)
from ..tools import version as tool_version
from .plan import GuidePlan, TrackPlan

# An utterance's word timings from the cache (samples), or None where the engine gave none.
WordTimes = Callable[[str], "tuple[tuple[int, int], ...] | None"]


def _as_said(title: str | None) -> SpokenText | None:
    """A title with no spoken form of its own is said as written."""
    return SpokenText(title) if title else None


def topic_entry(
    plan: TrackPlan, lay: Layout, word_times: WordTimes = lambda key: None,
    sample_rate_hz: int = 1,
) -> TopicEntry:  # fmt: skip
    """The topic's entry, its times from the layout: the topic's sections, blocks and sentences
    walked in the order plan.spoken_items made its utterances, beside the placed utterances."""
    placed = iter(lay.placed)
    title = next(placed)
    sections = []
    for section in plan.topic.sections:
        start_ms = next(placed).start_ms if section.title else None
        paragraphs = []
        for block in section.blocks:
            sentences = []
            for s in block.sentences:
                at = next(placed)
                words = word_entries(s.text, s.words, word_times(at.item.key), at.start_ms,
                                     at.end_ms, sample_rate_hz)  # fmt: skip
                sentences.append(SentenceEntry(s.id, s.text, s.spoken, plan.file, at.start_ms,
                                               at.end_ms, words))  # fmt: skip
            if sentences:
                paragraphs.append(ParagraphEntry(block.id, block.kind.value, plan.file,
                                                 sentences[0].start_ms, sentences[-1].end_ms,
                                                 tuple(sentences)))  # fmt: skip
        if start_ms is None and not paragraphs:
            continue  # nothing of it is heard
        start = start_ms if start_ms is not None else paragraphs[0].start_ms
        end = paragraphs[-1].end_ms if paragraphs else start
        sections.append(SectionEntry(section.id, section.title, plan.file, start, end,
                                     tuple(paragraphs), section.spoken_title or _as_said(section.title)))  # fmt: skip
    if next(placed, None) is not None:
        raise AssertionError(f"{plan.file}: the layout holds more than the topic says")
    topic = plan.topic
    # The spoken title as heard: a document's first track names the document first.
    return TopicEntry(
        id=topic.id, kind=plan.kind, part_id=plan.part.id if plan.part else None,
        title=topic.title, spoken_title=title.item.spoken, notice=topic.notice,
        file=plan.file, start_ms=0, end_ms=lay.duration_ms, sections=tuple(sections),
        title_start_ms=title.start_ms, title_end_ms=title.end_ms,
    )  # fmt: skip


def word_entries(
    text: str, spans: Sequence[Span | None], times: tuple[tuple[int, int], ...] | None,
    start_ms: int, end_ms: int, sample_rate_hz: int,
) -> tuple[WordEntry, ...]:  # fmt: skip
    """A sentence's words as heard: each spoken word's samples placed in the track, on the
    written characters the normaliser said it for (spans: Sentence.words, one per spoken word);
    spoken words that stand for one written run are one entry. None or a count that does not
    match the spoken words: no words, and the sentence's times are what a reader follows."""
    if times is None or len(times) != len(spans):
        return ()

    def ms(samples: int) -> int:
        return min(end_ms, start_ms + round(samples * 1000 / sample_rate_hz))

    entries: list[WordEntry] = []
    for written, (first, last) in zip(spans, times, strict=True):
        if written is None:
            continue
        if entries and written.start < entries[-1].char_end:  # the same written run
            before = entries[-1]
            end = max(before.char_end, written.end)
            entries[-1] = replace(before, text=text[before.char_start : end], char_end=end,
                                  end_ms=max(before.end_ms, ms(last)))  # fmt: skip
            continue
        begin = max(ms(first), entries[-1].end_ms if entries else start_ms)
        entries.append(WordEntry(text[written.start : written.end], written.start, written.end,
                                 begin, max(begin, ms(last))))  # fmt: skip
    return tuple(entries)


def guide_entry(plan: GuidePlan, duration_ms: int) -> GuideEntry:
    return GuideEntry.of(plan.guide.info, duration_ms)


def build_entry(
    info: EngineInfo, plan: GuidePlan, audio: AudioSettings, lexicon: Lexicon, inputs: str = ""
) -> BuildEntry:
    return BuildEntry(
        generator=f"mbc-audio {__version__}", engine=info.engine,
        engine_version=info.engine_version, voice=info.voice, rate_wpm=info.rate_wpm,
        sample_rate_hz=info.sample_rate_hz, pauses_ms=tuple(sorted(plan.guide.pauses_ms.items())),
        head_ms=HEAD_MS, tail_ms=TAIL_MS,
        audio=audio,
        tools=ToolsEntry(tool_version("ffmpeg"), importlib.metadata.version("mutagen"),
                         platform.python_version()),
        lexicon=lexicon,
        inputs_sha256=inputs,
    )  # fmt: skip


def part_entries(plan: GuidePlan) -> tuple[PartEntry, ...]:
    return tuple(
        PartEntry(
            id=part.id, title=part.title, path=part.path, publisher=part.source.publisher,
            page_title=part.source.page_title, reviewed_by=part.reviewed_by,
            reviewed_on=part.reviewed_on,
            files=tuple(t.file for t in plan.tracks if t.part is part),
            topic_ids=tuple(t.id for t in part.topics), spoken_title=part.spoken_title,
        )
        for part in plan.guide.parts
    )  # fmt: skip


def make_timeline(
    plan: GuidePlan, build: BuildEntry, topics: tuple[TopicEntry, ...],
    tracks: tuple[TrackEntry, ...],
) -> Timeline:  # fmt: skip
    duration = sum(t.duration_ms for t in tracks)
    return Timeline(guide_entry(plan, duration), build, part_entries(plan), topics, tracks)
