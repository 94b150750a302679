"""The normaliser says which written words each spoken word was said for (speech/trace.py), so a
page highlights the word being heard with no second normalisation of the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbc_audio.content.parse import load_guide
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import spoken_form
from mbc_audio.speech.wordmap import Span, said_before, spoken_words, written_tokens
from mbc_audio.spokentext import PhonemeSpan

from .conftest import ContentFolder


def _said(text: str, lexicon: Lexicon | None = None) -> list[str | None]:
    """What a page highlights for each word the voice says for text."""
    said = spoken_form(text, lexicon)
    assert len(said.words) == len(spoken_words(said.text))
    return [None if s is None else text[s.start : s.end] for s in said.words]


@pytest.mark.parametrize(
    "text, highlighted",
    [
        # Units: the number is highlighted while it is said, then the unit.
        ("Take 5 mg/kg daily.", ["Take", "5", "mg/kg", "mg/kg", "mg/kg", "daily"]),
        ("Take 1 mg at night.", ["Take", "1", "mg", "at", "night"]),
        ("Take 5 to 10 mg.", ["Take", "5", "to", "10", "mg"]),
        ("Take 5-10 mg.", ["Take", "5-10", "5-10", "5-10", "mg"]),
        # A range: "to" is said for the dash, which is no written word: it joins "10".
        ("Scores of 10 – 20 are common.", ["Scores", "of", "10", "10", "20", "are", "common"]),
        # Dates, times and temperatures of two written words or more.
        ("On January 5, 2024 rest.", ["On", "January", "5", "2024", "2024", "rest"]),
        ("At 9:30 a.m. rest.", ["At", "9:30", "9:30", "a.m", "a.m", "rest"]),
        ("Above 38 °C call.", ["Above", "38", "°C", "°C", "call"]),
        ("Take 2 x 500 mg.", ["Take", "2", "x", "500", "500", "mg"]),
        # Contractions said in full stand for the written word.
        ("They don't and won't stop.", ["They", "don't", "don't", "and", "won't", "won't", "stop"]),
        # A symbol dropped is never highlighted; a word with a mark on it is the written word.
        ("Bone • pain ® today, PDQ® guide 🙂 ok.", ["Bone", "pain", "today", "PDQ®", "guide", "ok"]),
        # The old aligner gave the "and" said for "&" to the written "and" after it.
        ("5 & and 5", ["5", "5", "and", "5"]),
        # ... and "for" (of "e.g.") to "MRI", a parenthesis that is not said.
        ("Magnetic resonance imaging (MRI) e.g. helps.",
         ["Magnetic", "resonance", "imaging", "e.g", "e.g", "helps"]),
        # ... and the first "January" to the written "January" after it.
        ("Jan. January 5", ["Jan", "January", "5"]),
    ],
)  # fmt: skip
def test_each_spoken_word_stands_for_the_written_words_it_was_said_for(
    text: str, highlighted: list[str]
) -> None:
    assert _said(text) == highlighted


def test_a_parenthesis_said_once_is_never_highlighted() -> None:
    text = "Take it twice a day (b.i.d.) with food."
    assert spoken_form(text).text == "Take it twice a day with food."
    assert _said(text) == ["Take", "it", "twice", "a", "day", "with", "food"]


def test_a_lexicon_term_stands_for_the_written_term() -> None:
    lexicon = Lexicon(terms={"CT": "C T"})
    assert _said("A CT scan helps.", lexicon) == ["A", "CT", "CT", "scan", "helps"]
    kept = Lexicon(keep_contractions=True)
    assert _said("They don't stop.", kept) == ["They", "don't", "stop"]


def test_words_said_from_phonemes_keep_their_written_words() -> None:
    lexicon = Lexicon(phonemes={"breast cancer": "bɹɛst kænsɚ", "metastases": "məˈtæstəsiːz"})
    text = "Breast cancer metastases spread."
    said = spoken_form(text, lexicon)
    assert said.text.phonemes[0] == PhonemeSpan(0, 13, "bɹɛst kænsɚ")
    # A term of two words said from phonemes is one spoken word, with one span for both.
    assert _said(text, lexicon) == ["Breast cancer", "metastases", "spread"]


def test_a_term_said_from_phonemes_with_any_space_in_it_is_one_spoken_word() -> None:
    for space in (" ", "\u2009", "\u00a0", "\u3000"):
        term = f"breast{space}cancer"
        said = spoken_form(f"{term} spreads.", Lexicon(phonemes={term: "bɹɛst kænsɚ"}))
        assert len(said.words) == len(spoken_words(said.text)), repr(space)


def test_invisible_characters_and_no_break_spaces_keep_the_map() -> None:
    text = "Take\u200b 5\u00a0mg of can\u00adcer drugs."
    assert spoken_form(text).text == "Take five milligrams of cancer drugs."
    assert _said(text) == ["Take\u200b", "5", "mg", "of", "can\u00adcer", "drugs"]


def test_words_said_before_a_sentence_stand_for_its_first_word(tmp_path: Path) -> None:
    assert said_before("Rest well.", "one.") == (Span(0, 4),)
    assert said_before("— —", "one.") == (None,)
    content = ContentFolder(tmp_path / "content")
    content.leaflet("## Steps\n\n1. Rest well.\n2. Drink water.\n")
    guide = load_guide(content.root)
    sentences = [s for t in guide.parts[0].topics for sec in t.sections for b in sec.blocks
                 for s in b.sentences]  # fmt: skip
    first = next(s for s in sentences if s.text == "Rest well.")
    assert first.spoken == "one. Rest well."
    assert [first.text[w.start : w.end] for w in first.words if w] == ["Rest", "Rest", "well"]


def test_every_spoken_word_has_a_span_in_order_for_any_sentence() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tokens = st.sampled_from([
        "Take", "5", "mg/kg", "HER2-positive", "(ER+/PR+)", "isn't", "24/7", "#1", "e.g.", "—",
        "Dr.", "Jan.", "3x", "10–20", "mL", "🙂", "and", "&", "5 to 10 mg", "Stage IV", "38 °C",
        "9:30 a.m.", "January 5, 2024", "imaging (MRI)", "2 x 500", "\u00ad", "\u00a0", "q8h",
    ])  # fmt: skip

    @settings(max_examples=200, deadline=None)
    @given(st.lists(tokens, min_size=1, max_size=12))
    def check(words: list[str]) -> None:
        text = " ".join(words)
        said = spoken_form(text)
        assert len(said.words) == len(spoken_words(said.text))
        tokens = written_tokens(text)
        if not tokens:  # "&": said, but no written word to highlight
            assert set(said.words) <= {None}
            return
        starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
        for span in said.words:
            assert span is not None and span.start in starts and span.end in ends

    check()
