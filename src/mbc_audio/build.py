"""Build the guide: parse, render, assemble, encode, tag, write the timeline.

The stages run top to bottom in build(). The new guide is made beside the old one and
swapped in only when complete, so an interrupted or failed build leaves the old guide
as it was. A track whose inputs have not changed is linked from the old guide rather
than encoded again; when nothing has changed, nothing is written.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__, timeline
from .audio.assemble import HEAD_MS, TAIL_MS, Item, Layout, layout, write_wav
from .audio.encode import AudioSettings, encode_to_target
from .audio.tags import Chapter, TrackTags, write_tags
from .check.fidelity import check_fidelity
from .check.levels import check_levels
from .check.report import Report
from .check.structure import check_structure
from .content.model import Guide, Part, Topic
from .content.parse import load_guide, spoken_date
from .content.slug import slugify
from .errors import CheckFailed, ManifestError
from .folders import recover, staging_for, swap_in
from .tools import version as tool_version
from .tts.base import EngineInfo, engine_class
from .tts.cache import UtteranceCache, default_cache_dir, utterance_key
from .tts.render import Job, render_missing
from .wording import shorten

TRACK_FORMAT = 1  # bump when the way a track is made changes, so old tracks are remade
MAX_CHAPTERS = 255  # a CTOC frame lists at most 255 children


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path = Path("content")
    out_dir: Path = Path("dist")
    engine: str | None = None  # None: the guide's choice
    voice: str | None = None
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    cache_dir: Path = field(default_factory=default_cache_dir)
    audio: AudioSettings | None = None  # None: the defaults with guide.toml's [audio]
    strict: bool = False  # fail on check warnings as well as errors


@dataclass(frozen=True)
class TrackPlan:
    number: int
    file: str
    kind: str  # "opening", "topic" or "closing"
    topic: Topic
    part: Part | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    info: EngineInfo
    tracks: int
    rendered: int
    encoded: int
    duration_ms: int
    up_to_date: bool


def build(options: BuildOptions, report: Callable[[str], None] = lambda line: None) -> BuildResult:
    guide = load_guide(options.content_dir)
    audio = options.audio or AudioSettings(**guide.audio)
    engine_type = engine_class(options.engine or guide.voice.engine)
    voice = options.voice or guide.voice.names.get(engine_type.NAME)
    info = engine_type.describe(voice, guide.voice.rate_wpm)
    report(f"Voice: {info.engine} engine, voice {info.voice}, {info.rate_wpm} words a minute.")

    plans = plan_tracks(guide, info)
    cache = UtteranceCache(options.cache_dir)
    folder = options.out_dir / guide.id
    recover(folder)
    old = _old_timeline(folder)
    build_info = _build_info(info, guide, audio)
    keys = [_track_key(plan, guide, info, audio, build_info) for plan in plans]
    reusable = {t.file: t for t in (old.tracks if old else ()) if (folder / t.file).is_file()}
    to_encode = [
        plan for plan, key in zip(plans, keys, strict=True)
        if plan.file not in reusable or reusable[plan.file].key != key
    ]  # fmt: skip
    jobs = render_jobs(plans, options.content_dir)
    if old is not None and not to_encode and all(cache.frames(j.key) is not None for j in jobs):
        layouts = _layouts(plans, cache, info)
        files = {t.file: (t.bytes, t.sha256, t.levels) for t in old.tracks}
        candidate = make_timeline(guide, plans, layouts, keys, build_info, files)
        if candidate == old and _files_match(folder, old):
            report(f"Up to date: nothing changed since the last build of {folder}.")
            total_ms = sum(lay.duration_ms for lay in layouts)
            return BuildResult(folder, info, len(plans), 0, 0, total_ms, True)

    staging = staging_for(folder)
    try:
        with _TrackEncoder(guide, info, cache, staging, audio, options.jobs, report) as encoder:
            # Each track begins when the last of its sentences is ready, unless the engine keeps
            # every core busy itself: then encoding alongside only slows both down.
            overlap = not engine_type.USES_ALL_CORES
            if overlap:
                encoder.start(to_encode)
            rendered = render_missing(
                jobs, engine_type.NAME, voice, info, cache, options.jobs,
                progress=_progress_reporter(report), engine_type=engine_type,
                rendered=encoder.rendered,
            )  # fmt: skip
            if not overlap:
                encoder.start(to_encode)
        levels = encoder.levels
        for plan in plans:
            if plan.file not in levels:
                _link_or_copy(folder / plan.file, staging / plan.file)
                levels[plan.file] = reusable[plan.file].levels
        files = {
            plan.file: (
                (staging / plan.file).stat().st_size,
                timeline.sha256_of(staging / plan.file),
                levels[plan.file],
            )
            for plan in plans
        }
        layouts = _layouts(plans, cache, info)
        result = make_timeline(guide, plans, layouts, keys, build_info, files)
        timeline.save(result, staging)
        _check_before_swap(staging, guide, result, options.strict, report)
        swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    total_ms = sum(lay.duration_ms for lay in layouts)
    return BuildResult(folder, info, len(plans), rendered, len(to_encode), total_ms, False)


def _layouts(plans: list[TrackPlan], cache: UtteranceCache, info: EngineInfo) -> list[Layout]:
    frames = {item.key: cache.frames(item.key) for plan in plans for item in plan.items}
    return [layout(list(plan.items), frames, info.sample_rate_hz) for plan in plans]


# --- planning ------------------------------------------------------------------------------
def plan_tracks(guide: Guide, info: EngineInfo) -> list[TrackPlan]:
    """One track for the opening, one for each topic, one for the closing, with their utterances."""
    entries: list[tuple[str, Topic, Part | None]] = [("opening", guide.opening, None)]
    entries += [("topic", topic, part) for part in guide.parts for topic in part.topics]
    entries.append(("closing", guide.closing, None))
    width = max(2, len(str(len(entries))))
    pauses = guide.pauses_ms
    plans = []
    for number, (kind, topic, part) in enumerate(entries, start=1):
        name = kind if kind != "topic" else slugify(topic.title)

        def item(role: str, node_id: str, spoken: str, text: str, line: int, pause: str) -> Item:
            return Item(
                utterance_key(info, spoken), role, node_id, pauses[pause], spoken, text, line
            )

        items = [item("title", topic.id, topic.spoken_title, topic.title, topic.line, "heading")]
        for section in topic.sections:
            if section.title:
                spoken = section.spoken_title or section.title
                items.append(
                    item(
                        "section_title", section.id, spoken, section.title, section.line, "heading"
                    )
                )
            for block in section.blocks:
                for s in block.sentences:
                    items.append(item("sentence", s.id, s.spoken, s.text, s.line, s.pause))
        plans.append(
            TrackPlan(number, f"{number:0{width}d}-{name}.mp3", kind, topic, part, tuple(items))
        )
    return plans


def render_jobs(plans: list[TrackPlan], content_dir: Path) -> list[Job]:
    """One job per utterance, with the place a person would look if it cannot be rendered."""
    jobs = []
    for plan in plans:
        for item in plan.items:
            if plan.part:
                where = (
                    f'{content_dir / plan.part.path}, topic "{plan.topic.title}", line {item.line}'
                )
            else:
                where = f"{content_dir / 'guide.toml'}, {plan.kind}"
            jobs.append(Job(item.key, item.spoken, where, item.text))
    return jobs


def _progress_reporter(report: Callable[[str], None]) -> Callable[[int, int], None]:
    """Plain appended lines, about one for each tenth of the work: no redraws for screen readers."""
    last_tenth = [-1]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // total
        if tenth != last_tenth[0] or done == total:
            last_tenth[0] = tenth
            report(f"Rendered {done} of {total} sentences.")

    return progress


# --- encoding ------------------------------------------------------------------------------
class _TrackEncoder:
    """Encodes tracks into staging on a pool of threads (each runs ffmpeg), as they are handed in."""

    def __init__(self, guide, info, cache, staging, audio, jobs, report):
        self.guide, self.info, self.cache, self.staging = guide, info, cache, staging
        self.audio, self.report = audio, report
        self.pool = cf.ThreadPoolExecutor(max_workers=max(1, jobs))
        self.futures: list[cf.Future] = []
        self.levels: dict[str, dict] = {}  # file -> levels measured on the encoded file
        self.waiting: dict[str, set[str]] = {}  # file -> keys of sentences not yet rendered
        self.tracks_of: dict[str, list[TrackPlan]] = {}  # key -> the tracks waiting for it

    def start(self, plans: list[TrackPlan]) -> None:
        """Encode the tracks whose sentences are all cached; the others wait for rendered()."""
        missing = {
            key: self.cache.frames(key) is None for p in plans for key in (i.key for i in p.items)
        }
        for plan in plans:
            self.waiting[plan.file] = {i.key for i in plan.items if missing[i.key]}
            for key in self.waiting[plan.file]:
                self.tracks_of.setdefault(key, []).append(plan)
            if not self.waiting[plan.file]:
                self.submit(plan)

    def rendered(self, key: str) -> None:
        for plan in self.tracks_of.pop(key, ()):
            self.waiting[plan.file].discard(key)
            if not self.waiting[plan.file]:
                self.submit(plan)

    def submit(self, plan: TrackPlan) -> None:
        self.futures.append(self.pool.submit(self._encode, plan))

    def _encode(self, plan: TrackPlan) -> str:
        (lay,) = _layouts([plan], self.cache, self.info)
        part_file = self.staging / f".{plan.file}.part"
        with tempfile.TemporaryDirectory(prefix="mbc-audio-track-") as tmp:
            wav = Path(tmp) / "track.wav"
            write_wav(list(plan.items), self.cache, self.info.sample_rate_hz, wav)
            measured = encode_to_target(wav, part_file, lay.duration_ms, self.audio)
        tags = track_tags(plan, lay, self.guide, self.info, _track_count(self.guide))
        write_tags(part_file, tags)
        os.replace(part_file, self.staging / plan.file)
        self.levels[plan.file] = asdict(measured)
        return plan.file

    def __enter__(self) -> _TrackEncoder:
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:  # wait for every track, reporting each as it is done
                for done, future in enumerate(cf.as_completed(self.futures), start=1):
                    self.report(f"Encoded {future.result()} ({done} of {len(self.futures)}).")
        finally:
            for future in self.futures:
                future.cancel()
            self.pool.shutdown(wait=True)


def _track_count(guide: Guide) -> int:
    return len(guide.topics) + 2


def chapters_for(plan: TrackPlan, lay: Layout) -> tuple[Chapter, ...]:
    """Chapters at the title, each section heading and each paragraph, back to back."""
    starts = {p.item.node_id: p.start_ms for p in lay.placed}
    marks: list[tuple[int, str]] = [(0, plan.topic.title)]
    for section in plan.topic.sections:
        if section.title:
            marks.append((starts[section.id], section.title))
        for block in section.blocks:
            if block.sentences:
                first = block.sentences[0]
                marks.append((starts[first.id], shorten(first.text)))
    if len(marks) > MAX_CHAPTERS:  # too many paragraphs: keep the title and the sections
        marks = [marks[0]] + [(starts[s.id], s.title) for s in plan.topic.sections if s.title]
        marks = marks[:MAX_CHAPTERS]
    marks = [m for n, m in enumerate(marks) if n == 0 or m[0] > marks[n - 1][0]]
    chapters = []
    for number, (start, title) in enumerate(marks):
        end = marks[number + 1][0] if number + 1 < len(marks) else lay.duration_ms
        chapters.append(Chapter(f"ch{number + 1}", title, start, end))
    return tuple(chapters)


def track_tags(
    plan: TrackPlan, lay: Layout, guide: Guide, info: EngineInfo, tracks: int
) -> TrackTags:
    voice = f"Read by the {info.engine} voice {info.voice}."
    if plan.part is not None:
        source = plan.part.source
        comment = f"From “{source.page_title or plan.part.title}”"
        comment += f" by {source.publisher}" if source.publisher else ""
        if plan.part.reviewed_on:
            comment += f", reviewed {spoken_date(plan.part.reviewed_on)}"
        comment += f". {voice}"
    else:
        comment = f"{guide.title}. {voice}"
    return TrackTags(
        title=plan.topic.title,
        album=guide.title,
        artist=guide.publisher,
        track=plan.number,
        tracks=tracks,
        language=guide.language,
        comment=comment,
        chapters=chapters_for(plan, lay),
    )


# --- the timeline --------------------------------------------------------------------------
def make_timeline(guide, plans, layouts, keys, build_info, files) -> timeline.Timeline:
    """The manifest: every node with its file and times; files gives each track's bytes and sha256."""
    topics = []
    tracks = []
    for plan, lay, key in zip(plans, layouts, keys, strict=True):
        placed = {p.item.node_id: p for p in lay.placed}
        sections = []
        for section in plan.topic.sections:
            paragraphs = []
            for block in section.blocks:
                sentences = tuple(
                    timeline.SentenceEntry(
                        s.id,
                        s.text,
                        s.spoken,
                        plan.file,
                        placed[s.id].start_ms,
                        placed[s.id].end_ms,
                    )
                    for s in block.sentences
                )
                if sentences:
                    paragraphs.append(
                        timeline.ParagraphEntry(
                            block.id, block.kind.value, plan.file,
                            sentences[0].start_ms, sentences[-1].end_ms, sentences,
                        )
                    )  # fmt: skip
            heading = placed.get(section.id)
            start = heading.start_ms if heading else (paragraphs[0].start_ms if paragraphs else 0)
            end = paragraphs[-1].end_ms if paragraphs else (heading.end_ms if heading else 0)
            sections.append(
                timeline.SectionEntry(
                    section.id, section.title, plan.file, start, end, tuple(paragraphs)
                )
            )
        topic = plan.topic
        topics.append(
            timeline.TopicEntry(
                id=topic.id, kind=plan.kind, part_id=plan.part.id if plan.part else None,
                title=topic.title, spoken_title=topic.spoken_title, notice=topic.notice,
                file=plan.file, start_ms=0, end_ms=lay.duration_ms, sections=tuple(sections),
            )
        )  # fmt: skip
        chapters = tuple(
            timeline.ChapterEntry(c.id, c.title, c.start_ms, c.end_ms)
            for c in chapters_for(plan, lay)
        )
        size, sha256, levels = files[plan.file]
        tracks.append(
            timeline.TrackEntry(
                number=plan.number, file=plan.file, title=topic.title, topic_id=topic.id,
                duration_ms=lay.duration_ms, bytes=size, sha256=sha256, key=key,
                chapters=chapters, levels=levels,
            )
        )  # fmt: skip
    parts = tuple(
        timeline.PartEntry(
            id=part.id, title=part.title, path=part.path, publisher=part.source.publisher,
            page_title=part.source.page_title, reviewed_by=part.reviewed_by,
            reviewed_on=part.reviewed_on,
            files=tuple(p.file for p in plans if p.part is part),
            topic_ids=tuple(t.id for t in part.topics),
        )
        for part in guide.parts
    )  # fmt: skip
    guide_info = {
        "id": guide.id, "title": guide.title, "subtitle": guide.subtitle,
        "publisher": guide.publisher, "language": guide.language,
        "version": guide.version, "date": guide.date,
        "duration_ms": sum(lay.duration_ms for lay in layouts),
    }  # fmt: skip
    return timeline.Timeline(guide_info, build_info, parts, tuple(topics), tuple(tracks))


