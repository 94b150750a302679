"""Word and PDF leaflets imported as they are: files made by real tools (python-docx writes the
Word file; Chromium prints a web page to PDF, with running headers and page numbers), and each
draft checked for the title, the review date and reviewers, every heading, the table as a
table, every list item and every number of the source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.parse import parse_document
from mbc_audio.speech.lexicon import Lexicon
from tests.clients import CHROMIUM, CHROMIUM_ARGS

TITLE = "Bone metastases: denosumab and zoledronic acid"
INTRO = (
    "Cancer that has spread to the bones can weaken them. Two medicines help: denosumab, "
    "given as 120 mg under the skin, and zoledronic acid, given as 4 mg into a vein."
)
HEADINGS = ["Your treatment", "Side effects", "Before each dose", "Contact us"]
LEAD_IN = "The two medicines compare like this:"
TABLE = [
    ["Medicine", "Dose", "How often"],
    ["Denosumab (Xgeva)", "120 mg under the skin", "Every 4 weeks"],
    ["Zoledronic acid (Zometa)", "4 mg into a vein over 15 minutes", "Every 3 to 12 weeks"],
]
SIDE_EFFECTS = [
    "Low calcium in the blood, which can cause tingling or cramps.",
    "Pain or swelling in the jaw, which is rare.",
    "Tiredness and aches for 1 to 3 days after the first dose.",
]
WARNING = "Warning: call 911 if you have chest pain or trouble breathing."
STEPS = [
    "Take 500 mg of calcium and 400 units of vitamin D each day.",
    "See your dentist before the first dose.",
    "Tell your nurse about any tooth or gum problems.",
]
CONTACT = "Call the oncology nurse line at 555-014-2285, from 8 am to 5 pm, Monday to Friday."
REVIEW = "This page was reviewed on March 12, 2025 by Dr. A. Okafor and J. Ruiz, RN."
NUMBERS = sorted(set(re.findall(
    r"\d+", " ".join([INTRO, *sum(TABLE, []), *SIDE_EFFECTS, WARNING, *STEPS, CONTACT])
)))  # fmt: skip


def _page_html() -> str:
    rows = "".join(
        "<tr>" + "".join(f"<{'th' if n == 0 else 'td'}>{c}</{'th' if n == 0 else 'td'}>"
                         for c in row) + "</tr>"
        for n, row in enumerate(TABLE)
    )  # fmt: skip
    items = "".join(f"<li>{t}</li>" for t in SIDE_EFFECTS)
    steps = "".join(f"<li>{t}</li>" for t in STEPS)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>
<style>body {{ font: 12pt serif; }} table, td, th {{ border: 1px solid black;
border-collapse: collapse; }} td, th {{ padding: 4px; }} .warning {{ border: 2px solid black;
padding: 8px; }} h2.next {{ break-before: page; }}</style></head><body>
<h1>{TITLE}</h1>
<p>{INTRO}</p>
<h2>{HEADINGS[0]}</h2>
<p>{LEAD_IN}</p>
<table>{rows}</table>
<h2>{HEADINGS[1]}</h2>
<ul>{items}</ul>
<div class="warning"><p><strong>Warning:</strong> {WARNING.removeprefix("Warning: ")}</p></div>
<h2 class="next">{HEADINGS[2]}</h2>
<ol>{steps}</ol>
<h2>{HEADINGS[3]}</h2>
<p>{CONTACT}</p>
<p>{REVIEW}</p>
</body></html>"""


def _print_pdf(tmp_path: Path, html: str | None = None, headers: bool = True) -> Path:
    """The page printed by Chromium, with a header and 'Page n of N' on every page."""
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed; scripts/setup test installs it")
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "leaflet.html"
    page_file.write_text(html or _page_html(), "utf-8")
    out = tmp_path / "leaflet.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.pdf(
                path=str(out), format="A4", display_header_footer=headers,
                header_template='<div style="font-size:9px;width:100%;text-align:center">'
                "Riverside Cancer Centre patient information</div>",
                footer_template='<div style="font-size:9px;width:100%;text-align:center">Page '
                '<span class="pageNumber"></span> of <span class="totalPages"></span></div>',
                margin={"top": "60px", "bottom": "60px", "left": "50px", "right": "50px"},
            )  # fmt: skip
        finally:
            browser.close()
    return out


def _write_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(INTRO)
    document.add_heading(HEADINGS[0], level=1)
    document.add_paragraph(LEAD_IN)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
    document.add_heading(HEADINGS[1], level=1)
    for text in SIDE_EFFECTS:
        document.add_paragraph(text, style="List Bullet")
    warning = document.add_paragraph()
    warning.add_run("Warning:").bold = True
    warning.add_run(" " + WARNING.removeprefix("Warning: "))
    document.add_heading(HEADINGS[2], level=1)
    for text in STEPS:
        document.add_paragraph(text, style="List Number")
    document.add_heading(HEADINGS[3], level=1)
    document.add_paragraph(CONTACT)
    document.add_paragraph(REVIEW)
    path = tmp_path / "leaflet.docx"
    document.save(str(path))
    return path


