"""Accessibility of the published guide, checked by the tools the field uses: Ace by DAISY on
the EPUB, axe-core in Chromium on the three web pages. `scripts/setup test` installs both into
.node/ (tests/node/package.json pins them); both drive Debian's chromium."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from mbc_audio.publish.run import Published

from .clients import CHROMIUM, CHROMIUM_ARGS, served
from .conftest import REPO

pytestmark = pytest.mark.integration
pytest_plugins = ("tests.published",)

NODE = REPO / ".node" / "node_modules"
ACE = NODE / ".bin" / "ace-puppeteer"
AXE = NODE / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def need(path: Path) -> Path:
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed; scripts/setup test installs it")
    if not path.exists():
        pytest.fail(f"{path} is missing; scripts/setup test installs Ace and axe-core into .node/")
    return path


def ace_report(epub: Path, out: Path) -> dict:
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    run = subprocess.run(
        [str(need(ACE)), "--silent", "--force", "--outdir", str(out), str(epub)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr or run.stdout
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def ace_violations(report: dict) -> list[str]:
    return [
        f"{a['earl:testSubject']['url']}: {b['earl:test']['dct:title']} "
        f"({b['earl:test']['earl:impact']})"
        for a in report["assertions"]
        for b in a.get("assertions", [])
        if b["earl:result"]["earl:outcome"] == "fail"
    ]


def test_ace_finds_no_violations_in_the_epub(result: Published, tmp_path: Path) -> None:
    epub = result.folder.parent / "test-guide-2.1.epub"
    report = ace_report(epub, tmp_path / "ace")
    assert ace_violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    metadata = report["a11y-metadata"]
    for needed in ("schema:accessMode", "schema:accessModeSufficient",
                   "schema:accessibilityFeature", "schema:accessibilityHazard",
                   "schema:accessibilitySummary", "dcterms:conformsTo"):  # fmt: skip
        assert needed in metadata["present"], needed


def test_the_epub_states_what_it_offers(result: Published) -> None:
    with zipfile.ZipFile(result.folder.parent / "test-guide-2.1.epub") as book:
        package = book.read("EPUB/package.opf").decode()
    for claim in (
        '"schema:accessMode">auditory<', '"schema:accessMode">textual<',
        '"schema:accessModeSufficient">auditory<', '"schema:accessModeSufficient">textual<',
        '"schema:accessibilityFeature">synchronizedAudioText<',
        '"schema:accessibilityFeature">tableOfContents<', '"schema:accessibilityHazard">none<',
        '"dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA<',
    ):  # fmt: skip
        assert claim in package, claim


def test_ace_does_catch_an_epub_type_without_its_role(result: Published, tmp_path: Path) -> None:
    """The checker itself works here: the violation the EPUB once had is found when put back."""
    source = result.folder.parent / "test-guide-2.1.epub"
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(broken, "w") as out:
        for info in book.infolist():
            data = book.read(info)
            if info.filename == "EPUB/nav.xhtml":
                data = data.replace(b' role="doc-toc"', b"")
            out.writestr(info, data)
    found = ace_violations(ace_report(broken, tmp_path / "ace"))
    assert found == ["nav.xhtml: epub-type-has-matching-role (moderate)"]


def axe_violations(url: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        found = axe_run(page)
        browser.close()
    return found


def axe_run(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's violations on a Playwright page as it is now: "rule: targets" each."""
    page.add_script_tag(path=str(need(AXE)))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' ')))",
        AXE_TAGS,
    )


@pytest.mark.parametrize("page", ["index.html", "transcript.html", "handout.html"])
def test_axe_finds_no_violations_on_the_pages(published: Path, page: str) -> None:
    need(AXE)
    with served(published) as url:
        assert axe_violations(url + page) == []


def test_axe_does_catch_a_page_without_its_language(published: Path, tmp_path: Path) -> None:
    page = (published / "handout.html").read_text(encoding="utf-8")
    (tmp_path / "handout.html").write_text(page.replace(' lang="en-US"', "", 1), encoding="utf-8")
    with served(tmp_path) as url:
        assert [v.split(":")[0] for v in axe_violations(url + "handout.html")] == ["html-has-lang"]
