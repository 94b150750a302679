"""One small guide, built with the system voice and published, shared by the publish test modules
(each module that imports these fixtures builds and publishes it once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbc_audio import timeline as tl
from mbc_audio.build import BuildOptions, build
from mbc_audio.publish.run import Published, publish

from .conftest import ContentFolder

BASE = "https://clinic.example.org/guides/test/"
LEAFLET = """\
## Bones

Bone pain is common. It can often be eased with medicine, and you do not have to wait for it to get worse before you ask for help with it.

- Rest when you can.
- Tell your nurse.

### When to call

Call your care team if the pain is new.

## Outlook

About 29% of people live at least 5 years.
"""
FRONT = """title: A leaflet
source:
  publisher: Test clinic
  page_title: A leaflet
reviewed_by: A. Person, MD
reviewed_on: 2024-05-01
headings:
  Outlook:
    notice: This topic gives survival statistics."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("publish")
    content = ContentFolder(root / "content")
    text = content.root.joinpath("guide.toml").read_text()
    content.write(
        "guide.toml",
        text.replace(
            'language = "en-US"', 'language = "en-US"\nversion = "2.1"\ndate = 2026-01-15'
        ),
    )
    content.leaflet(LEAFLET, FRONT)
    # A lexicon, so every package carries it as PLS (the reviewer's "MD" is said in the closing).
    content.write(
        "lexicon.toml", '[terms]\nMD = "M D"\n\n[phonemes]\nmetastatic = "ˌmɛtəˈstætɪk"\n'
    )
    return build(
        BuildOptions(content.root, root / "dist", "system", None, 2, root / "cache")
    ).folder


@pytest.fixture(scope="module")
def result(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Published:
    out = tmp_path_factory.mktemp("out")
    return publish(built, out, BASE, report=lambda line: None)


@pytest.fixture(scope="module")
def published(result: Published) -> Path:
    return result.folder


@pytest.fixture(scope="module")
def timeline(published: Path) -> tl.Timeline:
    return tl.load(published)
