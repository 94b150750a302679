"""Each spoken-text rule on several forms found in real clinic leaflets."""

import pytest

from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import normalize, spoken_form

LEXICON = Lexicon(terms={"HER2": "her two", "MRI": "M R I"})


def said(text: str, lexicon: Lexicon = LEXICON) -> str:
    return normalize(text, lexicon)


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Give 5 mg/kg once.", "Give five milligrams per kilogram once."),
        ("The dose is 1 mg.", "The dose is one milligram."),
        ("Take 2.5 mL by mouth.", "Take two point five milliliters by mouth."),
        ("Take 10mg at night.", "Take ten milligrams at night."),
        (
            "Use 50 µg or 50 μg or 50 mcg.",
            "Use fifty micrograms or fifty micrograms or fifty micrograms.",
        ),
        ("Sodium 140 mmol/L.", "Sodium one hundred forty millimoles per liter."),
        (
            "Glucose 5.5 mmol/L or 99 mg/dL.",
            "Glucose five point five millimoles per liter or ninety-nine milligrams per deciliter.",
        ),
        ("Vitamin D 1,000 IU daily.", "Vitamin D one thousand international units daily."),
        ("Paclitaxel 80 mg/m2 weekly.", "Paclitaxel eighty milligrams per square meter weekly."),
        (
            "Docetaxel 75 mg/m² every 3 weeks.",
            "Docetaxel seventy-five milligrams per square meter every three weeks.",
        ),
        ("A dose of 15 mg/kg/day.", "A dose of fifteen milligrams per kilogram per day."),
        ("Drink 2 L a day.", "Drink two liters a day."),
        (
            "Blood pressure 120/80 mmHg.",
            "Blood pressure one hundred twenty over eighty millimeters of mercury.",
        ),
        ("Wait 24 hrs, then 1 hr more.", "Wait twenty-four hours, then one hour more."),
        ("For 6 wks or 1 wk.", "For six weeks or one week."),
        ("A 2 cm lump.", "A two centimeters lump."),
        ("Doses in mg/kg.", "Doses in milligrams per kilogram."),
        (
            "Platelets 150 x 10 cells/µL.",
            "Platelets one hundred fifty times ten cells per microliter.",
        ),
    ],
)
def test_units_and_compound_units(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Take 5-10 mg.", "Take five to ten milligrams."),
        ("Take 5–10 mg as needed.", "Take five to ten milligrams as needed."),
        ("Use 1 to 2 mL.", "Use one to two milliliters."),
        ("Give 0.5-1 mg/kg.", "Give zero point five to one milligrams per kilogram."),
        ("Rest 2–3 days.", "Rest two to three days."),
        ("It helps 20-30% of people.", "It helps twenty to thirty percent of people."),
        ("Check CA 15-3 levels.", "Check CA fifteen three levels."),
    ],
)
def test_doses_and_ranges(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Take it 3x a day.", "Take it three times a day."),
        ("Twice is 2x daily.", "Twice is two times daily."),
        ("Once: 1x daily.", "Once: once daily."),
        ("Take 2 x 500 mg tablets.", "Take two times five hundred milligrams tablets."),
        ("A 3 × 4 cm mass.", "A three by four centimeters mass."),
        ("Repeat x3.", "Repeat times three."),
        ("Take 4x/day.", "Take four times per day."),
        ("Every q8h or q 4-6 h.", "Every every eight hours or every four to six hours."),
        (
            "Zoledronic acid q3-4 weeks or q3w.",
            "Zoledronic acid every three to four weeks or every three weeks.",
        ),
        ("A 2.5 cm x 3 cm mass.", "A two point five centimeters by three centimeters mass."),
        ("A lesion of 12 x 8 mm.", "A lesion of twelve by eight millimeters."),
        ("Take 500 mg x 2.", "Take five hundred milligrams times two."),
        (
            "Tumor size: 2.1 x 1.8 x 1.5 cm.",
            "Tumor size: two point one by one point eight by one point five centimeters.",
        ),
        ("Walk 2-3x/week.", "Walk two to three times per week."),
    ],
)
def test_multiplication_and_how_often(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("A score of 2.75.", "A score of two point seven five."),
        ("Only .5 mg.", "Only point five milligrams."),
        ("About 0.25 of them.", "About zero point two five of them."),
        (
            "It costs $1.50 or $20 or £5 or €1.",
            "It costs one dollar fifty or twenty dollars or five pounds or one euro.",
        ),
        ("Take 1½ tablets or ½ a tablet.", "Take one and a half tablets or a half a tablet."),
    ],
)
def test_decimals_money_and_fraction_signs(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Takes approx. 2 hrs.", "Takes approximately two hours."),
        ("Approx 5 people.", "Approximately five people."),
        ("Pain, nausea, etc.", "Pain, nausea, et cetera."),
        ("Bring food, water, etc. and a book.", "Bring food, water, et cetera and a book."),
        ("Some drugs, e.g. tamoxifen.", "Some drugs, for example tamoxifen."),
        ("E.g., a walk.", "For example, a walk."),
        ("The goal, i.e. comfort.", "The goal, that is comfort."),
        ("Surgery vs. radiation.", "Surgery versus radiation."),
        ("Surgery vs radiation.", "Surgery versus radiation."),
        ("Room No. 4 or no. 12.", "Room number four or number twelve."),
        ("Ask Dr. Patel or Dr Liu.", "Ask Doctor Patel or Doctor Liu."),
        ("Mrs. Jones and Mr Smith.", "Missus Jones and Mister Smith."),
        ("At St. Jude.", "At Saint Jude."),
        ("On Main St.", "On Main Street."),
        ("Seen in Jan. and Feb.", "Seen in January and February."),
        ("Seen Jan 5.", "Seen January fifth."),
        ("Due Sept. 30, 2025.", "Due September thirtieth, twenty twenty-five."),
        ("Open Sat. only.", "Open Saturday only."),
        ("Rest 1 wk. then walk.", "Rest one week then walk."),
        ("See fig. 2 on p. 14.", "See figure two on page fourteen."),
        ("Call ext. 4412.", "Call extension four four one two."),
        ("Suite: Ste. 200.", "Suite: Suite two hundred."),
        ("Ask Jo Smith, M.D., Ph.D.", "Ask Jo Smith, M D, P H D."),
        ("Take it b.i.d.", "Take it twice a day."),
        (
            "Take 1-2 tabs PO q4-6h PRN pain.",
            "Take one to two tablets by mouth every four to six hours as needed pain.",
        ),
        ("Give it IV or SC, t.i.d. or prn.", "Give it I V or S C, three times a day or as needed."),
        ("Stage IV and Grade III.", "Stage four and Grade three."),
    ],
)
def test_abbreviations(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Open Mon–Fri.", "Open Monday to Friday."),
        ("Open Mon-Fri and Sat.", "Open Monday to Friday and Saturday."),
        ("Clinic Tue - Thu.", "Clinic Tuesday to Thursday."),
        ("Clinic Monday-Friday.", "Clinic Monday to Friday."),
        ("Mon/Wed/Fri visits.", "Monday, Wednesday and Friday visits."),
        ("Mon, Wed & Fri visits.", "Monday, Wednesday and Friday visits."),
        ("Closed Sat & Sun.", "Closed Saturday and Sunday."),
        ("From Jan–Mar.", "From January to March."),
        ("June-August is busy.", "June to August is busy."),
        ("Open Mon–Fri, 9am–5pm.", "Open Monday to Friday, nine a m to five p m."),
        ("Open 8:30 a.m. to 4:30 p.m.", "Open eight thirty a m to four thirty p m."),
        ("Open 9–5pm.", "Open nine to five p m."),
        ("Fri. 8 a.m.-noon.", "Friday eight a m to noon."),
        ("Held March 3-5.", "Held March third to fifth."),
        ("From Sept. 30 – Oct. 2.", "From September thirtieth to October second."),
        ("From Jan 5th–Feb 3rd.", "From January fifth to February third."),
    ],
)
def test_day_month_and_time_ranges(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Call 1-800-4-CANCER.", "Call one, eight zero zero, four, cancer."),
        ("Call 1-800-ACS-2345.", "Call one, eight zero zero, A C S, two three four five."),
        ("Call 1-877-HELP-NOW today.", "Call one, eight seven seven, help, N O W today."),
        ("Call 800-CANCER-1.", "Call eight zero zero, cancer, one."),
        ("Call 1-800-422-6237.", "Call one, eight zero zero, four two two, six two three seven."),
        ("Call 911 or dial 988.", "Call nine one one or dial nine eight eight."),
        ("TTY: 711.", "TTY: seven one one."),
        ("Call us at 555-0100.", "Call us at five five five, zero one zero zero."),
        ("Nurse line: 555-2368.", "Nurse line: five five five, two three six eight."),
        ("It rose 200-1000 times.", "It rose two hundred to one thousand times."),
        ("It costs 911 dollars.", "It costs nine hundred eleven dollars."),
    ],
)
def test_phone_numbers_with_letters(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Open 24/7.", "Open twenty-four seven."),
        ("Help 24 / 7 by phone.", "Help twenty-four seven by phone."),
        ("Our #1 aim.", "Our number one aim."),
        ("Rate your pain 7/10.", "Rate your pain seven out of ten."),
        ("Only 45/100 had it.", "Only forty-five out of one hundred had it."),
        ("BP under 130/80.", "BP under one hundred thirty over eighty."),
        (
            "Between 1,250 and 3,5 units.",
            "Between one thousand two hundred fifty and three,five units.",
        ),
        ("Ask for form # 12.", "Ask for form number twelve."),
        ("The 1st, 2nd, 3rd and 21st days.", "The first, second, third and twenty-first days."),
        ("A 2nd-line treatment.", "A second-line treatment."),
        ("Women in their 40s.", "Women in their forties."),
        ("Since the 1990s.", "Since the nineteen nineties."),
    ],
)
def test_around_the_clock_number_signs_ordinals_and_decades(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("ER+/PR+, HER2- cancer.", "E R positive and P R positive, her two negative cancer."),
        ("It is HR+/HER2− disease.", "It is H R positive and her two negative disease."),
        (
            "Triple negative (ER-/PR-/HER2-).",
            "Triple negative (E R negative, P R negative and her two negative).",
        ),
        ("ER/PR+ tumors.", "E R and P R positive tumors."),
        ("ER+ and PR- cells.", "E R positive and P R negative cells."),
        ("It is ER+ve.", "It is E R positive."),
        ("PD-L1+ cancer.", "P D L one positive cancer."),
        ("HER2-targeted drugs.", "her two targeted drugs."),
        (
            "ER-positive, PR-negative, HER2-low disease.",
            "E R positive, P R negative, her two low disease.",
        ),
        ("ESR1-mutated cancer.", "E S R one mutated cancer."),
        (
            "Hormone receptor–positive (HR+), HER2-negative (HER2–) cancer.",
            # The second parenthesis repeats the words before it, so it is said once.
            "Hormone receptor positive (H R positive), her two negative cancer.",
        ),
    ],
)
def test_receptor_status(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("BRCA1/2 mutations.", "B R C A one and two mutations."),
        ("CDK4/6 inhibitors.", "C D K four and six inhibitors."),
        ("BRCA1/BRCA2 genes.", "B R C A one and B R C A two genes."),
        ("A PIK3CA change.", "A P I K three C A change."),
        ("Ki-67 is high.", "K I sixty-seven is high."),
        ("T-DM1 and 5-FU.", "T D M one and five F U."),
        ("A p53 change.", "A p fifty-three change."),
        ("Covid-19 vaccines.", "Covid nineteen vaccines."),
        ("Vitamin B12 and D3.", "Vitamin B twelve and D three."),
        ("Stage 2A cancer.", "Stage two A cancer."),
        ("A 3D scan.", "A three D scan."),
        ("HER2 status.", "her two status."),
        ("PIK3CA/AKT1/PTEN changes.", "P I K three C A, A K T one and PTEN changes."),
        ("A 28-day cycle and 5-year rate.", "A twenty-eight day cycle and five year rate."),
    ],
)
def test_names_with_letters_and_digits(text: str, spoken: str) -> None:
    assert said(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken", "noted"),
    [
        ("Rest → then walk.", "Rest to then walk.", "→"),
        ("Pain ↑ at night.", "Pain up at night.", "↑"),
        ("Take your pills 💊 daily.", "Take your pills daily.", "💊"),
        ("Well done 👍🏽!", "Well done!", "👍🏽"),
        ("Nurse 👩🏽‍⚕️ visits.", "Nurse visits.", "👩🏽\u200d⚕"),
        ("Area x² grows.", "Area x grows.", "²"),
        ("A ☺ face.", "A face.", "☺"),
    ],
)
def test_symbols_and_emoji_are_said_or_dropped_and_noted(
    text: str, spoken: str, noted: str
) -> None:
    result = spoken_form(text, LEXICON)
    assert result.text == spoken
    assert [n.token for n in result.notes if n.kind == "symbol"] == [noted]


