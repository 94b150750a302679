"""Display text into spoken text: the words the voice should say.

Each rule is a named regular expression and a replacement, applied in order: negative
contractions, then the lexicon (its spoken forms are kept as they are), addresses, the
forms made of numbers and letters from the most specific (phone numbers, dates, times,
doses) to the most general (a bare number), then symbols. Rules for units, abbreviations,
names and symbols live in their own modules; the order is here, in one list.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ..spokentext import SpokenText
from . import abbreviations, contacts, dates, names, symbols, units
from .contractions import RULE as CONTRACTIONS
from .invisible import REMOVED
from .lexicon import Lexicon
from .numbers import (
    DIGIT_WORDS,
    LONGEST_NUMBER,
    MONTHS,
    NUMBER,
    cardinal,
    digits,
    number_or_year,
    ordinal,
    plural,
)
from .phonemes import mark_phonemes
from .repeats import PARENTHESIS, said_once
from .rules import DECIDED, MARKS, Context, Note, Rule, mark, rule
from .trace import Traced, said
from .wordmap import Span, phoneme_words, word_spans

__all__ = ["DIGIT_WORDS", "MONTHS", "Spoken", "normalize", "spoken_form"]

_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
}
_FRACTIONS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


@dataclass(frozen=True)
class Spoken:
    text: SpokenText  # the plain words, with the lexicon's phonemes as spans
    notes: tuple[Note, ...]  # tokens said by a default, for lint
    # For each of wordmap.spoken_words(text), the written words of the display text it was said
    # for (None: the display text has none), for the pages' word highlighting.
    words: tuple[Span | None, ...]


def _temperature(m: re.Match[str], context: Context) -> str:
    scale = {"F": " Fahrenheit", "C": " Celsius"}.get(m["scale"] or "", "")
    return said(m, (cardinal(m["value"]), "value"), (" degrees", "sign"), (scale, "scale"))


def _range(m: re.Match[str], context: Context) -> str:
    low, high = m["low"], m["high"]
    percent = (" percent" if m["pct"] else "", "pct")
    if float(high) < float(low):  # "CA 15-3", "24-7": two numbers, not a range
        return said(m, (number_or_year(low), "low"), (" ", "dash"), (number_or_year(high), "high"),
                    percent)  # fmt: skip
    return said(m, (cardinal(low), "low"), (" to ", "dash"), (cardinal(high), "high"), percent)


def _money(m: re.Match[str], context: Context) -> str:
    """'$20' -> 'twenty dollars'; '$1.50' -> 'one dollar fifty'; '€5' -> 'five euros'."""
    one, many = {"$": ("dollar", "dollars"), "£": ("pound", "pounds"), "€": ("euro", "euros")}[
        m["sign"]
    ]
    whole, cents = m["whole"].replace(",", ""), m["cents"]
    said = f"{cardinal(whole)} {one if whole == '1' else many}"
    return said + (f" {cardinal(cents)}" if cents and cents != "00" else "")


def _fraction(m: re.Match[str], context: Context) -> str:
    """'3/4' -> 'three quarters'; '7/10' (a score) -> 'seven out of ten'."""
    top, bottom = int(m["top"]), int(m["bottom"])
    if bottom in (10, 100):
        return f"{cardinal(str(top))} out of {cardinal(str(bottom))}"
    if bottom in _FRACTIONS:
        one, many = _FRACTIONS[bottom]
    else:
        one = ordinal(bottom)
        many = one + "s"
    return f"{cardinal(str(top))} {one if top == 1 else many}"


def _stage(m: re.Match[str], context: Context) -> str:
    return f"{m['word']} {cardinal(str(_ROMAN[m['roman']]))}" + (
        f" {m['sub'].upper()}" if m["sub"] else ""
    )


def _number(m: re.Match[str], context: Context) -> str:
    """Any other number; never glued to a letter before or after it."""
    said = number_or_year(m.group(0))
    before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
    return (" " if before.isalpha() else "") + said + (" " if after.isalpha() else "")


def _pressure(m: re.Match[str]) -> str:
    """'130/80' -> 'one hundred thirty over eighty' (the first is the larger); '45/100' is left
    for the fractions rule."""
    if int(m["a"]) <= int(m["b"]):
        return m.group(0)
    return f"{cardinal(m['a'])} over {cardinal(m['b'])}"


def _decade(m: re.Match[str], context: Context) -> str:
    """'1990s' -> 'nineteen nineties'; 'her 40s' -> 'her forties'."""
    return plural(number_or_year(m["n"]))


def _slash_words(m: re.Match[str], context: Context) -> str:
    left, right = m.group(1), m.group(2)
    if left.lower() == "and" and right.lower() == "or":
        return "and or"
    return f"{left} or {right}"


def _long_number(m: re.Match[str], context: Context) -> str:
    """A number too long to say as one ('1234567890123456789'): said digit by digit, noted."""
    said = digits(m.group(0))
    context.note(m.group(0), "long number", said)
    return f" {said} "


def _note_capitals(m: re.Match[str], context: Context) -> str:
    if m["caps"] and not context.lexicon.knows(m["caps"]):
        context.note(m["caps"], "capitals", m["caps"])
    if m["abbr"]:
        context.note(m["abbr"], "abbreviation", m["abbr"])
    return m.group(0)


# A sign before a number is said: "-2" is "minus two", never "two". The sign stands after a
# space, a bracket or the start and before a digit; between two digits it is a hyphen (a
# range, a phone number, a date). "5 -7" is "five minus seven": a sign is never dropped.
SIGNS = [
    rule("numbers too long to say", rf"\d(?:,?\d){{{LONGEST_NUMBER},}}", _long_number),
    rule("signs before numbers",
         r"(?:^|(?<=[\s(\[{:=,;\"“'‘]))[-−‒﹣－](?=\.?\d)", "minus ", r"[-−‒﹣－]\.?\d"),
    # "~5 mg" is about five; a tilde before anything else is a mark ("~~" is Markdown's
    # strikethrough, read by the parser as its words) and is left to the scrub, noted.
    rule("about", r"~\s*(?=[\d.$£€])", "about ", "~"),
]  # fmt: skip
PHONES_DATES_TIMES = [
    *contacts.PHONES,
    rule("stages",
         r"\b(?P<word>[Ss]tage|[Gg]rade|[Tt]ype|[Pp]hase|[Ll]evel|[Cc]lass) "
         r"(?P<roman>VIII|VII|VI|IV|IX|V|III|II|I|X)(?P<sub>[ABCabc])?\b",
         _stage, r" [IVX]"),
    *abbreviations.RULES,
    *dates.RULES,
    rule("temperatures", r"(?P<value>-?\d+(?:\.\d+)?)\s?(?P<sign>°)\s?(?P<scale>[FC]\b)?", _temperature,
         "°"),
]  # fmt: skip


NUMBERS = [
    rule("ordinals", r"\b(\d+)(?:st|nd|rd|th)\b", lambda m, c: ordinal(int(m.group(1))),
         r"\d(?:st|nd|rd|th)"),
    rule("decades", r"(?<![\w'’])['’]?(?P<n>\d{1,2}0|1\d\d0|20\d0)s\b", _decade, r"0s\b"),
    *names.RULES,
    symbols.FRACTIONS,  # "1½" before "1" is read as a number
    rule("ranges",
         r"(?<![\d.])(?P<low>\d+(?:\.\d+)?)%?\s?(?P<dash>[–—-])\s?(?P<high>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\d])",
         _range, r"\d%?\s?[–—-]\s?\d"),
    rule("percentages", rf"(?P<value>{NUMBER})\s?%", lambda m, c: f"{cardinal(m['value'])} percent",
         "%"),
    rule("money", r"(?P<sign>[$£€])(?P<whole>\d[\d,]*)(?:\.(?P<cents>\d\d))?\b", _money, r"[$£€]"),
    rule("blood pressure", r"(?<![\d/.])(?P<a>\d{2,3})/(?P<b>\d{2,3})(?![\d/])",
         lambda m, c: _pressure(m), r"\d\d/\d\d"),
    rule("fractions", r"(?<![\d/])(?P<top>\d{1,3})/(?P<bottom>[2-9]|1\d|100)(?![\d/])", _fraction,
         r"\d/"),
    rule("numbers", rf"(?<!\d\.)(?<!\d)(?:{NUMBER})|(?<=\d[.,])\d+", _number, r"\d"),
]  # fmt: skip
SYMBOLS = [
    rule("words joined by a slash", r"\b([A-Za-z]+)/([A-Za-z]+)\b", _slash_words, "/"),
    rule("symbols said as words", r"\s*([&≥≤><±+=])\s*", lambda m, c: symbols.WORDS[m.group(1)],
         r"[&≥≤><±+=]"),
    rule("degrees", r"°", " degrees", "°"),
    rule("percent", r"%", " percent", "%"),
    symbols.MEANINGFUL_SIGNS,
    rule("slashes", r"/", " or ", "/"),
    # An en dash inside a compound ("receptor–positive") is a hyphen; other dashes are pauses.
    rule("dashes", r"(?P<joined>(?<=[^\W\d])–(?=[^\W\d]))|\s+[–—]\s+|[–—]",
         lambda m, c: " " if m["joined"] else ", ", "[–—]"),
    rule("guesses", rf"{DECIDED}|(?<![\w.])(?P<abbr>(?:[A-Za-z]\.){{2,}}|[A-Za-z]{{2,5}}\.(?=\s+[a-z]))"
         r"|(?<![\w.])(?P<caps>(?:[A-Z]\.){2,}|[A-Z]{2,}(?![a-z]))", _note_capitals, r"[A-Z]{2}|\.\s"),
    # An engine's own phoneme syntax is text here: "[[t'En]]" is said as written, not obeyed.
    rule("engine phoneme brackets", r"\[{2,}|\]{2,}", lambda m, c: m.group(0)[0], r"\[\[|\]\]"),
    symbols.SCRUB,
    rule("space before punctuation", r"\s+([,.;:!?)\]”’])", r"\1", r"\s[,.;:!?)\]”’]"),
    rule("space after brackets", r"([(\[“‘])\s+", r"\1", r"[(\[“‘]\s"),
    rule("spaces", r"\s{2,}", " ", r"\s\s"),
]  # fmt: skip
_NEED_A_DIGIT = {
    "phone numbers with letters", "phone numbers", "phone extensions", "around the clock",
    "a month before a day", "number sign", "dates", "ISO dates", "dates with slashes",
    "time ranges", "times", "temperatures", "every so many hours", "times between numbers",
    "how often", "times after a word", "quantities", "ordinals", "decades",
    "names with variants", "names with digits", "ranges", "percentages", "money", "fractions",
    "numbers", "numbers to dial", "local phone numbers", "blood pressure", "date ranges",
    "powers of ten", "times after a unit", "numbers too long to say", "signs before numbers",
}  # fmt: skip
RULES: list[Rule] = [
    dataclasses.replace(r, digits=True) if r.name in _NEED_A_DIGIT else r
    for r in (*SIGNS, *contacts.ADDRESSES, *PHONES_DATES_TIMES, *units.RULES, *NUMBERS, *SYMBOLS)
]
_DIGIT = re.compile(r"\d")


def spoken_form(text: str, lexicon: Lexicon | None = None, *, once: bool = True) -> Spoken:
    """The words the voice says for one sentence of display text, the display text each of them
    was said for, and the tokens in it that were said by a default rather than decided by a rule
    or the lexicon. once: a parenthesis that repeats the words before it is left out
    (repeats.py)."""
    lexicon = lexicon or Lexicon()
    context = Context(lexicon)
    spoken = Traced.of(text).sub(REMOVED, _nothing)
    spoken = spoken.same_length(spoken.text.replace("\u00a0", " "))
    if once and "(" in spoken.text:
        spoken = spoken.sub(PARENTHESIS, said_once(lambda t: spoken_form(t, lexicon, once=False).text))
    if not lexicon.keep_contractions:
        spoken = CONTRACTIONS.apply(spoken, context)
    for pattern, term in lexicon.replacements(mark):
        spoken = spoken.sub(pattern, term)
    has_digits = _DIGIT.search(spoken.text) is not None
    for each in RULES:
        if has_digits or not each.digits:
            spoken = each.apply(spoken, context)
    spoken = spoken.sub(MARKS, _nothing).strip()
    said = mark_phonemes(spoken.text, lexicon)
    return Spoken(said, tuple(context.notes), phoneme_words(said, word_spans(text, spoken)))


def _nothing(m: re.Match[str]) -> str:
    return ""


def normalize(text: str, lexicon: Lexicon | None = None) -> SpokenText:
    """The words the voice says for one sentence of display text."""
    return spoken_form(text, lexicon).text
