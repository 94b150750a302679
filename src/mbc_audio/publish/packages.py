"""The downloads a publish makes, one for each kind of listener, and where each one lives.

In the output folder (--out), beside the guide's folder:

    <id>/                   the listening package unpacked: what a web server serves
    <id>-<version>.zip      the listening package (the folder above, zipped)
    <id>-<version>.m4b      the audiobook
    <id>-<version>.epub     the reading-app book
    <id>-<version>.SHA256SUMS   the packages above and the feed, for `sha256sum -c`

The feed for podcast apps is <id>/feed.xml: it points at the topic MP3s in the same folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..fsio import is_plain_name

LISTENING = "listening"
AUDIOBOOK = "audiobook"
READING = "reading"
FEED = "feed"
KINDS = (LISTENING, AUDIOBOOK, READING, FEED)

LABELS = {
    LISTENING: "Listening package",
    AUDIOBOOK: "Audiobook",
    READING: "Reading-app book",
    FEED: "Podcast feed",
}
# Which download suits which device: said on the handout and the web page.
SUITS = {
    LISTENING: "for a computer, a USB stick, a music player or a DAISY player: every topic as an "
    "MP3 file, with the playlist, the web page, the transcript, captions, the handout and the "
    "DAISY talking book (its ncc.html)",
    AUDIOBOOK: "for audiobook apps on a phone or tablet (Apple Books, BookPlayer, Smart AudioBook "
    "Player, VLC): the whole guide as one file with a chapter for every topic and section",
    READING: "for reading apps (Thorium Reader, Dolphin EasyReader, Voice Dream Reader): the text "
    "of the guide, each sentence highlighted as the voice reads it",
    FEED: "for podcast apps (Apple Podcasts, AntennaPod, Pocket Casts): add this address as a "
    "show; each topic is an episode, with chapters and a transcript",
}
FEED_FILE = "feed.xml"


@dataclass(frozen=True)
class Package:
    kind: str  # one of KINDS
    name: str  # POSIX path from the output folder: "guide-1.zip", "guide/feed.xml"
    bytes: int
    duration_ms: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def suits(self) -> str:
        return SUITS[self.kind]

    @property
    def size(self) -> str:
        return human_size(self.bytes)


@dataclass(frozen=True)
class Names:
    """Every package's name for one guide and version."""

    folder: str
    zip: str
    m4b: str
    epub: str
    sums: str

    @property
    def feed(self) -> str:
        return f"{self.folder}/{FEED_FILE}"

    def of(self, kind: str) -> str:
        return {LISTENING: self.zip, AUDIOBOOK: self.m4b, READING: self.epub, FEED: self.feed}[kind]


def names_for(guide_id: str, version: str) -> Names:
    stem = f"{plain(guide_id, 'guide id')}-{plain(version, 'guide version')}"
    return Names(guide_id, f"{stem}.zip", f"{stem}.m4b", f"{stem}.epub", f"{stem}.SHA256SUMS")


def plain(name: str, what: str) -> str:
    """name, when it is one plain file name (the manifest's rule: letters, digits, ".", "-",
    "_", not dots alone); else a UsageError."""
    if not is_plain_name(name):
        raise UsageError(f'the {what} "{name}" is not a plain file name; rebuild the guide')
    return name



def human_size(count: int) -> str:
    """A size as people read it: "850 KB", "12.3 MB", "1.2 GB" (decimal units, as file managers
    on phones and the web show them)."""
    if count < 1_000_000:
        return f"{max(1, round(count / 1000))} KB"
    if count < 1_000_000_000:
        return f"{count / 1e6:.1f} MB"
    return f"{count / 1e9:.1f} GB"
