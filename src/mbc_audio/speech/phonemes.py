"""Words said from phonemes: the lexicon's [phonemes] entries, carried in spoken text.

mark_phonemes() gives the normaliser's words their spans (spokentext.SpokenText: the plain
words, and (start, end, IPA) for each word with an entry). Each engine writes them in its own
form through spokentext.render, the one reader of the spans. Piper takes the IPA itself as
[[IPA]] (piper-tts 1.x passes raw phonemes in double brackets to the voice and phonemises the
rest with espeak-ng); espeak-ng, the system voice on Linux, takes [[...]] in its own phoneme
mnemonics, converted here from the IPA; hibari takes [word](/phonemes/) in its own alphabet;
other system voices say the word. Everything else (lint, the recogniser check, word counts,
the pages) reads the plain words.
"""

from __future__ import annotations

import re

from ..spokentext import PhonemeSpan, SpokenText, render
from .lexicon import Lexicon

# IPA (as espeak-ng writes it for English) -> espeak-ng's phoneme mnemonics; longest first.
_ESPEAK = {
    "eɪ": "eI", "aɪ": "aI", "ɔɪ": "OI", "aʊ": "aU", "oʊ": "oU", "əʊ": "oU", "ɪə": "i@", "ɛə": "e@",
    "ʊə": "U@", "ɛɹ": "e@", "ɑːɹ": "A@", "ɑɹ": "A@", "ɔːɹ": "o@", "ɔɹ": "o@", "ɪɹ": "i@",
    "ʊɹ": "U@", "oːɹ": "o@", "oː": "o:", "iː": "i:", "ɜː": "3:", "ɑː": "A:", "ɔː": "O:", "uː": "u:", "tʃ": "tS", "dʒ": "dZ",
    "i": "i", "ɪ": "I", "ᵻ": "I#", "ɛ": "E", "e": "e", "æ": "a", "a": "a", "ɐ": "a#", "ə": "@",
    "ɚ": "3", "ɜ": "3:", "ʌ": "V", "ɑ": "A:", "ɒ": "0", "ɔ": "O", "o": "o", "ʊ": "U", "u": "u:",
    "ɡ": "g", "g": "g", "θ": "T", "ð": "D", "ʃ": "S", "ʒ": "Z", "ŋ": "N", "ɹ": "r", "r": "r",
    "ɾ": "t#", "ʔ": "?", "x": "x", "ç": "C", "ˈ": "'", "ˌ": ",", "ː": ":", ".": "", "‿": "",
    **{c: c for c in "pbtdkmnfvszhwlj "},
}  # fmt: skip
# The symbols of English as espeak-ng writes it: what the espeak-ng command can be given, and
# what Piper's English voices were trained on (their phoneme table lists every language's).
ENGLISH_IPA = frozenset("".join(_ESPEAK))
_ESPEAK_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_ESPEAK, key=len, reverse=True)))


def mark_phonemes(spoken: str, lexicon: Lexicon) -> SpokenText:
    """The spoken words, with the lexicon's phonemes for each word it has them for."""
    return SpokenText(spoken, (PhonemeSpan(*found) for found in lexicon.phoneme_spans(spoken)))


def for_piper(spoken: str) -> str:
    """Spoken text as Piper takes it: each word with phonemes as [[IPA]]."""
    return render(spoken, lambda word, ipa: f"[[{ipa}]]")


def for_espeak(spoken: str) -> str:
    """Spoken text as espeak-ng takes it with phoneme input on: [[mnemonics]]."""
    return render(spoken, lambda word, ipa: f"[[{ipa_to_espeak(ipa)}]]")


def ipa_to_espeak(ipa: str) -> str:
    """'məˈtæstəsiːz' -> "m@t'ast@si:z". Sounds espeak-ng's English lacks are left out."""
    return "".join(_ESPEAK.get(found, "") for found in _ESPEAK_PATTERN.findall(ipa))


