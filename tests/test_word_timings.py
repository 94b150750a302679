"""Word timings: Piper's phoneme alignments -> each spoken word's samples -> the written words of
the timeline, with the times a page highlights them at."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from mbc_audio import timeline
from mbc_audio.build import BuildOptions, build
from mbc_audio.build.entries import word_entries
from mbc_audio.engines import EngineInfo, Speech
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import spoken_form
from mbc_audio.speech.trace import Traced
from mbc_audio.speech.wordmap import Span, spoken_words, word_spans, written_tokens
from mbc_audio.spokentext import PhonemeSpan, SpokenText
from mbc_audio.tts.alignment import Phoneme, SaidWord, align, said_words, sound_count
from mbc_audio.tts.cache import UtteranceCache, utterance_key

from .conftest import ContentFolder

needs_piper = pytest.mark.skipif(
    importlib.util.find_spec("piper") is None or importlib.util.find_spec("onnx") is None,
    reason="piper-tts[alignment] is not installed",
)


# --- spoken words and the written text -------------------------------------------------------
def test_spoken_words_are_tokens_with_letters_or_digits() -> None:
    spoken = SpokenText("Take five, — then rest. ( ok )", [PhonemeSpan(18, 22, "ɹɛst")])
    words = spoken_words(spoken)
    assert words == ["Take", "five,", "then", SpokenText("rest.", [PhonemeSpan(0, 4, "ɹɛst")]), "ok"]
    assert [w.phonemes for w in words if w.phonemes] == [(PhonemeSpan(0, 4, "ɹɛst"),)]


def test_a_term_with_phonemes_is_one_spoken_word_across_its_spaces() -> None:
    spoken = SpokenText("Read breast cancer, now.", [PhonemeSpan(5, 18, "bɹɛst kænsɚ")])
    assert spoken_words(spoken) == [
        "Read", SpokenText("breast cancer,", [PhonemeSpan(0, 13, "bɹɛst kænsɚ")]), "now.",
    ]  # fmt: skip


def test_written_tokens_leave_out_the_punctuation_around_words() -> None:
    text = "(HER2-positive), “quoted” & (ER+/PR+) 5% #1 done."
    assert [text[s.start : s.end] for s in written_tokens(text)] == [
        "HER2-positive", "quoted", "ER+/PR+", "5%", "#1", "done",
    ]  # fmt: skip


def _said(text: str, lexicon: Lexicon | None = None) -> list[str | None]:
    """What a page highlights for each word the normaliser says for text."""
    said = spoken_form(text, lexicon)
    assert len(said.words) == len(spoken_words(said.text))
    return [None if s is None else text[s.start : s.end] for s in said.words]


def _traced(text: str, *edits: tuple[str, str]) -> list[str | None]:
    """What a page highlights for each word of text rewritten by hand: (pattern, words) edits."""

    def said(words: str) -> Callable[[re.Match[str]], str]:
        return lambda m: words

    spoken = Traced.of(text)
    for pattern, words in edits:
        spoken = spoken.sub(re.compile(pattern), said(words))
    return [None if s is None else text[s.start : s.end] for s in word_spans(text, spoken)]


def test_words_said_as_written_pair_one_to_one() -> None:
    text = "Bone pain is common."
    assert spoken_form(text).text == "Bone pain is common."
    assert _said(text) == ["Bone", "pain", "is", "common"]


def test_a_written_run_said_as_other_words_is_one_span() -> None:
    text = "Take 5 mg/kg twice a day."
    lexicon = Lexicon(terms={"5 mg/kg": "five milligrams per kilogram"})  # a term of two words
    assert spoken_form(text, lexicon).text == "Take five milligrams per kilogram twice a day."
    said = _said(text, lexicon)
    assert said == ["Take", "5 mg/kg", "5 mg/kg", "5 mg/kg", "5 mg/kg", "twice", "a", "day"]


def test_a_run_is_split_where_the_rule_says_what_each_part_is_said_for() -> None:
    text = "Both HER2-positive (ER+/PR+) and 5 mg/kg, 24/7."
    said_form = spoken_form(text)
    spoken, spans = said_form.text, said_form.words
    said = {}
    for word, span in zip(spoken_words(spoken), spans, strict=True):
        assert span is not None
        said.setdefault(text[span.start : span.end], []).append(word.strip("(),."))
    assert said["HER2-positive"] == ["H", "E", "R", "two", "positive"]
    assert said["ER+/PR+"][-1] == "positive" and "and" in said["ER+/PR+"]
    assert said["5"] == ["five"] and said["mg/kg"] == ["milligrams", "per", "kilogram"]
    assert said["24/7"] == ["twenty-four", "seven"]


def test_an_expanded_contraction_stands_for_its_written_word() -> None:
    assert spoken_form("It isn't curable.").text == "It is not curable."
    assert _said("It isn't curable.") == ["It", "isn't", "isn't", "curable"]


def test_a_word_said_for_nothing_written_joins_the_word_before_it() -> None:
    assert _traced("Call 911 now", ("911", "nine one one"), ("(?= now)", " please")) == [
        "Call", "911", "911", "911", "911", "now",
    ]  # fmt: skip
    assert _traced("Rest now", ("(?= now)", " well")) == ["Rest", "Rest", "now"]
    assert _said("Bone & joint") == ["Bone", "Bone", "joint"]  # "and": for no written word


def test_words_of_text_with_no_written_words_stand_for_nothing() -> None:
    assert _traced("— ® —", ("®", "registered")) == [None]


# --- word entries ----------------------------------------------------------------------------
def test_word_entries_merge_a_run_and_place_words_in_the_track() -> None:
    text = "Take 5 mg/kg."
    spans = [Span(0, 4)] + [Span(5, 12)] * 4  # "Take five milligrams per kilogram."
    rate = 1000  # a sample is a millisecond
    times = ((10, 200), (250, 400), (400, 700), (700, 800), (800, 1100))
    words = word_entries(text, spans, times, 5000, 6200, rate)
    assert [(w.text, w.start_ms, w.end_ms) for w in words] == [
        ("Take", 5010, 5200), ("5 mg/kg", 5250, 6100),
    ]  # fmt: skip
    assert all(text[w.char_start : w.char_end] == w.text for w in words)


def test_word_entries_stay_inside_the_sentence() -> None:
    one_two = spoken_form("One two").words
    words = word_entries("One two", one_two, ((0, 500), (500, 5000)), 100, 2000, 1000)
    assert words[-1].end_ms == 2000 and words[0].start_ms == 100


def test_word_entries_need_a_time_for_every_spoken_word() -> None:
    one_two = spoken_form("One two").words
    assert word_entries("One two", one_two, ((0, 5),), 0, 100, 1000) == ()
    assert word_entries("One two", one_two, None, 0, 100, 1000) == ()


def test_the_manifest_refuses_words_out_of_place() -> None:
    from .timelines import small

    good = small()
    sentence = good.topics[1].sections[0].paragraphs[0].sentences[0]
    word = timeline.WordEntry(sentence.text[:3], 0, 3, sentence.start_ms, sentence.start_ms + 10)
    for bad, why in [
        (word.__class__("xyz", 0, 3, word.start_ms, word.end_ms), "is not the text"),
        (word.__class__(word.text, 0, 3, sentence.end_ms, sentence.end_ms + 5), "times out of order"),
        (word.__class__(word.text, 0, 3, word.end_ms, word.start_ms), "times out of order"),
    ]:
        assert why in (timeline.validate(_with_words(good, sentence.id, (bad,))) or "")
    assert timeline.validate(_with_words(good, sentence.id, (word,))) is None


def _with_words(
    tl: timeline.Timeline, sentence_id: str, words: tuple[timeline.WordEntry, ...]
) -> timeline.Timeline:
    from dataclasses import replace

    def sentence(s: timeline.SentenceEntry) -> timeline.SentenceEntry:
        return replace(s, words=words) if s.id == sentence_id else s

    topics = tuple(
        replace(t, sections=tuple(
            replace(sec, paragraphs=tuple(
                replace(p, sentences=tuple(sentence(s) for s in p.sentences))
                for p in sec.paragraphs))
            for sec in t.sections))
        for t in tl.topics
    )  # fmt: skip
    return replace(tl, topics=topics)


# --- alignment -------------------------------------------------------------------------------
def _chunk(phonemes: str, samples: int = 10) -> list[Phoneme]:
    return [Phoneme(p, samples) for p in phonemes]


def test_said_words_end_at_spaces_and_leave_out_pauses_and_marks() -> None:
    words = said_words([_chunk("^ab, ˈcd$"), _chunk("^e.$")])
    # ^ a b , space ˈ c d $ | ^ e . $  (10 samples each)
    assert words == [SaidWord(2, 10, 30), SaidWord(2, 60, 80), SaidWord(1, 100, 110)]


def test_sound_count_counts_sounds_only() -> None:
    assert sound_count("mˌɛɾəstˈæɾɪk, bɹˈɛst.") == 15  # m ɛ ɾ ə s t æ ɾ ɪ k, b ɹ ɛ s t


def test_align_pairs_one_to_one_when_counts_agree() -> None:
    said = [SaidWord(3, 0, 30), SaidWord(5, 40, 90), SaidWord(2, 100, 120)]
    assert align([3, 5, 2], said) == [(0, 30), (40, 90), (100, 120)]


def test_align_shares_a_joined_word_by_sound_counts() -> None:
    # "in the bones": espeak says "in the" as one word of four sounds
    said = [SaidWord(4, 0, 40), SaidWord(4, 50, 90)]
    assert align([2, 2, 4], said) == [(0, 20), (20, 40), (50, 90)]


def test_align_spans_a_word_said_as_several() -> None:
    said = [SaidWord(3, 0, 30), SaidWord(2, 35, 55), SaidWord(2, 60, 80)]
    assert align([3, 4], said) == [(0, 30), (35, 80)]


def test_align_joins_rather_than_drops_a_word_whose_count_differs() -> None:
    said = [SaidWord(3, 0, 30), SaidWord(3, 40, 70)]
    assert align([3, 9, 3], said) == [(0, 30), (40, 62), (62, 70)]
    # With nothing said, each word is a moment at the start.
    assert align([2, 3], []) == [(0, 0), (0, 0)]


def test_align_times_are_in_order_for_any_counts() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.lists(st.integers(1, 9), min_size=1, max_size=12),
           st.lists(st.integers(1, 9), min_size=1, max_size=12))  # fmt: skip
    def check(text: list[int], counts: list[int]) -> None:
        said, at = [], 0
        for c in counts:
            said.append(SaidWord(c, at, at + 10 * c))
            at += 10 * c + 5
        spans = align(text, said)
        assert len(spans) == len(text)
        assert all(a <= b for a, b in spans)
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))

    check()


# --- the cache -------------------------------------------------------------------------------
def test_the_cache_keeps_word_times_with_the_audio(tmp_path: Path) -> None:
    cache = UtteranceCache(tmp_path)
    cache.put("k1", Speech(bytes(2000), ((0, 300), (320, 900))), 16000)
    assert cache.words("k1") == ((0, 300), (320, 900))
    cache.put("k2", Speech(bytes(2000)), 16000)
    assert cache.words("k2") is None
    # Times beyond the audio, or out of order, are not believed.
    cache.put("k3", Speech(bytes(2000), ((0, 300), (200, 5000))), 16000)
    assert cache.words("k3") is None


def test_words_are_not_left_beside_audio_that_failed_to_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mbc_audio.tts import cache as cache_module

    cache = UtteranceCache(tmp_path)
    cache.put("k1", Speech(bytes(2000)), 16000)  # an older rendering, without words

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module, "write_wav_file", full_disk)
    with pytest.raises(OSError):
        cache.put("k1", Speech(bytes(1000), ((0, 100),)), 16000)
    assert cache.words("k1") is None


def test_an_engine_with_word_times_has_its_own_cache_keys() -> None:
    plain = EngineInfo("piper", "1", "joe", 160, 22050)
    timed = EngineInfo("piper", "1", "joe", 160, 22050, word_timings=True)
    assert utterance_key(plain, "Hello.") != utterance_key(timed, "Hello.")


# --- with Piper ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def piper():  # type: ignore[no-untyped-def]
    from mbc_audio.tts.piper import PiperEngine

    return PiperEngine(None, 160)


@needs_piper
@pytest.mark.integration
def test_the_model_with_alignments_says_the_same_samples(piper) -> None:  # type: ignore[no-untyped-def]
    from piper import PiperVoice

    from mbc_audio.tts.piper import DEFAULT_VOICE, NOISE_SCALE, NOISE_W_SCALE, PiperEngine

    plain = PiperVoice.load(PiperEngine.model_path(DEFAULT_VOICE))
    from piper import SynthesisConfig

    config = SynthesisConfig(noise_scale=NOISE_SCALE, noise_w_scale=NOISE_W_SCALE)
    text = "The cancer is not curable, but it is treatable."
    expected = b"".join(c.audio_int16_bytes for c in plain.synthesize(text, config))
    assert piper.speak(text).pcm == expected


@needs_piper
@pytest.mark.integration
def test_a_damaged_kept_model_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mbc_audio.tts.piper import PiperEngine

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    PiperEngine(None, 160)
    (kept,) = (tmp_path / "mbc-audio" / "voices").glob("*.onnx")
    kept.write_bytes(b"not a model")
    engine = PiperEngine(None, 160)  # loads the voice itself, and drops the damaged copy
    assert engine.speak("Hello there.").words is not None
    assert not kept.exists()
    PiperEngine(None, 160)
    assert kept.stat().st_size > 1_000_000


@needs_piper
@pytest.mark.integration
def test_a_cache_that_cannot_keep_the_model_still_gives_word_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import tempfile

    from mbc_audio.tts import piper

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(tempfile, "mkstemp", read_only)  # no file can be made in the cache
    speech = piper.PiperEngine(None, 160).speak("Hello there.")  # patched in memory
    assert speech.words is not None and len(speech.words) == 2
    assert not list(tmp_path.rglob("*.onnx"))


@needs_piper
@pytest.mark.integration
def test_piper_times_each_word_where_its_sound_is(piper) -> None:  # type: ignore[no-untyped-def]
    # Three words with full stops between: the voice pauses, and each word's time must hold
    # its sound while the pauses between them are quiet.
    text = "Stop. Breathe. Listen."
    speech = piper.speak(text)
    assert speech.words is not None and len(speech.words) == 3
    total = len(speech.pcm) // 2
    assert all(0 <= a < b <= total for a, b in speech.words)

    samples = np.frombuffer(speech.pcm, dtype="<i2").astype(np.float64)

    def rms(a: int, b: int) -> float:
        return float(np.sqrt(np.mean(samples[a:b] ** 2))) if b > a else 0.0

    loud = min(rms(a, b) for a, b in speech.words)
    for (_, end), (start, _) in zip(speech.words, speech.words[1:], strict=False):
        assert start - end > piper.info.sample_rate_hz // 20  # a pause of over 50 ms
        assert rms(end, start) < loud / 4


@pytest.mark.integration
@pytest.mark.parametrize("engine", ["hibari", "piper"])
def test_a_neural_build_records_every_written_word_in_order(tmp_path: Path, engine: str) -> None:
    if importlib.util.find_spec(engine) is None:
        pytest.skip(f"{engine} is not installed")
    content = ContentFolder(tmp_path / "content")
    toml = content.root / "guide.toml"
    toml.write_text(toml.read_text().replace('engine = "system"', f'engine = "{engine}"'))
    content.leaflet("## Doses\n\nTake 5 mg/kg twice a day. The cancer isn't curable in the bones.\n")
    result = build(BuildOptions(content_dir=content.root, out_dir=tmp_path / "dist",
                                cache_dir=tmp_path / "cache"))  # fmt: skip
    built = timeline.load(result.folder)
    for sentence in built.sentences:
        written = [sentence.text[s.start : s.end] for s in written_tokens(sentence.text)]
        heard = " ".join(w.text for w in sentence.words)
        assert heard == " ".join(written), sentence.text
    doses = next(s for s in built.sentences if s.text.startswith("Take"))
    assert [w.text for w in doses.words] == ["Take", "5", "mg/kg", "twice", "a", "day"]
    # The unit said as three words takes longer than "a".
    durations = {w.text: w.end_ms - w.start_ms for w in doses.words}
    assert durations["mg/kg"] > 3 * durations["a"]
    assert Span(0, 4) == written_tokens(doses.text)[0]


def test_word_entries_are_in_order_for_any_sentence() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tokens = st.sampled_from([
        "Take", "5", "mg/kg", "HER2-positive", "(ER+/PR+)", "isn't", "24/7", "#1", "e.g.", "—",
        "Dr.", "Jan.", "3x", "10–20", "mL", "🙂", "and", "the", "in", "call", "1-800-FLOWERS",
        "CDK4/6", "µg", "approx.", "Mon–Fri", "50%", "(see", "below)", ",", "it’s", "won't",
    ])  # fmt: skip

    @settings(max_examples=150, deadline=None)
    @given(st.lists(tokens, min_size=1, max_size=14))
    def check(words: list[str]) -> None:
        text = " ".join(words)
        said = spoken_form(text)
        count = len(spoken_words(said.text))
        assert len(said.words) == count
        times = tuple((100 * n, 100 * n + 80) for n in range(count))
        entries = word_entries(text, said.words, times, 1000, 1000 + 100 * count, 1000)
        char_end, time_end = 0, 1000
        for e in entries:
            assert char_end <= e.char_start < e.char_end <= len(text)
            assert text[e.char_start : e.char_end] == e.text
            assert time_end <= e.start_ms <= e.end_ms
            char_end, time_end = e.char_end, e.end_ms

    check()
