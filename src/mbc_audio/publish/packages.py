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

FEED_FILE = "feed.xml"


@dataclass(frozen=True)
class Offer:
    """A download as the pages and the handout offer it: what it is and which device it suits."""

    label: str
    suits: str


# The folder zipped, made by publish itself; every other download is a format (formats.py).
LISTENING = Offer(
    "Listening package",
    "for a computer, a USB stick, a music player or a DAISY player: every topic as an "
    "MP3 file, with the playlist, the web page, the transcript, captions, the handout and the "
    "DAISY talking book (its ncc.html)",
)


@dataclass(frozen=True)
class Package:
    offer: Offer
    name: str  # POSIX path from the output folder: "guide-1.zip", "guide/feed.xml"
    bytes: int
    duration_ms: int

    @property
    def label(self) -> str:
        return self.offer.label

    @property
    def suits(self) -> str:
        return self.offer.suits

    @property
    def size(self) -> str:
        return human_size(self.bytes)

    @property
    def in_folder(self) -> bool:
        """Whether it is a file of the guide's folder (the feed), not a package beside it."""
        return "/" in self.name


@dataclass(frozen=True)
class Names:
    """Every package's name for one guide and version."""

    folder: str
    stem: str  # "<id>-<version>": each package beside the folder is the stem and its suffix

    def beside(self, suffix: str) -> str:
        return self.stem + suffix

    @property
    def zip(self) -> str:
        return self.beside(".zip")

    @property
    def sums(self) -> str:
        return self.beside(".SHA256SUMS")

    @property
    def m4b(self) -> str:
        return self.beside(".m4b")

    @property
    def epub(self) -> str:
        return self.beside(".epub")

    @property
    def feed(self) -> str:
        return f"{self.folder}/{FEED_FILE}"


def names_for(guide_id: str, version: str) -> Names:
    return Names(guide_id, f"{plain(guide_id, 'guide id')}-{plain(version, 'guide version')}")


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
