"""mbc-audio import: plain text, HTML and Markdown into reviewed-ready Markdown drafts."""

from pathlib import Path

from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.importer import import_document
from mbc_audio.content.parse import parse_document
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
    assert "hidden" not in draft.markdown and "Menu" not in draft.markdown


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
