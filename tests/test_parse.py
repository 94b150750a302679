from pathlib import Path

import pytest

from mbc_audio.content.model import AudioSettings, BlockKind, Pause
from mbc_audio.content.parse import load_guide, parse_document
from mbc_audio.errors import ContentError
from mbc_audio.speech.lexicon import Lexicon

LEX = Lexicon(terms={"MRI": "M R I"})


def parse(content, body: str, front: str = "title: A leaflet"):
    return parse_document(content.leaflet(body, front), LEX)


def test_levels_ids_and_reading_order(content) -> None:
    part = parse(
        content,
        """\
        ## First topic

        Intro sentence. Second sentence.

        ### A section

        Section text.

        ## Second topic

        More text.
        """,
    )
    assert part.id == "p1-leaflet"
    assert [t.title for t in part.topics] == ["First topic", "Second topic"]
    first = part.topics[0]
    assert first.id == "p1-leaflet.t01-first-topic"
    assert [s.title for s in first.sections] == [None, "A section"]
    assert [s.text for s in first.sentences] == [
        "Intro sentence.",
        "Second sentence.",
        "Section text.",
    ]
    assert [s.id for s in first.sentences] == [
        "p1-leaflet.t01-first-topic.s0.b0.0",
        "p1-leaflet.t01-first-topic.s0.b0.1",
        "p1-leaflet.t01-first-topic.s1.b0.0",
    ]
    assert [s.line for s in first.sentences] == [7, 7, 11]


def test_same_input_gives_same_ids(content) -> None:
    body = "## Topic\n\nText here.\n"
    assert parse(content, body) == parse(content, body)


def test_pauses_lead_in_list_items_and_paragraphs(content) -> None:
    part = parse(
        content,
        """\
        ## Symptoms

        Look for these. Symptoms may include:

        - bone pain
        - weak bones

        After the list.
        """,
    )
    sentences = part.topics[0].sentences
    assert [(s.text, s.pause) for s in sentences] == [
        ("Look for these.", Pause.SENTENCE),
        ("Symptoms may include:", Pause.LEAD_IN),
        ("bone pain", Pause.LIST_ITEM),
        ("weak bones", Pause.LIST_ITEM),
        ("After the list.", Pause.PARAGRAPH),
    ]
    kinds = [b.kind for b in part.topics[0].sections[0].blocks]
    assert kinds == [
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.LIST_ITEM,
        BlockKind.PARAGRAPH,
    ]


def test_lead_in_before_sections(content) -> None:
    part = parse(
        content, "## Drugs\n\nThe kinds are:\n\n### Hormone therapy\n\nIt blocks hormones.\n"
    )
    assert part.topics[0].sentences[0].pause == Pause.LEAD_IN


def test_ordered_items_say_their_number(content) -> None:
    part = parse(content, "## Steps\n\n3. Wash your hands.\n4. Dry them.\n")
    assert [(s.text, s.spoken) for s in part.topics[0].sentences] == [
        ("Wash your hands.", "three. Wash your hands."),
        ("Dry them.", "four. Dry them."),
    ]


def test_links_emphasis_and_inline_html_become_plain_text(content) -> None:
    part = parse(
        content,
        """\
        ## Links

        See the [NCI site](https://www.cancer.gov) for *more* **help**.
        A <span>tagged</span> word<script>alert("x")</script> and <!-- a note --> no more.
        """,
    )
    texts = [s.text for s in part.topics[0].sentences]
    assert texts == [
        "See the NCI site for more help.",
        "A tagged word and no more.",
    ]
    assert "cancer.gov" not in " ".join(s.spoken for s in part.topics[0].sentences)


def test_html_block_scripts_dropped(content) -> None:
    part = parse(
        content,
        """\
        ## Page

        <div><p>Real words.</p><script>var x = "Hidden words.";</script></div>

        <!-- editor's note -->
        """,
    )
    assert [s.text for s in part.topics[0].sentences] == ["Real words."]


def test_tables_are_read_row_by_row(content) -> None:
    part = parse(
        content,
        """\
        ## Medicines

        | Medicine type | Common side effect |
        | --- | --- |
        | hormone therapy | hot flashes |
        | chemotherapy | hair loss. |
        """,
    )
    blocks = part.topics[0].sections[0].blocks
    assert [b.kind for b in blocks] == [BlockKind.TABLE_ROW, BlockKind.TABLE_ROW]
    assert [s.text for s in part.topics[0].sentences] == [
        "Medicine type: hormone therapy.",
        "Common side effect: hot flashes.",
        "Medicine type: chemotherapy.",
        "Common side effect: hair loss.",
    ]


