"""Packages: a published folder and the downloads beside it, against their SHA256SUMS and the
manifest. Every problem is an error finding (exit 1), never a stop: a clinic sees all of them.

What is checked: every file of the folder is in its SHA256SUMS with the right sum, and nothing
else is there; every package is in <id>-<version>.SHA256SUMS with the right sum; the zip holds
exactly the folder's files, byte for byte; every XML file of the folder parses; each format's
package passes its own check (formats.py: the M4B's length and chapters, the EPUB's audio and
the XML of its members).
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path, PurePosixPath

from ..errors import UsageError
from ..findings import Severity
from ..fsio import inside
from ..publish import formats
from ..publish.archive import files_under
from ..publish.packages import Names, names_for
from ..publish.wellformed import XML_ENDINGS, xml_problem
from ..timeline import Timeline, sha256_of
from .report import Report

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
        report.add(_CHECK, Severity.ERROR, "guide", str(error))
        return
    if folder.resolve().name != names.folder:
        report.add(_CHECK, Severity.ERROR, "guide",
                   f"the folder is named {folder.resolve().name}, and its guide is {names.folder}; "
                   "check the folder publish made, under its own name")  # fmt: skip
    listed = _check_sums(folder, SUMS, report)
    _check_nothing_unlisted(folder, listed, report)
    for name in files_under(folder):
        if _is_xml(name, folder / name):
            problem = xml_problem((folder / name).read_bytes())
            if problem is not None:
                report.add(_CHECK, Severity.ERROR, name,
                           f"is not well-formed XML ({problem}); publish again")  # fmt: skip
    out = folder.resolve().parent
    if not (out / names.sums).is_file():
        beside = [n for n in formats.beside_folder(names) if (out / n).exists()]
        if beside:
            report.add(_CHECK, Severity.ERROR, names.sums,
                       f"is missing beside {', '.join(beside)}; publish again")  # fmt: skip
        else:  # the listening package unpacked on its own, as a clinic hands it out
            report.add(_CHECK, Severity.NOTE, "guide",
                       f"the packages are not beside this folder ({names.sums}): the folder alone was checked")  # fmt: skip
        return
    packages = _check_sums(out, names.sums, report)
    for name in _expected(out, names):
        if name not in packages:
            report.add(_CHECK, Severity.ERROR, names.sums, f"does not list {name}; publish again")
    if (out / names.zip).is_file():
        _check_zip(folder, out / names.zip, names, listed, report)
    for form in formats.FORMATS:
        package = form.package(names)
        if form.check is not None and package is not None and (out / package).is_file():
            for problem in form.check(out / package, manifest):
                report.add(_CHECK, Severity.ERROR, PurePosixPath(package).name, problem)


def _expected(out: Path, names: Names) -> list[str]:
    """The packages the SHA256SUMS beside the folder must list: the zip, the folder's own
    SHA256SUMS, and each format's download (one that needs a web address, when it is there)."""
    found = [names.zip, f"{names.folder}/{SUMS}"]
    for form in formats.FORMATS:
        name = form.package(names)
        if name is not None and (not form.needs_base_url or (out / name).is_file()):
            found.append(name)
    return found


def _check_sums(folder: Path, sums: str, report: Report) -> dict[str, str]:
    """Each line of folder/sums: the file is there, inside folder, with that sha256."""
    listed: dict[str, str] = {}
    try:
        lines = (folder / sums).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        report.add(_CHECK, Severity.ERROR, sums, f"cannot be read ({error}); publish again")
        return listed
    for number, line in enumerate(lines, 1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            report.add(_CHECK, Severity.ERROR, sums, f"line {number} is not a sha256sum line")
            continue
        try:
            path = inside(folder, name)
        except UsageError as error:
            report.add(_CHECK, Severity.ERROR, sums, f"line {number}: {error}")
            continue
        listed[name] = digest
        if not path.is_file():
            report.add(_CHECK, Severity.ERROR, name, f"is listed in {sums} but missing")
        elif sha256_of(path) != digest:
            report.add(_CHECK, Severity.ERROR, name, f"differs from its sum in {sums}")
    return listed


def _is_xml(name: str, path: Path) -> bool:
    if name.endswith(XML_ENDINGS):
        return True
    if not name.endswith((".html", ".htm")):
        return False
    with path.open("rb") as f:  # ncc.html is XHTML, and says so first
        return f.read(5) == b"<?xml"


def _check_nothing_unlisted(folder: Path, listed: dict[str, str], report: Report) -> None:
    for name in files_under(folder):
        if name != SUMS and name not in listed:
            report.add(_CHECK, Severity.ERROR, name, f"is in the folder but not in its {SUMS}")


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
                report.add(_CHECK, Severity.ERROR, names.zip, f"lacks {name}, which the folder holds")
            for name in sorted(set(members) - set(expected)):
                report.add(_CHECK, Severity.ERROR, names.zip, f"holds {name}, which the folder lacks")
            for name in sorted(set(expected) & set(members)):
                if hashlib.sha256(archive.read(name)).hexdigest() != expected[name]:
                    report.add(_CHECK, Severity.ERROR, names.zip, f"holds a {name} unlike the folder's")
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        report.add(_CHECK, Severity.ERROR, names.zip, f"is not a readable zip ({error}); publish again")
