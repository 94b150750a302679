"""The pronunciation lexicon: terms and the words the voice says for them.

content/lexicon.toml is edited and reviewed by people. Terms match whole words;
those under [terms] match case exactly ("PET" the scan, not "pet"), those under
[terms_any_case] match in any case. Words under [phonemes] are said with the IPA given
("metastases" = "məˈtæstəsiːz"), which fixes stress where a word substitution cannot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError
from ..fsio import confined, read_capped, utf8_text
from ..tomlkeys import KeySchema, key_line, parse_toml, refuse_unknown_keys


@dataclass(frozen=True)
class Lexicon:
    """The guide's lexicon. The build records it in the manifest (timeline.BuildEntry), so
    whatever else speaks for the guide (the player's announcements, the checks) says a term the
    same way with the same normaliser; the manifest holds the fields that are compared."""

    terms: dict[str, str] = field(default_factory=dict, hash=False)
    terms_any_case: dict[str, str] = field(default_factory=dict, hash=False)
    # word -> IPA; matched in any case on the spoken text, after every other rule.
    phonemes: dict[str, str] = field(default_factory=dict, hash=False)
    # guide.toml's contractions = "keep": "isn't" stays "isn't" (by default, "is not").
    keep_contractions: bool = False
    # lexicon.toml's reviewed = [...]: words a person listened to and found said right as they
    # are, which lint no longer reports. Lint's alone: it changes nothing said, so it is not
    # compared, nor recorded in the manifest, nor in the repr the build hashes (build.tracks
    # .plan_salt), where a set's order would change from one run to the next.
    reviewed: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # Made from the tables once, in __post_init__.
    _exact: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _any: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _words: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _lower: dict[str, str] = field(init=False, repr=False, compare=False, default_factory=dict)
    _ipa: dict[str, str] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        # One pattern per kind, longest term first so "U.S." wins over "U".
        object.__setattr__(self, "_exact", _pattern(self.terms, 0))
        object.__setattr__(self, "_any", _pattern(self.terms_any_case, re.IGNORECASE))
        object.__setattr__(self, "_lower", {k.lower(): v for k, v in self.terms_any_case.items()})
        object.__setattr__(self, "_ipa", {k.lower(): v for k, v in self.phonemes.items()})
        # Words of letters alone are found by a dictionary look-up of each word of the text (a
        # pattern of hundreds of alternatives, as the shipped medical lexicon has, is slow);
        # any other term ("X-ray") by a pattern of its own.
        others = {k: v for k, v in self.phonemes.items() if not _LETTERS.fullmatch(k)}
        object.__setattr__(self, "_words", _pattern(others, re.IGNORECASE))

    def apply(self, text: str, wrap: Callable[[str], str] = str) -> str:
        """Each term replaced by wrap(its spoken form)."""
        for pattern, said in self.replacements(wrap):
            text = pattern.sub(said, text)
        return text

    def replacements(
        self, wrap: Callable[[str], str] = str
    ) -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]]:
        """apply's substitutions in order, for a caller that makes them itself (the normaliser
        keeps where each word came from)."""
        found: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = []
        if self._exact is not None:
            found.append((self._exact, lambda m: wrap(self.terms[m.group(0)])))
        if self._any is not None:
            found.append((self._any, lambda m: wrap(self._lower[m.group(0).lower()])))
        return found

    def phoneme_spans(self, text: str) -> list[tuple[int, int, str]]:
        """Where each word of [phonemes] stands in text: (start, end, IPA), in order. A word
        inside a longer term ("X-ray") is said with the term."""
        if not self._ipa:
            return []
        found: list[tuple[int, int, str]] = []
        if self._words is not None:
            found = [(m.start(), m.end(), self._ipa[m.group(0).lower()])
                     for m in self._words.finditer(text)]  # fmt: skip
        if self._ipa.keys().isdisjoint(map(str.lower, _WORD.findall(text))):
            return found  # most sentences: no word of letters to mark, found at C speed
        terms = list(found)
        for m in _WORD.finditer(text):
            ipa = self._ipa.get(m.group(0).lower())
            if ipa is not None and not any(s < m.end() and m.start() < e for s, e, _ in terms):
                found.append((m.start(), m.end(), ipa))
        return sorted(found)

    def knows(self, word: str) -> bool:
        return word in self.terms or word.lower() in self._lower

    def spoken(self, word: str) -> str | None:
        """The spoken form the lexicon gives a whole term, if any."""
        return self.terms.get(word) or self._lower.get(word.lower())


_LETTERS = re.compile(r"[^\W\d_]+")
# A whole word of letters, as _pattern bounds a term: not after a letter, digit or full stop,
# not before a letter or digit.
_WORD = re.compile(r"(?<![\w.])[^\W\d_]+(?!\w)")


def _pattern(terms: dict[str, str], flags: int) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])", flags)


# The tables lexicon.toml may hold; the terms in them are the user's own words.
_TABLES = ("terms", "terms_any_case", "phonemes")
LEXICON_KEYS: KeySchema = {
    "": (*_TABLES, "reviewed"), "terms": None, "terms_any_case": None, "phonemes": None
}
# Besides letters and combining marks, IPA needs stress, length, syllable and linking marks.
_IPA_MARKS = set("ˈˌːˑ.‿ ")


MAX_LEXICON_BYTES = 8 * 1024 * 1024


def load_lexicon(path: Path, sayable: frozenset[str] | None = None) -> Lexicon:
    """Read a lexicon file; a missing file is an empty lexicon. sayable: the IPA symbols the
    engine can say (Engine.sayable_ipa), each entry's checked against them; None takes any."""
    if not path.exists() and not path.is_symlink():
        return Lexicon()
    confined(path, path.parent)
    text = utf8_text(read_capped(path, "lexicon", MAX_LEXICON_BYTES), path)
    data = parse_toml(text, path, 'write each term as  MRI = "M R I"')
    reviewed = data.pop("reviewed", [])
    if not isinstance(reviewed, list) or not all(isinstance(w, str) and w.strip() for w in reviewed):
        raise ContentError(
            'reviewed must be a list of words in quotes, as in  reviewed = ["CDK4", "Okafor"]',
            path,
            key_line(text, "reviewed"),
        )
    stray = next((k for k, v in data.items() if isinstance(v, str) and k not in _TABLES), None)
    if stray is not None:
        raise ContentError(
            f'the term "{stray}" is above the first table; put it under [terms] (matched in this '
            "case) or [terms_any_case]",
            path,
            key_line(text, stray),
        )
    refuse_unknown_keys(data, LEXICON_KEYS, path, text)
    tables = {}
    for name in _TABLES:
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ContentError(
                f'[{name}] must be a table of  term = "spoken form"', path, key_line(text, name)
            )
        for term, spoken in table.items():
            if isinstance(spoken, str) and term.strip() and term != term.strip():
                raise ContentError(
                    f"the term {term!r} in [{name}] has a space at its start or end; "
                    f'write it without:  "{term.strip()}" = "{spoken}"',
                    path,
                    key_line(text, f"{name}.{term}"),
                )
            if not isinstance(spoken, str) or not term.strip() or not spoken.strip():
                raise ContentError(
                    f"the term {term!r} in [{name}] needs a spoken form in quotes, "
                    f'as in  {term.strip() or "MRI"} = "M R I"',
                    path,
                    key_line(text, f"{name}.{term}"),
                )
        tables[name] = dict(table)
    _check_ipa(tables["phonemes"], path, text, sayable)
    return Lexicon(
        tables["terms"], tables["terms_any_case"], tables["phonemes"],
        reviewed=frozenset(w.strip() for w in reviewed),
    )  # fmt: skip