def test_decided_marks_are_dropped_without_a_note() -> None:
    result = spoken_form("PDQ® guide • and more™.", LEXICON)
    assert result.text == "PDQ guide and more."
    assert not [n for n in result.notes if n.kind == "symbol"]


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("It isn't curable.", "It is not curable."),
        ("It isn’t curable.", "It is not curable."),
        ("We can't predict it.", "We cannot predict it."),
        ("Don't stop. Doesn't hurt.", "Do not stop. Does not hurt."),
        ("It won't spread; they aren't sure.", "It will not spread; they are not sure."),
        ("You shouldn't wait; it wasn't you.", "You should not wait; it was not you."),
        ("DON'T SKIP DOSES.", "DO NOT SKIP DOSES."),
        ("Can't. Won't. Haven't.", "Cannot. Will not. Have not."),
        ("It's fine and you're here.", "It's fine and you're here."),
    ],
)
def test_negative_contractions_said_in_full(text: str, spoken: str) -> None:
    assert said(text) == spoken


def test_contractions_kept_when_the_guide_says_keep() -> None:
    keep = Lexicon(keep_contractions=True)
    assert said("It isn’t curable and can't spread.", keep) == "It isn’t curable and can't spread."


def test_lexicon_spoken_forms_are_kept_as_written() -> None:
    lexicon = Lexicon(terms={"ASCO": "ask-oh", "CDK4": "see dee kay four"})
    assert said("ASCO and CDK4/6 rules.", lexicon) == "ask-oh and see dee kay four and six rules."


