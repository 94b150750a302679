"""Intelligibility: Whisper listens to the guide sentence by sentence, as a listener would.

Each utterance (a topic's title, a section's title, a sentence) is heard alone, from where the
timeline says it is (Whisper, given several, may stop at a pause and leave out the rest), and
what was heard is aligned word by word with what was said (Levenshtein), which gives each
utterance its errors. The word error rate is reported per track and for the guide, and every
utterance where a number, unit, negation, lexicon term or name was not heard is listed with its
track, time and what was heard, for a person to listen to.

Both sides are compared in the same plain form: lower case, digits as the guide says them,
negative contractions in full ("isn't" is "is not"), letters said one by one joined ("C T" and
"CT" are "ct"). A term or name counts as heard when it sounds alike (a recogniser spells a rare
word its own way, "zoldronic" for "zoledronic"); numbers, units and negations must be exact.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import Severity
from ..fsio import is_inside
from ..speech import numbers
from ..speech.lexicon import Lexicon
from ..speech.normalize import normalize
from ..speech.numbers import DIGIT_WORDS
from ..speech.units import UNITS
from ..spokentext import SpokenText, phonemes_of
from ..timeline import Timeline
from ..timeline.entries import TopicEntry
from . import recogniser
from .report import Report

MARGIN_MS = 150  # audio kept either side of an utterance: a word's tail, a breath
NEGATIONS = {"not", "never", "no", "nor", "none", "nothing", "neither", "without"}
NUMBER_WORDS = set(DIGIT_WORDS) | {
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "thousand", "million", "billion", "half", "quarter", "third",
    "percent", "point", "minus",
}  # fmt: skip
# The units of a dose matter as much as its number: every unit the spoken text says.
DOSE_WORDS = {word for forms in UNITS.values() for form in forms for word in form.split()} - {
    "of", "per", "square", "cubic", "international", "milli-international", "second", "seconds",
}  # fmt: skip
_IRREGULAR_NEGATIVES = {"can't": "can not", "won't": "will not", "shan't": "shall not", "cannot": "can not"}
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*(?:st|nd|rd|th)?%?|[a-z]+(?:'[a-z]+)*|%")
_SIMILAR = 0.72  # how alike a term or name and what was heard must sound


@dataclass(frozen=True)
class Utterance:
    topic: str  # the track's file
    text: str  # as shown
    spoken: SpokenText  # as said
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Heard:
    """One utterance as the recogniser heard it."""

    utterance: Utterance
    heard: str
    errors: int
    words: int
    missed: tuple[str, ...]  # the critical words not heard, each once


def available() -> bool:
    return recogniser.available()


def plain_words(text: str, context: Iterable[str] = ()) -> list[str]:
    """Words in the form both sides are compared in. context: the words said nearby, which
    decide how a number written in digits is read ("911" as "nine one one" or a cardinal)."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    nearby = set(context)
    out: list[str] = []
    for token in _TOKEN.findall(re.sub(r"(?<=\d)-(?=\d)", " ", text.replace("-", " "))):
        if token[0].isdigit() or token == "%":
            out += _number_words(token, nearby)
        else:
            out += _negation_in_full(token).split()
    return _join_letters(out)


def heard_words(text: str, lexicon: Lexicon, said: Sequence[str]) -> list[str]:
    """What a recogniser wrote, in the plain form: first through the guide's own normaliser and
    lexicon, so "2.5 cm", "CT" and "HER2" are read as the guide says them."""
    spoken: str
    try:
        spoken = normalize(text, lexicon)
    except Exception:  # a recogniser's text the normaliser cannot take is compared as written
        spoken = text
    return plain_words(spoken, said)


