"""Checks a person should act on before a guide is rendered."""

from __future__ import annotations

from ..findings import Finding
from ..speech.lexicon import Lexicon
from ..speech.normalize import spoken_form
from ..speech.rules import Note
from ..wording import shorten
from .model import Guide, Pause

MAX_WORDS = 40


def lint_guide(guide: Guide, lexicon: Lexicon, content_dir_name: str = "content") -> list[Finding]:
    findings: list[Finding] = []
    for part in guide.parts:
        path = f"{content_dir_name}/{part.path}"
        if not part.source.publisher:
            findings.append(
                Finding("warning", path, 1, "the front matter names no source publisher")
            )
        findings += [Finding("warning", path, c.line, c.message) for c in part.changes]
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
    """Every token whose spoken form no rule or lexicon entry decided, once per line."""
    notes = dict.fromkeys(spoken_form(text, lexicon).notes)
    return [Finding("warning", path, line, _advice(note)) for note in notes]


def _advice(note: Note) -> str:
    token = note.token
    if note.kind == "capitals":
        return f'"{token}" is in capitals and not in lexicon.toml; add how to say it'
    if note.kind == "letters and digits":
        return (
            f'"{token}" has letters and digits and is said "{note.said}"; '
            "if that is wrong, add how to say it to lexicon.toml"
        )
    if note.kind == "abbreviation":
        return (
            f'"{token}" looks like an abbreviation the voice would guess at; '
            "write it in full or add how to say it to lexicon.toml"
        )
    codes = " ".join(f"U+{ord(c):04X}" for c in token)
    if note.said:
        return (
            f'the symbol "{token}" ({codes}) is said "{note.said}"; check the sentence reads right'
        )
    return (
        f'the symbol "{token}" ({codes}) has no spoken form and is left out; '
        "add it to lexicon.toml or reword"
    )
