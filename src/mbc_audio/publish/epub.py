"""An EPUB 3 with Media Overlays: the text of every sentence, highlighted while its audio plays,
for reading apps (Thorium Reader, Dolphin EasyReader, Voice Dream).

One XHTML document and one SMIL overlay a track; the overlay has a clip for the topic's title,
each section heading and each sentence, at the times the timeline gives.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..fsio import inside
from ..speech.pls import FILE as PLS_FILE
from ..speech.pls import pls_document
from ..timeline import SectionEntry, Timeline, TopicEntry, TrackEntry
from .archive import write_zip
from .format import Format, Made
from .marks import clock, release_day, topic_label, topic_of
from .packages import Offer
from .pages import templates
from .wellformed import XML_ENDINGS, xml_problem

# A fixed namespace, so a guide's identifier is the same in every edition's EPUB.
_UUID_NAMESPACE = uuid.UUID("5b0e8c8e-6a43-4c4e-9a6c-2f0d1f6a9b31")


@dataclass(frozen=True)
class Clip:
    id: str  # the element in the XHTML document
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class EpubChapter:
    number: int
    topic: TopicEntry
    track: TrackEntry
    text: str  # paths inside EPUB/
    overlay: str
    audio: str
    clips: tuple[Clip, ...]
    label: str  # the topic's title as the contents list it (marks.topic_label)

    @property
    def text_id(self) -> str:
        return f"text-{self.number}"

    @property
    def overlay_id(self) -> str:
        return f"overlay-{self.number}"

    @property
    def audio_id(self) -> str:
        return f"audio-{self.number}"

    @property
    def title_id(self) -> str:
        return f"title-{self.number}"

    @property
    def sections(self) -> list[SectionEntry]:
        return [s for s in self.topic.sections if s.title]

    @property
    def duration(self) -> str:
        return clock(self.track.duration_ms)


def chapter(timeline: Timeline, track: TrackEntry) -> EpubChapter:
    topic = topic_of(timeline, track)
    stem = track.file.rsplit(".", 1)[0]
    clips = [Clip(f"title-{track.number}", topic.title_start_ms, topic.title_end_ms)]
    for section in topic.sections:
        body = [s for p in section.paragraphs for s in p.sentences]
        if section.title and body and section.start_ms < body[0].start_ms:
            clips.append(Clip(section.id, section.start_ms, body[0].start_ms))
        clips += [Clip(s.id, s.start_ms, s.end_ms) for s in body]
    return EpubChapter(
        track.number, topic, track, f"text/{stem}.xhtml", f"smil/{stem}.smil",
        f"audio/{track.file}", tuple(clips), topic_label(timeline, topic),
    )  # fmt: skip


def write_epub(timeline: Timeline, source: Path, path: Path, day: datetime.date) -> None:
    """The EPUB from the timeline and the tracks in source, written atomically to path. The
    guide's pronunciation lexicon, when it has one, goes in as a PLS manifest item linked from
    the head of every XHTML document (the contents too), for reading systems that voice text."""
    guide = timeline.guide
    chapters = [chapter(timeline, track) for track in timeline.tracks]
    build = timeline.build
    lexicon = build.lexicon
    # The pronunciation lexicon, linked from every chapter, for reading systems that voice text.
    pls = PLS_FILE if lexicon.terms or lexicon.terms_any_case or lexicon.phonemes else None
    page = {"guide": guide, "chapters": chapters, "pls": pls}
    package = templates().get_template("epub-package.opf").render(
        **page,
        identifier=f"urn:uuid:{uuid.uuid5(_UUID_NAMESPACE, guide.id)}",
        date=day.isoformat(),
        total=clock(sum(c.track.duration_ms for c in chapters)),
        narrator=f"{build.engine} synthetic voice {build.voice}",
    )  # fmt: skip
    entries: list[tuple[str, Path | bytes]] = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", _text("epub-container.xml")),
        ("EPUB/package.opf", package.encode()),
        ("EPUB/nav.xhtml", _text("epub-nav.xhtml", **page)),
        ("EPUB/style.css", _text("epub-style.css")),
    ]
    for c in chapters:
        entries += [
            (f"EPUB/{c.text}", _text("epub-chapter.xhtml", **page, c=c)),
            (f"EPUB/{c.overlay}", _text("epub-overlay.smil", c=c)),
            (f"EPUB/{c.audio}", inside(source, c.track.file)),
        ]
    if pls:
        entries.append((f"EPUB/{pls}", pls_document(lexicon, guide.language)))
    write_zip(path, entries, day)


def _text(name: str, **values: object) -> bytes:
    return templates().get_template(name).render(**values).encode()


SUFFIX = ".epub"


def _write(made: Made) -> tuple[str, ...]:
    write_epub(made.timeline, made.site, made.beside(SUFFIX), release_day(made.timeline))
    return (made.names.beside(SUFFIX),)


def problems(path: Path, manifest: Timeline) -> list[str]:
    """What is wrong with a published EPUB: unreadable, its audio is not every track as the
    manifest records it, or a member a reading app parses as XML (the package, the nav, the
    pages, the overlays) is not well-formed."""
    found = []
    try:
        with zipfile.ZipFile(path) as book:
            held = set(book.namelist())
            for track in manifest.tracks:
                member = f"EPUB/audio/{track.file}"
                if member not in held:
                    found.append(f"lacks the audio of {track.file}")
                elif hashlib.sha256(book.read(member)).hexdigest() != track.sha256:
                    found.append(f"holds audio for {track.file} unlike the manifest's")
            for member in sorted(held):
                problem = xml_problem(book.read(member)) if member.endswith(XML_ENDINGS) else None
                if problem is not None:
                    found.append(f"holds {member}, which is not well-formed XML ({problem}); "
                                 "publish again")  # fmt: skip
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        found.append(f"is not a readable EPUB ({error}); publish again")
    return found


FORMAT = Format(
    "the reading-app book",
    _write,
    suffix=SUFFIX,
    offer=Offer(
        "Reading-app book",
        "for reading apps (Thorium Reader, Dolphin EasyReader, Voice Dream Reader): the text "
        "of the guide, each sentence highlighted as the voice reads it",
    ),
    check=problems,
)
