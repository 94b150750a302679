"""The pages' words: a sentence's text cut at the words the voice's timings place
(pages.text_parts), and the spans the transcript makes of them. Hand-written timelines, no audio."""

from __future__ import annotations

import dataclasses
import json
import re

from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from mbc_audio.publish.pages import TextPart, index_page, text_parts, transcript_page
from mbc_audio.timeline import SentenceEntry, Timeline, WordEntry

from .timelines import small, with_words


def sentence(text: str, *spans: tuple[int, int]) -> SentenceEntry:
    """A sentence from 1000 to 1000 + 500 per word ms, with a word at each (start, end) of text."""
    words = tuple(
        WordEntry(text[a:b], a, b, 1000 + 500 * i, 1400 + 500 * i) for i, (a, b) in enumerate(spans)
    )
    return SentenceEntry("s1", text, text, "01-t.mp3", 1000, 1000 + 500 * max(1, len(spans)), words)


def shown(parts: tuple[TextPart, ...]) -> list[tuple[str, bool]]:
    return [(p.text, p.word is not None) for p in parts]


def test_a_sentence_without_words_is_one_plain_part() -> None:
    assert shown(text_parts(sentence("Rest when you can."))) == [("Rest when you can.", False)]


def test_words_at_the_start_and_the_end_leave_no_empty_part() -> None:
    parts = text_parts(sentence("Call us", (0, 4), (5, 7)))
    assert shown(parts) == [("Call", True), (" ", False), ("us", True)]
    assert [p.word.start_ms for p in parts if p.word] == [1000, 1500]


def test_punctuation_between_and_after_words_is_plain_text() -> None:
    text = "“Rest,” she said—then walk."
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    assert shown(text_parts(sentence(text, *spans))) == [
        ("“", False), ("Rest", True), (",” ", False), ("she", True), (" ", False),
        ("said", True), ("—", False), ("then", True), (" ", False), ("walk", True), (".", False),
    ]  # fmt: skip


def test_one_entry_may_cover_a_token_said_as_several_words() -> None:
    text = "Take 5 mg/kg daily."
    parts = text_parts(sentence(text, (0, 4), (5, 12), (13, 18)))
    assert shown(parts) == [
        ("Take", True), (" ", False), ("5 mg/kg", True), (" ", False), ("daily", True), (".", False),
    ]  # fmt: skip


@given(st.text(min_size=1, max_size=40), st.data())
def test_the_parts_join_to_the_text_with_each_word_where_the_timeline_has_it(
    text: str, data: st.DataObject
) -> None:
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=8)))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    parts = text_parts(sentence(text, *spans))
    assert "".join(p.text for p in parts) == text
    assert all(p.text for p in parts)
    assert [(p.word.char_start, p.word.char_end) for p in parts if p.word] == spans
    assert all(p.text == p.word.text for p in parts if p.word)


def links_of(page: str) -> dict[str, html.HtmlElement]:
    root = html.fromstring(page)
    return {a.get("id"): a for a in root.iter("a") if a.get("data-start")}


def test_each_word_is_a_span_with_its_times_inside_its_sentence_link() -> None:
    timeline = with_words(small())
    for page in (transcript_page(timeline), index_page(timeline, [])):
        links = links_of(page)
        for s in timeline.sentences:
            link = links[s.id]
            assert link.text_content() == s.text
            spans = link.findall("span")
            assert [
                (w.text, w.get("class"), int(w.get("data-start")), int(w.get("data-end")))
                for w in spans
            ] == [(w.text, "w", w.start_ms, w.end_ms) for w in s.words]
            assert all(w.get("aria-live") is None and w.get("aria-current") is None for w in spans)


def test_html_special_characters_in_and_between_words_are_escaped() -> None:
    text = "Ask <b>\"Dr. A</b> & B's nurse."
    spans = [m.span() for m in re.finditer(r"[\w']+", text)]  # "<", ">\"", "</", " & " between
    made = small()
    first = made.sentences[0]
    page = transcript_page(replace_first_sentence(made, dataclasses.replace(
        sentence(text, *spans), id=first.id)))  # fmt: skip
    assert "<b>" not in page and "</b>" not in page
    assert '&lt;<span class="w"' in page and "</span>&gt;&#34;<span" in page
    assert (
        "</span>&lt;/<span" in page
        and "</span>&gt; &amp; <span" in page
        and ">B&#39;s</span>" in page
    )
    link = links_of(page)[first.id]
    assert link.text_content() == text
    assert [w.text for w in link.findall("span")] == [text[a:b] for a, b in spans]


def replace_first_sentence(made: Timeline, new: SentenceEntry) -> Timeline:
    topic = made.topics[0]
    section = topic.sections[0]
    paragraph = dataclasses.replace(section.paragraphs[0], sentences=(new,))
    section = dataclasses.replace(section, paragraphs=(paragraph, *section.paragraphs[1:]))
    topic = dataclasses.replace(topic, sections=(section, *topic.sections[1:]))
    return dataclasses.replace(made, topics=(topic, *made.topics[1:]))


def test_the_system_voice_guide_has_no_word_spans_and_says_what_is_marked() -> None:
    page = transcript_page(small())
    assert 'class="w"' not in page
    assert "marks the sentence being said, with a box" in page
    assert "and in it the word being said" in transcript_page(with_words(small()))


def test_both_pages_carry_one_player_script_and_its_track_list() -> None:
    timeline = with_words(small())
    scripts = []
    for page in (transcript_page(timeline), index_page(timeline, [])):
        root = html.fromstring(page)
        assert root.get_element_by_id("audio").get("src") == timeline.tracks[0].file
        listed = json.loads(root.get_element_by_id("tracks").text)
        assert [t["file"] for t in listed] == [t.file for t in timeline.tracks]
        code = [s.text for s in root.iter("script") if s.get("type") is None]
        assert len(code) == 1 and "requestAnimationFrame" in code[0]
        assert (
            root.find(".//script[@src]") is None and root.find(".//link[@rel='stylesheet']") is None
        )
        scripts.append(code[0])
    assert scripts[0] == scripts[1]
    assert 'data-keys="reading"' in transcript_page(timeline)
    assert 'data-keys="all"' in index_page(timeline, [])
