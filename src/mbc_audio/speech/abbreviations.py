"""Abbreviations: how each is said, and whether its full stop can end a sentence.

One table serves the normaliser (the words said) and the sentence splitter (where a
sentence may end), so the two never disagree about "approx." or "Jan.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .numbers import MONTHS, WEEKDAYS
from .rules import Context, Rule, keep_case, rule, stop_if_last


class Ends(Enum):
    """Whether "abbr." followed by a space can be the end of a sentence."""

    NEVER = "never"  # "e.g.", "Dr.": something always follows
    BEFORE_CAPITAL = "before a capital"  # "etc.", "hrs.": ends when a capital follows
    UNLESS_NUMBER = "unless a number follows"  # "no.": "No. 5" goes on, "said no." ends
    BEFORE_OPENER = "before a sentence opener"  # "U.S.", "Main St.": ends before "The"...


@dataclass(frozen=True)
class Abbreviation:
    written: str  # without its last full stop: "e.g", "approx", "Jan"
    spoken: str | None  # None: the splitter must know it, the voice says it as written
    ends: Ends
    dotless: bool = False  # also said in full without the full stop ("hrs", "approx")

    @property
    def any_case(self) -> bool:
        return self.written == self.written.lower()


def _table(ends: Ends, dotless: bool, pairs: str) -> list[Abbreviation]:
    rows = [p.split("=") for p in pairs.split(";") if p.strip()]
    return [Abbreviation(w.strip(), s.strip() or None, ends, dotless) for w, s in rows]


NEVER, CAPITAL, NUMBER, OPENER = (
    Ends.NEVER,
    Ends.BEFORE_CAPITAL,
    Ends.UNLESS_NUMBER,
    Ends.BEFORE_OPENER,
)
ABBREVIATIONS: list[Abbreviation] = [
    *_table(NEVER, False, "e.g=for example; i.e=that is; cf=compare; incl=including; esp=especially;"
            "Dr=Doctor; Mr=Mister; Mrs=Missus; Ms=Miz; Prof=Professor; ca=; mt=; sr=; jr="),
    *_table(NEVER, True, "vs=versus; approx=approximately"),
    *_table(CAPITAL, True, "etc=et cetera; hrs=hours; hr=hour; wks=weeks; wk=week; yrs=years;"
            "yr=year; mos=months; mins=minutes; appt=appointment; dept=department"),
    *_table(CAPITAL, False, "mo=month; max=maximum; tab=tablet; tabs=tablets; a.m=; p.m=; min=;"
            "mg=; ml=; sept=September; tues=Tuesday; thur=Thursday; thurs=Thursday"),
    *[Abbreviation(m[:3], m, CAPITAL) for m in MONTHS if m != "May"],
    *[Abbreviation(d[:3], d, CAPITAL) for d in WEEKDAYS],
    # Prescriptions: only the dotted and capital forms ("bid" is a word, "BID" is not).
    *_table(CAPITAL, False, "b.i.d=twice a day; t.i.d=three times a day; q.i.d=four times a day;"
            "q.d=once a day; q.h.s=at bedtime; p.r.n=as needed; p.o=by mouth"),
    *_table(NEVER, True, "BID=twice a day; TID=three times a day; QID=four times a day;"
            "PRN=as needed; PO=by mouth; QHS=at bedtime; prn=as needed; qhs=at bedtime;"
            "IV=I V; IM=I M; SC=S C; SQ=sub Q; subcut=under the skin"),
    *_table(OPENER, False, "M.D=M D; Ph.D=P H D; R.N=R N; D.O=D O; N.P=N P; P.A=P A"),
    *_table(NUMBER, False, "no=number; nos=numbers; fig=figure; vol=volume; ext=extension;"
            "tel=telephone; ste=suite; p=page; pp=pages"),
    *_table(OPENER, False, "st=; u.s=; u.k=; inc=; ltd=; co=; ave=Avenue; rd=Road; blvd=Boulevard"),
]  # fmt: skip
# For the sentence splitter: lower-case written form -> where it may end a sentence.
ENDS: dict[str, Ends] = {a.written.lower(): a.ends for a in ABBREVIATIONS}
# Words that often open a sentence: after "U.S." or "Main St." they start a new one.
SENTENCE_OPENERS = frozenset(
    ["The", "This", "That", "These", "Those", "It", "Its", "In", "On", "At", "Most", "Many", "Some", "If", "When", "While", "You", "Your", "We", "Our", "They", "Their", "She", "He", "Her", "His", "A", "An", "But", "And", "So", "For", "About", "Each", "Every", "Ask", "Call", "There", "Here", "What", "How", "Why", "Who", "Talk", "Tell", "Also", "After", "Before", "During", "As", "All", "Not", "No", "Yes", "Please", "I", "My", "Both", "Take", "Keep", "Try", "Use", "Do", "Make", "Let", "Get", "See", "Go", "Stop", "Never", "Always", "Sometimes", "Often", "Other", "Any"]
)  # fmt: skip

_NAMES = {name[:3].lower(): name for name in WEEKDAYS + MONTHS}
_DAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_JOIN = r"\s*(?:[-–—/,&+]|\bto\b|\bthru\b|\bthrough\b|\band\b)\s*"


def full_name(word: str) -> str:
    """'Mon.' -> 'Monday', 'Sept' -> 'September', 'Friday' -> 'Friday'."""
    return _NAMES[word[:3].lower()]


def _run(m: re.Match[str], context: Context) -> str:
    """'Mon–Fri' -> 'Monday to Friday'; 'Mon/Wed/Fri' -> 'Monday, Wednesday and Friday'."""
    parts = re.split(f"({_JOIN})", m.group(0))
    names, joins = parts[::2], [j.strip() for j in parts[1::2]]
    said = [full_name(names[0])]
    for i, (join, name) in enumerate(zip(joins, names[1:], strict=True)):
        last = i == len(joins) - 1
        if join in ("-", "–", "—", "to", "thru"):
            word = " to "
        elif join == "through":
            word = " through "
        elif join == ",":
            word = ", "
        else:  # / & + and
            word = " and " if last else ", "
        said.append(word + full_name(name))
    return "".join(said) + stop_if_last(m)


def _title(m: re.Match[str], context: Context) -> str:
    return {"Dr": "Doctor", "Mr": "Mister", "Mrs": "Missus", "Ms": "Miz", "Prof": "Professor"}[
        m["title"]
    ]


def _saint_or_street(m: re.Match[str], context: Context) -> str:
    # "St. Jude" is a saint; "Main St." (after a capitalised word) is a street.
    after = re.match(r"\s+([A-Z]\w*)", m.string[m.end() :])
    if m["before"].strip() and (after is None or after.group(1) in SENTENCE_OPENERS):
        return m["before"] + "Street" + stop_if_last(m)
    return m["before"] + "Saint"


def _general(m: re.Match[str], context: Context) -> str:
    written = m.group(0)
    found = _BY_WRITTEN.get(written.rstrip(".")) or _BY_WRITTEN[written.rstrip(".").lower()]
    said = (
        keep_case(written, found.spoken or written) if found.any_case else found.spoken or written
    )
    return said + stop_if_last(m)


_SPOKEN = [a for a in ABBREVIATIONS if a.spoken]
_BY_WRITTEN = {a.written: a for a in _SPOKEN if not a.any_case} | {
    a.written: a for a in _SPOKEN if a.any_case
}


def _general_pattern() -> str:
    alternatives = []
    for a in sorted(_SPOKEN, key=lambda a: len(a.written), reverse=True):
        written = re.escape(a.written)
        if a.any_case:
            # "hr", "Hr" or "e.g.", "E.g.": not "HR", which is a name.
            written = f"[{written[0].upper()}{written[0]}]{written[1:]}"
        if a.ends is Ends.UNLESS_NUMBER:  # "fig. 2"; "no." alone is a word
            alternatives.append(f"{written}\\.(?=\\s?\\d)")
        else:
            alternatives.append(f"{written}(?:\\.|(?![\\w.]))" if a.dotless else f"{written}\\.")
    return rf"(?<![\w.])(?:{'|'.join(alternatives)})"


RULES: list[Rule] = [
    rule("day and month ranges", rf"(?<![\w.])(?:{_DAY}(?:{_JOIN}{_DAY})+|{_MONTH}(?:{_JOIN}{_MONTH})+)(?![\w])",
         _run, r"[a-z]\.?\s*(?:[-–—/,&+]|to\b|thr|and\b)\s*[A-Z]"),
    rule("a month before a day", rf"(?<![\w.]){_MONTH}(?=\s?\d)",
         lambda m, c: full_name(m.group(0)) + stop_if_last(m), r"[a-z]\.?\s?\d"),
    rule("titles", r"(?<![\w.])(?P<title>Dr|Mrs|Mr|Ms|Prof)(?:\.|(?=\s+[A-Z]))", _title, r"[DMP][rs]"),
    rule("saint or street", r"(?P<before>(?:[A-Z][a-z]+\s)?)(?<![\w.])St(?:\.|(?=\s[A-Z]))",
         _saint_or_street, r"St"),
    rule("number sign", r"(?<![\w.])(?:(?P<many>[Nn]os)\.|[Nn][Oo]\.|#)\s?(?=\d)",
         lambda m, c: "numbers " if m["many"] else "number ", r"[oO#]"),
    rule("abbreviations", _general_pattern(), _general, r"[A-Za-z]\.|[a-z]{2}\b"),
]  # fmt: skip
