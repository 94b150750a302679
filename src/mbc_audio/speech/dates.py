"""Dates and times: "February 10, 2022", "2022-02-10" and "2/10/2022" are "February tenth,
twenty twenty-two"; "March 3-5" and "Sept. 30 – Oct. 2" are ranges said with "to"; "9:30
a.m." is "nine thirty a m"; "9am–5pm" and "8 a.m.-noon" are time ranges."""

from __future__ import annotations

import re

from .numbers import MONTHS, cardinal, ordinal, year
from .rules import Context, rule, stop_if_last
from .trace import said

_MONTH = "|".join(MONTHS)
_HALF = r"[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b"
_TIME = rf"(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?(?:{_HALF}))?|(?:1[0-2]|[1-9])\s?(?:{_HALF})"

_HALF_AT_END = re.compile(rf"(?:{_HALF})$")


def _month_day_year(m: re.Match[str], context: Context) -> str:
    return said(
        m, (m["month"], "month"), (f" {ordinal(int(m['day']))}", "day"),
        (f" to {ordinal(int(m['last']))}" if m["last"] else "", "last"),
        (f", {year(int(m['year']))}" if m["year"] else "", "year"),
    )  # fmt: skip


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


def _clock(m: re.Match[str], context: Context) -> str:
    """A time: the hours and minutes said for its digits, "a m" or "p m" for its half of the day
    ("9:30 a.m." is two written words)."""
    words = say_time(m.group(0))
    half = _HALF_AT_END.search(m.group(0))
    if half is None:
        return words + stop_if_last(m)
    at = len(words) - len(half.group(0).replace(".", "")) * 2 + 1  # " a m" for "a.m."
    where = (m.start() + half.start(), m.end())
    return said(m, (words[:at], (m.start(), where[0])), (words[at:] + stop_if_last(m), where))


def _time_range(m: re.Match[str], context: Context) -> str:
    """'9am–5pm' -> 'nine a m to five p m'; '9–5pm' -> 'nine to five p m'."""
    first, last = (m["a2"], m["b2"]) if m["a2"] else (m["a"], m["b"])
    said = [
        cardinal(t) if t.isdigit() else say_time(t) if t[0].isdigit() else t for t in (first, last)
    ]
    return f"{said[0]} to {said[1]}" + stop_if_last(m)


RULES = [
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
    rule("times", _TIME, _clock, r"\d:|\d ?[apAP]\.?[mM]"),
]  # fmt: skip