def _check_ipa(
    phonemes: dict[str, str], path: Path, text: str, sayable: frozenset[str] | None
) -> None:
    for word, ipa in phonemes.items():
        bad = [c for c in ipa if not _is_ipa(c)]
        line = key_line(text, f"phonemes.{word}")
        if bad:
            raise ContentError(
                f'the phonemes for "{word}" must be IPA letters and marks, not "{bad[0]}"; write '
                'them as  metastases = "məˈtæstəsiːz"  (espeak-ng -q --ipa shows some)',
                path,
                line,
            )
        # A symbol the voice cannot say is dropped, and a word of such symbols is not heard.
        unsayable = [c for c in ipa if sayable is not None and c not in sayable]
        if unsayable:
            char = unsayable[0]
            raise ContentError(
                f'the phonemes for "{word}" hold "{char}" (U+{ord(char):04X}), which this voice '
                "cannot say and would leave out; use the sounds espeak-ng -q --ipa shows for "
                "the word",
                path,
                line,
            )
        if not any(unicodedata.category(c) in ("Ll", "Lu", "Lo", "Lt") for c in ipa):
            raise ContentError(
                f'the phonemes for "{word}" have no sounds, only marks, so the word would not be '
                "heard; write its sounds, as in  metastases = \"məˈtæstəsiːz\"",
                path,
                line,
            )


def _is_ipa(char: str) -> bool:
    return char in _IPA_MARKS or unicodedata.category(char)[0] in "LM" and not char.isdigit()
