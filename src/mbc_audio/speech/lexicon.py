"""The pronunciation lexicon: terms and the words the voice says for them.

content/lexicon.toml is edited and reviewed by people. Terms match whole words;
those under [terms] match case exactly ("PET" the scan, not "pet"), those under
[terms_any_case] match in any case. Words under [phonemes] are said with the IPA given
("metastases" = "məˈtæstəsiːz"), which fixes stress where a word substitution cannot.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, ContentFileError

_TOML_LINE = re.compile(r"at line (\d+)")
TABLES = ("terms", "terms_any_case", "phonemes")
# Besides letters and combining marks, IPA needs stress, length, syllable and linking marks.
_IPA_MARKS = set("ˈˌːˑ.‿ ")


@dataclass(frozen=True)
class Lexicon:
    terms: dict[str, str] = field(default_factory=dict)
    terms_any_case: dict[str, str] = field(default_factory=dict)
    # word -> IPA; matched in any case on the spoken text, after every other rule.
    phonemes: dict[str, str] = field(default_factory=dict)
    # guide.toml's contractions = "keep": "isn't" stays "isn't" (by default, "is not").
    keep_contractions: bool = False
    # Made from the tables once, in __post_init__.
    _exact: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _any: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _words: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _lower: dict[str, str] = field(init=False, repr=False, compare=False)
    _ipa: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One pattern per kind, longest term first so "U.S." wins over "U".
        object.__setattr__(self, "_exact", _pattern(self.terms, 0))
        object.__setattr__(self, "_any", _pattern(self.terms_any_case, re.IGNORECASE))
        object.__setattr__(self, "_lower", {k.lower(): v for k, v in self.terms_any_case.items()})
        object.__setattr__(self, "_ipa", {k.lower(): v for k, v in self.phonemes.items()})
        object.__setattr__(self, "_words", _pattern(self.phonemes, re.IGNORECASE))

    def apply(self, text: str, wrap: Callable[[str], str] = str) -> str:
        """Each term replaced by wrap(its spoken form)."""
        if self._exact is not None:
            text = self._exact.sub(lambda m: wrap(self.terms[m.group(0)]), text)
        if self._any is not None:
            text = self._any.sub(lambda m: wrap(self._lower[m.group(0).lower()]), text)
        return text

    def apply_phonemes(self, text: str, wrap: Callable[[str, str], str]) -> str:
        """Each word of [phonemes] replaced by wrap(word, ipa)."""
        if self._words is None:
            return text
        return self._words.sub(lambda m: wrap(m.group(0), self._ipa[m.group(0).lower()]), text)

    def knows(self, word: str) -> bool:
        return word in self.terms or word.lower() in self._lower

    def spoken(self, word: str) -> str | None:
        """The spoken form the lexicon gives a whole term, if any."""
        return self.terms.get(word) or self._lower.get(word.lower())


def _pattern(terms: dict[str, str], flags: int) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])", flags)


def load_lexicon(path: Path) -> Lexicon:
    """Read a lexicon file; a missing file is an empty lexicon."""
    if not path.exists():
        return Lexicon()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ContentError("is not UTF-8 text; save it as UTF-8", path) from None
    except tomllib.TOMLDecodeError as e:
        found = _TOML_LINE.search(str(e))
        line = int(found.group(1)) if found else None
        raise ContentError(
            f'is not valid TOML ({str(e).split(" (at")[0]}); write each term as  MRI = "M R I"',
            path,
            line,
        ) from None
    except OSError as e:
        raise ContentFileError(f"cannot be read ({e.strerror})", path) from None
    tables = {name: _table(data, name, path, text) for name in TABLES}
    for word, ipa in tables["phonemes"].items():
        bad = [c for c in ipa if not _is_ipa(c)]
        if bad or not ipa.strip():
            raise ContentError(
                f'the phonemes for "{word}" must be IPA letters and marks'
                + (f', not "{bad[0]}"' if bad else "")
                + '; write them as  metastases = "məˈtæstəsiːz"  (espeak-ng -q --ipa shows some)',
                path,
                _line_of(text, word),
            )
    return Lexicon(tables["terms"], tables["terms_any_case"], tables["phonemes"])


def _table(data: dict[str, object], name: str, path: Path, text: str) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ContentError(f'[{name}] must be a table of  term = "spoken form"', path)
    for term, spoken in table.items():
        if not isinstance(spoken, str) or not term.strip():
            raise ContentError(
                f"the term {term!r} in [{name}] needs a spoken form in quotes, "
                f'as in  {term or "MRI"} = "M R I"',
                path,
                _line_of(text, term) if term.strip() else None,
            )
    return {str(k): str(v) for k, v in table.items()}


def _is_ipa(char: str) -> bool:
    return char in _IPA_MARKS or unicodedata.category(char)[0] in "LM" and not char.isdigit()


def _line_of(text: str, term: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith((term, f'"{term}"')):
            return number
    return None
