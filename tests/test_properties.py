"""Property tests: no text makes parsing or normalizing crash or lose a word."""

import re
import string
import textwrap
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbc_audio.content.parse import parse_document
from mbc_audio.content.sentences import split_sentences
from mbc_audio.errors import ContentError
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import normalize
from mbc_audio.speech.numbers import cardinal

LEX = Lexicon(terms={"MRI": "M R I", "U.S.": "U S"}, terms_any_case={"hrs.": "hours"})
# Words and the characters that surround them in patient leaflets, symbols and numbers included.
words = st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True)
tokens = st.one_of(
    words,
    st.from_regex(r"[0-9]{1,6}([.,:/–-][0-9]{1,4})?%?", fullmatch=True),
    st.sampled_from(
        [
            "Dr.",
            "U.S.",
            "e.g.",
            "a.m.",
            "MRI",
            "Stage IV",
            "&",
            "®",
            "≥",
            "°F",
            "(",
            ")",
            "“",
            "”",
            "—",
            "/",
            "...",
            "?",
            "!",
            ".",
            ",",
            ":",
            ";",
            "$5",
            "1-800-555-0199",
        ]
    ),
    st.text(alphabet=string.printable + "’“”–—…°≥≤®•", min_size=1, max_size=4),
)
texts = st.lists(tokens, min_size=0, max_size=40).map(" ".join)


@given(texts)
def test_splitting_keeps_every_character_in_order(text: str) -> None:
    assert " ".join(split_sentences(text)) == " ".join(text.split())


@given(texts)
def test_normalizing_never_crashes_and_keeps_plain_words(text: str) -> None:
    spoken = normalize(text, LEX)
    assert isinstance(spoken, str)
    # Every word made only of lower-case letters, standing alone, is still said.
    for word in re.findall(r"(?<![\w./@])[a-z]{2,}(?![\w./@’'])", text):
        assert word in spoken, (word, spoken)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    paragraphs=st.lists(
        st.lists(words, min_size=1, max_size=15).map(" ".join), min_size=1, max_size=6
    )
)
def test_parsing_keeps_every_word_of_display_text(content, paragraphs: list[str]) -> None:
    body = "## Topic\n\n" + "\n\n".join(p + "." for p in paragraphs) + "\n"
    part = parse_document(content.leaflet(body), LEX)
    shown = " ".join(s.text for s in part.topics[0].sentences)
    assert shown.replace(".", "").split() == " ".join(paragraphs).split()


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=string.printable + "’“”–—…°≥®•#*_>|-", max_size=300))
def test_any_markdown_parses_or_fails_with_a_content_error(content, body: str) -> None:
    path = content.leaflet("## Topic\n\n" + textwrap.dedent(body))
    try:
        part = parse_document(path, LEX)
    except ContentError as e:
        assert str(e).startswith(str(path))
        return
    for topic in part.topics:
        for sentence in topic.sentences:
            assert sentence.text.strip() and sentence.spoken is not None


# Clinic-like text: doses, units, ranges, names with digits, receptor status, abbreviations,
# days, times, phone numbers, symbols and emoji, among plain words and punctuation.
numbers = st.from_regex(r"(0|[1-9][0-9]{0,3})(\.[0-9]{1,2})?", fullmatch=True)
unit_names = st.sampled_from(
    ["mg", "mL", "µg", "μg", "mcg", "kg", "g", "L", "mmol/L", "mg/kg", "mg/m2", "mg/m²",
     "IU", "IU/mL", "mg/dL", "mg/kg/day", "hrs", "wks", "cm", "mmHg", "U", "%"]
)  # fmt: skip
clinic_tokens = st.one_of(
    words,
    numbers,
    st.builds(lambda n, u, glue: f"{n}{glue}{u}", numbers, unit_names, st.sampled_from(["", " "])),
    st.builds(
        lambda a, b, d, u: f"{a}{d}{b} {u}", numbers, numbers, st.sampled_from("-–—"), unit_names
    ),
    st.builds(
        lambda a, b, x: f"{a}{x}{b}",
        numbers,
        numbers,
        st.sampled_from(["x", " x ", "×", " × ", "/"]),
    ),
    st.builds(
        lambda n, x: f"{n}{x}", st.integers(1, 12), st.sampled_from(["x", "×", "st", "nd", "th"])
    ),
    st.from_regex(r"[A-Z]{1,5}[0-9]{1,3}[A-Z]{0,2}(/[0-9])?", fullmatch=True),
    st.from_regex(r"[A-Z][A-Za-z]{0,3}-[0-9]{1,3}", fullmatch=True),
    st.from_regex(r"(ER|PR|HR|HER2|[A-Z]{2,4}[0-9]?)[+\-−](/(ER|PR|HER2)[+\-−])?", fullmatch=True),
    st.sampled_from(
        [
            "approx.",
            "etc.",
            "e.g.",
            "i.e.",
            "vs.",
            "No. 4",
            "#1",
            "Dr.",
            "St.",
            "Jan. 5",
            "Mon–Fri",
            "Sat & Sun",
            "9am–5pm",
            "8:30 a.m.",
            "24/7",
            "1-800-4-CANCER",
            "1-800-422-6237",
            "q8h",
            "b.i.d.",
            "isn't",
            "can’t",
            "won't",
            "1½",
            "¾",
            "x²",
            "→",
            "↑",
            "≈",
            "💊",
            "👩🏽‍⚕️",
            "✓",
            "€5",
            "$1.50",
            "1990s",
            "40s",
            "CDK4/6",
            "BRCA1/2",
            "and/or",
            "/",
            "&",
            "≥",
            "+",
            "=",
            "~",
            "°F",
            "®",
            "•",
            "*",
            "_",
            "|",
            "^",
            "@",
        ]
    ),  # fmt: skip
    st.sampled_from([",", ".", ";", ":", "(", ")", "?", "!", "“", "”", "—"]),
)
# Joined mostly by spaces, sometimes glued or by punctuation, as careless text is.
separators = st.sampled_from([" "] * 6 + ["", ",", ", ", "/", "-", ".", ". ", "; ", "–"])
clinic_texts = st.lists(st.tuples(clinic_tokens, separators), min_size=1, max_size=30).map(
    lambda pairs: "".join(token + sep for token, sep in pairs)
)
_SPEAKABLE = set(".,;:!?'\"’‘“”()[]-… ")


