"""manifest.json: the timeline written and read, its schema versioned, every value type-checked.

Reading is strict, because a manifest may come from anywhere (a zip from a clinic's web page): a
time that is a string, a file name that leads out of its folder or a missing title is one
ManifestError naming the field, never a traceback later in the player or publish.

An entry is written as its compared fields: a field with compare=False is worked out from the
others (a lexicon's patterns) or belongs to where the value was made (lint's reviewed words). A
table (dict) is written as its [key, value] pairs, sorted.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ContentFileError, ManifestError
from ..fsio import is_plain_name, read_capped, write_text_atomic
from ..fsio import sha256_of as sha256_of
from ..spokentext import PhonemeSpan, SpokenText, from_json
from ..spokentext import to_json as spoken_json
from .entries import ChapterEntry, SentenceEntry, Timeline

MANIFEST = "manifest.json"
SCHEMA = "mbc-audio-manifest"
# 2: typed guide, build and levels; chapters with levels; titles' times. Sentences' words
# were added later as an optional field, which readers of version 2 without it ignore.
# 3: spoken text (a sentence's spoken, a title's spoken_title) is its plain words, or, where the
# lexicon gives some of them phonemes, {"text": words, "phonemes": [{"start", "end", "ipa"}]}
# (spokentext.to_json). Version 2 is read too: its spoken text is words alone, or, in a guide
# built with [phonemes], words with "⟦word|IPA⟧" markup, read as the words and their spans.
# The player opens such a guide as it was handed out, without a rebuild.
VERSION = 3
READABLE = (2, 3)
# A manifest carries every sentence's words and times: about 300 bytes a sentence, so this is
# room for millions of them, and a file larger than it is not one mbc-audio wrote.
MAX_MANIFEST_BYTES = 1 << 30

T = TypeVar("T")


def to_json(timeline: Timeline) -> str:
    """Compact JSON (a guide's words make it large, and json's fast encoder writes no
    indentation); `python3 -m json.tool manifest.json` shows it indented."""
    data = {"schema": SCHEMA, "version": VERSION, **_fields_of(timeline)}
    # json's C encoder walks the tuples and leaves; it calls back only for each entry.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_fields_of) + "\n"


def _fields_of(value: Any) -> dict[str, Any]:
    """An entry as a JSON object: dataclasses.asdict without its deep copy of every leaf."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        raise TypeError(f"{type(value).__name__} is not an entry of the timeline")
    names, tables = _names(type(value))
    made = {name: getattr(value, name) for name in names}
    for name in tables:
        made[name] = sorted(made[name].items())
    for name in _spoken_fields(type(value)):
        made[name] = spoken_json(made[name]) if made[name] is not None else None
    return made


