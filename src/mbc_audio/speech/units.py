"""Units of measure and doses: "5 mg/kg" is "five milligrams per kilogram".

A quantity is a number, or a range of two ("5-10 mg" is "five to ten milligrams"), then a
unit, maybe compound ("mg/kg/day": the first unit plural after any number but exactly 1,
each unit after a slash singular and said "per"). Unit words already spelled out (by the
lexicon, say) are accepted too, so "1 milligrams" comes out "one milligram".
"""

from __future__ import annotations

import re

from .numbers import NUMBER, cardinal, ordinal
from .rules import DECIDED_CLOSE, DECIDED_OPEN, Context, Rule, rule
from .trace import said


def _units(rows: str) -> dict[str, tuple[str, str]]:
    table = {}
    for row in rows.split(";"):
        written, _, said = row.partition("=")
        singular, _, plural = said.partition("|")
        for form in written.split(","):
            table[form.strip()] = (singular.strip(), (plural or singular + "s").strip())
    return table


# Written form (case matters: "mL", not "ML") -> (singular, plural).
UNITS = _units(
    "mg,milligram,milligrams=milligram; mcg,µg,μg,ug,microgram,micrograms=microgram;"
    "ng=nanogram; pg=picogram; g,gm,gram,grams=gram; kg,kilogram,kilograms=kilogram;"
    "mL,ml,milliliter,milliliters,millilitre,millilitres=milliliter; µL,μL,uL=microliter;"
    "dL,dl=deciliter; L,liter,liters,litre,litres=liter; cc=cubic centimeter;"
    "mmol,millimole,millimoles=millimole; µmol,μmol=micromole; mol=mole;"
    "mEq=milliequivalent; IU=international unit; mIU=milli-international unit;"
    "U,unit,units=unit; mm=millimeter; cm=centimeter; km=kilometer; µm,μm=micrometer;"
    "m2,m²=square meter|square meters; mm3,mm³=cubic millimeter; mmHg=millimeter of mercury"
    "|millimeters of mercury; bpm=beat per minute|beats per minute; Gy=gray|gray;"
    "cGy=centigray|centigray; kcal=kilocalorie; mSv=millisievert; lb,lbs=pound; oz=ounce;"
    "h,hr,hrs,hour,hours=hour; min,mins,minute,minutes=minute; sec,secs=second;"
    "d,day,days=day; wk,wks,week,weeks=week; mo,mos,month,months=month;"
    "yr,yrs,year,years=year; tab,tabs,tablet,tablets=tablet; cap,caps,capsule,capsules=capsule;"
    "dose,doses=dose; cycle,cycles=cycle; drop,drops=drop; puff,puffs=puff"
)
# After a number, these few would be read wrongly as words or letters if left alone; a unit
# after a slash ("per") may be any of them. Alone, without a number, only these are said:
_NOT_AFTER_A_NUMBER = {"d", "cap", "caps"}  # "5 d" is rare; "5 caps" may be hats
_ALONE = ("mg", "mcg", "µg", "μg", "mL", "kg", "mmol", "mEq", "IU", "mmHg", "dL", "µL", "μL")
# "night/day" stays "night or day"; "cells/µL", "times/week" and "mg/day" are "per".
_COUNTS = "times|once|twice|cells|beats|breaths|drinks|servings|calories|words|steps|visits"
_ABBREVIATED = [u for u, (singular, _) in UNITS.items() if u != singular and u[:-1] != singular]
# "fluids/day", "drinks/week" are per; "night/day", "day/night" are not.
_TIMES = "day|week|month|year|hour|minute|night|morning|evening|afternoon"
_LENGTHS = {"mm", "cm", "km", "µm", "μm", "millimeter", "centimeter", "meter", "inch"}


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


_UNIT = _alternation([u for u in UNITS if u not in _NOT_AFTER_A_NUMBER])
_PER = _alternation(list(UNITS))
_O, _C = DECIDED_OPEN, DECIDED_CLOSE
# A unit, maybe as the lexicon spelled it out, then any "/unit" it is per.
# A unit ends at a word's end, and not before ".S." ("8 U.S. women" holds no unit).
_END = r"(?![\w]|\.\w)"
# What a unit may be per: any unit, or a word ("3 Gy/fraction", "2 mg/dose").
PER = rf"(?P<per>(?:\s?/\s?(?:{_O}?(?:{_PER}){_C}?|[a-z]{{3,}}){_END})*)"
# "8 oz. of water": the unit's own full stop goes with it when the sentence goes on.
COMPOUND = rf"(?P<open>{_O})?(?P<unit>{_UNIT})(?(open){_C}){_END}{PER}(?:\.(?=\s+[a-z]))?"
_QUANTITY = rf"(?<![\w.,/])(?P<a>{NUMBER})(?:\s?(?P<to>[-–—]|to)\s?(?P<b>{NUMBER}))?\s?{COMPOUND}"


def unit_words(written: str, many: bool) -> str:
    singular, plural = UNITS[written.strip(_O + _C)]
    return plural if many else singular


def per_words(per: str) -> str:
    """'/kg/day' -> ' per kilogram per day'; '/fraction' -> ' per fraction'."""
    units = [u.strip(" " + _O + _C) for u in per.split("/") if u.strip(" " + _O + _C)]
    return "".join(" per " + (unit_words(u, many=False) if u in UNITS else u) for u in units)


