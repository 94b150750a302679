"""mbc-audio import: plain text, HTML and Markdown into reviewed-ready Markdown drafts."""

import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.importer import Draft, import_document
from mbc_audio.content.model import Part
from mbc_audio.content.parse import parse_document
from mbc_audio.errors import ContentError, MbcAudioError
from mbc_audio.speech.lexicon import Lexicon

SEEDS = Path(__file__).parent / "data" / "seeds"

PLAIN = """\
Caring for your port

This page was reviewed on March 3, 2024.

A port is a small device under the skin. It makes treatment easier.

Cleaning the port

Keep the area dry for 2 days. Watch for these signs:

  • redness
  • swelling
  1. call the clinic

Expert cancer care

is one call away.

Show references
  • A reference (2020).
"""


def test_plain_text_becomes_markdown(tmp_path: Path) -> None:
    source = tmp_path / "port.txt"
    source.write_text(PLAIN, encoding="utf-8")
    draft = import_document(source, tmp_path / "out")
    assert draft.path == tmp_path / "out" / "caring-for-your-port.md"
    body = draft.markdown.split("-->\n", 1)[1]
    assert body == (
        "\n## Overview\n\n"
        "A port is a small device under the skin. It makes treatment easier.\n\n"
        "## Cleaning the port\n\n"
        "Keep the area dry for 2 days. Watch for these signs:\n\n"
        "- redness\n- swelling\n1. call the clinic\n"
    )
    assert "title: Caring for your port" in draft.markdown
    assert "reviewed_on: '2024-03-03'" in draft.markdown
    assert "- A reference (2020)." in draft.markdown
    warnings = {(w.line, w.message) for w in draft.warnings}
    assert (15, 'dropped web-page debris: "Expert cancer care"') in warnings
    assert (17, 'dropped web-page debris: "is one call away."') in warnings
    assert (19, 'dropped "Show references" and kept the list after it as references') in warnings
    # The draft is a document the parser reads.
    source.with_suffix(".md").write_text(draft.markdown, encoding="utf-8")
    part = parse_document(source.with_suffix(".md"), Lexicon())
    assert [t.title for t in part.topics] == ["Overview", "Cleaning the port"]


