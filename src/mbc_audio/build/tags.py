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
from mutagen.id3._tags import save_frame

from ..timeline import ChapterEntry

# ISO 639-2 codes for the languages a guide is likely to be in; TLAN wants three letters.
_ISO639_2 = {"en": "eng", "es": "spa", "fr": "fra", "de": "deu", "pt": "por", "it": "ita",
             "zh": "zho", "ar": "ara", "ru": "rus", "ja": "jpn", "ko": "kor", "vi": "vie"}  # fmt: skip


@dataclass(frozen=True)
class TrackTags:
    title: str
    album: str
    artist: str
    track: int
    tracks: int
    language: str  # BCP 47, such as en-US
    comment: str
    chapters: tuple[ChapterEntry, ...]  # in time order; ids sort in the same order


def language_code(bcp47: str) -> str:
    return _ISO639_2.get(bcp47.split("-")[0].lower(), "und")


class _InOrder(ID3):
    """ID3 that writes frames in the order they were added. mutagen sorts frames by size, which
    puts CHAP frames out of time order in the file, and players that read them one after
    another (ffprobe, VLC) then list chapters shuffled. mutagen has no public way to choose
    the order; test_build checks the result with ffprobe."""

    def _write(self, config: object) -> bytearray:
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def write_tags(path: Path, tags: TrackTags) -> None:
    id3 = _InOrder()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TRCK(encoding=3, text=f"{tags.track}/{tags.tracks}"))
    id3.add(TCON(encoding=3, text="Speech"))
    id3.add(TLAN(encoding=3, text=language_code(tags.language)))
    id3.add(COMM(encoding=3, lang=language_code(tags.language), desc="", text=tags.comment))
    for chapter in sorted(tags.chapters, key=lambda c: c.start_ms):
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
