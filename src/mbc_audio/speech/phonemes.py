"""Words said from phonemes: the lexicon's [phonemes] entries, carried in spoken text.

A word with an entry is written in spoken text as ⟦word|IPA⟧. Each engine turns that into
its own form: Piper takes the IPA itself as [[IPA]] (piper-tts 1.x passes raw phonemes in
double brackets to the voice and phonemises the rest with espeak-ng); espeak-ng, the system
voice on Linux, takes [[...]] in its own phoneme mnemonics, converted here from the IPA;
other system voices say the word. The recogniser check and the word counts read the word.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

OPEN, SEPARATOR, CLOSE = "⟦", "|", "⟧"
MARKUP = re.compile(
    rf"{OPEN}(?P<word>[^{SEPARATOR}{CLOSE}]*){re.escape(SEPARATOR)}(?P<ipa>[^{CLOSE}]*){CLOSE}"
)

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


def mark_phonemes(spoken: str, lexicon: Lexicon) -> str:
    return lexicon.apply_phonemes(spoken, lambda word, ipa: f"{OPEN}{word}{SEPARATOR}{ipa}{CLOSE}")


def for_piper(spoken: str) -> str:
    """Spoken text as Piper takes it: each marked word as [[IPA]]."""
    return MARKUP.sub(lambda m: f"[[{m['ipa']}]]", spoken)


def for_espeak(spoken: str) -> str:
    """Spoken text as espeak-ng takes it with phoneme input on: [[mnemonics]]."""
    return MARKUP.sub(lambda m: f"[[{ipa_to_espeak(m['ipa'])}]]", spoken)


def words_only(spoken: str) -> str:
    """Spoken text with each marked word as the word alone."""
    return MARKUP.sub(lambda m: m["word"], spoken)


def ipa_to_espeak(ipa: str) -> str:
    """'məˈtæstəsiːz' -> "m@t'ast@si:z". Sounds espeak-ng's English lacks are left out."""
    return "".join(_ESPEAK.get(found, "") for found in _ESPEAK_PATTERN.findall(ipa))