def test_html_drops_scripts_and_keeps_structure(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(
        """<!doctype html><html><head><title>x</title><script>track()</script></head>
<body><nav>Menu</nav><h1>Port care</h1>
<h2>Cleaning</h2><p>Keep it <b>dry</b>.</p>
<ol><li>Wash hands</li><li>Clean the site</li></ol>
<!-- tracking pixel --><script>var a = "<p>hidden</p>";</script>
<footer>Copyright</footer></body></html>""",
        encoding="utf-8",
    )
    draft = import_document(source, tmp_path)
    body = draft.markdown.split("-->\n", 1)[1]
    assert body == "\n## Cleaning\n\nKeep it dry.\n\n1. Wash hands\n2. Clean the site\n"
    assert "title: Port care" in draft.markdown
    messages = [w.message for w in draft.warnings]
    assert "dropped a <script> element" in messages
    assert 'dropped a <nav> element: "Menu"' in messages
    assert "dropped an HTML comment" in messages
    assert "hidden" not in draft.markdown and "Menu" not in body


def test_markdown_gains_front_matter(tmp_path: Path) -> None:
    source = tmp_path / "leaflet.md"
    source.write_text("# Port care\n\n## Cleaning\n\nKeep it dry.\n", encoding="utf-8")
    draft = import_document(source, tmp_path / "out")
    assert draft.markdown.startswith("---\ntitle: Port care\n")
    assert draft.path.name == "port-care.md"


def test_seed_import_reports_debris_with_lines(tmp_path: Path) -> None:
    draft = import_document(SEEDS / "000_0e6885eddae3e7fe.txt", tmp_path)
    warnings = {(w.line, w.message) for w in draft.warnings}
    assert (24, 'dropped web-page debris: "This article will cover:"') in warnings
    assert (131, 'dropped web-page debris: "Expert cancer care"') in warnings
    assert any(line == 107 and "no list follows" in m for line, m in warnings)
    assert (
        "reviewed_by: Daniel Liu, MD, Plastic and Reconstructive Surgeon, CTCA Chicago"
        in draft.markdown
    )
    assert "### Hormone therapy" in draft.markdown


def test_cli_import_writes_and_never_overwrites(tmp_path: Path) -> None:
    source = tmp_path / "port.txt"
    source.write_text(PLAIN, encoding="utf-8")
    out = tmp_path / "content"
    runner = CliRunner()
    first = runner.invoke(cli, ["import", str(source), "--out", str(out)])
    assert first.exit_code == 0, first.output
    written = out / "caring-for-your-port.md"
    assert f"Wrote {written} from {source}" in first.output
    before = written.read_bytes()
    second = runner.invoke(cli, ["import", str(source), "--out", str(out)])
    assert second.exit_code == 2
    assert second.output.strip() == (
        f"Error: {written}: already exists; move it aside or choose another folder with --out"
    )
    assert written.read_bytes() == before


def test_cli_import_bad_file_writes_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PLAIN, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x01binary")
    result = CliRunner().invoke(cli, ["import", str(good), str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: {bad}: is a binary file, not text; save it as text or HTML first"
    )
    assert not (tmp_path / "o").exists()


# --- helpers --------------------------------------------------------------------------------
def _import(tmp_path: Path, name: str, text: str) -> Draft:
    source = tmp_path / name
    source.write_text(textwrap.dedent(text), encoding="utf-8")
    return import_document(source, tmp_path / "out")


def _read_back(tmp_path: Path, draft: Draft) -> Part:
    """The draft as the guide's parser reads it."""
    path = tmp_path / "readback" / draft.path.name
    path.parent.mkdir(exist_ok=True)
    path.write_text(draft.markdown, encoding="utf-8")
    return parse_document(path, Lexicon())


def _body(draft: Draft) -> str:
    return draft.markdown.split("-->\n", 1)[1]


def _said(part: Part) -> list[tuple[str, str, str]]:
    """Every sentence of the part: its block's kind, its text and the pause after it."""
    return [
        (block.kind.name, sentence.text, sentence.pause.name)
        for topic in part.topics
        for section in topic.sections
        for block in section.blocks
        for sentence in block.sentences
    ]


def _messages(draft: Draft) -> dict[int, list[str]]:
    by_line: dict[int, list[str]] = {}
    for warning in draft.warnings:
        by_line.setdefault(warning.line, []).append(warning.message)
    return by_line


# --- text stays text ---------------------------------------------------------------------------
ESCAPED = """\
<html><body><h1>Port care</h1><h2>Safety</h2>
<p>Never type &lt;script&gt;alert(1)&lt;/script&gt; into the portal. Call 555-0100 for help.</p>
<p>Use *only* the [blue] cap &amp; the `clamp`; 2 &lt; 3 &amp;amp; 5 &gt; 4.</p>
<p># not a heading, 1. not a list, - not a bullet, &gt; not a quote</p>
</body></html>
"""


def test_escaped_html_stays_visible_text_and_nothing_after_it_is_lost(tmp_path: Path) -> None:
    draft = _import(tmp_path, "page.html", ESCAPED)
    said = [text for _, text, _ in _said(_read_back(tmp_path, draft))]
    assert said == [
        "Never type <script>alert(1)</script> into the portal.",
        "Call 555-0100 for help.",
        "Use *only* the [blue] cap & the `clamp`; 2 < 3 &amp; 5 > 4.",
        "# not a heading, 1. not a list, - not a bullet, > not a quote",
    ]
    assert draft.warnings == ()  # nothing was dropped


def test_plain_text_that_looks_like_markup_stays_text(tmp_path: Path) -> None:
    draft = _import(
        tmp_path,
        "leaflet.txt",
        """\
        Port care

        Take <b>two</b> tablets with *water* [1] at 8_am &amp; again at 8 pm.

        2024. That was the year the advice changed, so check the date.
        """,
    )
    said = [text for _, text, _ in _said(_read_back(tmp_path, draft))]
    assert said == [
        "Take <b>two</b> tablets with *water* [1] at 8_am &amp; again at 8 pm.",
        "2024.",
        "That was the year the advice changed, so check the date.",
    ]


# --- what is dropped is said -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("element", "warning"),
    [
        ('<iframe src="https://video.example/x" title="How to flush a port"></iframe>',
         'dropped an <iframe> element: "How to flush a port"'),
        ('<iframe src="https://maps.example/clinic"></iframe>',
         'dropped an <iframe> element: "from https://maps.example/clinic"'),
        ("<svg><title>Diagram of the port</title><path d='M0 0'/></svg>",
         'dropped an <svg> element: "Diagram of the port"'),
        ("<script>track('visit')</script>", "dropped a <script> element"),
        ("<style>p { color: red }</style>", "dropped a <style> element"),
        ('<form><label>Email</label><input name="e"><button>Join</button></form>',
         'dropped a <form> element: "Email Join"'),
        ("<object data='leaflet.swf'>Flash leaflet</object>",
         'dropped an <object> element: "Flash leaflet"'),
        ("<video src='v.mp4'>Your browser cannot play this</video>",
         'dropped a <video> element: "Your browser cannot play this"'),
        ("<aside>Related: hair loss</aside>", 'dropped an <aside> element: "Related: hair loss"'),
        ("<embed src='x.pdf'>", "dropped an <embed> element"),
        ("<img src='port.png'>", "dropped an image without alt text; describe it if it matters"),
        ("<!-- editor's note -->", "dropped an HTML comment"),
        ("<canvas>Chart of doses</canvas>", 'dropped a <canvas> element: "Chart of doses"'),
    ],
)  # fmt: skip
def test_every_dropped_element_is_warned_with_its_line(
    tmp_path: Path, element: str, warning: str
) -> None:
    page = f"<h1>Port care</h1>\n<h2>Use</h2>\n<p>Before it.</p>\n{element}\n<p>After it.</p>\n"
    draft = _import(tmp_path, "page.html", page)
    assert warning in _messages(draft).get(4, []), draft.warnings
    assert [t for _, t, _ in _said(_read_back(tmp_path, draft))] == ["Before it.", "After it."]
    assert f"line 4: {warning.removeprefix('dropped ')}" in draft.markdown  # in the comment too


def test_an_element_never_closed_says_it_took_the_rest(tmp_path: Path) -> None:
    draft = _import(tmp_path, "page.html", "<h1>T</h1><h2>A</h2><p>Kept.</p>\n<form>Lost text")
    assert (
        'dropped a <form> element that is never closed, and everything after it: "Lost text"'
        in (_messages(draft)[2])
    )


def test_text_outside_paragraphs_is_kept(tmp_path: Path) -> None:
    draft = _import(
        tmp_path,
        "page.html",
        "<h1>T</h1><h2>Help</h2><div>Call the ward on 555-0199.<span> Day or night.</span></div>"
        "<section>Ask at the desk.</section>Bare text at the end.",
    )
    said = [t for _, t, _ in _said(_read_back(tmp_path, draft))]
    assert said == ["Call the ward on 555-0199.", "Day or night.", "Ask at the desk.",
                    "Bare text at the end."]  # fmt: skip


# --- tables and nested lists ---------------------------------------------------------------------
def test_an_html_table_stays_a_table_the_parser_reads_row_by_row(tmp_path: Path) -> None:
    draft = _import(
        tmp_path,
        "page.html",
        """\
        <h1>Flushing</h1><h2>Doses</h2>
        <p>The doses are:</p>
        <table>
        <thead><tr><th>Drug</th><th>Dose | volume</th></tr></thead>
        <tbody><tr><td>Heparin</td><td>5 mL</td></tr><tr><td>Saline</td><td>10 mL</td></tr>
        </tbody></table>
        <p>After the table.</p>
        """,
    )
    assert "| Drug | Dose \\| volume |\n|---|---|\n| Heparin | 5 mL |\n| Saline | 10 mL |" in (
        _body(draft)
    )
    assert _said(_read_back(tmp_path, draft)) == [
        ("PARAGRAPH", "The doses are:", "LEAD_IN"),
        ("TABLE_ROW", "Drug: Heparin.", "SENTENCE"),
        ("TABLE_ROW", "Dose | volume: 5 mL.", "LIST_ITEM"),
        ("TABLE_ROW", "Drug: Saline.", "SENTENCE"),
        ("TABLE_ROW", "Dose | volume: 10 mL.", "LIST_ITEM"),
        ("PARAGRAPH", "After the table.", "PARAGRAPH"),
    ]


def test_a_table_without_a_header_and_a_tab_separated_table(tmp_path: Path) -> None:
    html = _import(
        tmp_path, "page.html",
        "<h1>T</h1><h2>Times</h2><table><tr><td>Monday</td><td>9 am</td></tr>"
        "<tr><td>Friday</td><td>Noon</td></tr></table><p>Before you come, call.</p>",
    )  # fmt: skip
    rows = [t for k, t, _ in _said(_read_back(tmp_path, html)) if k == "TABLE_ROW"]
    assert rows == ["Monday.", "9 am.", "Friday.", "Noon."]
    text = _import(
        tmp_path, "times.txt",
        "Clinic times\n\nThe clinic is open at these times:\n\nDay\tOpen\nMonday\t9 am\n"
        "Friday\tnoon\n\nCall before you come.\n",
    )  # fmt: skip
    assert "| Day | Open |\n|---|---|\n| Monday | 9 am |\n| Friday | noon |" in _body(text)
    rows = [(t, p) for k, t, p in _said(_read_back(tmp_path, text)) if k != "PARAGRAPH"]
    assert rows[:2] == [("Day: Monday.", "SENTENCE"), ("Open: 9 am.", "LIST_ITEM")]


NESTED_HTML = """\
<h1>Signs</h1><h2>What to watch</h2>
<p>Watch for:</p>
<ul>
<li>redness
  <ul><li>around the port</li><li>along the arm</li></ul>
</li>
<li>a fever that is:
  <ol start="3"><li>above 38 °C</li><li>with chills</li></ol>
  and lasts a day
</li>
</ul>
<p>Then call.</p>
"""

NESTED_TEXT = """\
Signs

What to watch

Watch for:

  • redness
      ◦ around the port
      ◦ along the arm
  • a fever that is:
      3. above 38 °C
      4. with chills

Then call.
"""


@pytest.mark.parametrize(("name", "text"), [("page.html", NESTED_HTML), ("signs.txt", NESTED_TEXT)])
def test_nested_lists_stay_nested_with_the_right_pauses(tmp_path: Path, name: str, text: str):
    draft = _import(tmp_path, name, text)
    assert "- redness\n  - around the port\n  - along the arm\n- a fever that is:\n" in _body(draft)
    assert "\n  3. above 38 °C\n  4. with chills\n" in _body(draft)
    part = _read_back(tmp_path, draft)
    said = _said(part)
    assert said[:7] == [
        ("PARAGRAPH", "Watch for:", "LEAD_IN"),
        ("LIST_ITEM", "redness", "LIST_ITEM"),
        ("LIST_ITEM", "around the port", "LIST_ITEM"),
        ("LIST_ITEM", "along the arm", "LIST_ITEM"),
        ("LIST_ITEM", "a fever that is:", "LEAD_IN"),
        ("LIST_ITEM", "above 38 °C", "LIST_ITEM"),
        ("LIST_ITEM", "with chills", "LIST_ITEM"),
    ]
    spoken = [s.spoken for s in part.topics[0].sentences]
    assert spoken[5].startswith("three. ") and spoken[6].startswith("four. ")  # numbers said
    assert said[-1] == ("PARAGRAPH", "Then call.", "PARAGRAPH")
    if name.endswith(".html"):  # the item's text after its nested list is kept in the item
        assert ("LIST_ITEM", "and lasts a day", "LIST_ITEM") in said
    assert not [w for w in draft.warnings if "colon" in w.message]


# --- review dates in every format ------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("port.txt", "Port care\n\nPage last reviewed: 3 March 2024\n\nKeep the port dry.\n"),
        ("port.html", "<h1>Port care</h1><p>Keep the port dry.</p>"
         "<p><em>This page was reviewed on March 3, 2024.</em></p>"),
        ("port.md", "# Port care\n\n## Care\n\nKeep the port dry.\n\n"
         "*This page was reviewed on March 3rd, 2024.*\n"),
        ("front.md", "---\ntitle: Port care\n---\n\n## Care\n\nKeep the port dry.\n\n"
         "Last updated: 2024-03-03\n"),
    ],
)  # fmt: skip
def test_review_dates_move_to_the_front_matter_in_every_format(
    tmp_path: Path, name: str, text: str
) -> None:
    draft = _import(tmp_path, name, text)
    assert "reviewed_on: '2024-03-03'" in draft.markdown
    assert any(w.message == "moved the review date to the front matter" for w in draft.warnings)
    part = _read_back(tmp_path, draft)
    assert part.reviewed_on == "2024-03-03"
    assert [t for _, t, _ in _said(part)] == ["Keep the port dry."]


