"""mbc-audio play: load a guide (a folder or its zip), restore the listener's place and settings,
open the audio output and the voice, run the key loop, and keep the place on the way out."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from .. import timeline as tl
from ..errors import ManifestError, UsageError
from ..tts.cache import default_cache_dir
from .app import Player
from .keys import load_keys
from .output import Sink, open_sink
from .state import SPEEDS, State, config_dir, load_state, save_state, state_dir
from .voice import Speaker, Voice


def open_guide(path: Path) -> tuple[tl.Timeline, Path]:
    """The timeline and the folder holding the tracks, from a guide folder or a published zip."""
    if path.is_file() and zipfile.is_zipfile(path):
        path = _unpacked(path)
    if not path.is_dir():
        raise UsageError(
            f"{path} is not a guide folder or a guide's zip; build one with: mbc-audio build"
        )
    if not (path / tl.MANIFEST).is_file():
        inside = sorted(path.glob(f"*/{tl.MANIFEST}"))
        if len(inside) == 1:
            path = inside[0].parent
    return tl.load(path), path


def _unpacked(archive: Path) -> Path:
    """A zip unpacked once into the cache, in a folder named by its checksum."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:16]
    target = default_cache_dir().parent / "guides" / digest
    if (target / ".complete").is_file():
        return target
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as z:
        for name in z.namelist():
            if name.startswith("/") or ".." in Path(name).parts:
                raise ManifestError(f"holds {name}, outside its folder; it is not a guide", archive)
        z.extractall(target)
    (target / ".complete").write_text("", encoding="utf-8")
    return target


def default_guide(state: State, content_dir: Path) -> Path:
    if state.last_guide and Path(state.last_guide).exists():
        return Path(state.last_guide)
    from ..content.config import load_config

    if (content_dir / "guide.toml").is_file():
        guide_id = load_config(content_dir).id
        for candidate in (Path("dist/published") / guide_id, Path("dist") / guide_id):
            if (candidate / tl.MANIFEST).is_file():
                return candidate
    raise UsageError(
        "no guide given and none played before; name one, as in: mbc-audio play dist/mbc-guide"
    )


def play(
    guide: Path | None, content_dir: Path, voice: bool, speed: float | None,
    keys: Iterator[str | None], echo: Callable[[str], None], sink: Sink | None = None,
    skip_s: int | None = None,
) -> Player:  # fmt: skip
    folder = state_dir()
    state = load_state(folder, echo)
    path = guide if guide is not None else default_guide(state, content_dir)
    timeline, tracks = open_guide(path)
    key = str(path.resolve())
    settings = state.settings
    if speed is not None:
        settings = replace(settings, speed=round(min(max(speed, SPEEDS[0]), SPEEDS[1]), 1))
    if skip_s is not None:
        settings = replace(settings, skip_s=skip_s)
    keymap = load_keys(config_dir())
    sink = sink or open_sink(echo)
    speaker = Voice(timeline.build, default_cache_dir(), echo) if voice else None
    speech = Speaker(speaker, sink) if speaker is not None else None

    def say(text: str, speak: bool, interrupt: bool = True) -> None:
        echo(text)
        if speak and speech is not None and speaker.available:
            speech.say(text, interrupt)

    saved = state.guide(key)
    if not voice:
        settings = replace(settings, voice=False)
    player = Player(timeline, tracks, sink, keymap, settings, saved, say)
    if speaker is not None:
        speaker.prepare(_common_announcements(player))
    try:
        player.start(resumed=saved is not None)
        player.run(keys)
    except KeyboardInterrupt:  # Ctrl-C is a quit like any other: the place is kept
        player.do_quit()
    finally:
        if not player.done:
            player.current()
        if speech is not None:
            speech.close()
        sink.close()
        if speaker is not None:
            speaker.close()
        kept = replace(
            player.settings, voice=player.settings.voice if voice else state.settings.voice
        )
        try:
            save_state(folder, replace(state.with_guide(key, player.saved()), settings=kept))
        except OSError as e:
            echo(f"Warning: your place could not be kept in {folder} ({e.strerror}).")
    return player


def _common_announcements(player: Player) -> list[str]:
    from .navigation import Level

    found = ["Paused", "Playing", *(f"Level: {level.word}" for level in Level)]
    found += [player.topic_line(track) for track in range(len(player.index.durations))]
    found += [f"Speed {tenths / 10:.1f}" for tenths in range(5, 31)]
    return found
