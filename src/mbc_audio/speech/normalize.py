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

from . import abbreviations, names, symbols, units
from .contractions import RULE as CONTRACTIONS
from .lexicon import Lexicon
from .numbers import (
    DIGIT_WORDS,
    MONTHS,
    NUMBER,
    cardinal,
    digits,
    number_or_year,
    ordinal,
    plural,
    year,
)
from .phonemes import mark_phonemes
from .rules import DECIDED, Context, Note, Rule, mark, rule, stop_if_last, unmark

__all__ = ["DIGIT_WORDS", "MONTHS", "Spoken", "normalize", "spoken_form"]

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
_FRACTIONS = {2: ("half", "halves"), 4: ("quarter", "quarters")}
_HALF = r"[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b"
_TIME = rf"(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?(?:{_HALF}))?|(?:1[0-2]|[1-9])\s?(?:{_HALF})"


@dataclass(frozen=True)
class Spoken:
    text: str
    notes: tuple[Note, ...]  # tokens said by a default, for lint


def _phone(m: re.Match[str], context: Context) -> str:
    groups = [g for g in re.split(r"\D+", m["n"] if "n" in m.groupdict() else m.group(0)) if g]
    return ", ".join(digits(g) for g in groups)


def _phone_with_letters(m: re.Match[str], context: Context) -> str:
    """'1-800-4-CANCER' -> 'one, eight zero zero, four, cancer': digits one by one, a word as
    a word (letters that make no word are spelled)."""
    groups = m.group(0).split("-")
    if sum(len(g) for g in groups) not in (7, 10, 11):
        return m.group(0)
    said = []
    for group in groups:
        if group.isdigit():
            said.append(digits(group))
        elif len(group) >= 4 and re.search("[AEIOUY]", group):
            said.append(group.lower())
        else:
            said.append(" ".join(group))
    return ", ".join(said)


def _month_day_year(m: re.Match[str], context: Context) -> str:
    text = f"{m['month']} {ordinal(int(m['day']))}"
    if m["last"]:
        text += f" to {ordinal(int(m['last']))}"
    return text + (f", {year(int(m['year']))}" if m["year"] else "")


def _iso_date(m: re.Match[str], context: Context) -> str:
    month = MONTHS[int(m["month"]) - 1]
    return f"{month} {ordinal(int(m['day']))}, {year(int(m['year']))}"


def say_time(text: str) -> str:
    """'9:30 a.m.' -> 'nine thirty a m'; '17:00' -> 'seventeen o'clock'; '5pm' -> 'five p m'."""
    found = re.fullmatch(rf"(\d+)(?::(\d\d))?\s?({_HALF})?", text.strip())
    if found is None:
        return text
    hour, minute, half = int(found[1]), int(found[2] or 0), found[3]
    words = cardinal(str(hour))
    if minute:
        words += " oh " + cardinal(str(minute)) if minute < 10 else " " + cardinal(str(minute))
    elif not half:
        words += " o'clock"
    if half:
        words += " " + " ".join(half.replace(".", "").lower())
    return words


def _time_range(m: re.Match[str], context: Context) -> str:
    """'9am–5pm' -> 'nine a m to five p m'; '9–5pm' -> 'nine to five p m'."""
    first, last = (m["a2"], m["b2"]) if m["a2"] else (m["a"], m["b"])
    said = [
        cardinal(t) if t.isdigit() else say_time(t) if t[0].isdigit() else t for t in (first, last)
    ]
    return f"{said[0]} to {said[1]}" + stop_if_last(m)


def _temperature(m: re.Match[str], context: Context) -> str:
    scale = {"F": " Fahrenheit", "C": " Celsius"}.get(m["scale"] or "", "")
    return f"{cardinal(m['value'])} degrees{scale}"


def _range(m: re.Match[str], context: Context) -> str:
    low, high = m["low"], m["high"]
    if float(high) < float(low):  # "CA 15-3", "24-7": two numbers, not a range
        return f"{number_or_year(low)} {number_or_year(high)}{' percent' if m['pct'] else ''}"
    return f"{cardinal(low)} to {cardinal(high)}{' percent' if m['pct'] else ''}"


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


def _service_number(m: re.Match[str], context: Context) -> str:
    """'call 911' -> 'call nine one one'; 'dial 988' the same: short numbers are dialled."""
    return m["verb"] + digits(m["n"])