def test_a_sentence_about_reviewing_is_not_a_review_date(tmp_path: Path) -> None:
    draft = _import(
        tmp_path, "scans.txt",
        "Scans\n\nYour scans will be reviewed by a radiologist.\n\n"
        "The guidelines were updated on the basis of new evidence.\n",
    )  # fmt: skip
    assert "reviewed_by" not in draft.markdown and "reviewed_on" not in draft.markdown
    assert len(_said(_read_back(tmp_path, draft))) == 2


# --- adverts ---------------------------------------------------------------------------------
ADVERTS = [
    "Book a visit today",
    "Make an appointment today.",
    "Download our app",
    "Schedule a consultation online!",
    "Request an appointment now",
    "Learn more about our experts",
    "Sign up for our newsletter",
    "Visit one of our locations near you",
]
ADVICE = [
    "Call your doctor if you have a fever.",
    "Book your blood test before your next visit.",
    "Talk to your care team today about any new pain.",
    "Call 555-0100 to reach the ward at night.",
    "Learn the signs of infection.",
    "Talk to us about any worries.",
]


@pytest.mark.parametrize("name", ["leaflet.txt", "leaflet.html", "leaflet.md"])
def test_adverts_are_dropped_with_a_warning_and_advice_is_kept(tmp_path: Path, name: str):
    lines = ["A port is a small device under the skin."] + ADVERTS[:3] + ADVICE + ADVERTS[3:]
    if name.endswith(".txt"):
        text = "Port care\n\n" + "\n\n".join(lines) + "\n"
    elif name.endswith(".html"):
        text = "<h1>Port care</h1><h2>Care</h2>\n" + "\n".join(f"<p>{x}</p>" for x in lines)
    else:
        text = "# Port care\n\n## Care\n\n" + "\n\n".join(lines) + "\n"
    draft = _import(tmp_path, name, text)
    dropped = [w.message for w in draft.warnings if w.message.startswith("dropped")]
    assert [m.split(": ", 1)[1] for m in dropped] == [f'"{a}"' for a in ADVERTS]
    assert 'dropped an advert: "Book a visit today"' in dropped
    said = [t for _, t, _ in _said(_read_back(tmp_path, draft))]
    assert said == [lines[0], *ADVICE]


