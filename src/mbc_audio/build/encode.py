"""Stage 4b, encode and tag: each track on a pool of threads (each runs ffmpeg), started as soon
as the last of its utterances is in the cache; or, when a build makes only a few tracks (an edit),
at once, fed its samples as its new sentences are rendered (stream_track)."""

from __future__ import annotations

import concurrent.futures as cf
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ..audio.assemble import Item, write_wav
from ..audio.encode import StreamedMp3, encode_to_target
from ..audio.levels import Gain, Levels
from ..content.model import AudioSettings
from ..fsio import atomic_path
from ..tools import stop_all
from ..tts.cache import UtteranceCache
from .plan import TrackPlan
from .tags import write_tags
from .tracks import Prepared


def encode_track(
    track: Prepared, cache: UtteranceCache, staging: Path, audio: AudioSettings,
    sample_rate_hz: int, start: Gain | None = None,
) -> tuple[Levels, Gain]:  # fmt: skip
    """The track's MP3, at the loudness target and tagged, written into staging; its levels and
    gain. start: the gain of the track's previous version, tried first."""
    # Encoded and tagged under a temporary name, then renamed: a track in staging is whole.
    with atomic_path(staging / track.plan.file, suffix=".part") as part_file:
        # The WAV lives in staging, so a build that is killed leaves nothing in /tmp.
        with tempfile.TemporaryDirectory(prefix=".track-", dir=staging) as tmp:
            wav = Path(tmp) / "track.wav"
            write_wav(list(track.plan.items), cache, sample_rate_hz, wav)
            measured = encode_to_target(wav, part_file, track.layout.duration_ms, audio, start)
        write_tags(part_file, track.tags)
    return measured


class Abandoned(Exception):
    """A streamed track's sentence will not be rendered (the render failed), or its samples
    turned out to be those of the old track, which is kept instead: its encode is stopped."""


def stream_track(
    plan: TrackPlan, prepare: Callable[[TrackPlan], Prepared], cache: UtteranceCache,
    staging: Path, audio: AudioSettings, sample_rate_hz: int, start: Gain,
    ready: Callable[[str], bool], wanted: Callable[[Prepared], bool],
) -> tuple[Prepared, Levels, Gain]:  # fmt: skip
    """encode_track() begun before the track's sentences are all rendered: its samples go to
    the encoder as they are ready, so an edited track is encoded up to its new sentence while
    that renders. ready(key) waits for an utterance (False: it will not come); once the last
    is there, the track is prepared beside the encoding and wanted(prepared) decides whether
    it was worth making. The same samples and gain give the same file as encode_track().
    Raises Abandoned."""
    missing = {i.key for i in plan.items if cache.frames(i.key) is None}
    last = max((n for n, i in enumerate(plan.items) if i.key in missing), default=0)
    count = iter(range(len(plan.items)))
    with atomic_path(staging / plan.file, suffix=".part") as part_file:
        encoder = StreamedMp3(part_file, sample_rate_hz, start.gain_db, audio, start.limit_db)
        known = cf.ThreadPoolExecutor(max_workers=1)  # the track prepared, beside the encoding
        prepared: list[cf.Future[Prepared]] = []

        def length() -> Prepared:
            track = prepare(plan)  # every utterance is in the cache now
            encoder.length_known(track.layout.total_frames, track.layout.duration_ms)
            return track

        def before(item: Item) -> None:
            if item.key in missing and not ready(item.key):
                raise Abandoned(item.key)
            if next(count) == last:
                prepared.append(known.submit(length))

        try:
            with tempfile.TemporaryDirectory(prefix=".track-", dir=staging) as tmp:
                wav = Path(tmp) / "track.wav"
                write_wav(list(plan.items), cache, sample_rate_hz, wav, encoder.write, before)
                track = prepared[0].result()
                first = encoder.finish()
                if not wanted(track):
                    raise Abandoned(plan.file)
                measured = encode_to_target(wav, part_file, track.layout.duration_ms, audio,
                                            start, first)  # fmt: skip
        except BaseException:
            known.shutdown(cancel_futures=True)  # the track's length is not wanted now
            encoder.stop()
            raise
        finally:
            known.shutdown()
        write_tags(part_file, track.tags)
    return track, *measured


class TrackPool:
    """Runs make(plan) for each track on a pool of threads once all its utterances are cached;
    or streamed(plan) at once for each, when there are no more tracks than threads (an edit),
    which waits for its utterances itself (wait_for)."""

    def __init__(
        self, cache: UtteranceCache, make: Callable[[TrackPlan], str], jobs: int,
        report: Callable[[str], None], streamed: Callable[[TrackPlan], str] | None = None,
    ) -> None:  # fmt: skip
        self.cache, self.make, self.report, self.streamed = cache, make, report, streamed
        self.jobs = max(1, jobs)
        self.pool = cf.ThreadPoolExecutor(max_workers=self.jobs)
        self.futures: list[cf.Future[str]] = []
        self.waiting: dict[str, set[str]] = {}  # file -> keys of utterances not yet rendered
        self.plans_of: dict[str, list[TrackPlan]] = {}  # utterance key -> tracks waiting for it
        self._done: set[str] = set()  # keys rendered in this build
        self._abandoned = self._over = False  # the render failed; it ended
        self._changed = threading.Condition()

    def start(self, plans: tuple[TrackPlan, ...]) -> None:
        """Start the tracks whose utterances are all cached; the others wait for rendered(), or
        stream as they are rendered when every track can have a thread of its own."""
        missing = {i.key for p in plans for i in p.items if self.cache.frames(i.key) is None}
        streaming = self.streamed is not None and len(plans) <= self.jobs
        for plan in plans:
            self.waiting[plan.file] = {i.key for i in plan.items if i.key in missing}
            if not self.waiting[plan.file]:
                self.futures.append(self.pool.submit(self.make, plan))
            elif streaming:
                assert self.streamed is not None
                self.futures.append(self.pool.submit(self.streamed, plan))
            else:
                for key in self.waiting[plan.file]:
                    self.plans_of.setdefault(key, []).append(plan)

    def rendered(self, key: str) -> None:
        with self._changed:
            self._done.add(key)
            self._changed.notify_all()
        for plan in self.plans_of.pop(key, ()):
            self.waiting[plan.file].discard(key)
            if not self.waiting[plan.file]:
                self.futures.append(self.pool.submit(self.make, plan))

    def wait_for(self, key: str) -> bool:
        """Until the utterance is rendered (True) or the render has failed (False). One that
        another build put in the cache meanwhile was not rendered here: it is there at the end."""
        with self._changed:
            self._changed.wait_for(lambda: key in self._done or self._abandoned or self._over)
            if self._abandoned:
                return False
            return key in self._done or self.cache.frames(key) is not None

    def rendering_over(self) -> None:
        with self._changed:
            self._over = True
            self._changed.notify_all()

    def abandon(self) -> None:
        """The render failed or was stopped: tracks waiting for it stop waiting."""
        with self._changed:
            self._abandoned = True
            self._changed.notify_all()

    def __enter__(self) -> TrackPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:  # fmt: skip
        if kind is not None:
            self.abandon()
        try:
            if kind is None:  # wait for every track, reporting each as it is done
                for future in cf.as_completed(self.futures):
                    line = future.result()
                    if line:
                        self.report(line)
        finally:
            for future in self.futures:
                future.cancel()
            if kind is not None:
                stop_all(interrupted=False)  # the tracks being encoded are not wanted now
            self.pool.shutdown(wait=True)
