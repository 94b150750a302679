"""Large print that follows the voice: a guide built with the default voice (which says when each word is
heard), published, and played in headless Chromium on transcript.html and index.html. While a
track plays, the word marked is the word at the audio's time, and the mark moves on."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from typing import Any

import pytest

from mbc_audio import timeline as tl
from mbc_audio.build import BuildOptions, build
from mbc_audio.publish.run import publish

from .clients import CHROMIUM, CHROMIUM_ARGS, served
from .conftest import GUIDE_TOML, ContentFolder
from .test_publish_a11y import AXE, axe_run, need

pytestmark = pytest.mark.integration
# published: the small guide built with the system voice, which gives no word timings.
pytest_plugins = ("tests.published",)

LEAFLET = """\
## Bone pain

Bone pain is common, and it can often be eased with medicine. Tell your nurse when the pain is new.
"""
# How far past a word's times the mark may be seen: a frame or two, and the time between
# Chromium's reading of the clock and ours. The timeupdate event alone (four times a second)
# would miss this.
SLACK_MS = 120
# The player's HOLD_MS: a word stays marked through a short silence after it.
HOLD_MS = 250

SAMPLE = """() => {
  const audio = document.getElementById("audio");
  const marked = Array.from(document.querySelectorAll(".transcript .current-word"));
  const word = marked[0];
  const all = Array.from(document.querySelectorAll(".transcript .w"));
  const box = word ? word.getBoundingClientRect() : null;
  return {
    ms: audio.currentTime * 1000, paused: audio.paused, count: marked.length,
    start: word ? Number(word.dataset.start) : null, end: word ? Number(word.dataset.end) : null,
    at: all.indexOf(word), text: word ? word.textContent : null,
    current: Array.from(document.querySelectorAll("[aria-current]")).map(e => e.id),
    sentence: word ? word.closest("a").id : null,
    inView: box ? box.top >= 0 && box.bottom <= window.innerHeight : null,
    live: document.querySelectorAll(".transcript [aria-live]").length,
    scroll: window.scrollY,
  };
}"""


@pytest.fixture(scope="module")
def voiced_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The default voice, which times its words from its model's own durations.
    if importlib.util.find_spec("hibari") is None:
        pytest.fail("hibari-tts is not installed; scripts/setup installs it")
    root = tmp_path_factory.mktemp("follow")
    content = ContentFolder(root / "content")
    content.write("guide.toml", GUIDE_TOML.replace('engine = "system"', 'engine = "hibari"'))
    content.leaflet(LEAFLET)
    built = build(BuildOptions(content.root, root / "dist", "hibari", None, 2, root / "cache"))
    return publish(built.folder, root / "out", None, report=lambda line: None).folder


def play_and_sample(
    url: str, sentence_id: str, until_ms: int, away_until_ms: int
) -> tuple[list[dict], dict, list[str]]:
    """Open the page in a window a few lines high (400% zoom of a laptop's screen), select the
    sentence, and read what is marked every tenth of a second while it plays, until the audio
    reaches until_ms. Then scroll to the top, as a reader who looks elsewhere, and read once
    more at away_until_ms."""
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.fail("Chromium is not installed; scripts/setup test installs it")
    errors: list[str] = []
    at = "document.getElementById('audio').currentTime * 1000 >= "
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 320, "height": 180}, reduced_motion="reduce")
        page.on("console", lambda m: m.type in ("error", "warning") and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.locator(f'[id="{sentence_id}"]').click()
        page.wait_for_function(
            "document.querySelector('.transcript .current-word') !== null", timeout=15_000
        )
        samples: list[dict[str, Any]] = []
        while not page.evaluate(at + str(until_ms)):
            samples.append(page.evaluate(SAMPLE))
            time.sleep(0.1)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_function(at + str(away_until_ms), timeout=15_000)
        away = page.evaluate(SAMPLE)
        browser.close()
    return samples, away, errors


@pytest.mark.parametrize("page", ["transcript.html", "index.html"])
def test_the_word_marked_is_the_word_being_said_and_moves_on(
    voiced_published: Path, page: str
) -> None:
    timeline = tl.load(voiced_published)
    content = next(t for t in timeline.topics if t.kind == "topic")
    first, second = content.sentences
    assert all(s.words for s in content.sentences), "the voice gave no word timings"
    with served(voiced_published) as url:
        samples, away, errors = play_and_sample(
            url + page, first.id, second.words[1].start_ms, second.words[-1].start_ms + 50
        )
    assert errors == []
    # The voice went on while the reader looked elsewhere, and the page stayed where they were.
    assert away["count"] == 1 and away["scroll"] == 0 and not away["paused"], away
    playing = [s for s in samples if not s["paused"]]
    # Enough looks to mean something: at least one a quarter second of what was played.
    assert len(playing) >= (second.words[1].start_ms - first.start_ms) / 250, len(playing)
    marked = [s for s in playing if s["count"]]
    # Only pauses between words and sentences go unmarked.
    assert len(marked) >= 0.7 * len(playing), samples
    said = [w for s in content.sentences for w in s.words]
    starts = [w.start_ms for w in said] + [content.end_ms + SLACK_MS]
    for s in marked:
        assert s["count"] == 1
        assert s["start"] - SLACK_MS <= s["ms"] <= s["end"] + HOLD_MS + SLACK_MS, s
        # Never a word behind the voice: the next word has not begun (timeupdate alone lags).
        after = starts[[w.start_ms for w in said].index(s["start"]) + 1]
        assert s["ms"] < after + SLACK_MS, s
        assert s["current"] == [s["sentence"]], s  # aria-current on the sentence only
        assert s["inView"], s  # followed in a window too small for the whole sentence
        assert s["live"] == 0
    order = [s["at"] for s in marked]
    assert order == sorted(order) and len(set(order)) >= 4, order
    assert len({s["scroll"] for s in marked}) > 1  # the window scrolled to keep up
    assert {s["text"] for s in marked} <= {w.text for w in said}


@pytest.mark.parametrize(
    "scheme, contrast", [("light", "no-preference"), ("dark", "no-preference"), ("light", "more")]
)
def test_axe_finds_no_violations_while_a_word_is_marked(
    voiced_published: Path, scheme: str, contrast: str
) -> None:
    """The marked word's colours keep the contrast of the text, in each of the page's modes."""
    from playwright.sync_api import sync_playwright

    need(AXE)
    content = next(t for t in tl.load(voiced_published).topics if t.kind == "topic")
    with served(voiced_published) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(color_scheme=scheme, contrast=contrast)
        page.goto(url + "transcript.html")
        page.locator(f'[id="{content.sentences[0].id}"]').click()
        # Paused in the frame a word is seen marked: on a busy machine a second round trip let
        # the voice reach the pause after a sentence, where no word is said.
        page.wait_for_function(
            """() => {
                const marked = document.querySelector('.transcript .current-word') !== null;
                if (marked) { document.getElementById('audio').pause(); }
                return marked;
            }""",
            timeout=15_000,
        )
        marked = page.evaluate("document.querySelectorAll('.transcript .current-word').length")
        found = axe_run(page)
        browser.close()
    assert marked == 1  # a pause keeps the word marked: the reader sees where the voice stopped
    assert found == []


def test_selecting_a_word_plays_from_that_word(voiced_published: Path) -> None:
    from playwright.sync_api import sync_playwright

    content = next(t for t in tl.load(voiced_published).topics if t.kind == "topic")
    sentence = content.sentences[0]
    word = sentence.words[4]
    assert word.start_ms - sentence.start_ms > 1000  # far enough in to tell the two apart
    with served(voiced_published) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "transcript.html")
        page.locator(f'[id="{sentence.id}"] .w').nth(4).click()
        page.wait_for_function("document.getElementById('audio').currentTime > 0", timeout=15_000)
        ms = page.evaluate("document.getElementById('audio').currentTime * 1000")
        browser.close()
    assert word.start_ms - 50 <= ms < word.start_ms + 500


@pytest.mark.parametrize("page, moves", [("transcript.html", True), ("index.html", False)])
def test_play_from_the_player_follows_the_text_on_the_transcript_page_only(
    voiced_published: Path, page: str, moves: bool
) -> None:
    """On the transcript page the text is what the reader came for: play takes the page to the
    word being said. On the listening page the player is what they came for: it stays in view."""
    from playwright.sync_api import sync_playwright

    with served(voiced_published) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 320, "height": 180}, reduced_motion="reduce")
        tab.goto(url + page)
        tab.evaluate("document.getElementById('audio').play()")
        tab.wait_for_function(
            "document.querySelectorAll('.transcript .w')[2].classList.contains('current-word')",
            timeout=15_000,
        )
        state = tab.evaluate(SAMPLE)
        browser.close()
    assert state["inView"] is moves and (state["scroll"] > 0) is moves, state


def test_without_word_timings_the_sentence_being_said_is_marked(published: Path) -> None:
    """The system voice gives no word timings: the sentence is marked, and is the one at the
    audio's time, on the transcript page too."""
    from playwright.sync_api import sync_playwright

    timeline = tl.load(published)
    assert not any(s.words for s in timeline.sentences)
    sentence = next(t for t in timeline.topics if t.kind == "topic").sentences[0]
    with served(published) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "transcript.html")
        page.locator(f'[id="{sentence.id}"]').click()
        page.wait_for_function(
            "document.getElementById('audio').currentTime > 0"
            " && document.querySelector('.transcript a.current') !== null",
            timeout=15_000,
        )
        state = page.evaluate(
            """() => { const a = document.querySelector(".transcript a.current");
              return {ms: document.getElementById("audio").currentTime * 1000,
                      id: a && a.id, current: a && a.getAttribute("aria-current"),
                      words: document.querySelectorAll(".transcript .w").length}; }"""
        )
        browser.close()
    assert state["words"] == 0
    assert state["id"] == sentence.id and state["current"] == "true", state
    assert sentence.start_ms - SLACK_MS <= state["ms"] <= sentence.end_ms + SLACK_MS, state