def test_an_advert_between_topics_leaves_no_empty_topic(tmp_path: Path) -> None:
    draft = _import(
        tmp_path, "port.txt",
        "Port care\n\nA port is a small device under the skin.\n\n"
        "Cleaning\n\nKeep the area dry for two days.\n\nBook a visit today\n\n"
        "A nurse changes the dressing once a week.\n\nFlushing\n\nThe port is flushed monthly.\n",
    )  # fmt: skip
    topics = [t.title for t in _read_back(tmp_path, draft).topics]
    assert topics == ["Overview", "Cleaning", "Flushing"]
    assert not [w for w in draft.warnings if "no text under it" in w.message]


# --- lost lists -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("a.txt", "Port care\n\nCare\n\nWatch for these signs:\n\nKeep it dry.\n", 5),
        ("a.html", "<h1>Port care</h1><h2>Care</h2>\n<p>Watch for these signs:</p>\n<h2>Next</h2>"
         "<p>Text.</p>", 2),
        ("a.md", "# Port care\n\n## Care\n\nWatch for these signs:\n", 5),
    ],
)  # fmt: skip
def test_a_lead_in_whose_list_is_lost_is_warned(tmp_path: Path, name: str, text: str, line: int):
    draft = _import(tmp_path, name, text)
    assert any("Watch for these signs:" in m and "no list follows" in m
               for m in _messages(draft).get(line, []))  # fmt: skip


