import pytest

from mbc_audio.content.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Dr. Liu saw her. She was fine.", ["Dr. Liu saw her.", "She was fine."]),
        ("St. Jude is near. Go there.", ["St. Jude is near.", "Go there."]),
        ("Many U.S. women live longer.", ["Many U.S. women live longer."]),
        ("Use aids, e.g. canes. Or i.e. walkers.", ["Use aids, e.g. canes.", "Or i.e. walkers."]),
        ("Drug A vs. drug B.", ["Drug A vs. drug B."]),
        ("Come at 9 a.m. tomorrow.", ["Come at 9 a.m. tomorrow."]),
        ("Come at 9 a.m. Bring a friend.", ["Come at 9 a.m.", "Bring a friend."]),
        ("Within 24 hrs. of the scan.", ["Within 24 hrs. of the scan."]),
        ("The dose is 2.5 mg. Take it daily.", ["The dose is 2.5 mg.", "Take it daily."]),
        ("Lyman G. H. (2018). A title.", ["Lyman G. H. (2018).", "A title."]),
        (
            "You may wonder, “Why me?” You may think it.",
            ["You may wonder, “Why me?”", "You may think it."],
        ),
        ("It helps. (It is used often.) Ask.", ["It helps.", "(It is used often.)", "Ask."]),
        ("Stage 4. Then more.", ["Stage 4.", "Then more."]),
        ("No. 5 is the room.", ["No. 5 is the room."]),
        ("  spaced   out \n text.  ", ["spaced out text."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
