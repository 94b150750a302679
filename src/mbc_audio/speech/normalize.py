"""Display text into spoken text: the words the voice should say.

Each rule is a regular expression and a function, applied in order: the
lexicon first (its spoken forms contain no digits), then the forms made of
numbers from the most specific (phone numbers, dates, times) to the most
general (a bare number), then symbols. Numbers are spelled out here rather than
left to each engine, so every engine says the same words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from num2words import num2words

from .lexicon import Lexicon

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "|".join(MONTHS)
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
DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_FRACTIONS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


@lru_cache(maxsize=4096)
def cardinal(number: str) -> str:
    """'1,250' -> 'one thousand two hundred fifty'; '2.5' -> 'two point five'."""
    number = number.replace(",", "")
    if "." in number:
        whole, _, decimals = number.partition(".")
        head = cardinal(whole or "0")
        return head + " point " + " ".join(DIGIT_WORDS[int(d)] for d in decimals)
    # American usage: no "and" or commas inside a number.
    return num2words(int(number)).replace(",", "").replace(" and ", " ")


@lru_cache(maxsize=1024)
def ordinal(number: int) -> str:
    return num2words(number, to="ordinal").replace(",", "").replace(" and ", " ")


@lru_cache(maxsize=1024)
def year(number: int) -> str:
    return num2words(number, to="year").replace(",", "").replace(" and ", " ")


def digits(text: str) -> str:
    return " ".join(DIGIT_WORDS[int(d)] for d in text if d.isdigit())


def _phone(m: re.Match[str]) -> str:
    groups = [g for g in re.split(r"\D+", m.group(0)) if g]
    return ", ".join(digits(g) for g in groups)


def _month_day_year(m: re.Match[str]) -> str:
    text = f"{m['month']} {ordinal(int(m['day']))}"
    return text + (f", {year(int(m['year']))}" if m["year"] else "")


def _iso_date(m: re.Match[str]) -> str:
    month = MONTHS[int(m["month"]) - 1]
    return f"{month} {ordinal(int(m['day']))}, {year(int(m['year']))}"


def _time(m: re.Match[str]) -> str:
    hour, minute = int(m["hour"]), int(m["minute"])
    words = cardinal(str(hour))
    if minute:
        words += " oh " + cardinal(str(minute)) if minute < 10 else " " + cardinal(str(minute))
    elif not m["half"]:
        words += " o'clock"
    if m["half"]:
        words += " " + " ".join(m["half"].replace(".", "").lower())
    return words


def _temperature(m: re.Match[str]) -> str:
    scale = {"F": " Fahrenheit", "C": " Celsius"}.get(m["scale"] or "", "")
    return f"{cardinal(m['value'])} degrees{scale}"


def _range(m: re.Match[str]) -> str:
    unit = " percent" if m["pct"] else ""
    return f"{cardinal(m['low'])} to {cardinal(m['high'])}{unit}"


def _fraction(m: re.Match[str]) -> str:
    top, bottom = int(m["top"]), int(m["bottom"])
    if bottom in _FRACTIONS:
        one, many = _FRACTIONS[bottom]
    else:
        one = ordinal(bottom)
        many = one + "s"
    return f"{cardinal(str(top))} {one if top == 1 else many}"


def _stage(m: re.Match[str]) -> str:
    return f"{m['word']} {cardinal(str(_ROMAN[m['roman']]))}" + (
        f" {m['sub'].upper()}" if m["sub"] else ""
    )


def _number(m: re.Match[str]) -> str:
    text = m.group(0)
    if re.fullmatch(r"1[1-9]\d\d|20\d\d", text):
        return year(int(text))  # a four-digit number without a comma is read as a year
    return cardinal(text)


def _url(m: re.Match[str]) -> str:
    host = re.sub(r"^(https?://)?(www\.)?", "", m.group(0), flags=re.IGNORECASE)
    host = host.split("/")[0].rstrip(".")
    return host.replace(".", " dot ")


def _email(m: re.Match[str]) -> str:
    user, _, host = m.group(0).partition("@")
    return f"{user} at {host.replace('.', ' dot ')}"


def _slash_words(m: re.Match[str]) -> str:
    left, right = m.group(1), m.group(2)
    if left.lower() == "and" and right.lower() == "or":
        return "and or"
    return f"{left} or {right}"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    replacement: Callable[[re.Match[str]], str] | str
    # A cheap test: most sentences have no number, symbol or address, and skipping the
    # rule for them keeps a 10 MB document well inside its time budget.
    needs: re.Pattern[str] | None = None


def _rule(pattern: str, replacement, needs: str | None = None, flags: int = 0) -> Rule:
    return Rule(re.compile(pattern, flags), replacement, re.compile(needs) if needs else None)


_SYMBOL_WORDS = {
    "&": " and ", "≥": " at least ", "≤": " at most ", ">": " more than ", "<": " less than ",
    "±": " plus or minus ", "+": " plus ", "=": " equals ",
}  # fmt: skip

RULES: list[Rule] = [
    _rule(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", _email, "@"),
    _rule(r"\b(?:https?://|www\.)[^\s<>\"”)]+", _url, r"(?i)www\.|https?:", re.IGNORECASE),
    _rule(
        r"(?<![\d-])(?:\+?1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d-])",
        _phone,
        r"\d{3}[ .-]\d{4}",
    ),
    _rule(
        rf"\b(?P<month>{_MONTH}) (?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:, (?P<year>\d{{4}})\b)?",
        _month_day_year,
        r"(?:uary|arch|pril|May|une|uly|gust|mber|ober) \d",
    ),
    _rule(r"\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b", _iso_date, r"\d-\d"),
    _rule(r"\b(?P<month>1[0-2]|0?[1-9])/(?P<day>[0-3]?\d)/(?P<year>\d{4})\b", _iso_date, r"\d/"),
    _rule(
        r"\b(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)"
        r"(?:\s?(?P<half>[ap]\.m\.|[ap]m\b|[AP]M\b|[AP]\.M\.))?",
        _time,
        r"\d:",
    ),
    _rule(
        r"\b(?P<hour>1[0-2]|[1-9])\s?(?P<half>[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b)(?P<minute>)",
        lambda m: f"{cardinal(m['hour'])} {' '.join(m['half'].replace('.', '').lower())}",
        r"\d ?[apAP]\.?[mM]",
    ),
    _rule(r"(?P<value>-?\d+(?:\.\d+)?)\s?°\s?(?P<scale>[FC]\b)?", _temperature, "°"),
    _rule(
        r"(?<![\d.])(?P<low>\d+(?:\.\d+)?)%?\s?[–—-]\s?(?P<high>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\d])",
        _range,
        r"\d%?\s?[–—-]\s?\d",
    ),
    _rule(r"(?P<value>\d+(?:\.\d+)?)\s?%", lambda m: f"{cardinal(m['value'])} percent", "%"),
    _rule(r"\$(?P<value>\d[\d,]*(?:\.\d\d)?)", lambda m: f"{cardinal(m['value'])} dollars", r"\$"),
    _rule(r"(?<![\d/])(?P<top>\d{1,2})/(?P<bottom>[2-9]|1\d)(?![\d/])", _fraction, r"\d/"),
    _rule(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: ordinal(int(m.group(1))), r"\d(?:st|nd|rd|th)"),
    _rule(
        r"\b(?P<word>[Ss]tage|[Gg]rade|[Tt]ype|[Pp]hase|[Ll]evel|[Cc]lass) "
        r"(?P<roman>VIII|VII|VI|IV|IX|V|III|II|I|X)(?P<sub>[ABCabc])?\b",
        _stage,
        r" [IVX]",
    ),
    _rule(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?", _number, r"\d"),
    _rule(r"\b([A-Za-z]+)/([A-Za-z]+)\b", _slash_words, "/"),
    _rule(r"\s*([&≥≤><±+=])\s*", lambda m: _SYMBOL_WORDS[m.group(1)], r"[&≥≤><±+=]"),
    _rule(r"~\s*", "about ", "~"),
    _rule(r"°", " degrees", "°"),
    _rule(r"%", " percent", "%"),
    _rule(r"[®™©•·*_#|\\^`]", "", r"[®™©•·*_#|\\^`]"),  # marks a listener need not hear
    _rule(r"/", " or ", "/"),
    _rule(r"\s+[–—]\s+|[–—]", ", ", "[–—]"),  # a dash between words is a pause
    _rule(r"\s+([,.;:!?)\]”’])", r"\1", r"\s[,.;:!?)\]”’]"),
    _rule(r"([(\[“‘])\s+", r"\1", r"[(\[“‘]\s"),
    _rule(r"\s{2,}", " ", r"\s\s"),
]


def normalize(text: str, lexicon: Lexicon | None = None) -> str:
    """The words the voice says for one sentence of display text."""
    spoken = text.replace("\u00a0", " ")
    if lexicon is not None:
        spoken = lexicon.apply(spoken)
    for rule in RULES:
        if rule.needs is None or rule.needs.search(spoken):
            spoken = rule.pattern.sub(rule.replacement, spoken)
    return spoken.strip()
