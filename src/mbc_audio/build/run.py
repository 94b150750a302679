"""The build's stages, run under the output folder's lock when something has to be made."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from .. import timeline
from ..audio.encode import expected_gain
from ..audio.levels import Gain, Levels
from ..content.config import guide_lexicon
from ..content.model import AudioSettings
from ..content.parse import load_guide
from ..engines import Engine
from ..errors import RenderError
from ..folders import staging_for, swap_in
from ..fsio import link_or_copy, remember_sha256
from ..speech.lexicon import Lexicon
from ..spokentext import SpokenText
from ..timeline import BuildEntry, Timeline, TrackEntry
from ..tools import version as tool_version
from ..tts.cache import UtteranceCache, utterance_key
from ..tts.render import Job, Workers, render_missing
from . import BuildOptions, BuildResult, Start
from .encode import Abandoned, TrackPool, encode_track, stream_track
from .entries import build_entry, make_timeline
from .fingerprint import code_digest, stamp_build
from .phrases import has_phrases, phrase_texts, preload_readers, remember_clips, write_phrases
from .plan import GuidePlan, TrackPlan, plan_guide
from .swap import check_before_swap
from .tracks import Prepared, plan_key, plan_salt, prepare, track_entry


@dataclasses.dataclass(frozen=True)
class _Setting:
    """What every track of this build is made with."""

    plan: GuidePlan
    audio: AudioSettings
    cache: UtteranceCache
    ffmpeg: str
    build: BuildEntry
    voice: str | None  # as asked for (None: the engine's default)
    lexicon: Lexicon
    workers: Workers | None  # the engine's workers, started ahead
    salt: str  # tracks.plan_salt: what every track's plan_key shares

    def prepare(self, track: TrackPlan) -> Prepared:
        guide, info = self.plan.guide, self.plan.info
        count = len(self.plan.tracks)
        return prepare(track, guide, info, self.audio, self.cache, self.ffmpeg, count)


def make_guide(
    options: BuildOptions, start: Start, folder: Path, old: Timeline | None,
    report: Callable[[str], None], workers: Workers | None = None,
) -> BuildResult:  # fmt: skip
    """The stages, under the folder's lock: plan, render, make each track, the timeline, the
    checks, the swap. workers: the engine's, started ahead (Workers.ahead), or None."""
    guide = load_guide(options.content_dir)
    audio = options.audio or guide.audio
    info = start.info
    plan = plan_guide(guide, info, options.content_dir)
    cache = UtteranceCache(options.cache_dir)
    # As the parser used it: what speaks for the guide later (the player) says terms the same way.
    lexicon = guide_lexicon(options.content_dir, sayable=start.engine.sayable_ipa())
    entry = build_entry(info, plan, audio, lexicon, start.inputs)
    salt = plan_salt(guide, entry, len(plan.tracks), code_digest())
    setting = _Setting(
        plan, audio, cache, tool_version("ffmpeg"), entry, start.voice, lexicon, workers, salt
    )
    staging = staging_for(folder)
    threading.Thread(target=preload_readers).start()
    try:
        made = _make_tracks(setting, options, start.engine, folder, old, staging, report)
        result = make_timeline(plan, setting.build, made.topics, made.tracks)
        _phrases(result, setting, start, options, folder, staging, report)
        timeline.save(result, staging)
        check_before_swap(staging, guide, result, options.strict, report, made.reused)
        swap_in(staging, folder)
        remember_clips(folder)
        stamp_build(folder, options.cache_dir, result)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(folder, info, len(plan.tracks), made.rendered, made.encoded,
                       result.guide.duration_ms, False)  # fmt: skip


def _phrases(
    result: Timeline, setting: _Setting, start: Start, options: BuildOptions, folder: Path,
    staging: Path, report: Callable[[str], None],
) -> None:  # fmt: skip
    """The player's phrases in the guide's voice (build/phrases.py), rendered through the
    cache and the engine's worker like the sentences, so that the guide carries its own voice
    and the player needs no engine to start; linked from the old guide when unchanged."""
    info = setting.plan.info
    texts = phrase_texts(result)
    if not has_phrases(folder, info, texts):  # else linked from the old guide as they are
        _render_phrases(texts, setting, start, options, report)
    made = write_phrases(result, info, staging, options.cache_dir, reuse_from=folder, texts=texts)
    if made.missing:
        report(f"Warning: {len(made.missing)} of the player's phrases could not be rendered; "
               "the player will say them live.")  # fmt: skip


