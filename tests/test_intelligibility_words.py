"""What the listening check compares and listens for, without a recogniser: the plain form of both
sides, the word alignment, and which words of an utterance must be heard."""

import pytest

from mbc_audio.check.intelligibility import (
    Utterance,
    align,
    critical_phrases,
    hear_window,
    heard_words,
    missed,
    plain_words,
    sound_key,
    word_error_rate,
)
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import normalize


def test_what_is_heard_is_read_by_the_guides_normaliser_and_lexicon() -> None:
    lexicon = Lexicon(terms={"CT": "C T", "HER2": "her two"})
    said = plain_words(normalize("A CT scan shows HER2 at 2.5 cm.", lexicon))
    assert heard_words("A CT scan shows HER2 at 2.5 cm.", lexicon, said) == said
    assert "centimeters" in said and "ct" in said and "two" in said


def test_both_sides_are_compared_in_one_plain_form() -> None:
    said = plain_words(normalize("Stage 4 isn’t curable; take 24 mg of it."))
    assert plain_words("Stage 4 isn't curable. Take 24 mg of it.") != said  # "mg" is not words
    assert plain_words("Stage 4 isn't curable. Take 24 milligrams of it.", said) == said
    assert plain_words("CT scan", ["c", "t"]) == plain_words("C T scan") == ["ct", "scan"]
    assert plain_words("cannot") == plain_words("can not") == ["can", "not"]


@pytest.mark.parametrize(
    ("heard", "said", "words"),
    [
        ("Call 911.", "call nine one one", ["call", "nine", "one", "one"]),
        ("It was 911 days.", "it was nine hundred eleven days", ["it", "was", "nine", "hundred", "eleven", "days"]),
        ("In 2025,", "in twenty twenty five", ["in", "twenty", "twenty", "five"]),
        ("the 3rd week", "the third week", ["the", "third", "week"]),
        ("29%", "twenty nine percent", ["twenty", "nine", "percent"]),
        ("2.5 cm", "two point five centimeters", ["two", "point", "five", "cm"]),
    ],
)
def test_digits_heard_are_read_as_the_guide_says_them_nearby(heard: str, said: str, words: list[str]) -> None:
    assert plain_words(heard, said.split()) == words


def test_the_alignment_is_a_cheapest_edit_path() -> None:
    assert align(["a", "b", "c"], ["a", "x", "c", "d"]) == [(0, 0), (1, 1), (2, 2), (None, 3)]
    assert word_error_rate(["a", "b", "c", "d"], ["a", "b", "c", "d"]) == 0
    assert word_error_rate(["a", "b", "c", "d"], ["a", "x", "c"]) == 0.5
    assert word_error_rate([], []) == 0


def _utterance(display: str, lexicon: Lexicon | None = None) -> Utterance:
    return Utterance("02-a.mp3", display, normalize(display, lexicon), 0, 1000)


def test_numbers_units_and_negations_must_be_heard_exactly() -> None:
    u = _utterance("Metastatic breast cancer isn’t curable: take 5 mg every 8 hours.")
    said = plain_words(u.spoken)
    phrases = critical_phrases(u, [])
    assert missed(said, said, phrases) == []
    heard = plain_words("Metastatic breast cancer is curable. Take nine milligrams every 8 hours.", said)
    assert missed(said, heard, phrases) == ["not", "five"]
    heard = plain_words("metastatic breast cancer is not curable take five milligram every eight hours")
    assert missed(said, heard, phrases) == []  # a unit heard in the singular was heard


def test_a_term_or_name_heard_with_another_spelling_is_heard() -> None:
    lexicon = Lexicon(phonemes={"zoledronic": "zoʊlɪˈdɹɑːnɪk"})
    u = _utterance("Dr. Okafor gives zoledronic acid.", lexicon)
    said = plain_words(u.spoken)
    phrases = critical_phrases(u, [])
    assert (["zoledronic"], False) in phrases and (["okafor"], False) in phrases
    assert missed(said, plain_words("Doctor Okafor gives zoldronic acid."), phrases) == []
    assert missed(said, plain_words("Doctor Okafor gives old roddick acid."), phrases) == ["zoledronic"]
    assert missed(said, plain_words("Doctor of a four gives zoledronic acid."), phrases) == ["okafor"]


def test_a_term_heard_split_across_its_neighbours_is_heard() -> None:
    u = _utterance("Contact a nonprofit organization. NCI also helps.", Lexicon(terms={"NCI": "N C I"}))
    said = plain_words(u.spoken)
    phrases = critical_phrases(u, ["N C I"])
    assert "nci" in said
    # Whisper wrote "nc i": the aligner pairs "i" with the term and leaves "nc" between words.
    heard = plain_words("contact a nonprofit organization nc i also helps")
    assert missed(said, heard, phrases) == []
    assert missed(said, plain_words("contact a nonprofit organization an ice also helps"), phrases) == ["nci"]
    assert missed(said, plain_words("contact a nonprofit organization also helps"), phrases) == ["nci"]


def test_a_lexicon_terms_spoken_form_is_listened_for() -> None:
    u = _utterance("Your ASCO guide.", Lexicon(terms={"ASCO": "ask-oh"}))
    said = plain_words(u.spoken)
    phrases = critical_phrases(u, ["ask-oh"])
    assert missed(said, plain_words("Your ASCO guide."), phrases) == []
    assert missed(said, plain_words("Your Oscar guide."), phrases) == ["ask oh"]
    assert sound_key("xgeva") == sound_key("ksgeva")


def test_what_is_heard_over_a_run_is_shared_out_to_its_utterances() -> None:
    run = [Utterance("t.mp3", t, normalize(t), i * 2000, i * 2000 + 1500)
           for i, t in enumerate(["Take 2 tablets.", "Do not drive.", "Rest."])]  # fmt: skip
    heard = hear_window(run, "Take two tablets. Do drive. Rest.", {})
    assert [h.heard for h in heard] == ["take two tablets", "do drive", "rest"]
    assert [h.missed for h in heard] == [(), ("not",), ()]
    assert [h.errors for h in heard] == [0, 1, 0]