def _quantity(m: re.Match[str], context: Context) -> str:
    last = m["b"] or m["a"]
    many = m["b"] is not None or last.replace(",", "") != "1"
    # Each part said for its own written part: a page highlights "5" while "five" is said.
    return said(
        m, (cardinal(m["a"]), "a"), (" to " if m["b"] else "", "to"),
        (cardinal(m["b"]) if m["b"] else "", "b"), (" " + unit_words(m["unit"], many), "unit"),
        (per_words(m["per"]), "per"),
    )  # fmt: skip


def _units_alone(m: re.Match[str], context: Context) -> str:
    return unit_words(m["unit"], many=True) + per_words(m["per"])


def _per(m: re.Match[str], context: Context) -> str:
    return m["word"] + per_words(m["per"])


def _times(m: re.Match[str], context: Context) -> str:
    """'2 x 500 mg' -> 'two times 500 mg'; '3 × 4 cm' (sizes) -> 'three by 4 cm'."""
    word = "by" if m["unit"] in _LENGTHS else "times"
    return said(m, (cardinal(m["a"]), "a"), (f" {word} ", "x"))


def _how_often(m: re.Match[str], context: Context) -> str:
    """'3x a day' -> 'three times a day'; '1x daily' -> 'once daily'; '2-3x' -> 'two to three
    times'."""
    if m["low"]:
        return f"{cardinal(m['low'])} to {cardinal(m['n'])} times"
    return "once" if m["n"] == "1" else f"{cardinal(m['n'])} times"


_EVERY = {"h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
          "d": "day", "day": "day", "days": "day", "w": "week", "wk": "week", "wks": "week",
          "week": "week", "weeks": "week", "mo": "month", "month": "month", "months": "month"}  # fmt: skip


def _every(m: re.Match[str], context: Context) -> str:
    """'q8h' -> 'every eight hours'; 'q3-4 weeks' -> 'every three to four weeks'."""
    said = "every " + cardinal(m["a"]) + (f" to {cardinal(m['b'])}" if m["b"] else "")
    unit = _EVERY[m["unit"]]
    return f"{said} {unit if (m['b'] or m['a']) == '1' else unit + 's'}"


def _times_after_unit(m: re.Match[str], context: Context) -> str:
    """'2.5 cm x 3 cm' -> '2.5 cm by 3 cm'; '5 mg x 2' -> '5 mg times 2'."""
    return m["unit"] + (" by " if m["unit"] in _LENGTHS else " times ")


def _power(m: re.Match[str], context: Context) -> str:
    """'10^9/L' -> 'ten to the ninth per liter'; '10⁹' the same."""
    exponent = m["exponent"].translate(_SUPERSCRIPTS)
    return f"{cardinal(m['base'])} to the {ordinal(int(exponent))}" + per_words(m["per"])


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


RULES: list[Rule] = [
    rule("every so many hours", r"(?<![\w.])q\.?\s?(?P<a>\d+)(?:\s?[-–]\s?(?P<b>\d+))?\s?"
         rf"(?P<unit>{'|'.join(sorted(_EVERY, key=len, reverse=True))})\b", _every, r"q\.?\s?\d"),
    rule("times after a unit", rf"(?<=[\d\s])(?P<unit>{_UNIT})\s?[x×]\s?(?=[\d.])", _times_after_unit,
         r"[a-zA-Z]\s?[x×]\s?[\d.]"),
    rule("times between numbers",
         rf"(?<![\w.,])(?P<a>{NUMBER})\s?(?P<x>[x×X])\s?(?=(?:(?:{NUMBER})\s?[x×X]\s?)*(?:{NUMBER})\s?(?P<unit>{_UNIT})?(?![\w]))",
         _times, r"\d\s?[x×X]\s?[\d.]"),
    rule("powers of ten", rf"(?P<base>10)\s?(?:\^|\*\*)?\s?(?P<exponent>(?<=[\^*])\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+){PER}",
         _power, r"10\s?[\^*⁰¹²³⁴⁵⁶⁷⁸⁹]"),
    rule("how often", r"(?<![\w.,])(?:(?P<low>\d+)\s?[-–]\s?)?(?P<n>\d+)\s?[x×](?![\w])", _how_often,
         r"\d\s?[x×]"),
    rule("times after a word", r"(?<![\w.])(?P<x>[x×])\s?(?P<n>\d+)(?![\w]|\.\d)",
         lambda m, c: said(m, ("times ", "x"), (cardinal(m["n"]), "n")), r"[x×]\s?\d"),
    rule("quantities", _QUANTITY, _quantity, r"\d\s?(?:[-–—]|to)?\s?[\d.]*\s?[a-zA-Zµμ\ue000]"),
    rule("units alone", rf"(?<![\w/])(?P<open>{_O})?(?P<unit>{'|'.join(_ALONE)})(?(open){_C}){_END}{PER}",
         _units_alone, "[mkgLIdµμ]"),
    rule("per", rf"(?<![\w/])(?P<word>{_COUNTS}|{_O}[^{_C}]*{_C})(?P<per>(?:/{_O}?(?:{_PER}){_C}?(?![\w/]))+)",
         _per, "/"),
    rule("per time", rf"(?<![\w/])(?P<word>(?!{_TIMES}\b)[A-Za-z]+)(?P<per>/(?:{_TIMES})\b)", _per,
         r"/(?:day|week|month|year|hour|minute)"),
    rule("per unit", rf"(?<![\w/])(?P<word>[A-Za-z]+)(?P<per>(?:/(?:{_alternation(_ABBREVIATED)})(?![\w/]))+)",
         _per, "/"),
]  # fmt: skip
