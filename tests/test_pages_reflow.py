"""The published pages reflow as WCAG 2.2 asks: at 320 CSS px wide (1.4.10, the same as 400%
zoom of a 1280 px window) and with the text spacing of 1.4.12, nothing scrolls sideways, and
no phone number, dose or time is split across two lines. Chromium lays the pages out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mbc_audio.build import BuildOptions, build
from mbc_audio.publish.run import publish

from .clients import chromium_page
from .conftest import ContentFolder

pytestmark = pytest.mark.integration

LEAFLET = """\
## Contact us

Call the oncology nurse line at 555-014-2285 or the ward at (555) 014-7731, from 8 am to 5 pm.

Paclitaxel is given as 80 mg/m² once a week, and denosumab as 120 mg every 4 weeks.

Read more at riverside-cancer-centre.example.org/patient-information/bone-metastases-treatment.
"""
# WCAG 1.4.12's spacing, set by the reader's own style sheet over the page's.
SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p, li, dd { margin-bottom: 2em !important; }
"""
KEPT = ["555-014-2285", "(555) 014-7731", "80 mg/m²", "120 mg", "8 am", "5 pm"]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reflow")
    content = ContentFolder(root / "content")
    text = content.root.joinpath("guide.toml").read_text()
    content.write("guide.toml", text.replace(
        'title = "Test guide"',
        'title = "Bone metastases: denosumab, zoledronic acid and the care of your bones"',
    ))  # fmt: skip
    content.leaflet(LEAFLET, "title: Bone medicines\nsource:\n  publisher: Riverside Cancer "
                    "Centre\nreviewed_by: Dr. A. Okafor\nreviewed_on: 2025-03-12")  # fmt: skip
    folder = build(
        BuildOptions(content.root, root / "dist", "system", None, 2, root / "cache")
    ).folder
    base = "https://riverside-cancer-centre.example.org/patient-information/audio-guides/bone/"
    return publish(folder, root / "out", base, report=lambda line: None).folder


SPLIT = """(texts) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const whole = nodes.map(n => n.textContent).join("");
  for (const text of texts) {
    let from = 0;
    while ((from = whole.indexOf(text, from)) >= 0) {
      const range = document.createRange();
      let at = 0, started = false;
      for (const n of nodes) {
        const len = n.textContent.length;
        if (!started && from < at + len) { range.setStart(n, from - at); started = true; }
        if (started && from + text.length <= at + len) { range.setEnd(n, from + text.length - at); break; }
        at += len;
      }
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                             .map(r => Math.round(r.bottom)));
      if (tops.size > 1) found.push(text);
      from += text.length;
    }
  }
  return found;
}"""


@pytest.mark.parametrize("page_name", ["index.html", "transcript.html", "handout.html"])
@pytest.mark.parametrize("spacing", [False, True], ids=["plain", "text-spacing"])
def test_pages_reflow_at_320_px(published: Path, page_name: str, spacing: bool) -> None:
    with chromium_page(published, page_name) as (page, messages):
        page.set_viewport_size({"width": 320, "height": 640})
        if spacing:
            page.add_style_tag(content=SPACING)
        page.wait_for_timeout(0)
        sideways = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40))""")
        assert sideways <= 0, (sideways, wide[:5])
        text = page.evaluate("() => document.body.innerText")
        kept = [k for k in KEPT if k in text]
        if page_name != "handout.html":  # the handout lists the topics, not their words
            assert kept == KEPT, text
        assert page.evaluate(SPLIT, kept) == []
        assert not messages


def test_the_qr_code_and_its_caption_print_on_one_page(published: Path) -> None:
    style = (published / "handout.html").read_text("utf-8")
    assert re.search(r"figure\.qr\s*\{[^}]*break-inside:\s*avoid", style)
    with chromium_page(published, "handout.html") as (page, _):
        page.emulate_media(media="print")
        assert page.evaluate(
            "() => getComputedStyle(document.querySelector('figure.qr')).breakInside"
        ) == "avoid"
