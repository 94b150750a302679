"""The HTML pages: index.html (listen in a browser), transcript.html (large print, each sentence
linked to its time, each word marked as the voice says it) and handout.html (print-ready, with a QR
code for the web address). index.html and transcript.html share one player (_player.html and
_player.js, written into each page: a page works alone, offline, from a file or a server).

Templates are Jinja2 with autoescaping on, so the guide's text is escaped by the library.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import PurePosixPath

import jinja2
import segno
from markupsafe import Markup

from ..timeline import SentenceEntry, Timeline, TopicEntry, TrackEntry, WordEntry
from ..wording import duration_words
from .keep import Group, grouped, keep_together
from .marks import topic_of
from .packages import Package


@dataclass(frozen=True)
class Download:
    """A package as the pages offer it: what it is, for whom, how big, and its link."""

    label: str
    file: str  # the name a listener sees when saving it
    size: str
    duration: str
    suits: str
    href: str | None  # None: the feed, without a web address to give

    @classmethod
    def of(cls, package: Package, base_url: str | None) -> Download:
        if package.in_folder:  # the feed: podcast apps need its whole address
            href = None if base_url is None else base_url + PurePosixPath(package.name).name
            file = href or PurePosixPath(package.name).name
        else:
            # The packages sit beside the folder, on the web server as in the output folder.
            href = "../" + package.name
            file = package.name
        return cls(package.label, file, package.size, duration_words(package.duration_ms),
                   package.suits, href)  # fmt: skip


@dataclass(frozen=True)
class TextPart:
    """A run of a sentence's shown text: a word the voice says (with its times), or the text
    between words (spaces, punctuation), which is shown as it is and marks nothing."""

    text: str
    word: WordEntry | None


def text_parts(sentence: SentenceEntry) -> tuple[TextPart, ...]:
    """The sentence's text cut at its words, in order, every character once: joined, the parts'
    texts are the sentence's text. A sentence without word timings is one plain part."""
    parts: list[TextPart] = []
    at = 0
    for word in sentence.words:
        if word.char_start > at:
            parts.append(TextPart(sentence.text[at : word.char_start], None))
        parts.append(TextPart(sentence.text[word.char_start : word.char_end], word))
        at = word.char_end
    if at < len(sentence.text):
        parts.append(TextPart(sentence.text[at:], None))
    return tuple(parts)


def text_groups(sentence: SentenceEntry) -> list[Group]:
    """The sentence's parts, those of a phone number, dose or address grouped to keep on one
    line (keep.py)."""
    return grouped(sentence.text, text_parts(sentence), TextPart)


@functools.cache
def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mbc_audio.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails the publish, not the page
        keep_trailing_newline=True,
    )
    env.globals.update(
        duration_words=duration_words, vtt=vtt_name, text_parts=text_parts, text_groups=text_groups
    )
    env.filters["keep"] = keep_together
    return env


def vtt_name(track_file: str) -> str:
    return PurePosixPath(track_file).with_suffix(".vtt").name


def pairs(timeline: Timeline) -> list[tuple[TrackEntry, TopicEntry]]:
    return [(track, topic_of(timeline, track)) for track in timeline.tracks]


def render(name: str, timeline: Timeline, **extra: object) -> str:
    return (
        templates()
        .get_template(name)
        .render(
            guide=timeline.guide,
            items=pairs(timeline),
            parts=timeline.parts,
            words=any(s.words for s in timeline.sentences),
            **extra,
        )
    )


def player_tracks(timeline: Timeline) -> list[dict[str, str | None]]:
    """What the pages' player script reads (as JSON in the page): each track's file, captions,
    title and notice, in order."""
    return [
        {"file": track.file, "vtt": vtt_name(track.file), "title": topic.title,
         "notice": topic.notice}
        for track, topic in pairs(timeline)
    ]  # fmt: skip


def index_page(timeline: Timeline, downloads: list[Download]) -> str:
    return render(
        "index.html", timeline, tracks=player_tracks(timeline), downloads=downloads, reading=False
    )


def transcript_page(timeline: Timeline) -> str:
    return render("transcript.html", timeline, tracks=player_tracks(timeline), reading=True)


def handout_page(timeline: Timeline, base_url: str | None, downloads: list[Download]) -> str:
    qr = None
    if base_url:
        code = segno.make(base_url + "index.html", error="m")
        # Dark modules on white, whatever the page's colours: phones read it in print and on screen.
        qr = Markup(code.svg_inline(scale=4, border=4, dark="#000", light="#fff"))
    return render("handout.html", timeline, base_url=base_url, qr=qr, downloads=downloads)
