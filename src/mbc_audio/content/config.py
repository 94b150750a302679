"""content/guide.toml: the guide's title, voice, pauses, documents, opening and closing."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engines import engine_names
from ..errors import ContentError
from ..fsio import confined
from ..speech.invisible import without_invisible
from ..speech.lexicon import Lexicon, load_lexicon
from ..speech.medical import with_medical
from ..tomlkeys import KeySchema, key_line, parse_toml, refuse_unknown_keys
from .files import read_text
from .model import AudioSettings, GuideInfo, Pause, Voice
from .slug import slugify

GUIDE_FILE = "guide.toml"
LEXICON_FILE = "lexicon.toml"

DEFAULT_PAUSES_MS = {
    Pause.SENTENCE: 450,
    Pause.PARAGRAPH: 900,
    Pause.LIST_ITEM: 600,
    Pause.LEAD_IN: 800,
    Pause.HEADING: 1000,
}
# [audio] in guide.toml: the loudness target, the true-peak ceiling, the MP3 bit rate and the
# tracks' sample rate (24 kHz, the default voice's own; 44.1 kHz where a podcast directory asks
# for it). Below 32 kHz an MP3 is MPEG-2, whose bit rates stop at 160 kb/s.
AUDIO_RANGES = {"loudness_lufs": (-30, -10), "true_peak_dbtp": (-6, 0), "bitrate_kbps": (32, 192)}
SAMPLE_RATES_HZ = (22050, 24000, 32000, 44100, 48000)
MPEG2_MAX_KBPS = 160
# Every key guide.toml may hold, table by table ("" is the top level); any other key is refused
# with its line, so a typo cannot silently do nothing. A new setting is one more name here.
GUIDE_KEYS: KeySchema = {
    "": (
        "id", "title", "subtitle", "publisher", "language", "version", "date",
        "documents", "opening", "closing", "voice", "pauses_ms", "audio", "contractions",
    ),
    "voice": ("engine", "rate_wpm"),  # and one key per speech engine, naming its voice
    "pauses_ms": tuple(DEFAULT_PAUSES_MS),
    "audio": (*AUDIO_RANGES, "sample_rate_hz"),
}  # fmt: skip
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,31}")


def valid_version(version: str) -> bool:
    """Whether guide.toml may hold this version (it names files, so it is a plain name)."""
    return _VERSION.fullmatch(version) is not None


@dataclass(frozen=True)
class GuideConfig:
    info: GuideInfo
    voice: Voice
    pauses_ms: dict[Pause, int]
    audio: AudioSettings  # the defaults with [audio]
    documents: tuple[str, ...]
    opening: str
    closing: str
    path: Path
    # contractions = "keep": "isn't" is said as written; by default ("expand") "is not".
    keep_contractions: bool = False


def guide_keys() -> KeySchema:
    """GUIDE_KEYS with [voice] holding a voice for each engine (a plug-in engine adds its own)."""
    return {**GUIDE_KEYS, "voice": (*(GUIDE_KEYS["voice"] or ()), *engine_names())}


def guide_lexicon(
    content_dir: Path, config: GuideConfig | None = None, sayable: frozenset[str] | None = None
) -> Lexicon:
    """lexicon.toml over the shipped medical lexicon (speech/medical.py), with guide.toml's
    contractions setting: the one lexicon the parser, lint, the build and `say` speak with (a
    folder without guide.toml keeps the default). sayable: the IPA symbols the engine can
    say, which each [phonemes] entry is checked against as it is read."""
    lexicon = with_medical(load_lexicon(content_dir / LEXICON_FILE, sayable))
    if config is None and (content_dir / GUIDE_FILE).is_file():
        config = load_config(content_dir)
    if config is None:
        return lexicon
    return dataclasses.replace(lexicon, keep_contractions=config.keep_contractions)


def load_config(content_dir: Path) -> GuideConfig:
    path = confined(content_dir / GUIDE_FILE, content_dir)
    text = read_text(path, what="guide.toml")
    data = parse_toml(text, path, "check quotes and brackets there")
    refuse_unknown_keys(data, guide_keys(), path, text)

    def text_field(key: str, table: dict[str, Any] = data, prefix: str = "") -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ContentError(
                f'needs {prefix}{key} as text; add  {key} = "..."'
                + (f" under [{prefix.rstrip('.')}]" if prefix else ""),
                path,
                key_line(text, prefix + key),
            )
        return without_invisible(value).strip()  # a bell in a title breaks XML and terminals

    voice_table = _table(data, "voice", path, text)
    rate = voice_table.get("rate_wpm", 165)
    if isinstance(rate, bool) or not isinstance(rate, int) or not 80 <= rate <= 400:
        raise ContentError(
            "voice.rate_wpm must be a whole number of words a minute between 80 and 400",
            path,
            key_line(text, "voice.rate_wpm"),
        )
    engines = engine_names()
    engine = voice_table.get("engine", "auto")
    if engine not in ("auto", *engines):
        raise ContentError(
            f'voice.engine "{engine}" is not an engine here; choose one of: '
            + ", ".join(["auto", *engines]),
            path,
            key_line(text, "voice.engine"),
        )
    names = {k: v for k, v in voice_table.items() if k in engines}
    for key, value in names.items():
        if not isinstance(value, str) or not value.strip():
            raise ContentError(
                f'voice.{key} must be text in quotes, as in  piper = "en_US-joe-medium"',
                path,
                key_line(text, f"voice.{key}"),
            )
    voice = Voice(engine=str(engine), rate_wpm=rate, names=names)

    pauses = dict(DEFAULT_PAUSES_MS)
    pause_table = _table(data, "pauses_ms", path, text)
    for key, value in pause_table.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5000:
            raise ContentError(
                f"pauses_ms.{key} must be one of {', '.join(pauses)} "
                "with a whole number of milliseconds from 0 to 5000",
                path,
                key_line(text, f"pauses_ms.{key}"),
            )
        pauses[Pause(key)] = value  # an unknown key was refused above

    audio = AudioSettings()
    audio_table = _table(data, "audio", path, text)
    for key, value in audio_table.items():
        if key == "sample_rate_hz":
            if isinstance(value, bool) or value not in SAMPLE_RATES_HZ:
                raise ContentError(
                    f"audio.sample_rate_hz must be one of {', '.join(map(str, SAMPLE_RATES_HZ))}",
                    path,
                    key_line(text, "audio.sample_rate_hz"),
                )
            audio = dataclasses.replace(audio, sample_rate_hz=int(value))
            continue
        low, high = AUDIO_RANGES[key]  # an unknown key was refused above
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise ContentError(
                f"audio.{key} must be one of {', '.join(AUDIO_RANGES)}, "
                f"a number from {low:g} to {high:g}",
                path,
                key_line(text, f"audio.{key}"),
            )
        # As the setting's own type: bitrate_kbps = 96.0 is 96.
        audio = dataclasses.replace(audio, **{key: type(getattr(audio, key))(value)})
    if audio.sample_rate_hz < 32000 and audio.bitrate_kbps > MPEG2_MAX_KBPS:
        raise ContentError(
            f"audio.bitrate_kbps is at most {MPEG2_MAX_KBPS} at a sample rate under 32000 Hz "
            f"(the tracks are {audio.sample_rate_hz} Hz); lower it, or set "
            "audio.sample_rate_hz = 44100",
            path,
            key_line(text, "audio.bitrate_kbps"),
        )

    documents = data.get("documents")
    if (
        not isinstance(documents, list)
        or not documents
        or not all(isinstance(d, str) and d.strip() for d in documents)
    ):
        raise ContentError(
            'needs documents = ["first.md", "second.md"], the content files in reading order',
            path,
            key_line(text, "documents"),
        )
    seen: dict[Path, str] = {}
    for name in documents:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise ContentError(
                f'documents names "{name}" outside the content folder; '
                'name files inside it, such as "leaflet.md"',
                path,
                _line_of(text, name),
            )
        # "a.md", "./a.md" and a link to a.md are one document: it would be said twice.
        same = _document_key(path.parent, name)
        if same in seen:
            twice = f'"{name}" twice' if seen[same] == name else f'"{seen[same]}" and "{name}"'
            raise ContentError(
                f"documents lists {twice}, the same file; list each file once",
                path,
                _line_of(text, name),
            )
        seen[same] = name

    title = text_field("title")
    version = data.get("version", "1")
    if isinstance(version, bool | dict | list) or not _VERSION.fullmatch(str(version)):
        raise ContentError(
            'version must be short text of letters, digits, dots and dashes, as in  version = "1.2"',
            path,
            key_line(text, "version"),
        )
    date = data.get("date")
    if date is not None and (type(date) is not datetime.date):
        raise ContentError(
            "date must be a day written as  date = 2026-11-22  (no quotes)",
            path,
            key_line(text, "date"),
        )
    contractions = data.get("contractions", "expand")
    if contractions not in ("expand", "keep"):
        raise ContentError(
            'contractions must be "expand" (say "isn\'t" as "is not", the default) or "keep"',
            path,
            key_line(text, "contractions"),
        )
    info = GuideInfo(
        id=_guide_id(text_field("id"), path, text) if "id" in data else (slugify(title) or "guide"),
        title=title,
        subtitle=str(data.get("subtitle", "")).strip(),
        publisher=text_field("publisher"),
        language=text_field("language"),
        version=str(version),
        date=date.isoformat() if date else None,
    )
    return GuideConfig(
        info=info,
        voice=voice,
        pauses_ms=pauses,
        audio=audio,
        documents=tuple(documents),
        opening=text_field("opening"),
        closing=text_field("closing"),
        path=path,
        keep_contractions=contractions == "keep",
    )


def _table(data: dict[str, Any], name: str, path: Path, text: str) -> dict[str, Any]:
    """The table [name] (empty when absent); a ContentError when it is a value, not a table."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ContentError(
            f"{name} must be a table: write [{name}] on a line of its own, its keys below it",
            path,
            key_line(text, name),
        )
    return table


def _document_key(folder: Path, name: str) -> Path:
    """What tells two names of one file apart from two files: the real path where it can be
    found, the name with "." and doubled slashes gone where it cannot."""
    try:
        return (folder / name).resolve()
    except (OSError, RuntimeError):
        return folder / os.path.normpath(name)


def _line_of(text: str, value: str) -> int | None:
    """The first line that mentions value (a file named in a list), for a message to point at."""
    for number, line in enumerate(text.splitlines(), start=1):
        if value in line:
            return number
    return None


def _guide_id(value: str, path: Path, text: str) -> str:
    """The guide's id names its folder, zip and feed guids: a plain name, never a path."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value) or not value.strip("."):
        raise ContentError(
            f'id "{value}" must be a plain name of letters, digits, ".", "-" and "_", '
            'starting with a letter or digit, at most 64 characters (no "/", not "." or ".."); '
            'for example  id = "mbc-guide"',
            path,
            key_line(text, "id"),
        )
    return value
