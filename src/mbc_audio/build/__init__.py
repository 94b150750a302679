"""Build the guide: plan, render, assemble, encode and tag, the timeline, swap.

build() decides whether anything needs doing; run.make_guide() runs the stages top to bottom,
each in a module of its own here (plan, tracks, encode, entries, swap) handing the next a named
type. The new guide is made beside the old one, under a lock, and swapped in only when complete
and checked, so an interrupted or failed build leaves the old guide as it was. A track whose key
is unchanged is linked from the old guide rather than encoded again; when nothing has changed,
nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.config import load_config
from ..content.model import AudioSettings
from ..engines import Engine, EngineInfo, engine_class
from ..errors import ManifestError
from ..folders import GUIDE, folder_lock, guide_folder
from ..fsio import default_cache_dir, remembered_together
from ..tools import clean_scratch
from .fingerprint import files_match, inputs_digest, stamp_build, up_to_date

if TYPE_CHECKING:
    from ..timeline import Timeline

__all__ = ["BuildOptions", "BuildResult", "build"]


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
class BuildResult:
    folder: Path
    info: EngineInfo
    tracks: int
    rendered: int
    encoded: int
    duration_ms: int
    up_to_date: bool


@dataclass(frozen=True)
class Start:
    """What is known before the content is parsed: the engine, voice and the inputs' digest."""

    engine: type[Engine]
    voice: str | None  # as asked for (None: the engine's default)
    info: EngineInfo
    inputs: str  # fingerprint.inputs_digest


def build(options: BuildOptions, report: Callable[[str], None] = lambda line: None) -> BuildResult:
    config = load_config(options.content_dir)
    engine_type = engine_class(options.engine or config.voice.engine)
    voice = options.voice or config.voice.names.get(engine_type.NAME)
    info = engine_type.describe(voice, config.voice.rate_wpm)
    report(f"Voice: {info.engine} engine, voice {info.voice}, {info.rate_wpm} words a minute.")
    start = Start(engine_type, voice, info,
                  inputs_digest(options.content_dir, info, voice, options.audio))  # fmt: skip
    folder = guide_folder(options.out_dir, config.info.id, GUIDE, options.content_dir)
    clean_scratch()
    with folder_lock(folder, report), remembered_together():
        # The stamp the last build left decides without reading the manifest; else the manifest.
        stamp = up_to_date(folder, options.cache_dir, start.inputs)
        if stamp is not None:
            report(f"Up to date: nothing changed since the last build of {folder}.")
            return BuildResult(folder, info, len(stamp.tracks), 0, 0, stamp.duration_ms, True)
        # Something will be rendered, most likely: the engine starts loading (Piper: most of a
        # second) now, while the old manifest is read, the stages imported and the content parsed.
        from ..tts.render import Workers

        workers = Workers.ahead(engine_type, voice, info.rate_wpm, options.jobs)
        try:
            old = _old_timeline(folder)
            if old is not None and old.build.inputs_sha256 == start.inputs and files_match(
                folder, old
            ):  # up to date, as a build without a stamp (an earlier version) left it
                stamp_build(folder, options.cache_dir, old)
                report(f"Up to date: nothing changed since the last build of {folder}.")
                tracks = len(old.tracks)
                return BuildResult(folder, info, tracks, 0, 0, old.guide.duration_ms, True)
            # The stages import the parser, the engines' plumbing and the checks: only when
            # needed, so that an unchanged rebuild answers at once.
            from .run import make_guide

            return make_guide(options, start, folder, old, report, workers)
        finally:
            if workers is not None:
                workers.close()


def _old_timeline(folder: Path) -> Timeline | None:
    from .. import timeline

    try:
        return timeline.load(folder)
    except ManifestError:
        return None  # no guide yet, or one this version cannot read: build it afresh