@settings(max_examples=300)
@given(clinic_texts)
def test_spoken_text_keeps_no_digit_slash_or_symbol_an_engine_may_skip(text: str) -> None:
    spoken = normalize(text, LEX)
    assert not re.search(r"\d", spoken), (text, spoken)  # so no digit glued to letters
    assert "/" not in spoken, (text, spoken)  # no bare slash between numbers or units
    odd = [c for c in spoken if not (c.isalpha() or c in _SPEAKABLE)]
    assert not odd, (text, spoken, odd)


# Documents with signs before numbers, invisible characters inside words, bidi controls around
# them, an engine's phoneme brackets and Markdown emphasis and strikethrough: every word shown is
# said, once and in order, a signed number is said with its sign, and nothing is added.
plain_words = st.sampled_from(
    ["take", "inhaler", "medication", "nurse", "doctor", "water", "every",
     "morning", "scan", "blood", "result", "cancer", "treatment", "swelling", "gentle", "walk",
     "fever", "team", "breast", "liver", "bone", "sleep", "pain", "change", "visit"]
)  # fmt: skip
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\u200e", "\u200f", "\ufeff"]
BIDI = [("\u202e", "\u202c"), ("\u202b", "\u202c"), ("\u2067", "\u2069"), ("\u2066", "\u2069")]
WRAPS = ["{}", "*{}*", "**{}**", "_{}_", "~~{}~~", "[[{}]]", "[{}]", "`{}`"]


@st.composite
def decorated_word(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A word as a careless or hostile document may write it, and the words it must be said as."""
    word = draw(plain_words)
    if draw(st.booleans()):
        cut = draw(st.integers(1, len(word) - 1))
        word = word[:cut] + draw(st.sampled_from(INVISIBLE)) + word[cut:]
    if draw(st.booleans()):
        opening, closing = draw(st.sampled_from(BIDI))
        word = opening + word + closing
    shown = draw(st.sampled_from(WRAPS)).format(word)
    plain = "".join(c for c in word if c.isalpha())
    return shown, [plain], [plain]


@st.composite
def signed_number(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    value = draw(st.integers(1, 999))
    sign = draw(st.sampled_from(["-", "−", ""]))
    said = re.findall(r"[a-z]+", cardinal(str(value)))
    return f"{sign}{value}", (["minus"] if sign else []) + said, []


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(decorated_word(), signed_number()), min_size=1, max_size=12))
def test_every_word_shown_is_said_and_none_added(content, tokens) -> None:
    body = "## Topic\n\nSo " + " ".join(shown for shown, _, _ in tokens) + " now.\n"
    part = parse_document(content.leaflet(body), LEX)
    [sentence] = part.topics[0].sentences
    said = ["so", *(w for _, words, _ in tokens for w in words), "now"]
    assert re.findall(r"[a-z]+", sentence.spoken.lower()) == said, (body, sentence.spoken)
    shown = ["so", *(w for _, _, words in tokens for w in words), "now"]
    assert re.findall(r"[a-z]+", sentence.text.lower()) == shown, (body, sentence.text)
    assert all(not unicodedata.category(c).startswith("C") for c in sentence.text + sentence.spoken)
