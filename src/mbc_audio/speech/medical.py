"""The shipped medical lexicon (medical.toml): how to say the drugs, brand names, tests and
conditions of breast-cancer leaflets, which every guide uses unless its own lexicon.toml says
otherwise."""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

from .lexicon import Lexicon

KINDS = ("drugs", "brands", "tests_and_conditions")


UNCHECKED = "unchecked"  # the source of an entry no published pronunciation was found for


@dataclass(frozen=True)
class MedicalEntry:
    word: str
    ipa: str
    respelling: str  # the house respelling of the IPA, capitals on the stressed syllable
    kind: str  # one of KINDS
    source: str  # who published the pronunciation it was checked against, or UNCHECKED
    url: str = ""  # the page that source printed it on ("" when unchecked)
    published: str = ""  # the respelling exactly as that page prints it ("" when unchecked)

    @property
    def checked(self) -> bool:
        return self.source != UNCHECKED


@functools.cache
def medical_entries() -> tuple[MedicalEntry, ...]:
    text = resources.files(__package__).joinpath("medical.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return tuple(
        MedicalEntry(
            word,
            fields["ipa"],
            fields["respelling"],
            kind,
            fields["source"],
            fields.get("url", ""),
            fields.get("published", ""),
        )
        for kind in KINDS
        for word, fields in data[kind].items()
    )


def with_medical(lexicon: Lexicon) -> Lexicon:
    """The lexicon with the medical entries it does not decide itself: a word it names in any
    table (or marks reviewed) is said its way."""
    own = (
        {t.lower() for t in lexicon.terms}
        | {t.lower() for t in lexicon.terms_any_case}
        | {t.lower() for t in lexicon.phonemes}
        | {t.lower() for t in lexicon.reviewed}
    )
    shipped = {e.word: e.ipa for e in medical_entries() if e.word.lower() not in own}
    return dataclasses.replace(lexicon, phonemes=shipped | dict(lexicon.phonemes))
