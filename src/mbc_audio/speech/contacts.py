"""Addresses and numbers to call: e-mail and web addresses (host and path, "dot", "slash" and
"dash" said, so a listener can type them), phone
numbers digit by digit in their groups (a word in one said as a word), extensions, numbers
to dial ("call 911") and "24/7"."""

from __future__ import annotations

import re

from .numbers import digits
from .rules import Context, rule


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


def _service_number(m: re.Match[str], context: Context) -> str:
    """'call 911' -> 'call nine one one'; 'dial 988' the same: short numbers are dialled."""
    return m["verb"] + digits(m["n"])


_ADDRESS_MARKS = {".": " dot ", "/": " slash ", "-": " dash ", "_": " underscore "}


def _url(m: re.Match[str], context: Context) -> str:
    """'https://riverside-cancer.example.org/bone' -> 'riverside dash cancer dot example dot
    org slash bone': the host and the path, as a listener would type them; the scheme, www and a
    query are left out."""
    address = re.sub(r"^(https?://)?(www\.)?", "", m.group(0), flags=re.IGNORECASE)
    address = re.split(r"[?#]", address)[0].rstrip("./")
    said = re.sub(r"[./_-]", lambda c: _ADDRESS_MARKS[c.group()], address)
    return re.sub(r"\s+", " ", said).strip()


def _email(m: re.Match[str], context: Context) -> str:
    user, _, host = m.group(0).partition("@")
    return f"{user} at {host.replace('.', ' dot ')}"


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
PHONES = [
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
]  # fmt: skip
