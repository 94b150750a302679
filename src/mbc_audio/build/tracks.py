"""Stage 4a, what each track file is made of: its tags (names and chapters) and its key.

The key is a hash of exactly what makes the file: the samples of its utterances (their digests,
so a sentence rendered again with other samples remakes its track), the layout, the audio
settings, the encoder, and the tag object that is written. Equal keys mean an equal file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import asdict, dataclass

from ..audio.assemble import HEAD_MS, TAIL_MS, Layout, layout
from ..audio.levels import Gain, Levels
from ..content.model import AudioSettings, Guide
from ..content.parse import spoken_date
from ..engines import EngineInfo
from ..errors import ContentError
from ..timeline import BuildEntry, ChapterEntry, TopicEntry, TrackEntry, chapters_of
from ..tts.cache import UtteranceCache
from .entries import topic_entry
from .plan import TrackPlan
from .tags import TrackTags

TRACK_FORMAT = 4  # bump when the way a track is made changes, so old tracks are remade


@dataclass(frozen=True)
class Prepared:
    """A track with every utterance in the cache: its times, entries, tags and key."""

    plan: TrackPlan
    layout: Layout
    topic: TopicEntry
    tags: TrackTags
    key: str


def prepare(
    plan: TrackPlan, guide: Guide, info: EngineInfo, audio: AudioSettings,
    cache: UtteranceCache, ffmpeg: str, tracks: int,
) -> Prepared:  # fmt: skip
    frames = {}
    for item in plan.items:
        count = cache.frames(item.key)
        if count is None:
            raise ValueError(f"utterance {item.key} is not in the cache")
        frames[item.key] = count
    lay = layout(list(plan.items), frames, info.sample_rate_hz)
    refuse_too_long(plan, lay, info.sample_rate_hz)
    topic = topic_entry(plan, lay, cache.words, info.sample_rate_hz)
    tags = track_tags(plan, chapters_of(topic, lay.duration_ms), guide, info, tracks)
    return Prepared(plan, lay, topic, tags, track_key(plan, tags, cache, info, audio, ffmpeg))


# A WAV file counts its bytes in 32 bits: a track's 16-bit samples must stay under 4 GiB.
MAX_TRACK_BYTES = 0xFFFFFFFF - 64


def refuse_too_long(plan: TrackPlan, lay: Layout, sample_rate_hz: int) -> None:
    """A ContentError naming the topic when its track is too long to be written as one WAV."""
    if lay.total_frames * 2 <= MAX_TRACK_BYTES:
        return
    hours = lay.total_frames / sample_rate_hz / 3600
    most = MAX_TRACK_BYTES // 2 / sample_rate_hz / 3600
    raise ContentError(
        f'the topic "{plan.topic.title}" lasts {hours:.0f} hours, longer than one track can be '
        f"at this voice's sample rate ({most:.0f} hours); split it with ## headings",
        plan.part.path if plan.part is not None else "guide.toml",
        plan.topic.line,
    )


def track_tags(
    plan: TrackPlan, chapters: tuple[ChapterEntry, ...], guide: Guide, info: EngineInfo,
    tracks: int,
) -> TrackTags:  # fmt: skip
    voice = f"Read by the {info.engine} voice {info.voice}."
    if plan.part is not None:
        source = plan.part.source
        comment = f"From “{source.page_title or plan.part.title}”"
        comment += f" by {source.publisher}" if source.publisher else ""
        if plan.part.reviewed_on:
            comment += f", reviewed {spoken_date(plan.part.reviewed_on)}"
        comment += f". {voice}"
    else:
        comment = f"{guide.info.title}. {voice}"
    return TrackTags(
        title=plan.topic.title, album=guide.info.title, artist=guide.info.publisher,
        track=plan.number, tracks=tracks, language=guide.info.language, comment=comment,
        chapters=chapters,
    )  # fmt: skip


def track_key(
    plan: TrackPlan, tags: TrackTags, cache: UtteranceCache, info: EngineInfo,
    audio: AudioSettings, ffmpeg: str,
) -> str:  # fmt: skip
    fields = {
        "format": TRACK_FORMAT,
        "samples": [(cache.digest(i.key), i.pause_ms) for i in plan.items],
        "sample_rate_hz": info.sample_rate_hz,
        "head_tail_ms": (HEAD_MS, TAIL_MS),
        "audio": asdict(audio),
        "ffmpeg": ffmpeg,
        "tags": asdict(tags),
    }
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def track_entry(
    prepared: Prepared, size: int, sha256: str, levels: Levels | None, plan_key: str = "",
    gain: Gain | None = None,
) -> TrackEntry:  # fmt: skip
    plan = prepared.plan
    return TrackEntry(
        number=plan.number, file=plan.file, title=plan.topic.title, topic_id=plan.topic.id,
        duration_ms=prepared.layout.duration_ms, bytes=size, sha256=sha256, key=prepared.key,
        chapters=prepared.tags.chapters, levels=levels, plan_key=plan_key, gain=gain,
    )  # fmt: skip


def plan_salt(guide: Guide, build: BuildEntry, tracks: int, code: str) -> str:
    """What every track of a build shares, for plan_key: the guide's own fields, the engine,
    pauses, audio settings, tools and lexicon (the BuildEntry), the number of tracks, and
    mbc-audio's code, so that a changed way of making tracks or entries remakes them."""
    shared = dataclasses.replace(build, inputs_sha256="")
    heads = (guide.info, sorted(guide.pauses_ms.items()), guide.audio)
    made = repr((TRACK_FORMAT, HEAD_MS, TAIL_MS, heads, shared, tracks, code))
    return hashlib.sha256(made.encode()).hexdigest()


def plan_key(plan: TrackPlan, salt: str) -> str:
    """A hash of everything a track and its topic's entry are made from, known before the cache
    is read: its topic as parsed (texts, spoken texts, ids, lines), its utterances (each key
    names the engine, voice, rate and spoken text), their pauses, its part's title and source.
    A previous track with the same plan_key, still the file its manifest describes, is the
    track this build would make: it and its entries are kept without reading its utterances."""
    part = plan.part
    heading = (
        None if part is None else dataclasses.replace(part, topics=(), changes=(), references=())
    )
    made = repr((salt, plan.number, plan.file, plan.kind, plan.topic, heading, plan.items))
    return hashlib.sha256(made.encode()).hexdigest()