# --- files that are not text -----------------------------------------------------------------
def _docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as docx:
        docx.writestr("word/document.xml", "<w:document>Port care</w:document>")


def _not_word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document>Port care</office:document>")


DAMAGED = {
    "leaflet.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\n"),
                    "is a damaged PDF"),
    "leaflet.txt": (lambda p: p.write_bytes(b"%PDF-1.7\n%ASCII only\n(Port care) Tj\n"),
                    "is a damaged PDF"),
    "leaflet.docx": (_docx, "is a damaged Word document"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_pdf_and_word_files_are_refused_in_one_line(tmp_path: Path, name: str) -> None:
    make, what = DAMAGED[name]
    source = tmp_path / name
    make(source)
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Error: {source}: {what}")
    assert len(result.output.splitlines()) == 1
    assert not (tmp_path / "out").exists()


NOT_TEXT = {
    "leaflet.zip": (_not_word, "is a zip archive (a .docx, .odt, .pages or .epub file is one)"),
    "leaflet.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)),
                    "is a Word document"),
    "leaflet.rtf": (lambda p: p.write_bytes(b"{\\rtf1\\ansi Port care}"), "is an RTF document"),
    "scan.png": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32)), "is an image"),
    "leaflet.odt": (lambda p: p.write_text("not really"), "is an OpenDocument text"),
    "data.bin": (lambda p: p.write_bytes(bytes(range(256)) * 4), "is a binary file"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(NOT_TEXT))