def _render_phrases(
    texts: list[SpokenText], setting: _Setting, start: Start, options: BuildOptions,
    report: Callable[[str], None],
) -> None:  # fmt: skip
    info = setting.plan.info
    said = [t for t in texts if any(c.isalnum() for c in t)]
    jobs = [Job(utterance_key(info, t), t, "the player's phrase", t) for t in said]
    missing = sum(setting.cache.frames(job.key) is None for job in jobs)
    if missing:
        report(f"Rendering {missing} of the player's phrases in the guide's voice.")
    try:
        render_missing(jobs, start.engine.NAME, start.voice, info, setting.cache, options.jobs,
                       engine_type=start.engine, workers_ready=setting.workers)  # fmt: skip
    except RenderError as e:  # the player says such a phrase live: not a reason to stop
        report(f"Warning: {e}")


@dataclasses.dataclass(frozen=True)
class _Made:
    topics: tuple[timeline.TopicEntry, ...]
    tracks: tuple[TrackEntry, ...]
    rendered: int
    encoded: int
    # Tracks linked from the old guide, byte for byte as its manifest says: checked when made.
    reused: frozenset[str] = frozenset()


def _make_tracks(
    setting: _Setting, options: BuildOptions, engine_type: type[Engine], folder: Path,
    old: Timeline | None, staging: Path, report: Callable[[str], None],
) -> _Made:  # fmt: skip
    """Render what the cache lacks and make each track in staging as soon as its utterances are
    ready: linked from the old guide when its key is unchanged, else encoded and tagged."""
    plan = setting.plan
    reusable = {t.file: t for t in (old.tracks if old else ()) if (folder / t.file).is_file()}
    done: dict[str, tuple[timeline.TopicEntry, TrackEntry]] = {}
    kept = _kept_whole(plan, setting.salt, folder, reusable, old, staging)
    done.update(kept)
    to_make = tuple(t for t in plan.tracks if t.file not in kept)
    needed = {item.key for track in to_make for item in track.items}
    made_now: set[str] = set()
    encoded = 0
    # A track starts from the gain its previous version needed, else from the one its voice
    # needs; else it is measured first.
    loudness = getattr(engine_type, "LOUDNESS_LUFS", None)  # engines.OPTIONAL: a plug-in may lack it
    new_gain = None if loudness is None else expected_gain(setting.audio, loudness)
    counting = threading.Lock()
    # Each track is made as soon as its sentences are ready; an unchanged one is linked at once.
    # An engine that keeps every core busy itself is not slowed by encoding alongside it: its
    # tracks are encoded once it is done.
    may_encode, failed = threading.Event(), threading.Event()
    if not engine_type.USES_ALL_CORES:
        may_encode.set()

    def make(track: TrackPlan) -> str:
        prepared = setting.prepare(track)
        before = reusable.get(track.file)
        key = plan_key(track, setting.salt)
        if before is not None and _unchanged(folder, before, prepared):
            _link(folder, staging, before)
            done[track.file] = (prepared.topic, _track_entry(prepared, before, key))
            return ""
        may_encode.wait()
        if failed.is_set():
            return ""
        levels, gain = encode_track(prepared, setting.cache, staging, setting.audio,
                                    plan.info.sample_rate_hz, before.gain if before else new_gain)  # fmt: skip
        return record(prepared, levels, gain, track)

    def streamed(track: TrackPlan) -> str:
        """make(), begun while the track's new sentences render (TrackPool.start says when)."""
        before = reusable.get(track.file)
        start = before.gain if before else new_gain  # as make() starts it
        if start is None:  # its gain is found by measuring it whole first: as make() does
            return make(track) if all(pool.wait_for(i.key) for i in track.items) else ""

        try:
            prepared, levels, gain = stream_track(
                track, setting.prepare, setting.cache, staging, setting.audio,
                plan.info.sample_rate_hz, start, pool.wait_for,
                lambda made: before is None or not _unchanged(folder, before, made),
            )  # fmt: skip
        except Abandoned:
            return "" if failed.is_set() else make(track)
        return record(prepared, levels, gain, track)

    def record(prepared: Prepared, levels: Levels, gain: Gain, track: TrackPlan) -> str:
        nonlocal encoded
        with counting:
            entry = _track_entry(prepared, None, plan_key(track, setting.salt), staging, levels, gain)
            done[track.file] = (prepared.topic, entry)
            made_now.add(track.file)
            encoded += 1
            return f"Encoded {track.file} ({len(done)} of {len(plan.tracks)} tracks ready)."

    # An engine that uses every core renders alone: its tracks are not streamed beside it.
    stream = None if engine_type.USES_ALL_CORES else streamed
    with TrackPool(setting.cache, make, options.jobs, report, stream) as pool:
        pool.start(to_make)
        try:
            rendered = render_missing(
                [job for job in plan.jobs if job.key in needed], engine_type.NAME, setting.voice,
                plan.info, setting.cache,
                options.jobs, progress=_progress_reporter(report), engine_type=engine_type,
                rendered=pool.rendered, workers_ready=setting.workers,
            )  # fmt: skip
        except BaseException:
            failed.set()
            pool.abandon()
            if setting.workers is not None:
                setting.workers.close()
            raise
        finally:
            may_encode.set()  # and no thread waits for ever
        pool.rendering_over()
        if setting.workers is not None and engine_type.USES_ALL_CORES:
            # Piper's model is most of the build's memory: returned before encoding begins.
            # The player's phrases, when some are missing, start a worker of their own. Other
            # engines keep theirs for the phrases; build() closes them.
            setting.workers.close()
    ordered = [done[t.file] for t in plan.tracks]
    reused = frozenset(t.file for t in plan.tracks) - made_now
    return _Made(tuple(t for t, _ in ordered), tuple(e for _, e in ordered), rendered, encoded,
                 reused)  # fmt: skip