def _number_words(token: str, nearby: set[str]) -> list[str]:
    words: list[str] = []
    if token.endswith("%"):
        token, tail = token[:-1], ["percent"]
    else:
        tail = []
    if not token:
        return tail
    ordinal = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", token)
    if ordinal:
        return numbers.ordinal(int(ordinal[1])).replace("-", " ").split() + tail
    if ":" in token:  # a time, "7:30"
        return [w for part in token.split(":") for w in _number_words(part, nearby)] + tail
    bare = token.replace(",", "")
    readings = [numbers.number_or_year(bare), numbers.cardinal(bare)]
    if bare.isdigit():
        readings.append(numbers.digits(bare))
    best = max(readings, key=lambda r: sum(w in nearby for w in r.replace("-", " ").split()))
    words = best.replace("-", " ").split()
    return words + tail


def _negation_in_full(word: str) -> str:
    if word in _IRREGULAR_NEGATIVES:
        return _IRREGULAR_NEGATIVES[word]
    if word.endswith("n't"):
        return f"{word[:-3]} not"
    return word


def _join_letters(words: list[str]) -> list[str]:
    """Runs of two or more single letters ("c t", "m r i") as one word, as a recogniser spells
    an abbreviation ("CT", "MRI")."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) > 2 and run[0] in ("a", "i"):  # "a C T scan": the article stays a word
            out.append(run.pop(0))
        out += ["".join(run)] if len(run) > 1 else run
        run = []
        if word:
            out.append(word)
    return out


def align(said: Sequence[str], heard: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """The cheapest edit path between two word lists: pairs (said index, heard index), None on
    the side that has no word (a deletion or an insertion)."""
    n, m = len(said), len(heard)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(
                cost[i - 1][j] + 1,
                cost[i][j - 1] + 1,
                cost[i - 1][j - 1] + (said[i - 1] != heard[j - 1]),
            )
    path: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (said[i - 1] != heard[j - 1]):
            path.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            path.append((i - 1, None))
            i -= 1
        else:
            path.append((None, j - 1))
            j -= 1
    return path[::-1]


def word_error_rate(reference: Sequence[str], hypothesis: Sequence[str]) -> float:
    """Edits (substitutions, insertions, deletions) over reference words."""
    if not reference:
        return 0.0 if not hypothesis else 1.0
    edits = sum(
        a is None or b is None or reference[a] != hypothesis[b] for a, b in align(reference, hypothesis)
    )
    return edits / len(reference)


def critical_phrases(utterance: Utterance, terms: Iterable[str]) -> list[tuple[list[str], bool]]:
    """What must be heard in an utterance: (its words, whether it must be exact). Numbers, units
    and negations are exact; words the lexicon decides and names may sound alike."""
    found: list[tuple[list[str], bool]] = []
    for span in phonemes_of(utterance.spoken):
        found.append((plain_words(utterance.spoken[span.start : span.end]), False))
    for term in terms:
        found.append((plain_words(term), False))
    for name in _names(utterance.text):
        found.append((plain_words(name), False))
    for word in plain_words(utterance.spoken):
        if word in NEGATIONS or word in NUMBER_WORDS or word in DOSE_WORDS:
            found.append(([word], True))
    return [(words, exact) for words, exact in found if words]


def _names(text: str) -> list[str]:
    """Capitalised words after a sentence's first word: names of people, places, drugs."""
    words = re.findall(r"[A-Za-z][A-Za-z'’]+", text)
    return [w for w in words[1:] if w[0].isupper() and not w.isupper() and w.lower() not in _COMMON]


_COMMON = {"i", "i'm", "i've", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
           "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"}  # fmt: skip


