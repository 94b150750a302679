import pytest

from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import normalize

LEXICON = Lexicon(
    terms={"MRI": "M R I", "PET": "pet", "U.S.": "U S", "NCI": "N C I"},
    terms_any_case={"hrs.": "hours", "mg": "milligrams"},
)


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Stage IV breast cancer.", "Stage four breast cancer."),
        ("It is stage 4 cancer.", "It is stage four cancer."),
        ("About 29% live 5 years.", "About twenty-nine percent live five years."),
        ("Rest for 2–3 weeks.", "Rest for two to three weeks."),
        ("It helps 20-30% of people.", "It helps twenty to thirty percent of people."),
        (
            "A fever of 100.4°F or more.",
            "A fever of one hundred point four degrees Fahrenheit or more.",
        ),
        ("Keep it below 38 °C.", "Keep it below thirty-eight degrees Celsius."),
        (
            "Call 1-800-615-3055 now.",
            "Call one, eight zero zero, six one five, three zero five five now.",
        ),
        ("Call (555) 123-4567.", "Call five five five, one two three, four five six seven."),
        ("Come at 9:30 a.m. sharp.", "Come at nine thirty a m sharp."),
        ("Open 10:05 to 17:00.", "Open ten oh five to seventeen o'clock."),
        ("Come at 9 a.m. please.", "Come at nine a m please."),
        ("Reviewed on February 10, 2022.", "Reviewed on February tenth, twenty twenty-two."),
        ("Seen 2022-02-10.", "Seen February tenth, twenty twenty-two."),
        (
            "Take 1/2 a tablet, or 3/4, or 2/3.",
            "Take one half a tablet, or three quarters, or two thirds.",
        ),
        ("The 1st and 22nd visits.", "The first and twenty-second visits."),
        ("Cost: $20.", "Cost: twenty dollars."),
        ("About 1,250 women.", "About one thousand two hundred fifty women."),
        ("Pain and/or swelling.", "Pain and or swelling."),
        ("Yes/no answers.", "Yes or no answers."),
        ("Hot & cold.", "Hot and cold."),
        ("A score ≥ 7.", "A score at least seven."),
        ("PDQ® guide.", "PDQ guide."),
        ("Care – and hope.", "Care, and hope."),
        ("Get an MRI and a PET scan.", "Get an M R I and a pet scan."),
        ("A pet at home.", "A pet at home."),
        ("Many U.S. women.", "Many U S women."),
        ("NCI’s list.", "N C I’s list."),
        ("Within 24 hrs. of it.", "Within twenty-four hours of it."),
        ("Take 5 mg daily.", "Take five milligrams daily."),
        ("See www.cancer.gov/types/breast today.", "See cancer dot gov slash types slash breast today."),
        ("Mail help@nci.nih.gov today.", "Mail help at nci dot nih dot gov today."),
        ("In 2018 it changed.", "In twenty eighteen it changed."),
        ("Plain words stay as they are.", "Plain words stay as they are."),
    ],
)
def test_normalize(text: str, spoken: str) -> None:
    assert normalize(text, LEXICON) == spoken


def test_lexicon_matches_whole_words_only() -> None:
    assert normalize("PETS and MRIs", LEXICON) == "PETS and MRIs"