def test_quotes_and_deeper_headings(content) -> None:
    part = parse(content, "## Words\n\n> A quoted line.\n\n#### Small heading\n\nBody.\n")
    kinds = [b.kind for b in part.topics[0].sections[0].blocks]
    assert kinds == [BlockKind.QUOTE, BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert part.topics[0].sentences[1].pause == Pause.HEADING


def test_front_matter_notice_editor_headings_and_review(content) -> None:
    part = parse(
        content,
        "## Outlook\n\nSome numbers.\n\n### Added\n\nText.\n",
        front="""title: A leaflet
source:
  publisher: A clinic
  page_title: The page
reviewed_by: A. Person, MD
reviewed_on: 2022-02-10
references:
  - One reference.
headings:
  Outlook:
    notice: This topic gives survival statistics.
    added_by_editor: true
  Added:
    added_by_editor: true""",
    )
    topic = part.topics[0]
    assert topic.notice == "This topic gives survival statistics."
    assert topic.added_by_editor
    assert topic.sections[1].added_by_editor
    assert part.reviewed_on == "2022-02-10"
    assert part.references == ("One reference.",)
    assert part.source.publisher == "A clinic"


def test_spoken_title_uses_lexicon(content) -> None:
    part = parse(content, "## Getting an MRI\n\nText.\n")
    assert part.topics[0].spoken_title == "Getting an M R I"


def test_guide_has_opening_parts_and_closing_with_sources(content) -> None:
    guide = load_guide(content.root)
    assert guide.info.title == "Test guide"
    assert guide.opening.sentences[0].text == "Welcome to the test guide."
    assert [t.title for t in guide.topics] == ["First topic", "Second topic"]
    closing = [s.text for s in guide.closing.sentences]
    assert closing == [
        "“A leaflet” comes from the page “A leaflet” by Test clinic.",
        "This is the end.",
    ]
    assert guide.voice.rate_wpm == 150
    assert guide.pauses_ms["lead_in"] == 800
    assert guide.audio == AudioSettings()


def test_audio_settings_from_guide_toml(content) -> None:
    toml = (content.root / "guide.toml").read_text()
    content.write("guide.toml", toml + "\n[audio]\nloudness_lufs = -16\nbitrate_kbps = 96\n")
    made = load_guide(content.root).audio
    assert made == AudioSettings(loudness_lufs=-16, bitrate_kbps=96)
    assert isinstance(made.bitrate_kbps, int) and isinstance(made.loudness_lufs, float)


@pytest.mark.parametrize(
    ("body", "front", "message"),
    [
        ("Just text, no headings.\n", "title: A leaflet", "has no ## headings"),
        ("Text first.\n\n## Topic\n\nMore.\n", "title: A leaflet", "before the first ## heading"),
        ("## ../\n\nText.\n", "title: A leaflet", "no letters or digits"),
        ("## CON\n\nText.\n", "title: A leaflet", "Windows keeps for devices"),
        ("## Topic\n\nText.\n", "titel: Typo", "titel is not a field"),
        ("## Topic\n\nText.\n", "title: [unclosed", "not valid YAML"),
        (
            "## Topic\n\nText.\n",
            "title: T\nheadings:\n  Missing:\n    notice: x",
            'heading "Missing"',
        ),
        (
            "## Topic\n\nText.\n\n# Late title\n",
            "title: A leaflet",
            "# heading after the first topic",
        ),
    ],
)
def test_bad_documents_name_the_problem(content, body, front, message) -> None:
    with pytest.raises(ContentError, match=message) as caught:
        parse(content, body, front)
    assert caught.value.path == Path(content.root / "leaflet.md")


def test_no_title_is_an_error(content) -> None:
    path = content.write("leaflet.md", "## Topic\n\nText.\n")
    with pytest.raises(ContentError, match="has no title"):
        parse_document(path, LEX)


def test_title_from_a_top_heading(content) -> None:
    path = content.write("leaflet.md", "# My leaflet\n\n## Topic\n\nText.\n")
    assert parse_document(path, LEX).title == "My leaflet"
