"""Negative contractions said in full: a synthetic "isn't" is easily heard as "is", and a
lost "not" can reverse what a sentence tells a patient. guide.toml's
contractions = "keep" leaves them as written."""

from __future__ import annotations

import re

from .rules import Context, Rule, keep_case, rule

NEGATIVES = {
    "isn't": "is not", "aren't": "are not", "wasn't": "was not", "weren't": "were not",
    "don't": "do not", "doesn't": "does not", "didn't": "did not", "can't": "cannot",
    "couldn't": "could not", "won't": "will not", "wouldn't": "would not",
    "shouldn't": "should not", "haven't": "have not", "hasn't": "has not", "hadn't": "had not",
    "mustn't": "must not", "needn't": "need not", "mightn't": "might not", "shan't": "shall not",
    "oughtn't": "ought not", "daren't": "dare not", "ain't": "is not",
}  # fmt: skip
_PATTERN = "|".join(w.replace("'", "['’]") for w in sorted(NEGATIVES, key=len, reverse=True))


def _in_full(m: re.Match[str], context: Context) -> str:
    written = m.group(0)
    return keep_case(written, NEGATIVES[written.lower().replace("’", "'")])


RULE: Rule = rule(
    "negative contractions", rf"(?<![\w'’])(?:{_PATTERN})(?![\w'’])", _in_full, r"(?i)n['’]t", re.I
)