def test_documents_that_are_not_text_are_refused_in_one_line(tmp_path: Path, name: str) -> None:
    make, what = NOT_TEXT[name]
    source = tmp_path / name
    make(source)
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output == f"Error: {source}: {what}, not text; save it as text or HTML first\n"
    assert not (tmp_path / "out").exists()


def test_an_empty_or_non_utf8_document_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n")
    with pytest.raises(ContentError, match="is empty; there is nothing to import"):
        import_document(tmp_path / "empty.txt", tmp_path)
    (tmp_path / "latin.txt").write_bytes("Port care\n\nCafé\n".encode("latin-1"))
    with pytest.raises(ContentError, match="is not UTF-8 text; save it again as UTF-8") as e:
        import_document(tmp_path / "latin.txt", tmp_path)
    assert e.value.line == 3


def test_a_page_of_nothing_but_debris_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="has no text left to import"):
        _import(tmp_path, "menu.html", "<nav>Home</nav><p>Book a visit today</p>")


# --- Markdown with HTML in it ------------------------------------------------------------------
def test_markdown_with_raw_html_keeps_its_text_and_warns_about_the_rest(tmp_path: Path) -> None:
    draft = _import(
        tmp_path, "port.md",
        """\
        # Port care

        ## Care

        <div class="note">
        <p>Keep the dressing &lt;dry&gt;.</p>
        <iframe src="https://video.example/v"></iframe>
        </div>

        Watch <script>x()</script>for redness.
        """,
    )  # fmt: skip
    messages = _messages(draft)
    assert 'dropped an <iframe> element: "from https://video.example/v"' in messages[7]
    assert any("<script> element here is not spoken" in m for m in messages[10])
    said = [t for _, t, _ in _said(_read_back(tmp_path, draft))]
    assert said == ["Keep the dressing <dry>.", "Watch for redness."]


