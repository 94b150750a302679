"""What the recogniser check listens for in a sentence's spoken text (no recogniser needed)."""

from mbc_audio.check.intelligibility import missed_words
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import normalize


def test_expanded_negations_are_listened_for() -> None:
    spoken = normalize("Metastatic breast cancer isn’t curable, but it’s treatable.")
    assert missed_words(spoken, {"metastatic", "breast", "cancer", "is", "curable"}) == ["not"]
    assert missed_words(spoken, {"is", "not", "curable"}) == []


def test_cannot_is_heard_as_one_word_or_two() -> None:
    spoken = normalize("These statistics can't predict your outlook.")
    assert missed_words(spoken, {"these", "statistics"}) == ["cannot"]
    assert missed_words(spoken, {"cannot"}) == []
    assert missed_words(spoken, {"can", "not"}) == []


def test_numbers_and_units_of_a_dose_are_listened_for() -> None:
    spoken = normalize("Take 5 mg/kg or 1 mL every 8 hrs.")
    assert missed_words(spoken, set()) == [
        "five", "milligrams", "kilogram", "one", "milliliter", "eight", "hours",
    ]  # fmt: skip
    assert missed_words(spoken, {"five", "milligrams", "kilogram", "eight"}) == [
        "one", "milliliter", "hours",
    ]  # fmt: skip


def test_words_said_from_phonemes_are_listened_for_as_words() -> None:
    lexicon = Lexicon(phonemes={"metastases": "məˈtæstəsiːz"})
    spoken = normalize("No metastases.", lexicon)
    assert "⟦" in spoken
    assert missed_words(spoken, set()) == ["no"]
