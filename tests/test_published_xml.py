"""Control characters never reach XML: a heading or title holding them publishes well-formed
XML everywhere, and `check` parses every XML file a published folder and its EPUB hold."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from mbc_audio import timeline as tl
from mbc_audio.build import BuildOptions, build
from mbc_audio.check.packages import check_packages
from mbc_audio.check.report import Report
from mbc_audio.cli import cli
from mbc_audio.publish.run import publish

from .conftest import GUIDE_TOML, ContentFolder

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
]
XML_ENDINGS = (".xml", ".smil", ".opf", ".ncx", ".xhtml", ".pls")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xml")
    content = ContentFolder(root / "content")
    content.write("guide.toml", GUIDE_TOML.replace('"Test guide"', '"Test\\u0007 guide\\u001b"'))
    content.leaflet("## Only\x07 section\x1b\n\nIt has \u202ea word\u202c here.\n")
    folder = build(BuildOptions(content.root, root / "dist", "system", None, 2, root / "cache")).folder
    return publish(folder, root / "out", "https://clinic.example.org/g/", lambda line: None).folder


def test_every_xml_file_published_is_well_formed(published: Path) -> None:
    parsed = 0
    for path in published.rglob("*"):
        if path.suffix in XML_ENDINGS or path.name == "ncc.html":
            ElementTree.fromstring(path.read_bytes())
            parsed += 1
    epub = next(published.parent.glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        for name in book.namelist():
            if name.endswith(XML_ENDINGS):
                ElementTree.fromstring(book.read(name))
                parsed += 1
    assert parsed >= 6  # ncc.html, SMIL, feed.xml, the EPUB's package, nav and pages
    titles = [t.title for t in tl.load(published).topics]
    assert "Only section" in titles and not any("\x07" in t or "\x1b" in t for t in titles)
    assert "\x07" not in (published / "ncc.html").read_text()
    result = CliRunner().invoke(cli, ["check", str(published), "--no-listen"])
    assert "not well-formed" not in result.output, result.output


@pytest.mark.parametrize("name", ["ncc.html", "feed.xml", "02-only-section.smil"])
def test_check_names_an_xml_file_that_is_not_well_formed(
    published: Path, tmp_path: Path, name: str
) -> None:
    copy = tmp_path / published.name
    shutil.copytree(published, copy)
    xml = copy / name
    xml.write_bytes(xml.read_bytes().replace(b"</", b"\x07</", 1))
    report = Report()
    check_packages(copy, tl.load(copy), report)
    found = [f for f in report.findings if f.where == name and "well-formed" in f.message]
    assert found, [str(f) for f in report.findings]


@pytest.mark.parametrize(
    "member", ["EPUB/nav.xhtml", "EPUB/package.opf", "EPUB/text/02-only-section.xhtml",
               "EPUB/smil/02-only-section.smil"],
)  # fmt: skip
def test_check_names_an_epub_member_that_is_not_well_formed(
    published: Path, tmp_path: Path, member: str
) -> None:
    out = tmp_path / "out"
    shutil.copytree(published.parent, out)
    epub = next(out.glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        members = [(info, book.read(info)) for info in book.infolist()]
    assert member in [info.filename for info, _ in members]
    with zipfile.ZipFile(epub, "w") as book:
        for info, data in members:
            if info.filename == member:
                data = data.replace(b"</", b"\x07</", 1)
            book.writestr(info, data)
    result = CliRunner().invoke(cli, ["check", str(out / published.name), "--no-listen"])
    assert result.exit_code == 1, result.output
    named = [line for line in result.output.splitlines()
             if epub.name in line and member in line and "not well-formed" in line]  # fmt: skip
    assert len(named) == 1, result.output