def missed(said: Sequence[str], heard: Sequence[str], phrases: Sequence[tuple[list[str], bool]]) -> list[str]:
    """The phrases not heard, each once, in order, as their words."""
    path = align(said, heard)
    heard_for: dict[int, list[str]] = {}  # said index -> words heard in its place
    # Words heard between said words, by the said word before them (-1: before the first): a
    # recogniser that splits a spelled term ("N C I" heard as "nc i") leaves its first part here.
    inserted: dict[int, list[str]] = {}
    last: int | None = None
    for a, b in path:
        if a is not None:
            heard_for.setdefault(a, [])
            last = a
        if b is not None:
            heard_for.setdefault(a if a is not None else (last if last is not None else 0), []).append(
                heard[b]
            )
            if a is None:
                inserted.setdefault(last if last is not None else -1, []).append(heard[b])
    out: list[str] = []
    for words, exact in phrases:
        at = _find(said, words)
        if at is None:
            continue
        got = [w for i in range(at, at + len(words)) for w in heard_for.get(i, [])]
        if exact:
            ok = all(said[i] in heard_for.get(i, []) or _unit_alike(said[i], heard_for.get(i, []))
                     for i in range(at, at + len(words)))  # fmt: skip
        else:  # or its very letters, split differently, begin in words heard just before it
            spelled = "".join(inserted.get(at - 1, []) + got)
            ok = _sounds_alike(" ".join(words), " ".join(got)) or spelled == "".join(words)
        phrase = " ".join(words)
        if not ok and phrase not in out:
            out.append(phrase)
    return out


def _find(words: Sequence[str], phrase: Sequence[str]) -> int | None:
    for i in range(len(words) - len(phrase) + 1):
        if list(words[i : i + len(phrase)]) == list(phrase):
            return i
    return None


def _unit_alike(word: str, heard: Sequence[str]) -> bool:
    return word in DOSE_WORDS and any(h.rstrip("s") == word.rstrip("s") for h in heard)


