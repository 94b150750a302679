"""ID3v2.4 tags with mutagen: the track's names and its chapters (CHAP frames, one CTOC)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TIT2,
    TLAN,
    TPE1,
    TRCK,
    CTOCFlags,
)

# ISO 639-2 codes for the languages a guide is likely to be in; TLAN wants three letters.
_ISO639_2 = {"en": "eng", "es": "spa", "fr": "fra", "de": "deu", "pt": "por", "it": "ita",
             "zh": "zho", "ar": "ara", "ru": "rus", "ja": "jpn", "ko": "kor", "vi": "vie"}  # fmt: skip


@dataclass(frozen=True)
class Chapter:
    id: str  # ASCII, unique within the file
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class TrackTags:
    title: str
    album: str
    artist: str
    track: int
    tracks: int
    language: str  # BCP 47, such as en-US
    comment: str
    chapters: tuple[Chapter, ...]


def language_code(bcp47: str) -> str:
    return _ISO639_2.get(bcp47.split("-")[0].lower(), "und")


def write_tags(path: Path, tags: TrackTags) -> None:
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TRCK(encoding=3, text=f"{tags.track}/{tags.tracks}"))
    id3.add(TCON(encoding=3, text="Speech"))
    id3.add(TLAN(encoding=3, text=language_code(tags.language)))
    id3.add(COMM(encoding=3, lang=language_code(tags.language), desc="", text=tags.comment))
    for chapter in tags.chapters:
        id3.add(
            CHAP(
                element_id=chapter.id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=[TIT2(encoding=3, text=chapter.title)],
            )
        )
    id3.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=[c.id for c in tags.chapters],
            sub_frames=[TIT2(encoding=3, text=tags.title)],
        )
    )
    id3.save(str(path), v2_version=4)
