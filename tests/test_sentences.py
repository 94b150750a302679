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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Never final: something always follows.
        ("Take approx. 5 mL. Then rest.", ["Take approx. 5 mL.", "Then rest."]),
        ("Use aids, e.g. Canes or walkers.", ["Use aids, e.g. Canes or walkers."]),
        ("Ask Dr. Patel. She knows.", ["Ask Dr. Patel.", "She knows."]),
        ("Drug A vs. Drug B. Both work.", ["Drug A vs. Drug B.", "Both work."]),
        # Final before a capital: the abbreviation's full stop also ends the sentence.
        (
            "Bring pills, glasses, etc. The nurse helps.",
            ["Bring pills, glasses, etc.", "The nurse helps."],
        ),
        ("Bring pills, etc. and water.", ["Bring pills, etc. and water."]),
        ("Rest for 2 wks. Then walk.", ["Rest for 2 wks.", "Then walk."]),
        ("It began in Jan. Then it grew.", ["It began in Jan.", "Then it grew."]),
        ("Seen on Jan. 5 and Feb. 9.", ["Seen on Jan. 5 and Feb. 9."]),
        ("Open Mon. to Fri. Call first.", ["Open Mon. to Fri.", "Call first."]),
        ("Open Tues. and Thurs. only.", ["Open Tues. and Thurs. only."]),
        # Final unless a number follows.
        ("See No. 5 on the list.", ["See No. 5 on the list."]),
        ("She said no. The doctor agreed.", ["She said no.", "The doctor agreed."]),
        ("See fig. 2 below.", ["See fig. 2 below."]),
        ("Call ext. 4412 today.", ["Call ext. 4412 today."]),
        # Final before a word that opens sentences: names such as "U.S." and "St." go on.
        (
            "It is common in the U.S. Most women live longer.",
            ["It is common in the U.S.", "Most women live longer."],
        ),
        (
            "The U.S. National Cancer Institute says so.",
            ["The U.S. National Cancer Institute says so."],
        ),
        ("Go to St. Jude. It is near.", ["Go to St. Jude.", "It is near."]),
        ("It is on Main St. The door is blue.", ["It is on Main St.", "The door is blue."]),
        # Plain words that look like abbreviations still end sentences.
        ("It is a mg. Take it.", ["It is a mg.", "Take it."]),
        ("Take vitamin D. Take it daily.", ["Take vitamin D.", "Take it daily."]),
        ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
    ],
)
def test_abbreviations_neither_end_a_sentence_early_nor_join_two(
    text: str, expected: list[str]
) -> None:
    assert split_sentences(text) == expected
