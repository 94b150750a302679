"""The shipped content: faithful to its source articles, and a guide that lints clean."""

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.parse import load_guide
from mbc_audio.content.sentences import split_sentences

from .conftest import CONTENT

SEEDS = Path(__file__).parent / "data" / "seeds"
_LISTED = re.compile(r"^- line (\d+): (.+)$", re.M)


def _documents() -> list[Path]:
    return [
        CONTENT / name for name in ("metastatic-breast-cancer.md", "symptoms-care-and-outlook.md")
    ]


def _seed_of(document: Path) -> Path:
    name = re.search(r"Imported from tests/data/seeds/(\S+\.txt)", document.read_text()).group(1)
    return SEEDS / name


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def guide():
    return load_guide(CONTENT)


@pytest.mark.parametrize("document", _documents(), ids=lambda p: p.name)
def test_every_sentence_of_the_seed_is_in_the_document_in_order(guide, document: Path) -> None:
    seed_lines = _seed_of(document).read_text(encoding="utf-8").split("\n")
    raw = document.read_text(encoding="utf-8")
    front = yaml.safe_load(raw.split("---\n")[1])
    comment = raw[raw.index("<!--") : raw.index("-->")]

    # Each line the comment says was dropped or moved must really be that seed line (or part of it).
    set_aside: dict[int, str] = {}
    for number, text in _LISTED.findall(comment):
        line = _words(seed_lines[int(number) - 1])
        assert text in line, f"the comment lists line {number} as {text!r}, but it reads {line!r}"
        set_aside[int(number)] = text
    references = set(front.get("references", []))

    part = next(p for p in guide.parts if p.path == document.name)
    stream = [part.title]
    for topic in part.topics:
        stream.append(topic.title)
        for section in topic.sections:
            stream += [section.title] if section.title else []
            stream += [s.text for b in section.blocks for s in b.sentences]
    reading = _words(" ".join(stream))

    position = 0
    for number, line in enumerate(seed_lines, start=1):
        text = _words(line.replace("•", ""))
        if number in set_aside:
            text = _words(text.replace(set_aside[number], ""))
        if not text or text in references:
            continue
        found = reading.find(text, position)
        assert found >= 0, f"seed line {number} is missing or out of order: {text!r}"
        position = found + len(text)


@pytest.mark.parametrize("document", _documents(), ids=lambda p: p.name)
def test_every_sentence_of_the_document_comes_from_the_seed(guide, document: Path) -> None:
    seed = _words(_seed_of(document).read_text(encoding="utf-8"))
    part = next(p for p in guide.parts if p.path == document.name)
    for topic in part.topics:
        for sentence in topic.sentences:
            assert _words(sentence.text) in seed, f"not in the seed: {sentence.text!r}"
        for heading in [topic.title] + [s.title for s in topic.sections if s.title]:
            added = (
                topic.added_by_editor
                if heading == topic.title
                else next(s.added_by_editor for s in topic.sections if s.title == heading)
            )
            assert added or heading in seed, f"heading not in the seed nor marked: {heading!r}"


def test_references_match_the_seed(guide) -> None:
    seed = (SEEDS / "000_0e6885eddae3e7fe.txt").read_text(encoding="utf-8")
    listed = [
        _words(line.replace("•", "")) for line in seed.split("Show references")[1].split("\n")
    ]
    assert list(guide.parts[0].references) == [line for line in listed if line]


def test_guide_shape(guide) -> None:
    assert len(guide.topics) >= 18
    titles = [t.title for t in guide.topics]
    assert "Metastasis in the lungs" in titles and "Metastasis in the liver" in titles
    notices = {t.title: t.notice for t in guide.topics if t.notice}
    assert set(notices) == {"End-of-life symptoms", "Hospice or palliative care", "Outlook"}
    assert guide.parts[0].reviewed_on == "2022-02-10"
    assert guide.parts[0].reviewed_by.startswith("Daniel Liu, MD")
    closing = " ".join(s.text for s in guide.closing.sentences)
    assert (
        "reviewed by Daniel Liu, MD, Plastic and Reconstructive Surgeon, CTCA Chicago on February 10, 2022"
        in closing
    )
    opening = " ".join(s.text for s in guide.opening.sentences)
    assert "does not replace advice from your own doctor and care team" in opening


def test_sentences_split_as_the_seed_reads(guide) -> None:
    # Splitting the seed's own paragraphs gives the same sentences the guide holds.
    seed = (SEEDS / "001_67f2a40a1918da10.txt").read_text(encoding="utf-8")
    first = split_sentences(seed.split("\n")[0])
    assert [s.text for s in guide.parts[1].topics[0].sentences][:2] == first


def test_shipped_content_lints_clean_of_errors() -> None:
    result = CliRunner().invoke(cli, ["lint", "--content", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Passed: 0 errors")
