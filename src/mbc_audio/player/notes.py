"""mbc-audio notes: the questions a listener marked for the care team (A in the player), as plain
lines or a large-print page to print and bring to a visit."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from .run import library, open_guide
from .state import GuideState, Question, guide_key, load_state, state_dir, write_private

STYLE = """body { font: 1.6rem/1.5 Verdana, Arial, sans-serif; max-width: 40em; margin: 2rem auto;
 padding: 0 1rem; color: #000; background: #fff; }
h1 { font-size: 2.2rem; } h2 { font-size: 1.8rem; margin-top: 2.5rem; }
blockquote { margin: 0.5rem 0 0.5rem 0; padding-left: 1rem; border-left: 0.4rem solid #000; }
.note { font-weight: bold; } .space { border-bottom: 1px solid #000; height: 5rem; }"""


def guide_questions(guide: Path | None, warn: Callable[[str], None]) -> GuideState:
    """The kept state of the guide named (or the guide played last)."""
    state = load_state(state_dir(), warn)
    if guide is not None:
        timeline, _ = open_guide(guide)
        key = guide_key(timeline.guide.id, timeline.guide.version)
        found = state.guide(key)
        if found is None:
            raise UsageError(f"{guide} has not been played yet, so it has no questions; "
                             "play it and press A at a sentence to mark one")  # fmt: skip
        return found
    known = library(state)
    last = state.guide(state.last_guide or "") or (known[0].state if known else None)
    if last is None:
        raise UsageError("no guide played yet; play one and press A to mark a question")
    return last


def when(q: Question) -> str:
    seconds = q.ms // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def lines(found: GuideState) -> list[str]:
    title = found.title or "the guide"
    if not found.questions:
        return [f"Questions for your care team, {title}: none yet. "
                "In the player, press A at a sentence to mark one."]  # fmt: skip
    out = [f"Questions for your care team, {title}: {len(found.questions)}."]
    for number, q in enumerate(found.questions, start=1):
        out.append(f'{number}. Topic {q.track + 1}, {q.topic}, at {when(q)}: "{q.text}"')
        if q.note:
            out.append(f"   Your note: {q.note}")
    return out


def page(found: GuideState) -> str:
    title = html.escape(found.title or "the guide")
    items = []
    for q in found.questions:
        note = f'<p class="note">Your note: {html.escape(q.note)}</p>' if q.note else ""
        items.append(
            f"<li><h2>Topic {q.track + 1}: {html.escape(q.topic)}, at {when(q)}</h2>\n"
            f"<blockquote><p>{html.escape(q.text)}</p></blockquote>{note}\n"
            '<p>The answer:</p><div class="space"></div></li>'
        )
    body = "\n".join(items) or "<p>No questions yet. In the player, press A at a sentence.</p>"
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>Questions for your care team: {title}</title>\n<style>{STYLE}</style></head>\n"
            f"<body><main><h1>Questions for your care team</h1>\n<p>From {title}.</p>\n"
            f"<ol>\n{body}\n</ol></main></body>\n</html>\n")  # fmt: skip


def write_page(found: GuideState, out: Path) -> None:
    write_private(out, page(found))  # the listener's questions and notes: theirs to share
