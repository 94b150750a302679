"""The hibari voice: what it is given is the guide's spoken text and nothing else, the lexicon's IPA
reaches it as its own phonemes, it repeats itself byte for byte, and it tells when each word is said."""

from __future__ import annotations

import hashlib
import importlib.util

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbc_audio.errors import EngineUnavailable
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import normalize
from mbc_audio.speech.phonemes import (
    HIBARI_SAYABLE,
    for_hibari,
    ipa_to_misaki,
    unsayable_for_hibari,
)
from mbc_audio.speech.wordmap import spoken_words
from mbc_audio.spokentext import PhonemeSpan, SpokenText, join
from mbc_audio.tts import hibari

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("hibari") is None, reason="hibari-tts is not installed"
)
METASTASES = "məˈtæstəsiːz"


@pytest.fixture(scope="module")
def engine() -> hibari.HibariEngine:
    return hibari.HibariEngine(None, 160)


# --- the alphabet ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ipa", "misaki"),
    [
        (METASTASES, "mətˈæstəsiz"),  # stress before the vowel, as its dictionaries put it
        ("ˈtʃɛkɚ", "ʧˈɛkəɹ"),  # affricate as one letter, r-coloured schwa spelt out
        ("dʒˈoʊk", "ʤˈOk"),
        ("ˈbaɪ.oʊ", "bˈIO"),  # diphthongs as one letter each, syllable mark dropped
        ("ˈwɔːɾɚ", "wˈɔTəɹ"),  # the flap is misaki's T
        ("zoʊlɪˈdɹɑːnɪk", "zOlɪdɹˈɑnɪk"),
        ("əˌbɛməˈsaɪklɪb", "əbˌɛməsˈIklɪb"),  # secondary stress too
        ("ˈ", "ˈ"),  # a mark with no vowel after it stays
    ],
)
def test_ipa_becomes_the_voices_alphabet(ipa: str, misaki: str) -> None:
    assert ipa_to_misaki(ipa) == misaki
    assert set(misaki) <= hibari._vocab().keys()


@pytest.mark.parametrize(("ipa", "bad"), [("ʘǃǂ", ["ʘ", "ǃ", "ǂ"]), ("ɬɪk", ["ɬ"]), ("ɣæt", ["ɣ"])])
def test_symbols_the_voice_cannot_say_are_named(ipa: str, bad: list[str]) -> None:
    assert unsayable_for_hibari(ipa) == bad
    assert not set(bad) & HIBARI_SAYABLE


def test_every_sayable_symbol_reaches_the_voice() -> None:
    for symbol in HIBARI_SAYABLE - {"ː", ".", "‿", " "}:
        assert ipa_to_misaki(symbol), symbol
        assert set(ipa_to_misaki(symbol)) <= hibari._vocab().keys(), symbol


def test_brackets_and_the_voices_own_markup_in_text_are_not_obeyed() -> None:
    assert for_hibari("Take [x](/eks/) now.") == "Take  x ( eks ) now."
    marked = normalize("Bone metastases.", Lexicon(phonemes={"metastases": METASTASES}))
    assert for_hibari(marked) == "Bone [metastases](/mətˈæstəsiz/)."


# --- what it says ----------------------------------------------------------------------------
def test_a_lexicon_ipa_entry_changes_the_phonemes_it_says(engine: hibari.HibariEngine) -> None:
    plain = normalize("Zoledronic acid helps.")
    marked = normalize("Zoledronic acid helps.", Lexicon(phonemes={"zoledronic": "zoʊlɪˈdɹɑːnɪk"}))
    guessed, given_ = engine.phonemes(plain), engine.phonemes(marked)
    assert "zOlɪdɹˈɑnɪk" in given_ and "zOlɪdɹˈɑnɪk" not in guessed
    sources = {p.word.lower(): p.source for p in engine.pronounce(marked)}
    assert sources["zoledronic"] == "lexicon"
    assert {p.word.lower(): p.source for p in engine.pronounce(plain)}["zoledronic"] == "guess"
    assert sources["acid"] == "dictionary"
    assert engine.speak(plain).pcm != engine.speak(marked).pcm


_SAID_TEXT = st.lists(
    st.sampled_from(
        ["Take", "the", "tablet", "not", "twice", "a", "day", "[x](/y/)", "+", "&", "%", "@", "#",
         "/", "*", "=", "~", "^", "<", ">", "|", "$", "-", "—", ",", ".", "(", ")", "isn't",
         "X-ray", "HER", "two", "don't", "[[ten]]",
         SpokenText("metastases", [PhonemeSpan(0, 10, "məˈtæstəsiːz")])]  # fmt: skip
    ),
    min_size=1,
    max_size=12,
).map(join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_SAID_TEXT)
def test_it_says_the_words_of_the_spoken_text_and_no_others(engine: hibari.HibariEngine, spoken: SpokenText) -> None:
    """hibari has text rules of its own ("+" as "plus", "%" as "percent"): none of them may add a
    word to what the guide's normaliser decided, nor drop one."""
    said = engine.pronounce(spoken)
    letters = "".join(c for p in said for c in p.word if c.isalnum()).lower()
    expected = "".join(c for c in for_hibari(spoken.text) if c.isalnum()).lower()
    assert letters == expected
    tokens = engine._model._g2p.phonemize_tokens(engine._model._g2p.tokenize(for_hibari(spoken)))
    for token in tokens:  # every token that makes a sound has a letter or digit
        sounds = [c for c in token.phonemes or "" if hibari._is_sound(c)]
        assert not sounds or any(c.isalnum() for c in token.text), (token.text, token.phonemes)


