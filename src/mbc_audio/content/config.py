"""content/guide.toml: the guide's title, voice, pauses, documents, opening and closing."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError
from ..tts.base import engine_names
from .files import read_text
from .model import Pause, Voice
from .slug import slugify

GUIDE_FILE = "guide.toml"
LEXICON_FILE = "lexicon.toml"

DEFAULT_PAUSES_MS = {
    Pause.SENTENCE.value: 450,
    Pause.PARAGRAPH.value: 900,
    Pause.LIST_ITEM.value: 600,
    Pause.LEAD_IN.value: 800,
    Pause.HEADING.value: 1000,
}
# [audio] in guide.toml: the loudness target, the true-peak ceiling and the MP3 bit rate.
AUDIO_RANGES = {"loudness_lufs": (-30, -10), "true_peak_dbtp": (-6, 0), "bitrate_kbps": (32, 192)}
_TOML_LINE = re.compile(r"at line (\d+)")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,31}")


@dataclass(frozen=True)
class GuideConfig:
    id: str
    title: str
    subtitle: str
    publisher: str
    language: str
    version: str  # of this edition; names the published zip
    date: str | None  # YYYY-MM-DD this edition was released: the feed's and the EPUB's date
    voice: Voice
    pauses_ms: dict[str, int]
    audio: dict[str, float]
    documents: tuple[str, ...]
    opening: str
    closing: str
    path: Path


def load_config(content_dir: Path) -> GuideConfig:
    path = content_dir / GUIDE_FILE
    text = read_text(path, what="guide.toml")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = _TOML_LINE.search(str(e))
        raise ContentError(
            f"is not valid TOML ({str(e).split(' (at')[0]}); check quotes and brackets there",
            path,
            int(found.group(1)) if found else None,
        ) from None

    def text_field(key: str, table: dict = data, prefix: str = "") -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(
                f'needs {prefix}{key} as text; add  {key} = "..."'
                + (f" under [{prefix.rstrip('.')}]" if prefix else ""),
                path,
                _line_of(text, key),
            )
        return value.strip()

    voice_table = data.get("voice", {})
    if not isinstance(voice_table, dict):
        raise ContentError("[voice] must be a table", path, _line_of(text, "voice"))
    rate = voice_table.get("rate_wpm", 165)
    if not isinstance(rate, int) or not 80 <= rate <= 400:
        raise ContentError(
            "voice.rate_wpm must be a whole number of words a minute between 80 and 400",
            path,
            _line_of(text, "rate_wpm"),
        )
    engines = engine_names()
    engine = voice_table.get("engine", "auto")
    if engine not in ("auto", *engines):
        raise ContentError(
            f'voice.engine "{engine}" is not an engine here; choose one of: '
            + ", ".join(["auto", *engines]),
            path,
            _line_of(text, "engine"),
        )
    names = {k: v for k, v in voice_table.items() if k in engines}
    if not all(isinstance(v, str) and v.strip() for v in names.values()):
        raise ContentError(
            'voice names must be text, as in  piper = "en_US-joe-medium"',
            path,
            _line_of(text, "piper"),
        )
    voice = Voice(engine=str(engine), rate_wpm=rate, names=names)

    pauses = dict(DEFAULT_PAUSES_MS)
    pause_table = data.get("pauses_ms", {})
    for key, value in pause_table.items() if isinstance(pause_table, dict) else ():
        if key not in pauses or not isinstance(value, int) or not 0 <= value <= 5000:
            raise ContentError(
                f"pauses_ms.{key} must be one of {', '.join(pauses)} "
                "with a whole number of milliseconds from 0 to 5000",
                path,
                _line_of(text, key),
            )
        pauses[key] = value

    audio = {}
    audio_table = data.get("audio", {})
    for key, value in audio_table.items() if isinstance(audio_table, dict) else ():
        low, high = AUDIO_RANGES.get(key, (None, None))
        if (
            low is None
            or isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise ContentError(
                f"audio.{key} must be one of {', '.join(AUDIO_RANGES)}, "
                + (f"a number from {low:g} to {high:g}" if low is not None else "each a number"),
                path,
                _line_of(text, key),
            )
        audio[key] = value

    documents = data.get("documents")
    if (
        not isinstance(documents, list)
        or not documents
        or not all(isinstance(d, str) and d.strip() for d in documents)
    ):
        raise ContentError(
            'needs documents = ["first.md", "second.md"], the content files in reading order',
            path,
            _line_of(text, "documents"),
        )
    for name in documents:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ContentError(
                f'documents names "{name}" outside the content folder; '
                'name files inside it, such as "leaflet.md"',
                path,
                _line_of(text, name),
            )
        if documents.count(name) > 1:
            raise ContentError(
                f'documents lists "{name}" twice; list each file once', path, _line_of(text, name)
            )

    title = text_field("title")
    version = data.get("version", "1")
    if isinstance(version, bool | dict | list) or not _VERSION.fullmatch(str(version)):
        raise ContentError(
            'version must be short text of letters, digits, dots and dashes, as in  version = "1.2"',
            path,
            _line_of(text, "version"),
        )
    date = data.get("date")
    if date is not None and (type(date) is not datetime.date):
        raise ContentError(
            "date must be a day written as  date = 2026-11-22  (no quotes)",
            path,
            _line_of(text, "date"),
        )
    return GuideConfig(
        id=_guide_id(text_field("id"), path, text) if "id" in data else (slugify(title) or "guide"),
        title=title,
        subtitle=str(data.get("subtitle", "")).strip(),
        publisher=text_field("publisher"),
        language=text_field("language"),
        version=str(version),
        date=date.isoformat() if date else None,
        voice=voice,
        pauses_ms=pauses,
        audio=audio,
        documents=tuple(documents),
        opening=text_field("opening"),
        closing=text_field("closing"),
        path=path,
    )


def _line_of(text: str, key: str) -> int | None:
    """The first line that mentions key, so a message can point at it."""
    for number, line in enumerate(text.splitlines(), start=1):
        if key in line:
            return number
    return None


def _guide_id(value: str, path: Path, text: str) -> str:
    """The guide's id names its folder, zip and feed guids: a plain name, never a path."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value) or not value.strip("."):
        raise ContentError(
            f'id "{value}" must be a plain name of letters, digits, ".", "-" and "_" '
            '(no "/", not "." or ".."); for example  id = "mbc-guide"',
            path,
            _line_of(text, "id"),
        )
    return value
