"""Packages: a published folder and the downloads beside it, against their SHA256SUMS and the
manifest. Every problem is an error finding (exit 1), never a stop: a clinic sees all of them.

What is checked: every file of the folder is in its SHA256SUMS with the right sum, and nothing
else is there; every package is in <id>-<version>.SHA256SUMS with the right sum; the zip holds
exactly the folder's files, byte for byte; the M4B's length and chapters and the EPUB's audio
are the manifest's.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from mutagen import MutagenError
from mutagen.mp4 import MP4

from ..errors import UsageError
from ..folders import inside
from ..publish.archive import files_under
from ..publish.marks import guide_marks
from ..publish.packages import FEED_FILE, Names, names_for
from ..timeline import Timeline, sha256_of
from .report import Report
from .structure import DURATION_SLACK_MS

SUMS = "SHA256SUMS"
_CHECK = "packages"


def is_published(folder: Path) -> bool:
    """A folder publish wrote (a built guide has no SHA256SUMS)."""
    return (folder / SUMS).is_file()


def check_packages(folder: Path, manifest: Timeline, report: Report) -> None:
    guide = manifest.guide
    try:
        names = names_for(guide.id, guide.version)
    except UsageError as error:
        report.add(_CHECK, "error", "guide", str(error))
        return
    if folder.resolve().name != names.folder:
        report.add(_CHECK, "error", "guide",
                   f"the folder is named {folder.resolve().name}, and its guide is {names.folder}; "
                   "check the folder publish made, under its own name")  # fmt: skip
    listed = _check_sums(folder, SUMS, report)
    _check_nothing_unlisted(folder, listed, report)
    for name in files_under(folder):
        if _is_xml(name, folder / name):
            problem = xml_problem((folder / name).read_bytes())
            if problem is not None:
                report.add(_CHECK, "error", name, f"is not well-formed XML ({problem}); publish again")
    out = folder.resolve().parent
    if not (out / names.sums).is_file():
        beside = [n for n in (names.zip, names.m4b, names.epub) if (out / n).exists()]
        if beside:
            report.add(_CHECK, "error", names.sums,
                       f"is missing beside {', '.join(beside)}; publish again")  # fmt: skip
        else:  # the listening package unpacked on its own, as a clinic hands it out
            report.add(_CHECK, "note", "guide",
                       f"the packages are not beside this folder ({names.sums}): the folder alone was checked")  # fmt: skip
        return
    packages = _check_sums(out, names.sums, report)
    for name in _expected(folder, names):
        if name not in packages:
            report.add(_CHECK, "error", names.sums, f"does not list {name}; publish again")
    if (out / names.zip).is_file():
        _check_zip(folder, out / names.zip, names, listed, report)
    if (out / names.m4b).is_file():
        _check_m4b(out / names.m4b, manifest, report)
    if (out / names.epub).is_file():
        _check_epub(out / names.epub, manifest, report)


# What a reading system parses as XML: one malformed file (a control character in a title) and
# the DAISY player, the EPUB reader or the podcast app shows nothing.
_XML_ENDINGS = (".xml", ".smil", ".opf", ".ncx", ".xhtml")


def _is_xml(name: str, path: Path) -> bool:
    if name.endswith(_XML_ENDINGS):
        return True
    if not name.endswith((".html", ".htm")):
        return False
    with path.open("rb") as f:  # ncc.html is XHTML, and says so first
        return f.read(5) == b"<?xml"


def xml_problem(data: bytes) -> str | None:
    """Why data is not well-formed XML, or None. Python's expat refuses entity expansion
    attacks, and no external entity or DTD is fetched."""
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return str(error)
    return None


def _expected(folder: Path, names: Names) -> list[str]:
    found = [names.zip, names.m4b, names.epub, f"{names.folder}/{SUMS}"]
    return found + ([names.feed] if (folder / FEED_FILE).is_file() else [])


def _check_sums(folder: Path, sums: str, report: Report) -> dict[str, str]:
    """Each line of folder/sums: the file is there, inside folder, with that sha256."""
    listed: dict[str, str] = {}
    try:
        lines = (folder / sums).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        report.add(_CHECK, "error", sums, f"cannot be read ({error}); publish again")
        return listed
    for number, line in enumerate(lines, 1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            report.add(_CHECK, "error", sums, f"line {number} is not a sha256sum line")
            continue
        try:
            path = inside(folder, name)
        except UsageError as error:
            report.add(_CHECK, "error", sums, f"line {number}: {error}")
            continue
        listed[name] = digest
        if not path.is_file():
            report.add(_CHECK, "error", name, f"is listed in {sums} but missing")
        elif sha256_of(path) != digest:
            report.add(_CHECK, "error", name, f"differs from its sum in {sums}")
    return listed


def _check_nothing_unlisted(folder: Path, listed: dict[str, str], report: Report) -> None:
    for name in files_under(folder):
        if name != SUMS and name not in listed:
            report.add(_CHECK, "error", name, f"is in the folder but not in its {SUMS}")


def _check_zip(
    folder: Path, path: Path, names: Names, listed: dict[str, str], report: Report
) -> None:
    """The listening package holds the folder's files, each with the folder's bytes."""
    expected = {f"{names.folder}/{n}": d for n, d in listed.items()}
    expected[f"{names.folder}/{SUMS}"] = sha256_of(folder / SUMS)
    try:
        with zipfile.ZipFile(path) as archive:
            members = {i.filename: i for i in archive.infolist() if not i.is_dir()}
            for name in sorted(set(expected) - set(members)):
                report.add(_CHECK, "error", names.zip, f"lacks {name}, which the folder holds")
            for name in sorted(set(members) - set(expected)):
                report.add(_CHECK, "error", names.zip, f"holds {name}, which the folder lacks")
            for name in sorted(set(expected) & set(members)):
                if hashlib.sha256(archive.read(name)).hexdigest() != expected[name]:
                    report.add(_CHECK, "error", names.zip, f"holds a {name} unlike the folder's")
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        report.add(_CHECK, "error", names.zip, f"is not a readable zip ({error}); publish again")


def _check_m4b(path: Path, manifest: Timeline, report: Report) -> None:
    try:
        book = MP4(path)
    except (MutagenError, OSError) as error:
        report.add(_CHECK, "error", path.name, f"is not a readable M4B ({error}); publish again")
        return
    if book.info is None:
        report.add(_CHECK, "error", path.name, "holds no audio stream; publish again")
        return
    length_ms = round(book.info.length * 1000)
    if abs(length_ms - manifest.guide.duration_ms) > DURATION_SLACK_MS:
        report.add(_CHECK, "error", path.name,
                   f"lasts {length_ms} ms, and the manifest's guide {manifest.guide.duration_ms} ms")  # fmt: skip
    titles = [c.title for c in book.chapters or []]
    if titles != [m.title for m in guide_marks(manifest)]:
        report.add(_CHECK, "error", path.name, "has chapters other than the manifest's")


def _check_epub(path: Path, manifest: Timeline, report: Report) -> None:
    """The EPUB holds every track's audio as the manifest records it."""
    try:
        with zipfile.ZipFile(path) as book:
            held = set(book.namelist())
            for track in manifest.tracks:
                member = f"EPUB/audio/{track.file}"
                if member not in held:
                    report.add(_CHECK, "error", path.name, f"lacks the audio of {track.file}")
                elif hashlib.sha256(book.read(member)).hexdigest() != track.sha256:
                    report.add(_CHECK, "error", path.name,
                               f"holds audio for {track.file} unlike the manifest's")  # fmt: skip
            for member in sorted(held):
                if member.endswith(_XML_ENDINGS):
                    problem = xml_problem(book.read(member))
                    if problem is not None:
                        report.add(_CHECK, "error", path.name,
                                   f"holds {member}, which is not well-formed XML ({problem}); "
                                   "publish again")  # fmt: skip
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        report.add(_CHECK, "error", path.name, f"is not a readable EPUB ({error}); publish again")
