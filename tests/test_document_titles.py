"""Each document's title is said at the start of its first track, and names its chapters where
a player lists them, so no two chapters read the same; the opening says how many parts there are.
A guide of two leaflets, each with an "Overview", is built with the system voice and published."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mbc_audio import timeline as tl
from mbc_audio.build import BuildOptions, build
from mbc_audio.publish.daisy import headings
from mbc_audio.publish.run import publish

from .conftest import ContentFolder

pytestmark = pytest.mark.integration

TITLES = ["Bone metastases: denosumab", "Liver metastases"]
BODY = """\
## Overview

This leaflet explains one treatment. Ask your nurse about it.

## Side effects

Some people feel tired for 2 days.
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("titles")
    content = ContentFolder(root / "content")
    text = content.root.joinpath("guide.toml").read_text()
    content.write("guide.toml", text.replace(
        'documents = ["leaflet.md"]', 'documents = ["bone.md", "liver.md"]'
    ).replace('"Welcome to the test guide."', '"Welcome to the test guide, in {parts}."'))
    for name, title in zip(("bone.md", "liver.md"), TITLES, strict=True):
        content.write(name, f"---\ntitle: '{title}'\nsource:\n  publisher: Test clinic\n---\n\n"
                      + BODY)  # fmt: skip
    folder = build(
        BuildOptions(content.root, root / "dist", "system", None, 2, root / "cache")
    ).folder
    return publish(folder, root / "out", None, report=lambda line: None).folder


def test_the_first_track_of_each_document_starts_with_its_title(published: Path) -> None:
    timeline = tl.load(published)
    for number, (part, title) in enumerate(zip(timeline.parts, TITLES, strict=True), start=1):
        first, *rest = [t for t in timeline.topics if t.part_id == part.id]
        said = ("one", "two")[number - 1]
        assert first.spoken_title.startswith(f"Part {said}: {title}."), first
        assert first.spoken_title.endswith("Overview")
        assert first.title_start_ms < first.sections[0].start_ms
        # Only the first track of a document names it.
        assert all(not t.spoken_title.startswith("Part") for t in rest)
    opening = next(t for t in timeline.topics if t.kind == "opening")
    first_sentence = opening.sections[0].paragraphs[0].sentences[0]
    assert first_sentence.spoken == "Welcome to the test guide, in two parts."


def test_no_two_chapters_of_the_audiobook_read_the_same(published: Path) -> None:
    m4b = next(published.parent.glob("*.m4b"))
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(m4b)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    titles = [c["tags"]["title"] for c in json.loads(probe.stdout)["chapters"]]
    assert len(titles) == len(set(titles)), titles
    assert f"{TITLES[0]}: Overview" in titles and f"{TITLES[1]}: Overview" in titles


def test_no_two_headings_of_the_daisy_book_or_epub_read_the_same(published: Path) -> None:
    timeline = tl.load(published)
    texts = [h.text for h in headings(timeline) if h.level == 1]
    assert len(texts) == len(set(texts)), texts
    import zipfile

    epub = next(published.parent.glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        nav = next(n for n in book.namelist() if n.endswith("nav.xhtml"))
        contents = book.read(nav).decode("utf-8")
    for title in TITLES:
        assert f"{title}: Overview" in contents