def _build_info(info: EngineInfo, guide: Guide, audio: AudioSettings) -> dict:
    return {
        "generator": f"mbc-audio {__version__}",
        **asdict(info),
        "pauses_ms": dict(guide.pauses_ms),
        "head_ms": HEAD_MS,
        "tail_ms": TAIL_MS,
        "audio": asdict(audio),
        "tools": {
            "ffmpeg": tool_version("ffmpeg"),
            "mutagen": importlib.metadata.version("mutagen"),
            "python": platform.python_version(),
        },
    }


def _track_key(
    plan: TrackPlan, guide: Guide, info: EngineInfo, audio: AudioSettings, build_info
) -> str:
    fields = {
        "format": TRACK_FORMAT,
        "items": [(i.key, i.pause_ms) for i in plan.items],
        "info": asdict(info),
        "audio": asdict(audio),
        "head_tail": (HEAD_MS, TAIL_MS),
        "ffmpeg": build_info["tools"]["ffmpeg"],
        # Tags and chapters are part of the file, so what they say is part of the key.
        "tags": [plan.number, _track_count(guide), plan.topic.title, guide.title, guide.publisher,
                 guide.language, plan.part.source.__dict__ if plan.part else None,
                 plan.part.reviewed_on if plan.part else None,
                 [(s.id, s.title) for s in plan.topic.sections],
                 [b.sentences[0].text for s in plan.topic.sections for b in s.blocks if b.sentences]],
    }  # fmt: skip
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, default=str).encode()).hexdigest()