def _decade(m: re.Match[str], context: Context) -> str:
    """'1990s' -> 'nineteen nineties'; 'her 40s' -> 'her forties'."""
    return plural(number_or_year(m["n"]))


def _url(m: re.Match[str], context: Context) -> str:
    host = re.sub(r"^(https?://)?(www\.)?", "", m.group(0), flags=re.IGNORECASE)
    host = host.split("/")[0].rstrip(".")
    return host.replace(".", " dot ")


def _email(m: re.Match[str], context: Context) -> str:
    user, _, host = m.group(0).partition("@")
    return f"{user} at {host.replace('.', ' dot ')}"


def _slash_words(m: re.Match[str], context: Context) -> str:
    left, right = m.group(1), m.group(2)
    if left.lower() == "and" and right.lower() == "or":
        return "and or"
    return f"{left} or {right}"


def _note_capitals(m: re.Match[str], context: Context) -> str:
    if m["caps"] and not context.lexicon.knows(m["caps"]):
        context.note(m["caps"], "capitals", m["caps"])
    if m["abbr"]:
        context.note(m["abbr"], "abbreviation", m["abbr"])
    return m.group(0)


ADDRESSES = [
    rule("e-mail addresses", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", _email, "@"),
    rule("web addresses", r"\b(?:https?://|www\.)[^\s<>\"”)]+", _url, r"(?i)www\.|https?:", re.I),
    rule(
        "bare web addresses",
        r"(?<![\w.@/])(?:[a-z0-9-]+\.)+(?:org|com|gov|net|edu|info|uk|ca|au|ie|nz)\b(?:/[^\s<>\"”)]*[\w/])?",
        _url,
        r"\.(?:org|com|gov|net|edu|info|uk|ca|au|ie|nz)\b",
        re.I,
    ),
]
PHONES_DATES_TIMES = [
    rule("phone numbers with letters",
         r"(?<![\w-])(?:1-)?\d{3}-(?:(?:\d+|[A-Z]{2,})-)*(?:\d+|[A-Z]{2,})(?![\w-])(?<=[A-Z])"
         r"|(?<![\w-])(?:1-)?\d{3}-(?:(?:\d+|[A-Z]{2,})-)*[A-Z]{2,}-\d+(?![\w-])",
         _phone_with_letters, r"\d-[A-Z0-9]*[A-Z]"),
    rule("phone numbers",
         r"(?<![\d-])(?:\+?1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d-])", _phone,
         r"\d{3}[ .-]\d{4}"),
    rule("local phone numbers",
         r"(?P<lead>\b(?:[Cc]all|at|line|[Pp]hone|[Tt]el\.?|TTY|[Ff]ax|number|[Dd]ial|[Tt]ext)(?: us| me| them)?(?: at)?:? )"
         r"(?P<n>[2-9]\d{2}[-.]\d{4})(?![\d-])", lambda m, c: m["lead"] + _phone(m, c), r"\d{3}[-.]\d{4}"),
    rule("phone extensions", r"(?<![\w.])[Ee]xt\.?\s?(?P<n>\d{2,6})\b",
         lambda m, c: "extension " + digits(m["n"]), r"xt\.?\s?\d\d"),
    rule("numbers to dial", r"(?P<verb>\b(?:[Cc]all|[Dd]ial|[Tt]ext|TTY:?|[Pp]hone:?) )(?P<n>\d{3})\b(?![-\d]|\.\d)",
         _service_number, r"(?:all|ial|ext|TTY|hone):? \d{3}\b"),
    rule("around the clock", r"(?<![\w/])24\s?/\s?7(?![\w/])", "twenty-four seven", "24"),
    rule("stages",
         r"\b(?P<word>[Ss]tage|[Gg]rade|[Tt]ype|[Pp]hase|[Ll]evel|[Cc]lass) "
         r"(?P<roman>VIII|VII|VI|IV|IX|V|III|II|I|X)(?P<sub>[ABCabc])?\b",
         _stage, r" [IVX]"),
    *abbreviations.RULES,
    rule("dates",
         rf"\b(?P<month>{_MONTH}) (?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
         rf"(?:\s?[-–—]\s?(?P<last>[0-3]?\d)(?:st|nd|rd|th)?)?\b(?:,? (?P<year>\d{{4}})\b)?",
         _month_day_year, r"(?:uary|arch|pril|May|une|uly|gust|mber|ober) \d"),
    rule("date ranges", rf"(?<=(?:st|nd|rd|th))\s?[-–—]\s?(?=(?:{_MONTH})\b)", " to ",
         r"(?:st|nd|rd|th)\s?[-–—]"),
    rule("ISO dates", r"\b(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b", _iso_date,
         r"\d-\d"),
    rule("dates with slashes", r"\b(?P<month>1[0-2]|0?[1-9])/(?P<day>[0-3]?\d)/(?P<year>\d{4})\b",
         _iso_date, r"\d/"),
    rule("time ranges",
         rf"(?<![\d.:])(?P<a>{_TIME}|\d{{1,2}})\s?(?:[-–—]|to)\s?(?P<b>{_TIME}|noon|midnight)"
         rf"|(?<![\d.:])(?P<a2>{_TIME})\s?[-–—]\s?(?P<b2>\d{{1,2}})(?![\d:])",
         _time_range, r"[\dmM.]\s?(?:[-–—]|to)\s?(?:\d|noon|midnight)"),
    rule("times", _TIME, lambda m, c: say_time(m.group(0)) + stop_if_last(m), r"\d:|\d ?[apAP]\.?[mM]"),
    rule("temperatures", r"(?P<value>-?\d+(?:\.\d+)?)\s?°\s?(?P<scale>[FC]\b)?", _temperature, "°"),
]  # fmt: skip


NUMBERS = [
    rule("ordinals", r"\b(\d+)(?:st|nd|rd|th)\b", lambda m, c: ordinal(int(m.group(1))),
         r"\d(?:st|nd|rd|th)"),
    rule("decades", r"(?<![\w'’])['’]?(?P<n>\d{1,2}0|1\d\d0|20\d0)s\b", _decade, r"0s\b"),
    *names.RULES,
    symbols.RULES[0],  # "1½" before "1" is read as a number
    rule("ranges",
         r"(?<![\d.])(?P<low>\d+(?:\.\d+)?)%?\s?[–—-]\s?(?P<high>\d+(?:\.\d+)?)(?P<pct>\s?%)?(?![\d])",
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
    rule("about", r"~\s*", "about ", "~"),
    rule("degrees", r"°", " degrees", "°"),
    rule("percent", r"%", " percent", "%"),
    symbols.RULES[1],
    rule("slashes", r"/", " or ", "/"),
    # An en dash inside a compound ("receptor–positive") is a hyphen; other dashes are pauses.
    rule("dashes", r"(?P<joined>(?<=[^\W\d])–(?=[^\W\d]))|\s+[–—]\s+|[–—]",
         lambda m, c: " " if m["joined"] else ", ", "[–—]"),
    rule("guesses", rf"{DECIDED}|(?<![\w.])(?P<abbr>(?:[A-Za-z]\.){{2,}}|[A-Za-z]{{2,5}}\.(?=\s+[a-z]))"
         r"|(?<![\w.])(?P<caps>(?:[A-Z]\.){2,}|[A-Z]{2,}(?![a-z]))", _note_capitals, r"[A-Z]{2}|\.\s"),
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
    "powers of ten", "times after a unit",
}  # fmt: skip
RULES: list[Rule] = [
    dataclasses.replace(r, digits=True) if r.name in _NEED_A_DIGIT else r
    for r in (*ADDRESSES, *PHONES_DATES_TIMES, *units.RULES, *NUMBERS, *SYMBOLS)
]
_DIGIT = re.compile(r"\d")


def spoken_form(text: str, lexicon: Lexicon | None = None) -> Spoken:
    """The words the voice says for one sentence of display text, and the tokens in it
    that were said by a default rather than decided by a rule or the lexicon."""
    lexicon = lexicon or Lexicon()
    context = Context(lexicon)
    spoken = text.replace("\u00a0", " ")
    if not lexicon.keep_contractions:
        spoken = CONTRACTIONS.apply(spoken, context)
    spoken = lexicon.apply(spoken, mark)
    has_digits = _DIGIT.search(spoken) is not None
    for each in RULES:
        if has_digits or not each.digits:
            spoken = each.apply(spoken, context)
    spoken = mark_phonemes(unmark(spoken).strip(), lexicon)
    return Spoken(spoken, tuple(context.notes))


def normalize(text: str, lexicon: Lexicon | None = None) -> str:
    """The words the voice says for one sentence of display text."""
    return spoken_form(text, lexicon).text