def test_two_documents_with_one_title_write_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "port.txt", tmp_path / "port.html"
    first.write_text(PLAIN, encoding="utf-8")
    second.write_text("<h1>Caring for your port</h1><h2>Care</h2><p>Dry.</p>", encoding="utf-8")
    out = tmp_path / "content"
    result = CliRunner().invoke(cli, ["import", str(first), str(second), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {out / 'caring-for-your-port.md'}: {first} and {second} would both be written "
        "here, as they have the same title; import them one at a time, renaming the first draft "
        "in between\n"
    )
    assert not out.exists()


def test_an_html_page_in_the_character_set_it_declares(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    page = '<html><head><meta charset="windows-1252"></head><body><h1>Café care</h1>'
    page += "<h2>Diet</h2><p>Crème fraîche is fine – in moderation.</p></body></html>"
    source.write_bytes(page.encode("cp1252"))
    draft = import_document(source, tmp_path / "out")
    assert "title: Café care" in draft.markdown
    assert "Crème fraîche is fine – in moderation." in draft.markdown


def test_xhtml_with_an_xml_prolog_is_read_as_html(tmp_path: Path) -> None:
    draft = _import(
        tmp_path, "page.txt",
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body><h1>Port care</h1><h2>Care</h2>'
        "<p>Keep it dry.</p></body></html>",
    )  # fmt: skip
    assert [t for _, t, _ in _said(_read_back(tmp_path, draft))] == ["Keep it dry."]


def test_text_in_another_encoding_is_not_called_binary(tmp_path: Path) -> None:
    source = tmp_path / "fr.txt"
    source.write_bytes(
        ("Soins\n\n" + "Évitez l'eau été comme hiver à côté. " * 40).encode("latin-1")
    )
    with pytest.raises(ContentError, match="is not UTF-8 text"):
        import_document(source, tmp_path)


def test_list_items_wrapped_onto_the_next_line_stay_whole(tmp_path: Path) -> None:
    draft = _import(
        tmp_path, "signs.txt",
        "Signs\n\nWatch for these signs:\n\n• bone pain or fractures due to tumor cells\n"
        "spreading to the bones\n• headaches or dizziness when cancer has\n  spread to the brain\n"
        "\nCall the clinic.\n",
    )  # fmt: skip
    said = [(k, t) for k, t, _ in _said(_read_back(tmp_path, draft))]
    assert said == [
        ("PARAGRAPH", "Watch for these signs:"),
        ("LIST_ITEM", "bone pain or fractures due to tumor cells spreading to the bones"),
        ("LIST_ITEM", "headaches or dizziness when cancer has spread to the brain"),
        ("PARAGRAPH", "Call the clinic."),
    ]


def test_a_heading_that_cannot_name_a_file_is_text_or_dropped(tmp_path: Path) -> None:
    draft = _import(
        tmp_path, "page.html",
        "<h1>Port care</h1><h2>Care</h2><p>Keep it dry.</p><h2>***</h2><p>More text.</p>"
        "<h2>Con</h2><p>The last point.</p>",
    )  # fmt: skip
    messages = [w.message for w in draft.warnings]
    assert 'dropped a heading with no words: "***"' in messages
    assert any(m.startswith('kept the heading "Con" as text, as it is a name Windows keeps')
               for m in messages)  # fmt: skip
    part = _read_back(tmp_path, draft)
    assert [t.title for t in part.topics] == ["Care"]
    assert [t for _, t, _ in _said(part)] == [
        "Keep it dry.",
        "More text.",
        "Con",
        "The last point.",
    ]


def test_a_device_a_pipe_or_a_huge_file_is_one_line(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(MbcAudioError, match="is a device or pipe, not a document file"):
        import_document(Path("/dev/zero"), tmp_path)
    monkeypatch.setattr("mbc_audio.content.importer.sniff.MAX_BYTES", 1 << 20)
    (tmp_path / "big.txt").write_text("Word. " * 200_000)
    with pytest.raises(ContentError, match="is larger than 1 MB, more than any leaflet"):
        import_document(tmp_path / "big.txt", tmp_path)


def test_list_items_whose_end_tags_are_left_out(tmp_path: Path) -> None:
    draft = _import(
        tmp_path, "page.html",
        "<h1>T</h1><h2>Care</h2><p>Bring:</p><ul><li>a list<li>your pills<ul><li>in the box"
        "<li>with the leaflet</ul>and their names<li>a snack</ul><p>After.</p>",
    )  # fmt: skip
    assert (
        "- a list\n- your pills\n  - in the box\n  - with the leaflet\n\n  and their names\n"
        "- a snack\n" in _body(draft)
    )
    said = [(k, t) for k, t, _ in _said(_read_back(tmp_path, draft))]
    assert said[-3:] == [("LIST_ITEM", "and their names"), ("LIST_ITEM", "a snack"),
                         ("PARAGRAPH", "After.")]  # fmt: skip


@pytest.mark.parametrize("name", ["metastatic-breast-cancer.md", "symptoms-care-and-outlook.md"])
def test_a_finished_content_document_imports_unchanged(tmp_path: Path, name: str) -> None:
    source = Path(__file__).resolve().parent.parent / "content" / name
    draft = import_document(source, tmp_path)
    assert draft.markdown == source.read_text(encoding="utf-8")
    assert draft.warnings == ()


def test_a_draft_with_tables_and_nested_lists_lints_without_errors(tmp_path: Path) -> None:
    page = NESTED_HTML + (
        "<h2>Doses</h2><p>The doses are:</p><table><tr><th>Drug</th><th>Dose</th></tr>"
        "<tr><td>Heparin</td><td>5 mL</td></tr></table>"
    )
    content = tmp_path / "content"
    source = tmp_path / "signs.html"
    source.write_text(page, encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(source), "--out", str(content)]).exit_code == 0
    (content / "guide.toml").write_text(
        'title = "T"\npublisher = "P"\nlanguage = "en-US"\ndocuments = ["signs.md"]\n'
        'opening = "Hello."\nclosing = "The end."\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["lint", "--content", str(content)])
    assert "Error:" not in result.output, result.output
    assert result.output.splitlines()[-1].startswith("Passed: 0 errors")


# Soft hyphens, zero-width spaces and joiners, byte-order marks and bidi controls, written or as
# character references: the voice would say "medi cation", the screen would show 01 as 10.
INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff", "\u200e", "\u202e", "\u202c")


@pytest.mark.parametrize(
    "name, text",
    [
        ("page.html", "<html><head><title>Inhaler\u00ad guide</title></head><body><h1>Inhaler "
         "guide</h1>\n<h2>Using&shy; it</h2>\n<p>Shake the in&zwj;haler. Take the medi&shy;cation "
         "with a pi&#x200B;ll, 01&zwnj; mg,\n&#8206;not \u202e10\u202c mg.&#xFEFF;</p>\n"
         "<table><tr><th>Dose&#173;s</th></tr><tr><td>one\u200btablet</td></tr></table></body>"
         "</html>"),
        ("page.md", "---\ntitle: Inhaler guide\n---\n\n## Using&shy; it\n\nShake the in\u200dhaler. "
         "Take the medi&shy;cation with a pi&#x200B;ll, 01&zwnj; mg,\n&#8206;not \u202e10\u202c mg."
         "\ufeff\n\n| Dose&#173;s |\n|---|\n| one\u200btablet |\n"),
        ("page.txt", "Inhaler guide\n\nUsing\u00ad it\n\nShake the in\u200dhaler. Take the "
         "medi\u00adcation with a pi\u200bll, 01\u200c mg,\n\u200enot \u202e10\u202c mg.\ufeff\n"),
    ],
)  # fmt: skip
def test_import_removes_invisible_characters_and_says_where(
    tmp_path: Path, name: str, text: str
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    draft = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert not any(c in draft for c in INVISIBLE), ascii(draft)
    assert not any(r in draft for r in ("&shy;", "&zwj;", "&zwnj;", "&#x200B;", "&#173;", "&#8206;"))
    for words in ("Using it", "Shake the inhaler. Take the medication with a pill, 01 mg", "not 10 mg."):
        assert words in " ".join(draft.split()), draft
    if name != "page.txt":
        assert "Doses" in draft and "onetablet" in draft
    warned = [line for line in result.output.splitlines() if "removed invisible characters" in line]
    assert warned and all(name in line for line in warned), result.output
    assert "U+00AD SOFT HYPHEN" in result.output and "U+202E RIGHT-TO-LEFT OVERRIDE" in result.output
    # What the draft says now is what a reviewer sees: the parser has nothing left to remove.
    part = parse_document(next((tmp_path / "out").glob("*.md")), Lexicon())
    assert not [c for c in part.changes if "invisible" in c.message]


def test_import_keeps_the_joiner_of_an_emoji_sequence(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text("<h1>Care</h1><h2>Team</h2><p>Ask the nurse \U0001f469\u200d\u2695\ufe0f today.</p>",
                      encoding="utf-8")  # fmt: skip
    draft = import_document(source, tmp_path / "out")
    assert "\U0001f469\u200d\u2695" in draft.markdown
    assert not any("invisible" in w.message for w in draft.warnings)
