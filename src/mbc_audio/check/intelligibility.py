"""Intelligibility: an offline recogniser (pocketsphinx) listens to each track.

The word error rate against the spoken text is reported per track and for the guide. Every
number and negation is looked for among the recognised words near its time; misses are
listed for a person to listen to. Needs the optional extra: pip install "mbc-audio[check]".
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

from ..findings import Severity
from ..fsio import is_inside
from ..speech.numbers import DIGIT_WORDS
from ..speech.phonemes import words_only
from ..speech.units import UNITS
from ..timeline import Timeline
from ..tools import FFMPEG_QUIET, tool
from .report import Report

SAMPLE_RATE_HZ = 16000
FRAME_MS = 10  # pocketsphinx reports word times in 10 ms frames
NEAR_MS = 2000  # how far from a sentence a critical word may be heard
# Spoken text says negative contractions in full ("is not", "cannot"); the contractions
# stay for guides that keep them (guide.toml contractions = "keep").
NEGATIONS = {
    "not", "never", "no", "cannot", "nor", "don't", "doesn't", "isn't", "can't", "won't",
    "aren't", "wasn't", "weren't", "didn't", "shouldn't", "couldn't", "wouldn't",
}  # fmt: skip
# A recogniser may hear "cannot" as "can not": either way the "not" was heard.
SAME_WORD = {"cannot": "not"}
NUMBER_WORDS = set(DIGIT_WORDS) | {
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "hundred", "thousand", "million", "half", "quarter", "percent",
}  # fmt: skip
# The units of a dose matter as much as its number: every unit the spoken text says.
DOSE_WORDS = {word for forms in UNITS.values() for form in forms for word in form.split()} - {
    "of", "per", "square", "cubic", "international", "milli-international", "second", "seconds",
}  # fmt: skip
CRITICAL_WORDS = NEGATIONS | NUMBER_WORDS | DOSE_WORDS


def available() -> bool:
    return importlib.util.find_spec("pocketsphinx") is not None


def words_of(text: str) -> list[str]:
    text = words_only(text).lower().replace("’", "'").replace("-", " ")
    return re.findall(r"[a-z']+", text)


def word_error_rate(reference: list[str], hypothesis: list[str]) -> float:
    """Edits (substitutions, insertions, deletions) over reference words: Levenshtein on words."""
    if not reference:
        return 0.0 if not hypothesis else 1.0
    previous = list(range(len(hypothesis) + 1))
    for i, word in enumerate(reference, start=1):
        current = [i] + [0] * len(hypothesis)
        for j, heard in enumerate(hypothesis, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != heard))
        previous = current
    return previous[-1] / len(reference)


def transcribe(path: Path) -> list[tuple[str, int, int]]:
    """(word, start_ms, end_ms) for each recognised word of an audio file."""
    from pocketsphinx import Decoder

    pcm = subprocess.run(
        [tool("ffmpeg"), *FFMPEG_QUIET, "-i", str(path), "-ar", str(SAMPLE_RATE_HZ), "-ac", "1",
         "-f", "s16le", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    decoder = Decoder(samprate=SAMPLE_RATE_HZ, loglevel="FATAL")
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    words = []
    for segment in decoder.seg():
        word = re.sub(r"\(\d+\)$", "", segment.word)  # alternative pronunciations: "the(2)"
        if not word.startswith("<") and not word.startswith("["):
            words.append(
                (word.lower(), segment.start_frame * FRAME_MS, segment.end_frame * FRAME_MS)
            )
    return words


def missed_words(spoken: str, nearby: set[str]) -> list[str]:
    """The numbers, units and negations of a sentence's spoken text not among the words heard
    near it, each once, in order."""
    critical = dict.fromkeys(w for w in words_of(spoken) if w in CRITICAL_WORDS)
    return [w for w in critical if w not in nearby and SAME_WORD.get(w) not in nearby]


def check_intelligibility(folder: Path, manifest: Timeline, report: Report) -> None:
    if not available():
        report.add("intelligibility", Severity.NOTE, "guide",
                   'skipped: the recogniser is not installed (pip install "mbc-audio[check]")')  # fmt: skip
        return
    total_errors = total_words = 0.0
    for topic in manifest.topics:
        path = folder / topic.file
        if not path.is_file() or not is_inside(folder, path):
            continue
        heard = transcribe(path)
        reference = words_of(" ".join([topic.spoken_title] + [s.spoken for s in topic.sentences]))
        wer = word_error_rate(reference, [w for w, _, _ in heard])
        total_errors += wer * len(reference)
        total_words += len(reference)
        report.tracks.setdefault(topic.file, {})["word error rate"] = f"{wer:.0%}"
        for sentence in topic.sentences:
            nearby = {w for w, start, end in heard
                      if end >= sentence.start_ms - NEAR_MS and start <= sentence.end_ms + NEAR_MS}  # fmt: skip
            missed = missed_words(sentence.spoken, nearby)
            if missed:
                report.add("intelligibility", Severity.WARNING, topic.file,
                           f"listen at {sentence.start_ms / 1000:.1f} s: did not hear "
                           f"{', '.join(repr(w) for w in missed)} in \"{sentence.text}\"")  # fmt: skip
    if total_words:
        report.guide["word error rate"] = f"{total_errors / total_words:.0%}"