# --- sound -----------------------------------------------------------------------------------
def test_the_same_text_gives_the_same_bytes_from_a_new_engine(engine: hibari.HibariEngine) -> None:
    text = normalize("Metastatic breast cancer isn't curable, but it can be treated for 24 hours.")
    first = engine.speak(text)
    again = hibari.HibariEngine(None, 160).speak(text)
    assert hashlib.sha256(first.pcm).hexdigest() == hashlib.sha256(again.pcm).hexdigest()
    assert first.words == again.words


def test_each_word_is_timed_in_order_over_its_sound(engine: hibari.HibariEngine) -> None:
    text = normalize("Bone pain is common, but it is not always a sign of spread.")
    speech = engine.speak(text)
    samples = np.frombuffer(speech.pcm, "<i2").astype(np.float64)
    assert speech.words is not None
    assert len(speech.words) == len(spoken_words(text))
    assert all(0 <= a < b <= len(samples) for a, b in speech.words)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(speech.words, speech.words[1:], strict=False))
    rms = [np.sqrt(np.mean(samples[a:b] ** 2)) for a, b in speech.words]
    # The silence before the first word and after the last is far quieter than any word.
    edges = np.concatenate([samples[: speech.words[0][0]], samples[speech.words[-1][1] :]])
    assert min(rms) > 4 * np.sqrt(np.mean(edges**2)), (min(rms), edges.size)


def test_the_rate_changes_the_pace(engine: hibari.HibariEngine) -> None:
    text = "Take one tablet a day with food."
    slow = hibari.HibariEngine(None, 120).speak(text)
    assert len(slow.pcm) > 1.2 * len(engine.speak(text).pcm)


# --- what it refuses -------------------------------------------------------------------------
def test_a_voice_that_would_be_downloaded_is_refused_in_one_line(monkeypatch) -> None:
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("a download was attempted")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with pytest.raises(EngineUnavailable) as refused:
        hibari.HibariEngine("emma", 160)
    message = str(refused.value)
    assert "\n" not in message and '"emma" would be downloaded' in message


def test_a_model_file_that_is_not_the_published_one_is_refused(monkeypatch) -> None:
    monkeypatch.setitem(hibari.MODEL_SHA256, "hibari.onnx", "0" * 64)
    with pytest.raises(EngineUnavailable, match="is not the published file"):
        hibari.HibariEngine(None, 160)


def test_it_is_the_default_engine() -> None:
    from mbc_audio.engines import engine_class

    assert engine_class("auto") is hibari.HibariEngine


# --- what is kept in the cache ---------------------------------------------------------------
def test_kept_model_and_tables_say_the_same_as_made_in_memory(tmp_path, monkeypatch) -> None:
    """A voice whose cache cannot be written makes its model and reads its dictionaries in
    memory; one with a cache keeps both. Both say the same samples and the same phonemes."""
    from mbc_audio.tts import hibari_store

    text = normalize("Zoledronic acid isn't a cure, but it strengthens bones.")
    monkeypatch.setattr(hibari_store, "kept_folder", lambda: tmp_path / "kept")
    kept = hibari.HibariEngine(None, 160)
    kept.phonemes("Start.")  # the dictionaries are read when first needed
    assert sorted(p.suffix for p in (tmp_path / "kept").iterdir()) == [".onnx", ".sqlite"]
    assert isinstance(kept._model._g2p.lexicon.golds.d, hibari_store.Table)
    (tmp_path / "a-file").write_text("")  # a cache folder that cannot be made, even by root
    monkeypatch.setattr(hibari_store, "kept_folder", lambda: tmp_path / "a-file" / "kept")
    in_memory = hibari.HibariEngine(None, 160)
    assert isinstance(in_memory._model._g2p.lexicon.golds.d, dict)
    assert kept.phonemes(text) == in_memory.phonemes(text)
    assert kept.speak(text) == in_memory.speak(text)


def test_a_damaged_kept_store_is_read_whole_and_made_again(tmp_path, monkeypatch) -> None:
    from mbc_audio.tts import hibari_store

    monkeypatch.setattr(hibari_store, "kept_folder", lambda: tmp_path)
    first = hibari.HibariEngine(None, 160).phonemes("Bone pain.")
    (store,) = tmp_path.glob("*.sqlite")
    store.write_bytes(b"not a database" * 100)
    assert hibari.HibariEngine(None, 160).phonemes("Bone pain.") == first
    assert not store.exists()  # dropped, so the next start makes it again
    hibari.HibariEngine(None, 160).phonemes("Bone pain.")
    assert store.is_file()
