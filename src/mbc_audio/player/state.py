"""What the player keeps across runs, in the user's state folder: settings, and for each guide
(known by its id and version, wherever it is opened from) the place, bookmarks, questions for
the care team and the answers given to notices. Written as the listener goes (run.py), each
time atomically and readable by its owner only; a file that cannot be read is set aside with a
one-line warning and the player starts afresh."""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..fsio import (
    PRIVATE_FILE_MODE,
    PRIVATE_FOLDER_MODE,
    config_dir,
    state_dir,
    write_text_atomic,
)

__all__ = ["config_dir", "state_dir"]  # where they are kept: fsio, with the cache's folders

STATE_FILE = "state.json"
VERSION = 2
SPEEDS = (0.5, 3.0)
VOLUMES = (0.1, 2.0)
VERBOSITY = ("brief", "full")


class Answer(StrEnum):
    """What the listener answered at a topic's notice."""

    LISTEN = "listen"
    SKIP = "skip"


@dataclass(frozen=True)
class Settings:
    speed: float = 1.0
    volume: float = 1.0
    voice: bool = True  # self-voicing
    skip_s: int = 10
    verbosity: str = "brief"  # or "full": every announcement in its long form
    voice_follows_speed: bool = False  # announcements at the listening speed, not at 1.0

    @property
    def announcement_speed(self) -> float:
        return self.speed if self.voice_follows_speed else 1.0


@dataclass(frozen=True)
class Bookmark:
    track: int
    ms: int
    label: str  # where it is: the topic and the sentence's first words
    name: str = ""  # what the listener called it
    sentence: str = ""  # the sentence's id, to find it again after a rebuild


@dataclass(frozen=True)
class Question:
    """A sentence marked as a question for the care team."""

    track: int
    ms: int
    sentence: str  # the sentence's id
    topic: str  # the topic's title
    text: str  # the sentence as written
    note: str = ""
    marked_on: str = ""  # ISO date and time


@dataclass(frozen=True)
class GuideState:
    track: int = 0
    ms: int = 0
    sentence: str = ""  # the id of the sentence to resume at
    level: int = 1  # navigation.Level
    bookmarks: tuple[Bookmark, ...] = ()
    notices: dict[str, Answer] = field(default_factory=dict)  # topic id -> the answer
    questions: tuple[Question, ...] = ()
    title: str = ""  # for the library: the guide's title and version,
    version: str = ""
    path: str = ""  # where it was opened last,
    where: str = ""  # and where the listener is ("Topic 8 of 23")


@dataclass(frozen=True)
class State:
    settings: Settings = Settings()
    guides: dict[str, GuideState] = field(default_factory=dict)  # key: guide_key()
    last_guide: str | None = None

    def guide(self, key: str) -> GuideState | None:
        return self.guides.get(key)

    def with_guide(self, key: str, guide: GuideState) -> State:
        return replace(self, guides={**self.guides, key: guide}, last_guide=key)

    def to_json(self) -> str:
        data = {"version": VERSION, **asdict(self)}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def guide_key(guide_id: str, version: str) -> str:
    """A guide's place belongs to the guide, not to the folder or zip it is opened from."""
    return f"{guide_id} {version}".strip()


def load_state(folder: Path, warn: Callable[[str], None]) -> State:
    path = folder / STATE_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return State()
    except OSError as e:
        warn(f"Warning: {path} cannot be read ({e.strerror}); starting from the beginning.")
        return State()
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        if data.get("version") == 1:  # places were kept by folder then: settings carry over
            return State(_settings(data.get("settings", {})))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}")
        return _from_dict(data)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
        _set_aside(path, type(e).__name__, warn)
        return State()


def _set_aside(path: Path, why: str, warn: Callable[[str], None]) -> None:
    aside = path.with_name(f"{STATE_FILE}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
        kept = f"was set aside as {aside.name}"
    except OSError:
        kept = "was left as it is"
    warn(f"Warning: {path} was damaged ({why}) and {kept}; positions and bookmarks start afresh.")


def save_state(folder: Path, state: State) -> None:
    write_private(folder / STATE_FILE, state.to_json(), own_folder=True)


def write_private(path: Path, text: str, own_folder: bool = False) -> None:
    """What a person typed (bookmark names, questions and notes, their place) is theirs: the
    file is readable by its owner only (0600), in a 0700 folder (own_folder: mbc-audio's own,
    made 0700 even when it was made before), flushed to the disk and renamed, so a crash or a
    power cut leaves the old file or the new one, never half of one."""
    folder = path.parent
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if own_folder and sys.platform != "win32":
        os.chmod(folder, PRIVATE_FOLDER_MODE)
    write_text_atomic(path, text, mode=PRIVATE_FILE_MODE, fsync=True)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _number(value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise TypeError(f"{value!r} is not a number")
    return min(max(float(value), low), high)


def _whole(value: object, low: int = 0, high: int = 1 << 40) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return min(max(value, low), high)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _settings(s: Any) -> Settings:
    if not isinstance(s, dict):
        raise TypeError("settings is not an object")
    verbosity = _text(s.get("verbosity", "brief"))
    return Settings(
        speed=round(_number(s.get("speed", 1.0), *SPEEDS), 1),
        volume=round(_number(s.get("volume", 1.0), *VOLUMES), 1),
        voice=bool(s.get("voice", True)),
        skip_s=_whole(s.get("skip_s", 10), 1, 600),
        verbosity=verbosity if verbosity in VERBOSITY else "brief",
        voice_follows_speed=bool(s.get("voice_follows_speed", False)),
    )


def _bookmark(b: dict[str, Any]) -> Bookmark:
    return Bookmark(_whole(b["track"]), _whole(b["ms"]), _text(b["label"]),
                    _text(b.get("name", "")), _text(b.get("sentence", "")))  # fmt: skip


def _question(q: dict[str, Any]) -> Question:
    return Question(_whole(q["track"]), _whole(q["ms"]), _text(q["sentence"]), _text(q["topic"]),
                    _text(q["text"]), _text(q.get("note", "")), _text(q.get("marked_on", "")))  # fmt: skip


def _guide(g: dict[str, Any]) -> GuideState:
    notices = g.get("notices", {})
    if not isinstance(notices, dict):
        raise TypeError("notices is not an object")
    return GuideState(
        track=_whole(g["track"]), ms=_whole(g["ms"]), sentence=_text(g.get("sentence", "")),
        level=_whole(g.get("level", 1), 0, 5),
        bookmarks=tuple(_bookmark(b) for b in g.get("bookmarks", ())),
        notices={_text(k): Answer(_text(v)) for k, v in notices.items()},
        questions=tuple(_question(q) for q in g.get("questions", ())),
        title=_text(g.get("title", "")), version=_text(g.get("version", "")),
        path=_text(g.get("path", "")), where=_text(g.get("where", "")),
    )  # fmt: skip


def _from_dict(data: dict[str, Any]) -> State:
    guides = data.get("guides", {})
    if not isinstance(guides, dict):
        raise TypeError("guides is not an object")
    last = data.get("last_guide")
    return State(
        _settings(data.get("settings", {})),
        {_text(key): _guide(g) for key, g in guides.items()},
        _text(last) if last else None,
    )
