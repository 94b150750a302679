"""Stage 4b, encode and tag: each track on a pool of threads (each runs ffmpeg), started as soon
as the last of its utterances is in the cache."""

from __future__ import annotations

import concurrent.futures as cf
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ..audio.assemble import write_wav
from ..audio.encode import encode_to_target
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


class TrackPool:
    """Runs make(plan) for each track on a pool of threads once all its utterances are cached."""

    def __init__(
        self, cache: UtteranceCache, make: Callable[[TrackPlan], str], jobs: int,
        report: Callable[[str], None],
    ) -> None:  # fmt: skip
        self.cache, self.make, self.report = cache, make, report
        self.pool = cf.ThreadPoolExecutor(max_workers=max(1, jobs))
        self.futures: list[cf.Future[str]] = []
        self.waiting: dict[str, set[str]] = {}  # file -> keys of utterances not yet rendered
        self.plans_of: dict[str, list[TrackPlan]] = {}  # utterance key -> tracks waiting for it

    def start(self, plans: tuple[TrackPlan, ...]) -> None:
        """Start the tracks whose utterances are all cached; the others wait for rendered()."""
        missing = {i.key for p in plans for i in p.items if self.cache.frames(i.key) is None}
        for plan in plans:
            self.waiting[plan.file] = {i.key for i in plan.items if i.key in missing}
            for key in self.waiting[plan.file]:
                self.plans_of.setdefault(key, []).append(plan)
            if not self.waiting[plan.file]:
                self.futures.append(self.pool.submit(self.make, plan))

    def rendered(self, key: str) -> None:
        for plan in self.plans_of.pop(key, ()):
            self.waiting[plan.file].discard(key)
            if not self.waiting[plan.file]:
                self.futures.append(self.pool.submit(self.make, plan))

    def __enter__(self) -> TrackPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:  # fmt: skip
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