# --- files ---------------------------------------------------------------------------------
def _old_timeline(folder: Path) -> timeline.Timeline | None:
    try:
        return timeline.load(folder)
    except ManifestError:
        return None  # no guide yet, or one this version cannot read: build it afresh


def _files_match(folder: Path, old: timeline.Timeline) -> bool:
    return all(
        (folder / t.file).is_file()
        and (folder / t.file).stat().st_size == t.bytes
        and timeline.sha256_of(folder / t.file) == t.sha256
        for t in old.tracks
    )


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _check_before_swap(staging, guide, result, strict: bool, report) -> None:
    """Levels (as measured while encoding), structure and fidelity, on the new guide before it
    replaces the old one: a guide that fails never reaches the folder clinics copy from."""
    found = Report()
    check_levels(staging, result, found, measure=False)
    check_structure(staging, result, found)
    check_fidelity(guide, result, found)
    problems = [
        f for f in found.findings if f.severity == "error" or (strict and f.severity == "warning")
    ]
    for finding in found.findings:
        if finding.severity != "note":
            report(finding.line())
    if problems:
        raise CheckFailed(
            f"the new guide failed {len(problems)} checks (listed above); the previous guide was kept"
        )
    report(f"Checked: levels, structure and fidelity; {found.count('warning')} warnings.")