def sound_key(text: str) -> str:
    """A rough key of how letters sound, so that spellings of one word compare equal: "asco" and
    "ask oh", "xgeva" and "ex jeeva"."""
    key = text.replace(" ", "")
    for written, said in (("ph", "f"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("c", "k"),
                          ("y", "i"), ("z", "s"), ("ee", "i"), ("oh", "o"), ("gh", "g")):  # fmt: skip
        key = key.replace(written, said)
    return re.sub(r"(.)\1+", r"\1", key)


def _sounds_alike(said: str, heard: str) -> bool:
    if not heard:
        return False
    a, b = sound_key(said), sound_key(heard)
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= _SIMILAR


def utterances(topic: TopicEntry) -> list[Utterance]:
    """A topic's utterances in time order: its title, each section's title, each sentence."""
    found = [Utterance(topic.file, topic.title, topic.spoken_title, topic.title_start_ms, topic.title_end_ms)]
    for section in topic.sections:
        first = section.paragraphs[0].start_ms if section.paragraphs else section.end_ms
        if section.title and section.spoken_title:
            found.append(Utterance(topic.file, section.title, section.spoken_title, section.start_ms, first))
        for paragraph in section.paragraphs:
            for s in paragraph.sentences:
                found.append(Utterance(topic.file, s.text, s.spoken, s.start_ms, s.end_ms))
    return [u for u in found if u.end_ms > u.start_ms and plain_words(u.spoken)]


def hear_window(
    run: Sequence[Utterance], text: str, terms: dict[str, list[str]], lexicon: Lexicon | None = None
) -> list[Heard]:
    """Each utterance of a run, given what was heard over the whole run."""
    said: list[str] = []
    owner: list[int] = []
    for number, u in enumerate(run):
        words = plain_words(u.spoken)
        said += words
        owner += [number] * len(words)
    heard = heard_words(text, lexicon or Lexicon(), said)
    per: list[list[str]] = [[] for _ in run]
    errors = [0] * len(run)
    last = 0
    for a, b in align(said, heard):
        number = owner[a] if a is not None else last
        if a is not None:
            last = owner[a]
        if b is not None:
            per[number].append(heard[b])
        if a is None or b is None or said[a] != heard[b]:
            errors[number] += 1
    out = []
    for number, u in enumerate(run):
        words = plain_words(u.spoken)
        phrases = critical_phrases(u, terms.get(u.text, []))
        out.append(Heard(u, " ".join(per[number]), errors[number], len(words),
                         tuple(missed(words, per[number], phrases))))  # fmt: skip
    return out


def lexicon_terms(manifest: Timeline, text: str) -> list[str]:
    """The lexicon's spoken forms of the terms an utterance's text holds."""
    lexicon = manifest.build.lexicon
    found = []
    for term, spoken in lexicon.terms.items():
        if re.search(rf"(?<![\w.]){re.escape(term)}(?!\w)", text):
            found.append(spoken)
    for term, spoken in lexicon.terms_any_case.items():
        if re.search(rf"(?<![\w.]){re.escape(term)}(?!\w)", text, re.IGNORECASE):
            found.append(spoken)
    return found


def listen(
    folder: Path,
    manifest: Timeline,
    only: set[str] | None = None,
    model: str = recogniser.DEFAULT,
    jobs: int = 2,
) -> list[Heard]:
    """Every utterance (or those whose display text is in only) as heard, in guide order."""
    listener = recogniser.Listener(model, jobs)
    pieces: list[Any] = []
    runs: list[list[Utterance]] = []
    for topic in manifest.topics:
        path = folder / topic.file
        track = utterances(topic)
        chosen = [only is None or u.text in only for u in track]
        if not any(chosen) or not path.is_file() or not is_inside(folder, path):
            continue
        audio = recogniser.decode(path)
        # Each alone: Whisper, given several with pauses between, may end its transcript at a
        # pause and leave out the rest ("Bone pain is common." and then nothing of the sentence
        # after it; the four list items after "foods like:").
        for run in ([u] for u, take in zip(track, chosen, strict=True) if take):
            rate = recogniser.SAMPLE_RATE_HZ // 1000
            start = max(0, run[0].start_ms - MARGIN_MS) * rate
            pieces.append(audio[start : (run[-1].end_ms + MARGIN_MS) * rate])
            runs.append(run)
    terms = {
        u.text: lexicon_terms(manifest, u.text) for run in runs for u in run
    }
    lexicon = manifest.build.lexicon
    heard: list[Heard] = []
    for run, text in zip(runs, listener.hear_all(pieces), strict=True):
        heard += hear_window(run, text, terms, lexicon)
    return heard


def check_intelligibility(
    folder: Path,
    manifest: Timeline,
    report: Report,
    only: set[str] | None = None,
    model: str = recogniser.DEFAULT,
) -> None:
    if not available():
        report.add("intelligibility", Severity.NOTE, "guide",
                   "skipped: the recogniser (faster-whisper) is not installed")  # fmt: skip
        return
    heard = listen(folder, manifest, only, model)
    by_track: dict[str, list[Heard]] = {}
    for h in heard:
        by_track.setdefault(h.utterance.topic, []).append(h)
    for track, found in by_track.items():
        words = sum(h.words for h in found)
        errors = sum(h.errors for h in found)
        report.tracks.setdefault(track, {})["word error rate"] = _percent(errors, words)
        for h in found:
            if h.missed:
                report.add("intelligibility", Severity.WARNING, track,
                           f"listen at {_time(h.utterance.start_ms)}: did not hear "
                           f"{', '.join(repr(w) for w in h.missed)} in \"{h.utterance.text}\"; "
                           f"heard \"{h.heard}\"")  # fmt: skip
    words = sum(h.words for h in heard)
    if words:
        report.guide["word error rate"] = _percent(sum(h.errors for h in heard), words)
        report.guide["heard by"] = f"Whisper {model}"


def _percent(errors: int, words: int) -> str:
    return f"{100 * errors / words:.1f}%" if words else "0.0%"


def _time(ms: int) -> str:
    """'12.4 s', or '3 min 5.2 s' (words, not a clock's colon: a screen reader says it plainly)."""
    seconds = ms / 1000
    return f"{seconds:.1f} s" if seconds < 60 else f"{int(seconds // 60)} min {seconds % 60:.1f} s"
