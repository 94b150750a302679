"""Speech rules of leaflets: a parenthesis that repeats the words before it is said once; a
sentence ends after a token of letters and digits; a web address is said with its path."""

import pytest

from mbc_audio.content.sentences import split_sentences
from mbc_audio.speech.normalize import normalize


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Take it twice a day (b.i.d.) with food.", "Take it twice a day with food."),
        ("It is given every 12 weeks (q12w).", "It is given every twelve weeks."),
        ("A magnetic resonance imaging (MRI) scan.", "A magnetic resonance imaging scan."),
        ("Osteonecrosis of the jaw (ONJ) is rare.", "Osteonecrosis of the jaw is rare."),
        ("Take two (2) tablets.", "Take two tablets."),
    ],
)
def test_a_parenthesis_that_repeats_the_words_before_it_is_said_once(text: str, said: str):
    assert normalize(text) == said


@pytest.mark.parametrize(
    "text",
    [
        "Denosumab (Xgeva) is given.",
        "See the nurse (if needed).",
        "Take 2 tablets (morning and night).",
        "A bone scan (MRI) may follow.",  # initials of nothing before it
    ],
)
def test_a_parenthesis_that_adds_something_is_said(text: str):
    assert "(" in normalize(text)


def test_a_sentence_ends_after_letters_and_digits_before_a_capital():
    text = "Go to Room 3B. Zoledronic acid is given there. Take vitamin D3. Then rest."
    assert split_sentences(text) == [
        "Go to Room 3B.", "Zoledronic acid is given there.", "Take vitamin D3.", "Then rest.",
    ]  # fmt: skip
    # An initial is still no sentence end.
    assert split_sentences("Dr. A. Okafor wrote it.") == ["Dr. A. Okafor wrote it."]


def test_a_web_address_is_said_with_its_path_and_hyphens():
    assert normalize("Read riverside-cancer.example.org/bone today.") == (
        "Read riverside dash cancer dot example dot org slash bone today."
    )
