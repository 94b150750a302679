"""Numbers as words: cardinals, ordinals, years, digits one by one, decades.

Numbers are spelled out here rather than left to each engine, so every engine says the
same words. American usage: no "and" or commas inside a number.
"""

from __future__ import annotations

from functools import lru_cache

from num2words import num2words

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
# A number as written: "1,250", "2.5", ".5" (a leading point is said "point five").
# Digits beyond which a number is said digit by digit: no listener follows "four quadrillion
# ...", and num2words stops at about 10**300 (OverflowError).
LONGEST_NUMBER = 15
NUMBER = r"(?:\d{1,3}(?:,\d{3}(?!\d))+|\d+)(?:\.\d+)?|\.\d+"


def _plain(words: str) -> str:
    return words.replace(",", "").replace(" and ", " ")


@lru_cache(maxsize=4096)
def cardinal(number: str) -> str:
    """'1,250' -> 'one thousand two hundred fifty'; '2.5' -> 'two point five'."""
    number = number.replace(",", "")
    if "." in number:
        whole, _, decimals = number.partition(".")
        head = cardinal(whole) + " " if whole else ""
        return head + "point " + digits(decimals)
    if len(number.lstrip("0")) > LONGEST_NUMBER:
        return digits(number)
    return _plain(num2words(int(number)))


@lru_cache(maxsize=1024)
def ordinal(number: int) -> str:
    if len(str(number)) > LONGEST_NUMBER:
        return digits(str(number))
    return _plain(num2words(number, to="ordinal"))


@lru_cache(maxsize=1024)
def year(number: int) -> str:
    if len(str(number)) > LONGEST_NUMBER:
        return digits(str(number))
    return _plain(num2words(number, to="year"))


def digits(text: str) -> str:
    """Each digit as a word: '800' -> 'eight zero zero'."""
    return " ".join(DIGIT_WORDS[int(d)] for d in text if d.isdigit())


def number_or_year(text: str) -> str:
    """A four-digit number without a comma is read as a year ('2018' -> 'twenty eighteen')."""
    if len(text) == 4 and text.isdigit() and ("1100" <= text <= "2099"):
        return year(int(text))
    return cardinal(text)


def plural(words: str) -> str:
    """The plural of a number said as words: 'forty' -> 'forties', 'nineteen ninety' ->
    'nineteen nineties', 'nineteen hundred' -> 'nineteen hundreds'."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith("x"):
        return words + "es"
    return words + "s"