def _kept_whole(
    plan: GuidePlan, salt: str, folder: Path, reusable: dict[str, TrackEntry],
    old: Timeline | None, staging: Path,
) -> dict[str, tuple[timeline.TopicEntry, TrackEntry]]:  # fmt: skip
    """The old guide's tracks that this build would make again unchanged (the same plan_key),
    still the files its manifest describes: linked into staging with their entries as they
    were, without reading a rendered utterance. An edit to one sentence then reads and encodes
    one track."""
    if old is None:
        return {}
    topics = {t.id: t for t in old.topics}
    kept = {}
    for track in plan.tracks:
        entry = reusable.get(track.file)
        topic = topics.get(track.topic.id)
        if entry is None or topic is None or not entry.plan_key:
            continue
        if entry.plan_key == plan_key(track, salt) and _intact(folder, entry):
            _link(folder, staging, entry)
            kept[track.file] = (topic, entry)
    return kept


def _link(folder: Path, staging: Path, track: TrackEntry) -> None:
    """The old guide's track into staging, its digest (just checked by _intact) remembered for
    the checks before the swap: the link moved the file's change time, not its bytes."""
    link_or_copy(folder / track.file, staging / track.file)
    remember_sha256(staging / track.file, track.sha256, keep=False)


def _unchanged(folder: Path, before: TrackEntry, prepared: Prepared) -> bool:
    """Whether the old guide's track is the one prepared (the same key), still the file the old
    manifest describes: a track edited or damaged in place is encoded again, so the guide heals."""
    return before.key == prepared.key and _intact(folder, before)


def _intact(folder: Path, track: TrackEntry) -> bool:
    path = folder / track.file
    try:
        return path.stat().st_size == track.bytes and timeline.sha256_of(path) == track.sha256
    except OSError:
        return False


def _track_entry(
    prepared: Prepared, before: TrackEntry | None, planned: str, staging: Path | None = None,
    levels: Levels | None = None, gain: Gain | None = None,
) -> TrackEntry:  # fmt: skip
    """The track's entry: its bytes, sha256, levels and gain from the old entry when it was
    reused, or from the file just written into staging."""
    if before is not None:
        return track_entry(prepared, before.bytes, before.sha256, before.levels, planned,
                           before.gain)  # fmt: skip
    assert staging is not None
    path = staging / prepared.plan.file
    digest = timeline.sha256_of(path)
    remember_sha256(path, digest, keep=False)  # written by this build: not read again to check it
    return track_entry(prepared, path.stat().st_size, digest, levels, planned, gain)


def _progress_reporter(report: Callable[[str], None]) -> Callable[[int, int], None]:
    """Plain appended lines, about one for each tenth of the work: no redraws for screen readers."""
    last_tenth = [-1]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // total
        if tenth != last_tenth[0] or done == total:
            last_tenth[0] = tenth
            report(f"Rendered {done} of {total} sentences.")

    return progress