def test_lexicon_units_are_said_in_the_singular_after_one() -> None:
    lexicon = Lexicon(terms_any_case={"mg": "milligrams"})
    assert said("Take 1 mg or 2 mg.", lexicon) == "Take one milligram or two milligrams."


@pytest.mark.parametrize(
    ("text", "token", "kind"),
    [
        ("A FOLFOX plan.", "FOLFOX", "capitals"),
        ("A PIK3CA change.", "PIK3CA", "letters and digits"),
        ("Take it q.o.d. with food.", "q.o.d.", "abbreviation"),
        ("Ask the Pt. nurse.", "Pt.", "abbreviation"),
        ("PIK3CA/AKT1/PTEN changes.", "PTEN", "capitals"),
    ],
)
def test_tokens_said_by_a_default_are_noted(text: str, token: str, kind: str) -> None:
    assert (token, kind) in [(n.token, n.kind) for n in spoken_form(text, LEXICON).notes]


def test_decided_tokens_are_not_noted() -> None:
    text = "Take 5 mg/kg 3x a day, e.g. with HER2 and MRI, Mon–Fri, in a 28-day cycle."
    assert spoken_form(text, LEXICON).notes == ()


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Visit clinic.org/mbc today.", "Visit clinic dot org slash mbc today."),
        ("See riverside-cancer.example.org/bone.", "See riverside dash cancer dot example dot org slash bone."),
        ("Go to https://www.clinic.org/a_b/?x=1 now.", "Go to clinic dot org slash a underscore b now."),
        ("See cancer.gov or nhs.uk.", "See cancer dot gov or nhs dot uk."),
        ("Mail nurse@clinic.org now.", "Mail nurse at clinic dot org now."),
    ],
)
def test_web_addresses_without_www(text: str, spoken: str) -> None:
    assert said(text) == spoken
