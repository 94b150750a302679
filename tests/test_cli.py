"""The command line through click's CliRunner: output lines, exit statuses, bad input."""

import json

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_outline_lists_topics_with_numbers_and_minutes(content) -> None:
    result = run("outline", "--content", str(content.root))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Guide: Test guide"
    assert lines[1].startswith("1 parts, 2 topics, 8 sentences, about ")
    assert "Part 1 of 1: A leaflet (leaflet.md)" in lines
    topic_lines = [line for line in lines if "Topic " in line]
    assert topic_lines[0].startswith("  Topic 1 of 2: First topic. 2 sentences, ")
    assert topic_lines[1].startswith("  Topic 2 of 2: Second topic. 3 sentences, ")
    assert all(line.endswith("minutes.") or line.endswith("minute.") for line in topic_lines)


def test_outline_json_is_the_model(content) -> None:
    result = run("outline", "--content", str(content.root), "--json")
    assert result.exit_code == 0
    model = json.loads(result.output)
    topic = model["parts"][0]["topics"][1]
    assert topic["title"] == "Second topic"
    sentences = [s for sec in topic["sections"] for b in sec["blocks"] for s in b["sentences"]]
    assert [(s["text"], s["pause"]) for s in sentences] == [
        ("It has a list:", "lead_in"),
        ("one item", "list_item"),
        ("another item", "list_item"),
    ]


def test_lint_passes_clean_content(content) -> None:
    result = run("lint", "--content", str(content.root))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Passed: 0 errors, 0 warnings in 2 topics."


def test_lint_reports_errors_and_warnings(content) -> None:
    content.leaflet(
        """\
        ## Empty topic

        ## Full topic

        The list was lost:

        Ask about the FOLFOX plan ↑ today. ® …

        """
        + "word " * 41
        + ".\n"
    )
    result = run("lint", "--content", str(content.root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1].startswith("Failed: 3 errors, ")
    text = result.output
    assert "Error: " in text and 'the topic "Empty topic" has no text' in text
    assert '"The list was lost:" introduces a list that is not there' in text
    assert '"FOLFOX" is in capitals and not in lexicon.toml' in text
    assert 'the symbol "↑" (U+2191) is said "up"' in text
    assert "a sentence of 42 words is hard to follow by ear" in text
    assert '"® …" has no words to say; reword it or remove it' in text
    assert "leaflet.md, line 5" in text  # the empty topic's heading line


BAD_INPUTS = {
    "invalid UTF-8": (
        lambda c: (c.root / "leaflet.md").write_bytes(b"## Topic\n\nCaf\xe9.\n"),
        "leaflet.md, line 3: is not UTF-8 text",
    ),
    "empty file": (lambda c: c.write("leaflet.md", ""), "leaflet.md: is empty"),
    "binary file": (
        lambda c: (c.root / "leaflet.md").write_bytes(b"\x89PNG\x00\x00\x01"),
        "leaflet.md: looks like a binary file",
    ),
    "no headings": (lambda c: c.leaflet("Just some text.\n"), "leaflet.md: has no ## headings"),
    "dot-dot heading": (lambda c: c.leaflet("## ../\n\nText.\n"), "no letters or digits"),
    "slash heading": (lambda c: c.leaflet("## /\n\nText.\n"), "no letters or digits"),
    "backslash heading": (lambda c: c.leaflet("## \\\\\n\nText.\n"), "no letters or digits"),
    "colon heading": (lambda c: c.leaflet("## :\n\nText.\n"), "no letters or digits"),
    "device-name heading": (lambda c: c.leaflet("## CON\n\nText.\n"), "Windows keeps for devices"),
    "malformed lexicon": (
        lambda c: c.write("lexicon.toml", "[terms]\nMRI = M R I\n"),
        "lexicon.toml, line 2: is not valid TOML",
    ),
    "lexicon value not text": (
        lambda c: c.write("lexicon.toml", "[terms]\nMRI = 3\n"),
        "the term 'MRI' in [terms] needs a spoken form",
    ),
    "version with a space": (
        lambda c: c.write(
            "guide.toml",
            (c.root / "guide.toml").read_text().replace("[voice]", 'version = "1 beta"\n[voice]'),
        ),
        "guide.toml, line 8: version must be short text",
    ),
    "date in quotes": (
        lambda c: c.write(
            "guide.toml",
            (c.root / "guide.toml").read_text().replace("[voice]", 'date = "23 Nov 2026"\n[voice]'),
        ),
        "date must be a day written as  date = 2026-11-22",
    ),
    "malformed guide.toml": (
        lambda c: c.write("guide.toml", 'title = "Unclosed\n'),
        "guide.toml, line 1: is not valid TOML",
    ),
    "guide.toml without title": (
        lambda c: c.write("guide.toml", 'documents = ["leaflet.md"]\n'),
        'guide.toml: needs title as text; add  title = "..."',
    ),
    "missing document": (
        lambda c: c.write(
            "guide.toml",
            (c.root / "guide.toml").read_text().replace('"leaflet.md"', '"leaflet.md", "gone.md"'),
        ),
        'names the document "gone.md", which is not in',
    ),
    "document outside the folder": (
        lambda c: c.write(
            "guide.toml",
            (c.root / "guide.toml").read_text().replace('"leaflet.md"', '"../leaflet.md"'),
        ),
        "outside the content folder",
    ),
    "bad audio target": (
        lambda c: c.write(
            "guide.toml", (c.root / "guide.toml").read_text() + "\n[audio]\nloudness_lufs = 5\n"
        ),
        "guide.toml, line 13: audio.loudness_lufs must be one of loudness_lufs, true_peak_dbtp, "
        "bitrate_kbps, a number from -30 to -10",
    ),
    "bad rate": (
        lambda c: c.write(
            "guide.toml",
            (c.root / "guide.toml").read_text().replace("rate_wpm = 150", "rate_wpm = 9000"),
        ),
        "guide.toml, line 10: voice.rate_wpm must be a whole number",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["outline", "lint"])
def test_bad_input_gets_one_plain_line_and_exit_2(content, case, command) -> None:
    damage, expected = BAD_INPUTS[case]
    damage(content)
    before = {p: p.read_bytes() for p in content.root.iterdir()}
    result = run(command, "--content", str(content.root))
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ") and expected in lines[0]
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in content.root.iterdir()} == before  # nothing damaged


def test_missing_content_folder(tmp_path) -> None:
    result = run("outline", "--content", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "guide.toml: not found; check the name or create the guide.toml"
    )


def test_ten_megabyte_document_parses(content) -> None:
    # A long topic repeated: the size of a very large handbook, not a realistic leaflet.
    paragraph = "The cancer has spread to 2 places, and the care team can help with it. " * 40
    topic = (
        "## Topic {n}\n\n"
        + paragraph
        + "\n\nAsk your care team:\n\n- about pain\n- about sleep\n\n"
    )
    count = 10_000_000 // len(topic) + 1
    content.leaflet("".join(topic.format(n=n) for n in range(count)))
    assert (content.root / "leaflet.md").stat().st_size >= 10_000_000
    result = run("outline", "--content", str(content.root))
    assert result.exit_code == 0
    assert f"  Topic {count} of {count}: Topic {count - 1}. 43 sentences, " in result.output
