"""Checks a person should act on before a guide is rendered."""

from __future__ import annotations

import re

from ..findings import Finding, Severity
from ..speech.dictionary import VoiceDictionary, voice_dictionary, words_of
from ..speech.lexicon import Lexicon
from ..speech.normalize import spoken_form
from ..speech.rules import Note
from ..spokentext import render
from ..wording import plural, shorten
from .model import Guide, Pause, Topic

MAX_WORDS = 40


def lint_guide(guide: Guide, lexicon: Lexicon, content_dir_name: str = "content") -> list[Finding]:
    findings: list[Finding] = []
    voice = _Voice(lexicon)
    settings = f"{content_dir_name}/guide.toml"
    for line, said in ((1, guide.info.title), (1, guide.info.subtitle or ""), (1, guide.info.publisher)):
        findings += _word_findings(said, settings, line, lexicon, voice)
    findings += _parts_said(guide, settings)
    for part in guide.parts:
        path = f"{content_dir_name}/{part.path}"
        if not part.source.publisher:
            findings.append(
                Finding(Severity.WARNING, path, 1, "the front matter names no source publisher")
            )
        findings += [Finding(Severity.WARNING, path, c.line, c.message) for c in part.changes]
        # The front matter is said too: the title at the start, the reviewers in the sources.
        for said in (part.title, part.reviewed_by or "", part.source.publisher):
            findings += _word_findings(said, path, 1, lexicon, voice)
        for topic in part.topics:
            if not topic.sentences:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        path,
                        topic.line,
                        f'the topic "{topic.title}" has no text; write it or remove the heading',
                    )
                )
            headings = [topic.title] + [s.title for s in topic.sections if s.title]
            for heading in headings:
                findings += _word_findings(heading, path, topic.line, lexicon, voice)
            for sentence in topic.sentences:
                if sentence.text.endswith(":") and sentence.pause != Pause.LEAD_IN:
                    findings.append(
                        Finding(
                            Severity.ERROR,
                            path,
                            sentence.line,
                            f'"{shorten(sentence.text)}" introduces a list that is not there; '
                            "add the list or reword the sentence",
                        )
                    )
                if not any(c.isalnum() for c in sentence.spoken):
                    findings.append(
                        Finding(
                            Severity.ERROR,
                            path,
                            sentence.line,
                            f'"{shorten(sentence.text)}" has no words to say; reword it or remove it',
                        )
                    )
                words = len(sentence.text.split())
                if words > MAX_WORDS:
                    findings.append(
                        Finding(
                            Severity.WARNING,
                            path,
                            sentence.line,
                            f'a sentence of {words} words is hard to follow by ear: "{shorten(sentence.text)}"',
                        )
                    )
                findings += _word_findings(sentence.text, path, sentence.line, lexicon, voice)
    reported = {f.message for f in findings}
    for fragment in (guide.opening, guide.closing):
        findings += [
            f for f in _fragment_findings(fragment, settings, lexicon, voice)
            if f.message not in reported  # the closing repeats what the front matter says
        ]  # fmt: skip
    return list(dict.fromkeys(findings))


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")  # fmt: skip
_PARTS = re.compile(rf"\b(?P<n>\d+|{'|'.join(_NUMBER_WORDS)}) parts?\b", re.IGNORECASE)


def _parts_said(guide: Guide, settings: str) -> list[Finding]:
    """The opening naming a number of parts the guide does not have (a leaflet added or taken
    out since it was written)."""
    found = []
    for sentence in guide.opening.sentences:
        for m in _PARTS.finditer(sentence.text):
            said = m["n"].lower()
            number = int(said) if said.isdigit() else _NUMBER_WORDS.index(said)
            if number != len(guide.parts):
                found.append(Finding(
                    Severity.WARNING, settings, None,
                    f'the opening says "{m.group()}" but the guide has '
                    f"{plural(len(guide.parts), 'document')}; write {{parts}} there, which is "
                    "said as the number of documents",
                ))  # fmt: skip
    return found


def _fragment_findings(topic: Topic, path: str, lexicon: Lexicon, voice: _Voice) -> list[Finding]:
    """The opening's and closing's words, which guide.toml holds (and the closing, the sources
    from each document's front matter)."""
    found: list[Finding] = []
    for sentence in topic.sentences:
        found += _word_findings(sentence.text, path, 1, lexicon, voice)
    return found


class _Voice:
    """The words of spoken text that the default voice would guess: in none of its dictionaries,
    not decided by the lexicon (its terms' spoken forms included), not marked reviewed."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.dictionary: VoiceDictionary | None = voice_dictionary()
        decided = [*lexicon.terms.values(), *lexicon.terms_any_case.values(), *lexicon.reviewed]
        self.decided = {w.lower() for said in decided for w in words_of(said)}

    def guessed(self, spoken: str) -> list[str]:
        if self.dictionary is None:
            return []
        unmarked = render(spoken, lambda word, ipa: " ")  # words said from the lexicon's phonemes
        return [
            w for w in words_of(unmarked)
            if w.lower() not in self.decided and self.dictionary.guessed(w)
        ]  # fmt: skip


def _word_findings(
    text: str, path: str, line: int, lexicon: Lexicon, voice: _Voice
) -> list[Finding]:
    """Every token whose spoken form no rule or lexicon entry decided, and every word the voice
    would guess, once per line; words marked reviewed in lexicon.toml are left out."""
    spoken = spoken_form(text, lexicon)
    notes = [n for n in dict.fromkeys(spoken.notes) if n.token not in lexicon.reviewed]
    found = [Finding(Severity.WARNING, path, line, _advice(note)) for note in notes]
    noted = {w.lower() for n in notes for w in words_of(n.token)}
    found += [
        Finding(Severity.WARNING, path, line, _guessed_advice(word))
        for word in voice.guessed(spoken.text)
        if word.lower() not in noted
    ]
    return found


def _guessed_advice(word: str) -> str:
    return (
        f'"{word}" is in none of the voice\'s dictionaries, so the voice guesses how to say it; '
        f"hear it with  mbc-audio say --word {word}  then add how to say it to lexicon.toml, "
        f'or add it to  reviewed = [...]  there if it is said right'
    )


def _advice(note: Note) -> str:
    token = note.token
    if note.kind == "capitals":
        return (
            f'"{token}" is in capitals and not in lexicon.toml; add how to say it, or add it to  '
            "reviewed = [...]  there if it is said right"
        )
    if note.kind == "letters and digits":
        return (
            f'"{token}" has letters and digits and is said "{note.said}"; '
            "if that is wrong, add how to say it to lexicon.toml, else add it to  reviewed = [...]"
        )
    if note.kind == "abbreviation":
        return (
            f'"{token}" looks like an abbreviation the voice would guess at; '
            "write it in full or add how to say it to lexicon.toml"
        )
    if note.kind == "long number":  # hundreds of digits: name the count, quote neither whole
        return (
            f'the number "{shorten(token, 24)}" has {len(token)} digits, too many to say as one '
            "number, and is said digit by digit; check it is a code, else write it in words"
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