# IPA (as espeak-ng writes American English) -> the hibari voice's alphabet (Kokoro's misaki: one
# letter for each diphthong and affricate, "T" for the flap, r-coloured vowels spelt out). Longest
# first. Length marks go: American misaki writes "i" for "iː". A symbol with no entry here is one
# the voice cannot say (unsayable_for_hibari names it).
_MISAKI = {
    "eɪ": "A", "aɪ": "I", "oʊ": "O", "əʊ": "O", "aʊ": "W", "ɔɪ": "Y", "dʒ": "ʤ", "tʃ": "ʧ",
    "ɪə": "ɪɹ", "ɛə": "ɛɹ", "ʊə": "ʊɹ", "ɜːɹ": "ɜɹ", "ɜː": "ɜɹ", "ɚ": "əɹ", "ɝ": "ɜɹ",
    "iː": "i", "uː": "u", "ɑː": "ɑ", "ɔː": "ɔ", "oː": "O", "eː": "A", "ɐ": "ə", "ɒ": "ɑ",
    "a": "æ", "e": "ɛ", "o": "O", "ɾ": "T", "ʔ": "t", "r": "ɹ", "g": "ɡ", "x": "k", "ɬ": None,
    "i": "i", "ɪ": "ɪ", "ᵻ": "ᵻ", "ɛ": "ɛ", "æ": "æ", "ə": "ə", "ᵊ": "ᵊ", "ɜ": "ɜ", "ʌ": "ʌ",
    "ɑ": "ɑ", "ɔ": "ɔ", "ʊ": "ʊ", "u": "u", "ɡ": "ɡ", "θ": "θ", "ð": "ð", "ʃ": "ʃ", "ʒ": "ʒ",
    "ŋ": "ŋ", "ɹ": "ɹ", "ç": "ç", "ˈ": "ˈ", "ˌ": "ˌ", "ː": "", ".": "", "‿": "", " ": " ",
    **{c: c for c in "pbtdkmnfvszhwlj"},
}  # fmt: skip
# The IPA letters and marks the hibari voice can say (the lexicon checks its entries against them).
HIBARI_SAYABLE = frozenset(c for k, v in _MISAKI.items() if v is not None for c in k)
_MISAKI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_MISAKI, key=len, reverse=True)))


def unsayable_for_hibari(ipa: str) -> list[str]:
    """The symbols of an IPA string that the hibari voice has no sound for, each once."""
    known = {m.span(): m.group(0) for m in _MISAKI_PATTERN.finditer(ipa)}
    covered = {i for start, end in known for i in range(start, end)}
    stray = [c for i, c in enumerate(ipa) if i not in covered]
    stray += [k for k in known.values() if _MISAKI[k] is None]
    return list(dict.fromkeys(stray))


def ipa_to_misaki(ipa: str) -> str:
    """'məˈtæstəsiːz' -> 'mətˈæstəsiz'. Symbols the voice cannot say are left out; the lexicon
    refuses them when it is read (unsayable_for_hibari), so none reach here from a guide."""
    return _stress_on_vowels("".join(_MISAKI.get(found) or "" for found in _MISAKI_PATTERN.findall(ipa)))


_STRESS = "ˈˌ"
# Vowels in the voice's alphabet: IPA's, and misaki's capitals for diphthongs (A eɪ, I aɪ,
# O oʊ, W aʊ, Y ɔɪ, Q əʊ) and its reduced ᵊ and ᵻ.
_MISAKI_VOWELS = frozenset("aeiouæɑɐɒɔəɚɛɜɝɪʊʌᵻᵊAIOWYQ")


def _stress_on_vowels(phonemes: str) -> str:
    """Each stress mark moved from before its syllable's first consonant to before its vowel,
    where the voice's own dictionaries put it ('ˈpæliətɪv' -> 'pˈæliətɪv'). Given at the
    syllable's start, as IPA writes it, the voice stresses the consonant: a recogniser heard
    "palliative" said so as "apolliative", and as "palliative" with the mark moved."""
    out: list[str] = []
    held = ""
    for char in phonemes:
        if char in _STRESS:
            out.append(held)
            held = char
        elif held and char in _MISAKI_VOWELS:
            out.append(held + char)
            held = ""
        else:
            out.append(char)
    out.append(held)  # no vowel after it: left where it was, at the end
    return "".join(out)


# What the hibari voice is given besides words: its own markup "[word](/phonemes/)" for the
# lexicon's phonemes, and the punctuation that shapes its pauses and tune. Every other symbol
# becomes a space: the guide's normaliser has already said what is meant ("%" as "percent"), and
# hibari's own rules would add words of their own ("+" as "plus", "/" as "slash"), or take
# brackets as its markup.
_HIBARI_SYNTAX = re.compile(r"[^\w\s'’.,;:!?—…\"“”()-]|_")


def for_hibari(spoken: str) -> str:
    """Spoken text as the hibari voice takes it: each word with phonemes as [word](/phonemes/),
    in its alphabet; brackets elsewhere are not said."""

    def marked(word: str, ipa: str) -> str:
        return f"[{_HIBARI_SYNTAX.sub(' ', word).strip() or 'word'}](/{ipa_to_misaki(ipa)}/)"

    return render(spoken, marked, lambda text: _HIBARI_SYNTAX.sub(" ", text))
