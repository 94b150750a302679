"""`mbc-audio new DIR` starts a clinic's own guide; the whole flow from a Word leaflet to a guide
that lint passes and outline reads, with the clinic's title, publisher, version and date."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.config import load_config
from mbc_audio.content.parse import load_guide

from .test_import_word_pdf import TITLE, _write_docx


def _new(folder: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["new", str(folder), *options])
    return f"{result.exit_code}\n{result.output}"


def test_a_new_guide_from_a_word_leaflet(tmp_path: Path) -> None:
    folder = tmp_path / "riverside"
    said = _new(folder, "--title", "Riverside bone health", "--publisher",
                "Riverside Cancer Centre", "--version", "2025.1", "--date", "2025-03-01")  # fmt: skip
    assert said.startswith("0\n"), said
    assert sorted(p.name for p in folder.iterdir()) == ["guide.toml", "lexicon.toml"]
    written = tomllib.loads((folder / "guide.toml").read_text("utf-8"))
    assert written["documents"] == []
    # No sample documents: lint says what to do in one line.
    result = CliRunner().invoke(cli, ["lint", "--content", str(folder)])
    assert result.exit_code == 2 and "documents" in result.output, result.output

    leaflet = _write_docx(tmp_path)
    result = CliRunner().invoke(cli, ["import", str(leaflet), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    draft = next(p.name for p in folder.glob("*.md"))
    guide = folder / "guide.toml"
    guide.write_text(guide.read_text("utf-8").replace(
        "documents = [\n]", f'documents = [\n    "{draft}",\n]'), "utf-8")  # fmt: skip
    result = CliRunner().invoke(cli, ["lint", "--content", str(folder)])
    assert result.exit_code == 0, result.output
    config = load_config(folder).info
    assert (config.title, config.publisher, config.version, str(config.date)) == (
        "Riverside bone health", "Riverside Cancer Centre", "2025.1", "2025-03-01"
    )
    assert config.id == "riverside-bone-health"
    loaded = load_guide(folder)
    assert [p.title for p in loaded.parts] == [TITLE]
    opening = " ".join(s.text for s in loaded.opening.sentences)
    assert "an audio guide from Riverside Cancer Centre in one part." in opening


def test_new_refuses_to_replace_a_guide_and_asks_for_what_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    assert _new(folder, "--title", "A", "--publisher", "B").startswith("0\n")
    before = (folder / "guide.toml").read_bytes()
    again = _new(folder, "--title", "C", "--publisher", "D")
    assert again.startswith("2\n") and "already exists" in again
    assert (folder / "guide.toml").read_bytes() == before
    missing = _new(tmp_path / "other", "--publisher", "B")
    assert re.match(r"2\nError: give --title", missing), missing
    assert not (tmp_path / "other").exists()
    bad = _new(tmp_path / "third", "--title", "A", "--publisher", "B", "--version", "1 0")
    assert bad.startswith("2\n") and "--version" in bad
