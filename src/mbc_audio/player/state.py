"""What the player keeps across runs, in the user's state folder: settings, the position in each
guide, bookmarks, and the answers given to notices. Written atomically; a file that cannot be
read is set aside with a one-line warning and the player starts afresh."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..content.files import write_text_atomic

STATE_FILE = "state.json"
VERSION = 1
SPEEDS = (0.5, 3.0)
VOLUMES = (0.0, 2.0)


def state_dir() -> Path:
    """$XDG_STATE_HOME/mbc-audio on Linux; the platform's folder for app data elsewhere."""
    if override := os.environ.get("MBC_AUDIO_STATE"):
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "mbc-audio"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "mbc-audio"
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "mbc-audio"


def config_dir() -> Path:
    """Where the user's keys.txt lives: $XDG_CONFIG_HOME/mbc-audio, or the platform's folder."""
    if override := os.environ.get("MBC_AUDIO_CONFIG"):
        return Path(override)
    if sys.platform in ("win32", "darwin"):
        return state_dir()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "mbc-audio"


@dataclass(frozen=True)
class Settings:
    speed: float = 1.0
    volume: float = 1.0
    voice: bool = True  # self-voicing
    skip_s: int = 10


@dataclass(frozen=True)
class Bookmark:
    track: int
    ms: int
    label: str


@dataclass(frozen=True)
class GuideState:
    track: int = 0
    ms: int = 0
    level: int = 1  # navigation.Level
    bookmarks: tuple[Bookmark, ...] = ()
    notices: dict[str, str] = field(default_factory=dict)  # topic id -> "listen" or "skip"


@dataclass(frozen=True)
class State:
    settings: Settings = Settings()
    guides: dict[str, GuideState] = field(default_factory=dict)  # key: the guide's folder or zip
    last_guide: str | None = None

    def guide(self, key: str) -> GuideState | None:
        return self.guides.get(key)

    def with_guide(self, key: str, guide: GuideState) -> State:
        return replace(self, guides={**self.guides, key: guide}, last_guide=key)

    def to_json(self) -> str:
        data = {"version": VERSION, **asdict(self)}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_state(folder: Path, warn) -> State:
    path = folder / STATE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State()
    except OSError as e:
        warn(f"Warning: {path} cannot be read ({e.strerror}); starting from the beginning.")
        return State()
    try:
        data = json.loads(text)
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')}")
        return _from_dict(data)
    except (ValueError, TypeError, KeyError, AttributeError) as e:
        aside = path.with_name(f"{STATE_FILE}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, aside)
        warn(
            f"Warning: {path} was damaged ({type(e).__name__}) and was set aside as {aside.name}; "
            "positions and bookmarks start afresh."
        )
        return State()


def save_state(folder: Path, state: State) -> None:
    write_text_atomic(folder / STATE_FILE, state.to_json())


def _from_dict(data: dict) -> State:
    s = data.get("settings", {})
    settings = Settings(
        speed=_clamp(float(s.get("speed", 1.0)), *SPEEDS),
        volume=_clamp(float(s.get("volume", 1.0)), *VOLUMES),
        voice=bool(s.get("voice", True)),
        skip_s=int(_clamp(int(s.get("skip_s", 10)), 1, 600)),
    )
    guides = {}
    for key, g in data.get("guides", {}).items():
        guides[str(key)] = GuideState(
            track=int(g["track"]), ms=int(g["ms"]), level=int(g.get("level", 1)),
            bookmarks=tuple(Bookmark(int(b["track"]), int(b["ms"]), str(b["label"]))
                            for b in g.get("bookmarks", ())),
            notices={str(k): str(v) for k, v in g.get("notices", {}).items()},
        )  # fmt: skip
    last = data.get("last_guide")
    return State(settings, guides, str(last) if last else None)


def _clamp(value, low, high):
    return min(max(value, low), high)