@functools.cache
def _names(kind: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields written, and those of them that are tables."""
    fields = _fields(kind)
    return (tuple(name for name, _, _ in fields),
            tuple(name for name, hint, _ in fields if typing.get_origin(hint) is dict))  # fmt: skip


@functools.cache
def _spoken_fields(kind: type) -> tuple[str, ...]:
    """The fields of spoken text, written with their phonemes (json writes a str as its words)."""
    return tuple(name for name, hint, _ in _fields(kind) if _is_spoken(hint))


def _is_spoken(hint: Any) -> bool:
    return hint is SpokenText or SpokenText in typing.get_args(hint)


def save(timeline: Timeline, folder: Path) -> None:
    write_text_atomic(folder / MANIFEST, to_json(timeline))


def load(folder: Path, check_files: bool = False) -> Timeline:
    """Read and validate a guide's manifest.json; with check_files, also every track's sha256,
    and that it is an MP3."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        raise ManifestError("not found; build the guide first with: mbc-audio build", path)
    try:
        raw = read_capped(path, "manifest", MAX_MANIFEST_BYTES)
    except ContentFileError as e:  # a pipe, a device, a folder, too large: one line
        raise ManifestError(f"{e.message}; build the guide again", path) from None
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ManifestError(f"cannot be read ({_short(e)}); build the guide again", path) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ManifestError("is not an mbc-audio manifest", path)
    if data.get("version") not in READABLE:
        raise ManifestError(
            f"is of version {data.get('version')!r}, made by another mbc-audio; this one reads "
            f"versions {READABLE[0]} to {VERSION}: build the guide again with: mbc-audio build",
            path,
        )
    body = {k: v for k, v in data.items() if k not in ("schema", "version")}
    if data["version"] == 2 and "⟦" in raw.decode("utf-8"):
        body = _unmarked(body)
    try:
        timeline: Timeline = _reader(Timeline)(body)
    except _Bad:  # read it again, slowly, to name the field that is wrong
        try:
            decode(Timeline, body, "manifest")
        except _Bad as e:
            raise ManifestError(f"is damaged: {e}; build the guide again", path) from None
        raise ManifestError("is damaged; build the guide again", path) from None
    problem = validate(timeline)
    if problem:
        raise ManifestError(f"{problem}; build the guide again", path)
    if check_files:
        for track in timeline.tracks:
            audio = folder / track.file
            if not audio.is_file():
                raise ManifestError(f"names {track.file}, which is missing", path)
            if sha256_of(audio) != track.sha256:
                raise ManifestError(f"{track.file} has changed since the build (sha256 differs)", path)
            if not _is_mp3(audio):  # a picture or a text named as a track, and its sum with it
                raise ManifestError(
                    f"{track.file} is not an MP3 (no MPEG audio in it); build the guide again", path
                )
    return timeline


# Version 2's markup for a word said from phonemes, in the spoken text.
_MARKED = re.compile(r"⟦([^|⟧]+)\|([^⟧]+)⟧")


def _unmarked(value: Any) -> Any:
    """Version 2's spoken fields with "⟦word|IPA⟧" markup as version 3 writes them."""
    if isinstance(value, list):
        return [_unmarked(v) for v in value]
    if not isinstance(value, dict):
        return value
    made = {}
    for key, item in value.items():
        if key in ("spoken", "spoken_title") and isinstance(item, str) and "⟦" in item:
            made[key] = spoken_json(_from_marked(item))
        else:
            made[key] = _unmarked(item)
    return made


def _from_marked(text: str) -> SpokenText:
    words, spans = "", []
    at = 0
    for m in _MARKED.finditer(text):
        words += text[at : m.start()]
        spans.append(PhonemeSpan(len(words), len(words) + len(m[1]), m[2]))
        words += m[1]
        at = m.end()
    try:
        return SpokenText(words + text[at:], spans)
    except ValueError:  # not markup this version wrote: read as words
        return SpokenText(text)


def _is_mp3(path: Path) -> bool:
    """Whether the file holds MPEG audio mutagen can read (its first frames, not all of it)."""
    # Imported here: a build that finds its guide up to date loads the manifest, not mutagen.
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(path).info
        return info is not None and info.length > 0
    except (MutagenError, OSError):
        return False


def validate(timeline: Timeline) -> str | None:
    """The first way the timeline breaks its own rules, or None."""
    names = [timeline.guide.id, *(t.file for t in timeline.tracks)]
    bad = next((n for n in names if not is_plain_name(n)), None)
    if bad is not None:
        return f"the name {bad!r} is not a plain file name"
    if not timeline.tracks:
        return "it lists no tracks"
    durations = {t.file: t.duration_ms for t in timeline.tracks}
    if len(durations) != len(timeline.tracks):
        return "a track file is listed twice"
    topic_ids = {t.id for t in timeline.topics}
    for track in timeline.tracks:
        if track.duration_ms <= 0 or track.topic_id not in topic_ids:
            return f"{track.file}: no topic or no length"
        problem = _chapter_problem(track.chapters, track.duration_ms)
        if problem:
            return f"{track.file}: {problem}"
    ids: set[str] = set()
    for topic in timeline.topics:
        if topic.file not in durations:
            return f"topic {topic.id} names {topic.file}, which is not a track"
        previous_end = 0
        for sentence in topic.sentences:
            if sentence.id in ids:
                return f"sentence {sentence.id} appears twice"
            ids.add(sentence.id)
            if sentence.file != topic.file or not (
                previous_end <= sentence.start_ms < sentence.end_ms <= durations[topic.file]
            ):
                return f"sentence {sentence.id} has times out of order"
            previous_end = sentence.end_ms
            problem = _words_problem(sentence)
            if problem:
                return f"sentence {sentence.id}: {problem}"
    return None


def _words_problem(sentence: SentenceEntry) -> str | None:
    """Words lie inside their sentence, in order and without overlapping, in text and in time."""
    char_end, time_end = 0, sentence.start_ms
    for word in sentence.words:
        if not char_end <= word.char_start < word.char_end <= len(sentence.text):
            return f"the word {word.text!r} is not where the text has it"
        if sentence.text[word.char_start : word.char_end] != word.text:
            return f"the word {word.text!r} is not the text at {word.char_start}"
        if not time_end <= word.start_ms <= word.end_ms <= sentence.end_ms:
            return f"the word {word.text!r} has times out of order"
        char_end, time_end = word.char_end, word.end_ms
    return None


def _chapter_problem(chapters: tuple[ChapterEntry, ...], duration_ms: int) -> str | None:
    if not chapters or chapters[0].start_ms != 0 or chapters[-1].end_ms != duration_ms:
        return "chapters do not run from 0 to the track's end"
    for before, after in zip(chapters, chapters[1:], strict=False):
        if before.end_ms != after.start_ms or after.start_ms <= before.start_ms:
            return f"chapters {before.id} and {after.id} are not back to back"
    return None


# --- typed decoding --------------------------------------------------------------------------
class _Bad(ValueError):
    pass


def _no_constant(name: str) -> float:
    """Infinity stands for a level below what can be measured; NaN is never a value here."""
    if name == "NaN":
        raise ValueError("NaN is not a number")
    return float(name.replace("Infinity", "inf"))


def _short(e: BaseException) -> str:
    return f"{type(e).__name__}: {str(e)[:120]}"


def decode(kind: Any, value: Any, where: str) -> Any:
    """value, read from JSON, as the type kind (a dataclass, tuple[X, ...], X | None, int, ...),
    or _Bad naming where it is wrong. bool is not an int and a string is never a number here."""
    origin = typing.get_origin(kind)
    if kind is SpokenText:
        try:
            return from_json(value)
        except ValueError as e:
            raise _Bad(f"{where}: {e}") from None
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _decode_dataclass(kind, value, where)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        (inner,) = [o for o in options if o is not type(None)]
        return decode(inner, value, where)
    if origin is dict:
        key, item = typing.get_args(kind)
        if not _is_pairs(value):
            raise _Bad(f"{where} should be a list of [key, value] pairs")
        return {decode(key, k, f"{where}[{n}][0]"): decode(item, v, f"{where}[{n}][1]")
                for n, (k, v) in enumerate(value)}  # fmt: skip
    if origin is tuple:
        args = typing.get_args(kind)
        if not isinstance(value, list):
            raise _Bad(f"{where} should be a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v, f"{where}[{n}]") for n, v in enumerate(value))
        if len(args) != len(value):
            raise _Bad(f"{where} should have {len(args)} items")
        return tuple(decode(a, v, f"{where}[{n}]") for n, (a, v) in enumerate(zip(args, value, strict=True)))
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise _Bad(f"{where} should be a number")
        return float(value)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _Bad(f"{where} should be a whole number")
    if kind is str and not isinstance(value, str):
        raise _Bad(f"{where} should be text")
    if kind is bool and not isinstance(value, bool):
        raise _Bad(f"{where} should be true or false")
    return value


Reader = Callable[[Any], Any]


@functools.cache
def _reader(kind: Any) -> Reader:
    """decode(kind, ...) made once per type into nested functions: a guide's manifest holds
    tens of thousands of values. It raises _Bad without saying where; decode() then does."""
    origin = typing.get_origin(kind)
    if kind is SpokenText:

        def read_spoken(value: Any) -> SpokenText:
            try:
                return from_json(value)
            except ValueError:
                raise _Bad() from None

        return read_spoken
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        fields = tuple((name, _reader(hint), required) for name, hint, required in _fields(kind))

        def read_object(value: Any) -> Any:
            if not isinstance(value, dict):
                raise _Bad()
            made = {}
            for name, read, required in fields:
                if name in value:
                    made[name] = read(value[name])
                elif required:
                    raise _Bad()
            return kind(**made)

        return read_object
    if origin in (types.UnionType, typing.Union):
        (inner,) = [o for o in typing.get_args(kind) if o is not type(None)]
        read_inner = _reader(inner)
        return lambda value: None if value is None else read_inner(value)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            read_item = _reader(args[0])

            def read_list(value: Any) -> Any:
                if not isinstance(value, list):
                    raise _Bad()
                return tuple(read_item(v) for v in value)

            return read_list
    if origin is dict:
        read_key, read_value = (_reader(a) for a in typing.get_args(kind))

        def read_table(value: Any) -> Any:
            if not _is_pairs(value):
                raise _Bad()
            return {read_key(k): read_value(v) for k, v in value}

        return read_table
    if kind is str or kind is int:

        def read_exactly(value: Any) -> Any:
            if type(value) is not kind:  # bool is not an int here
                raise _Bad()
            return value

        return read_exactly
    return lambda value: decode(kind, value, "")  # numbers, true or false, fixed-size lists


def _decode_dataclass(kind: type[T], value: Any, where: str) -> T:
    if not isinstance(value, dict):
        raise _Bad(f"{where} should be an object")
    made = {}
    for name, hint, required in _fields(typing.cast(Any, kind)):
        if name in value:
            made[name] = decode(hint, value[name], f"{where}.{name}")
        elif required:
            raise _Bad(f"{where} has no {name}")
    return kind(**made)


def _is_pairs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 for p in value)


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, Any, bool], ...]:
    """Each recorded field's name, type and whether it must be given: worked out once per
    class. A field that is not compared is not recorded (see above)."""
    hints = typing.get_type_hints(kind)
    return tuple(
        (f.name, hints[f.name],
         f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(kind) if f.compare
    )  # fmt: skip
