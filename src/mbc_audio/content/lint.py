"""Checks a person should act on before a guide is rendered."""

from __future__ import annotations

import re

from ..findings import Finding
from ..speech.lexicon import Lexicon
from ..wording import shorten
from .model import Guide, Pause

MAX_WORDS = 40
# Capitalised abbreviations the voice would guess at: two or more capitals, maybe with dots.
_ALL_CAPS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}|(?<![\w])[A-Z]{2,}(?![a-z])")
# Characters the normaliser speaks, or that need no sound.
_HANDLED = set(".,;:!?'\"“”‘’()[]-–—/%&®™©°≥≤<>+±=~$#*_•·…@|\\^`")


def lint_guide(guide: Guide, lexicon: Lexicon, content_dir_name: str = "content") -> list[Finding]:
    findings: list[Finding] = []
    for part in guide.parts:
        path = f"{content_dir_name}/{part.path}"
        if not part.source.publisher:
            findings.append(
                Finding("warning", path, 1, "the front matter names no source publisher")
            )
        for topic in part.topics:
            if not topic.sentences:
                findings.append(
                    Finding(
                        "error",
                        path,
                        topic.line,
                        f'the topic "{topic.title}" has no text; write it or remove the heading',
                    )
                )
            headings = [topic.title] + [s.title for s in topic.sections if s.title]
            for heading in headings:
                findings += _word_findings(heading, path, topic.line, lexicon)
            for sentence in topic.sentences:
                if sentence.text.endswith(":") and sentence.pause != Pause.LEAD_IN:
                    findings.append(
                        Finding(
                            "error",
                            path,
                            sentence.line,
                            f'"{shorten(sentence.text)}" introduces a list that is not there; '
                            "add the list or reword the sentence",
                        )
                    )
                if not any(c.isalnum() for c in sentence.spoken):
                    findings.append(
                        Finding(
                            "error",
                            path,
                            sentence.line,
                            f'"{shorten(sentence.text)}" has no words to say; reword it or remove it',
                        )
                    )
                words = len(sentence.text.split())
                if words > MAX_WORDS:
                    findings.append(
                        Finding(
                            "warning",
                            path,
                            sentence.line,
                            f'a sentence of {words} words is hard to follow by ear: "{shorten(sentence.text)}"',
                        )
                    )
                findings += _word_findings(sentence.text, path, sentence.line, lexicon)
    return findings


def _word_findings(text: str, path: str, line: int, lexicon: Lexicon) -> list[Finding]:
    findings = []
    for match in _ALL_CAPS.finditer(text):
        word = match.group(0)
        if not lexicon.knows(word) and not _is_roman_stage(text, match.start()):
            findings.append(
                Finding(
                    "warning",
                    path,
                    line,
                    f'"{word}" is in capitals and not in lexicon.toml; add how to say it',
                )
            )
    for char in sorted({c for c in text if not c.isalnum() and not c.isspace()} - _HANDLED):
        if not lexicon.knows(char):
            findings.append(
                Finding(
                    "warning",
                    path,
                    line,
                    f'the symbol "{char}" (U+{ord(char):04X}) has no spoken form; '
                    "add it to lexicon.toml or reword",
                )
            )
    return findings


def _is_roman_stage(text: str, start: int) -> bool:
    return bool(re.search(r"\b(?:[Ss]tage|[Gg]rade|[Tt]ype|[Pp]hase)\s$", text[:start]))
