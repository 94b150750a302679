"""What a web page holds that a spoken guide should not: the rules every reader shares.

Page furniture (menus, "Show references", share buttons) and adverts are dropped with a
warning naming the line; review dates and reviewers go to the front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ...errors import ContentError
from ...findings import Finding
from ...wording import shorten
from ..slug import checked_slug
from .model import DraftBlock, Front, Kind, warning

# Page furniture: lines that belong to the web page, not the article.
DEBRIS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^expert cancer care\b",
        r"^is one call away\.?$",
        r"^appointments in as little as\b",
        r"^show references$",
        r"^(this article will cover|in this article|on this page|jump to)\s*:?$",
        r"^(advertisement|sponsored( content)?|share( this( page| article)?)?( on \w+)?|print"
        r"( this page)?|subscribe|sign up\b.*)$",
        r"^(skip to (main )?content|back to top|read more|related (articles?|pages?|links?))$",
        r"^call \S+ to (make an appointment|speak)",
        # Cookie notices and their buttons, whatever element holds them.
        r"^(we|this (web)?site|our (web)?site) uses? cookies\b",
        r"^by (continuing|using) (to use )?(this|our) (web)?site\b.*\bcookies\b",
        r"^(accept|reject|manage|allow)( all)?( cookies| cookie settings)?$",
        r"^cookie (settings|preferences|policy)$",
    )
]
REFERENCES = re.compile(r"^(show |hide )?(references|sources)$", re.IGNORECASE)

# An advert is a short call to action about the publisher, not advice to the reader: it starts
# with a verb that sells or sends ("Book a visit today", "Learn more", "Request an appointment
# online") and points at the publisher, the moment or a link, with nothing about the reader's
# health or care team in it (which "Call your doctor if you have a fever" has).
_CALL_TO_ACTION = re.compile(
    r"^(book|schedule|request|make|call|phone|contact|chat|text|email|e-mail|talk|speak|visit"
    r"|find|get|start|learn|discover|see|explore|sign|subscribe|register|join|follow|like|share"
    r"|donate|give|shop|buy|order|download|click|tap|try|claim|apply|meet|connect|print|save"
    r"|watch|read)\b",
    re.IGNORECASE,
)
# Words that sell whatever the punctuation, and words that sell only in a button or link's
# unpunctuated text ("Learn more about our experts", but "Talk to us about any worries." stays).
_PROMOTION = re.compile(
    r"\b(today|now|online|free|appointments?|consultations?|second opinion|near you|24/7"
    r"|newsletter|app|social media|facebook|twitter|instagram|youtube|linkedin)\b",
    re.IGNORECASE,
)
_PROMOTION_IN_A_LINK = re.compile(
    r"\b(us|our|we|visit|here|more|experts?|this (page|article|video)|locations?)\b",
    re.IGNORECASE,
)
_ADVICE = re.compile(
    r"\b(your (own )?(doctors?|nurses?|care ?team|cancer care team|oncologists?|gp|pharmacists?"
    r"|health ?care|team)|if|when|whenever|before|after|unless|while|911|999|112|emergency"
    r"|right away|immediately|symptoms?|pain|fever)\b",
    re.IGNORECASE,
)
ADVERT_MAX_WORDS = 12

# "This page was reviewed on ...", "Page last reviewed: ...", "Medically reviewed by ... on ...":
# said about the page, at the start of a short line, never "your scans are reviewed by a doctor".
_ABOUT_THE_PAGE = (
    r"^(this (page|article|leaflet|information|content|guide|factsheet)( was| has been| is)?\s+"
    r"|page\s+)?(last\s+)?(medically\s+|clinically\s+)?"
)
_REVIEWED_BY = re.compile(
    _ABOUT_THE_PAGE + r"reviewed\b(\s+on)?(?P<between>.*?)\bby\b:?\s*(?P<who>.*)$", re.I
)
_REVIEWED_ON = re.compile(
    _ABOUT_THE_PAGE + r"(reviewed|updated|revised)(\s+on)?\s*:?\s+(?P<date>.+?)\.?$", re.I
)
_ON_DATE = re.compile(r",?\s+on\s+(?P<date>[^,]+,?[^,]*)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %Y", "%d/%m/%Y")


def debris(text: str) -> str | None:
    """The warning for a line of page furniture or an advert, or None for article text."""
    line = text.strip().lstrip("#>-*+ ").strip()
    if any(p.search(line) for p in DEBRIS):
        return f'dropped web-page debris: "{shorten(line)}"'
    if is_advert(line):
        return f'dropped an advert: "{shorten(line)}"'
    return None


_PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")  # a number to call is the reader's, so kept


def is_advert(text: str) -> bool:
    return (
        len(text.split()) <= ADVERT_MAX_WORDS
        and not text.endswith(":")  # a lead-in introduces the article's own list
        and _PHONE.search(text) is None
        and _CALL_TO_ACTION.match(text) is not None
        and (
            _PROMOTION.search(text) is not None
            or (_PROMOTION_IN_A_LINK.search(text) is not None and not text.endswith("."))
        )
        and _ADVICE.search(text) is None
    )


_NEXT_REVIEW = re.compile(
    r"^(next review( date)?( due)?|review due|due for review|to be reviewed)( on| by| in)?\s*:?\s+"
    r"(?P<date>.*\d.*?)\.?$", re.I,
)


def review(text: str, front: Front, line: int) -> tuple[Finding, bool] | None:
    """A review date or reviewer moved to the front matter: its warning, and whether the name
    is still to come on the next line. None when the text is no such line."""
    if len(text.split()) > 20:
        return None
    due = _NEXT_REVIEW.match(text.strip())
    if due:
        front.next_review = due["date"].strip()  # as written: "March 2027" has no day
        return warning(line, "moved the next review date to the front matter"), False
    by = _REVIEWED_BY.match(text)
    if by:
        who = by["who"].strip().rstrip(".")
        on = _ON_DATE.search(who)
        if on and _YEAR.search(on["date"]):
            front.reviewed_on = iso_date(on["date"].rstrip(".")) or on["date"].strip()
            who = who[: on.start()].strip()
        between = by["between"].strip(" ,:")
        if _YEAR.search(between):  # "reviewed on March 12, 2025 by ..."
            front.reviewed_on = iso_date(between) or between
        front.reviewed_by = who or front.reviewed_by
        return warning(line, "moved the reviewer to the front matter"), not who
    on = _REVIEWED_ON.match(text)
    if on and _YEAR.search(on["date"]):
        front.reviewed_on = iso_date(on["date"]) or on["date"].strip()
        return warning(line, "moved the review date to the front matter"), False
    return None


def iso_date(text: str) -> str | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def page_rules(blocks: list[DraftBlock], front: Front) -> tuple[list[DraftBlock], list[Finding]]:
    """Drop debris and adverts, move references and review lines to the front matter."""
    kept: list[DraftBlock] = []
    warnings: list[Finding] = []
    in_references = name_next = False
    for number, block in enumerate(blocks):
        if in_references and block.kind == Kind.ITEM:
            front.references.append(block.text)
            continue
        in_references = False
        if name_next and block.kind == Kind.PARAGRAPH:
            front.reviewed_by, name_next = block.text.rstrip("."), False
            continue
        if block.kind in (Kind.PARAGRAPH, Kind.HEADING) and REFERENCES.match(block.text):
            message = f'dropped "{block.text}" and kept the list after it as references'
            warnings.append(warning(block.line, message))
            in_references = True
            continue
        dropped = debris(block.text) if block.kind != Kind.TABLE else None
        if dropped and block.kind == Kind.HEADING and _heads_content(blocks, number) and not (
            _PROMOTION.search(block.text)  # "Download our app" sells, whatever follows it
        ):
            dropped = None  # "Contact us" above the leaflet's own phone list is its heading
        if dropped:
            warnings.append(warning(block.line, dropped))
            continue
        moved = review(block.text, front, block.line) if block.kind != Kind.TABLE else None
        if moved:
            warnings.append(moved[0])
            name_next = moved[1]
            continue
        kept.append(block)
    return kept, warnings


def _heads_content(blocks: list[DraftBlock], number: int) -> bool:
    """Whether the heading at blocks[number] stands above the document's own text: the block
    after it is a table, a list, or text that is not itself an advert or debris."""
    following = blocks[number + 1] if number + 1 < len(blocks) else None
    if following is None or following.kind == Kind.HEADING:
        return False
    return following.kind == Kind.TABLE or debris(following.text) is None


def dangling_lead_ins(blocks: list[DraftBlock]) -> list[Finding]:
    """A sentence ending with a colon and no list, table or section under it: its list was lost."""
    warnings = []
    for number, block in enumerate(blocks):
        following = blocks[number + 1] if number + 1 < len(blocks) else None
        if block.kind not in (Kind.PARAGRAPH, Kind.ITEM) or not block.text.endswith(":"):
            continue
        if block.kind == Kind.ITEM:
            nested = following is not None and following.depth > block.depth
            lost = not nested
        else:
            lost = (
                following is None
                or following.kind in (Kind.PARAGRAPH, Kind.QUOTE)
                or (following.kind == Kind.HEADING and following.level <= 2)
            )
        if lost:
            warnings.append(
                warning(
                    block.line,
                    f'"{shorten(block.text)}" ends with a colon but no list follows; '
                    "the page may have lost its list",
                )
            )
    return warnings


def empty_headings(blocks: list[DraftBlock]) -> list[Finding]:
    """A heading with no text under it before the next heading of its level or above."""
    warnings = []
    for number, block in enumerate(blocks):
        if block.kind != Kind.HEADING or block.level > 3:
            continue
        following = blocks[number + 1] if number + 1 < len(blocks) else None
        if following is None or (following.kind == Kind.HEADING and following.level <= block.level):
            warnings.append(
                warning(
                    block.line,
                    f'the heading "{shorten(block.text)}" has no text under it; '
                    "remove it or add its text",
                )
            )
    return warnings


def unusable_headings(blocks: list[DraftBlock]) -> tuple[list[DraftBlock], list[Finding]]:
    """A heading that cannot name an audio file: dropped when it has no words ("***"), else
    kept as a paragraph, each with a warning saying why."""
    kept: list[DraftBlock] = []
    warnings: list[Finding] = []
    for block in blocks:
        if block.kind != Kind.HEADING or block.level > 3:
            kept.append(block)
            continue
        try:
            checked_slug(block.text, Path(), None)
            kept.append(block)
            continue
        except ContentError as e:
            problem = e.message.split("; ")[0].removeprefix(f'the heading "{block.text}" ')
        if not any(c.isalnum() for c in block.text):
            warnings.append(
                warning(block.line, f'dropped a heading with no words: "{block.text}"')
            )
            continue
        warnings.append(
            warning(block.line, f'kept the heading "{shorten(block.text)}" as text, as it {problem}; '
                     "reword it if it should be a heading")
        )  # fmt: skip
        kept.append(DraftBlock(Kind.PARAGRAPH, block.text, block.line))
    return kept, warnings
