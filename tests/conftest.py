"""Shared fixtures: a small content folder written fresh for each test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEEDS = REPO.parent / "shared" / "seeds"

GUIDE_TOML = """\
title = "Test guide"
publisher = "Test clinic"
language = "en-US"
documents = ["leaflet.md"]
opening = "Welcome to the test guide."
closing = "This is the end."

[voice]
engine = "system"
rate_wpm = 150
"""

LEAFLET = """\
---
title: A leaflet
source:
  publisher: Test clinic
  page_title: A leaflet
---

## First topic

Hello there. This is the first topic.

## Second topic

It has a list:

- one item
- another item
"""


class ContentFolder:
    """A content folder in tmp_path; write() replaces one file with dedented text."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.write("guide.toml", GUIDE_TOML)
        self.write("leaflet.md", LEAFLET)

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def leaflet(self, body: str, front: str = "title: A leaflet") -> Path:
        return self.write("leaflet.md", f"---\n{front}\n---\n\n" + textwrap.dedent(body))


@pytest.fixture
def content(tmp_path: Path) -> ContentFolder:
    return ContentFolder(tmp_path / "content")