def _imported(source: Path, tmp_path: Path) -> tuple[str, dict]:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    drafts = list(out.glob("*.md"))
    assert len(drafts) == 1, result.output
    text = drafts[0].read_text("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    parse_document(drafts[0], Lexicon())  # the draft is a document the guide can use
    return text, front


def _plain(markdown: str) -> str:
    """The draft's text with Markdown's escapes taken out and lines joined."""
    return re.sub(r"\s+", " ", markdown.replace("\\", ""))


def _assert_whole(markdown: str, front: dict) -> None:
    assert front["title"] == TITLE
    assert str(front["reviewed_on"]) == "2025-03-12"
    assert front["reviewed_by"] == "Dr. A. Okafor and J. Ruiz, RN"
    body = markdown.split("---\n", 2)[2]
    for heading in HEADINGS:
        assert re.search(rf"^## {re.escape(heading)}$", body, re.M), (heading, body)
    # The table as a table: a header row, its rule, and each row with its cells in order.
    rows = [ln for ln in body.splitlines() if ln.startswith("|")]
    assert len(rows) == len(TABLE) + 1, body
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert cells[0] == TABLE[0]
    assert all(set(c) <= set("-: ") for c in cells[1]), cells[1]
    assert cells[2:] == TABLE[1:], cells
    for item in SIDE_EFFECTS:
        assert f"- {item}" in _plain(body), (item, body)
    for number, step in enumerate(STEPS, start=1):
        assert f"{number}. {step}" in _plain(body), (step, body)
    plain = _plain(body)
    for text in (INTRO, LEAD_IN, WARNING, CONTACT):
        assert text in plain, (text, body)
    assert not re.search(r"^#+ Warning", body, re.M)  # the warning is text, not a heading
    assert re.findall(r"\d+", " ".join(re.findall(r"\d+", plain))) and set(NUMBERS) <= set(
        re.findall(r"\d+", plain)
    ), body


def test_a_word_file_is_imported_whole(tmp_path: Path) -> None:
    markdown, front = _imported(_write_docx(tmp_path), tmp_path)
    _assert_whole(markdown, front)


@pytest.mark.integration
def test_a_pdf_printed_by_chromium_is_imported_whole(tmp_path: Path) -> None:
    markdown, front = _imported(_print_pdf(tmp_path), tmp_path)
    _assert_whole(markdown, front)
    # The running header and the page numbers are gone from the text.
    assert "Riverside Cancer Centre" not in markdown.split("-->")[-1]
    assert not re.search(r"Page \d of \d", markdown.split("-->")[-1])


@pytest.mark.integration
def test_a_pdf_of_pictures_only_is_refused_in_one_line(tmp_path: Path) -> None:
    scan = _print_pdf(tmp_path, '<!doctype html><html><body><div style="width:300px;'
                      'height:400px;background:#444"></div></body></html>', headers=False)
    result = CliRunner().invoke(cli, ["import", str(scan), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"Error: {scan}: has no text, only pictures of pages (a scan); ask for the Word or web "
        "version of the leaflet, or run it through text recognition (OCR) first\n"
    )
    assert not (tmp_path / "out").exists()


COLUMN_TEXT = [
    "Denosumab is given as an injection under the skin of the arm, thigh or belly every "
    "four weeks by a nurse in the clinic.",
    "Zoledronic acid is given through a drip into a vein, which takes about fifteen minutes, "
    "every three to twelve weeks.",
    "Both medicines can lower the calcium in your blood, so your team checks it with a blood "
    "test before each dose.",
    "Extraordinarily uncomfortable osteonecrosis of the jaw is rare; tell your dentist about "
    "your treatment before any dental work.",
]


@pytest.mark.integration
def test_two_columns_are_read_in_order_and_hyphenated_words_joined(tmp_path: Path) -> None:
    soft = [t.replace("Extraordinarily", "Extra&shy;ordin&shy;arily").replace(
        "osteonecrosis", "osteo&shy;necrosis") for t in COLUMN_TEXT]  # fmt: skip
    paragraphs = "".join(f"<p>{t}</p>" for t in soft)
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><style>'
        "body { font: 13pt serif; } .cols { column-count: 2; column-gap: 60px; width: 460px; }"
        "</style></head><body><h1>Bone medicines</h1><h2>How they are given</h2>"
        f'<div class="cols">{paragraphs}</div></body></html>'
    )
    markdown, front = _imported(_print_pdf(tmp_path, html, headers=False), tmp_path)
    assert front["title"] == "Bone medicines"
    plain = _plain(markdown.split("-->")[-1])
    at = [plain.find(t) for t in COLUMN_TEXT]
    assert all(a >= 0 for a in at), plain
    assert at == sorted(at), plain


@pytest.mark.parametrize("name", ["leaflet.txt", "leaflet.html"])
def test_a_heading_above_the_leaflets_own_text_is_no_advert(tmp_path: Path, name: str) -> None:
    if name.endswith(".txt"):
        source = f"{TITLE}\n\n{INTRO}\n\nContact us\n\n{CONTACT}\n\n{REVIEW}\n"
    else:
        source = (f"<h1>{TITLE}</h1><p>{INTRO}</p><h2>Contact us</h2><p>{CONTACT}</p>"
                  f"<p>{REVIEW}</p>")  # fmt: skip
    (tmp_path / name).write_text(source, "utf-8")
    markdown, front = _imported(tmp_path / name, tmp_path)
    assert "\n## Contact us\n" in markdown
    assert CONTACT in _plain(markdown)
    assert str(front["reviewed_on"]) == "2025-03-12"
    assert front["reviewed_by"] == "Dr. A. Okafor and J. Ruiz, RN"


def test_a_text_leaflet_has_its_first_line_as_title_and_its_tables_kept(tmp_path: Path) -> None:
    source = tmp_path / "leaflet.txt"
    source.write_text(
        f"{TITLE}\nPatient information\n\n{INTRO}\n\n{HEADINGS[0]}\n"
        + "\n".join("\t".join(row) for row in TABLE)
        + f"\n\n{HEADINGS[1]}\n\n"
        + "\n".join(f"{row[0]:<28}{row[1]:<36}{row[2]}" for row in TABLE)
        + f"\n\n{CONTACT}\n\n{REVIEW}\n",
        "utf-8",
    )
    markdown, front = _imported(source, tmp_path)
    assert front["title"] == TITLE
    assert str(front["reviewed_on"]) == "2025-03-12"
    body = markdown.split("-->")[-1]
    rows = [[c.strip() for c in ln.strip("|").split("|")] for ln in body.splitlines()
            if ln.startswith("|") and not ln.startswith("|---")]  # fmt: skip
    assert rows == TABLE + TABLE, body  # the tab-separated table, then the aligned one
    assert f"\n## {HEADINGS[0]}\n" in body and f"\n## {HEADINGS[1]}\n" in body


SAVED_PAGE = f"""<!doctype html><html lang="en"><head><title>{TITLE} | Riverside</title></head>
<body>
<div class="cookie-banner" role="region"><p>We use cookies to improve your experience.</p>
<button>Accept all cookies</button></div>
<header role="banner"><img src="/img/riverside-logo.png" alt="Riverside Cancer Centre logo">
<a href="/">Home</a></header>
<div id="newsletter-popup" aria-modal="true"><p>Sign up for our newsletter</p></div>
<main><article>
<img src="/img/logo-small.svg" alt="Riverside">
<h1>{TITLE}</h1>
<p>{INTRO}</p>
<h2>Contact us</h2>
<p>{CONTACT}</p>
<p>{REVIEW}</p>
<p>Next review due: March 2027</p>
</article></main>
<p>This website uses cookies. By continuing to use this site you accept cookies.</p>
</body></html>"""


def test_a_saved_page_loses_its_banners_cookie_notices_and_logos_with_reasons(tmp_path: Path):
    source = tmp_path / "leaflet.html"
    source.write_text(SAVED_PAGE, "utf-8")
    markdown, front = _imported(source, tmp_path)
    comment, body = markdown.split("-->", 1)
    for gone in ("cookies", "logo", "newsletter", "Riverside Cancer Centre", "Home"):
        assert gone.lower() not in body.lower(), (gone, body)
    for reason in ("a cookie notice, by its class", "the site's banner, by its role",
                   "a dialog, by its aria-modal", "a logo"):  # fmt: skip
        assert reason in comment, (reason, comment)
    assert body.lstrip().startswith("## Overview\n\nCancer that has spread"), body
    assert "\n## Contact us\n" in body
    assert front["next_review"] == "March 2027"
    assert str(front["reviewed_on"]) == "2025-03-12"


def test_a_word_hyphenated_by_the_layout_is_joined_and_a_compound_keeps_its_hyphen() -> None:
    from mbc_audio.content.importer.pdf import _joined

    assert _joined("The treat-", "ment works.") == "The treatment works."
    assert _joined("osteo\u2010", "necrosis") == "osteonecrosis"  # the hyphen Chromium draws
    assert _joined("It is pain-", "free.") == "It is pain-free."
    assert _joined("Call 555-", "014-2285 now.") == "Call 555-014-2285 now."
