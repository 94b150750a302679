"""Spoken text as a type: the plain words and the lexicon's phonemes as spans over them, carried
from the normaliser through the cache keys, the engines, the manifest and the player's phrases."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from mbc_audio import timeline
from mbc_audio.engines import EngineInfo, Pronounced
from mbc_audio.errors import ManifestError
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.speech.normalize import normalize
from mbc_audio.speech.phonemes import for_espeak, for_hibari, for_piper
from mbc_audio.speech.words import word_lines
from mbc_audio.spokentext import (
    PhonemeSource,
    PhonemeSpan,
    SpokenText,
    from_json,
    join,
    render,
    sliced,
    to_json,
)
from mbc_audio.timeline.phrases import _index
from mbc_audio.tts.cache import utterance_key

from .timelines import small

IPA = "məˈtæstəsiːz"
BONES = SpokenText("Bone metastases.", [PhonemeSpan(5, 15, IPA)])
INFO = EngineInfo("hibari", "1", "heart", 160, 24000)


# --- the type's invariants -------------------------------------------------------------------
@pytest.mark.parametrize(
    "spans",
    [
        [PhonemeSpan(5, 17, IPA)],  # past the end
        [PhonemeSpan(-1, 4, IPA)],  # before the start
        [PhonemeSpan(5, 5, IPA)],  # empty
        [PhonemeSpan(5, 15, "")],  # no IPA
        [PhonemeSpan(4, 15, IPA)],  # a space at its start: not a word
        [PhonemeSpan(5, 15, IPA), PhonemeSpan(0, 4, "boʊn")],  # out of order
        [PhonemeSpan(0, 10, IPA), PhonemeSpan(5, 15, IPA)],  # overlapping
    ],
)
def test_spans_outside_the_words_out_of_order_or_overlapping_are_refused(spans) -> None:
    with pytest.raises(ValueError, match="phoneme span"):
        SpokenText("Bone metastases.", spans)


def test_spoken_text_is_its_plain_words_and_cannot_be_changed() -> None:
    assert BONES.text == "Bone metastases." and type(BONES.text) is str
    assert f"Said: {BONES}" == "Said: Bone metastases."
    assert "⟦" not in repr(BONES) and "|" not in str(BONES)
    with pytest.raises(AttributeError):
        BONES.phonemes = ()  # type: ignore[misc]


def test_equal_only_with_the_same_words_and_phonemes() -> None:
    same, other = (SpokenText("Bone metastases.", [PhonemeSpan(5, 15, ipa)]) for ipa in (IPA, "mɛt"))
    assert same == BONES and other != BONES
    assert BONES != "Bone metastases." and "Bone metastases." != BONES  # noqa: SIM300
    assert SpokenText("Bone pain.") == "Bone pain." and {SpokenText("Bone pain."): 1}["Bone pain."]


def test_it_reaches_a_worker_process_with_its_phonemes() -> None:
    again = pickle.loads(pickle.dumps(BONES))
    assert type(again) is SpokenText and again == BONES and again.phonemes == BONES.phonemes


def test_joined_and_sliced_text_keeps_its_phonemes() -> None:
    joined = join([SpokenText("Part one:"), BONES])
    assert joined == SpokenText("Part one: Bone metastases.", [PhonemeSpan(15, 25, IPA)])
    assert join([joined, "."], "").phonemes == joined.phonemes
    assert sliced(joined, 15, 26) == SpokenText("metastases.", [PhonemeSpan(0, 10, IPA)])
    assert sliced(joined, 0, 14).phonemes == ()  # a span cut in two is not kept


# --- the normaliser makes it -----------------------------------------------------------------
def test_the_normaliser_gives_the_lexicon_words_their_spans() -> None:
    lexicon = Lexicon(phonemes={"metastases": IPA, "X-ray": "ˈɛksɹeɪ"})
    said = normalize("An X-ray shows bone metastases.", lexicon)
    assert said.text == "An X-ray shows bone metastases."
    assert [(said[s.start : s.end], s.ipa) for s in said.phonemes] == [
        ("X-ray", "ˈɛksɹeɪ"), ("metastases", IPA),
    ]  # fmt: skip


# --- each engine's form ----------------------------------------------------------------------
def test_each_engine_writes_the_spans_in_its_own_form() -> None:
    assert for_piper(BONES) == f"Bone [[{IPA}]]."
    assert for_espeak(BONES) == "Bone [[m@'tast@si:z]]."
    assert for_hibari(BONES) == "Bone [metastases](/mətˈæstəsiz/)."
    assert render(BONES, lambda word, ipa: word.upper()) == "Bone METASTASES."
    # A plain str has no phonemes: every engine says its words as they are.
    assert for_piper("Bone metastases.") == for_espeak("Bone metastases.") == "Bone metastases."


# --- the cache key ---------------------------------------------------------------------------
def test_a_lexicon_ipa_change_changes_the_cache_key() -> None:
    def key(lexicon: Lexicon) -> str:
        return utterance_key(INFO, normalize("Bone metastases.", lexicon))

    plain = key(Lexicon())
    first = key(Lexicon(phonemes={"metastases": IPA}))
    assert first == key(Lexicon(phonemes={"metastases": IPA}))
    assert len({plain, first, key(Lexicon(phonemes={"metastases": "mɛˈtæstəsiːz"}))}) == 3
    # Text with no phonemes keeps the key it had before spans existed.
    assert plain == utterance_key(INFO, "Bone metastases.")


# --- manifest.json ---------------------------------------------------------------------------
def _with_phonemes() -> timeline.Timeline:
    made = small()
    topic = made.topics[1]
    sentence = topic.sections[0].paragraphs[0].sentences[0]
    said = SpokenText(sentence.text, [PhonemeSpan(0, 4, "boʊn")])
    paragraph = replace(topic.sections[0].paragraphs[0],
                        sentences=(replace(sentence, spoken=said), *topic.sections[0].paragraphs[0].sentences[1:]))  # fmt: skip
    section = replace(topic.sections[0], paragraphs=(paragraph, *topic.sections[0].paragraphs[1:]))
    titled = replace(topic, spoken_title=SpokenText("Bones", [PhonemeSpan(0, 5, "boʊnz")]),
                     sections=(section, *topic.sections[1:]))  # fmt: skip
    return replace(made, topics=(made.topics[0], titled, *made.topics[2:]))


def test_the_manifest_keeps_spoken_text_and_its_spans(tmp_path: Path) -> None:
    made = _with_phonemes()
    timeline.save(made, tmp_path)
    data = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert data["version"] == 3
    topic = data["topics"][1]
    assert topic["spoken_title"] == {"text": "Bones", "phonemes": [{"start": 0, "end": 5, "ipa": "boʊnz"}]}
    first, second = topic["sections"][0]["paragraphs"][0]["sentences"][:2]
    assert first["spoken"]["text"] == "Bone pain." and second["spoken"] == "It eases."
    loaded = timeline.load(tmp_path)
    assert loaded == made
    assert loaded.topics[1].sentences[0].spoken.phonemes == (PhonemeSpan(0, 4, "boʊn"),)
    assert type(loaded.topics[1].sentences[1].spoken) is SpokenText


def test_a_version_2_manifest_is_read_as_plain_words(tmp_path: Path) -> None:
    data = json.loads(timeline.to_json(small()))
    data["version"] = 2
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert timeline.load(tmp_path) == small()


def test_a_version_2_manifest_with_phoneme_markup_is_read_as_words_and_spans(tmp_path: Path) -> None:
    # Version 2 wrote a word said from phonemes as ⟦word|IPA⟧ in the words: a guide handed out
    # then opens in the player as it was, its words plain and the IPA a span again.
    data = json.loads(timeline.to_json(_with_phonemes()))
    data["version"] = 2
    topic = data["topics"][1]
    topic["spoken_title"] = "⟦Bones|boʊnz⟧"
    topic["sections"][0]["paragraphs"][0]["sentences"][0]["spoken"] = "⟦Bone|boʊn⟧ pain."
    (tmp_path / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = timeline.load(tmp_path)
    assert loaded == _with_phonemes()
    assert loaded.topics[1].spoken_title.phonemes == (PhonemeSpan(0, 5, "boʊnz"),)
    assert for_hibari(loaded.topics[1].sentences[0].spoken).startswith("[Bone](/")


@pytest.mark.parametrize(
    "spoken",
    [{"text": "Bone pain."}, {"text": "Bone pain.", "phonemes": [{"start": 0, "end": 99, "ipa": "x"}]},
     {"text": "Bone pain.", "phonemes": [{"start": "0", "end": 4, "ipa": "x"}]}, 7, None],
)  # fmt: skip
def test_spoken_text_that_is_not_words_and_spans_is_one_manifest_error(tmp_path: Path, spoken) -> None:
    data = json.loads(timeline.to_json(small()))
    data["topics"][1]["sections"][0]["paragraphs"][0]["sentences"][0]["spoken"] = spoken
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    if spoken == {"text": "Bone pain."}:  # no phonemes is words alone
        assert timeline.load(tmp_path).topics[1].sentences[0].spoken == "Bone pain."
        return
    with pytest.raises(ManifestError, match="damaged"):
        timeline.load(tmp_path)


def test_to_json_and_from_json_are_each_others_inverse() -> None:
    for said in (BONES, SpokenText("Bone pain."), SpokenText("")):
        assert from_json(json.loads(json.dumps(to_json(said)))) == said


# --- the player's phrases --------------------------------------------------------------------
def test_the_phrase_index_keys_clips_by_spoken_text_with_phonemes() -> None:
    index = _index([[to_json(BONES), 0, 10], ["Bone pain.", 10, 5]])
    assert index[BONES] == (0, 10) and index[SpokenText("Bone pain.")] == (10, 5)
    assert SpokenText("Bone metastases.") not in index  # said without the lexicon's IPA: not it
    old = _index({"Bone pain.": [0, 5]})  # version 2
    assert old[SpokenText("Bone pain.")] == (0, 5)


# --- say --word ------------------------------------------------------------------------------
def test_say_word_names_the_lexicon_ipa_and_each_word_source() -> None:
    from mbc_audio.speech.normalize import spoken_form

    lexicon = Lexicon(phonemes={"metastases": IPA})
    said = [Pronounced("metastases", "mətˈæstəsiz", PhonemeSource.LEXICON),
            Pronounced("bone", "bˈOn", PhonemeSource.DICTIONARY),
            Pronounced("ibrance", "ˈIbɹəns", PhonemeSource.GUESS)]  # fmt: skip
    lines = word_lines("metastases", lexicon, spoken_form("metastases", lexicon), "x", said)
    assert lines[0] == "Said: metastases"
    assert lines[1] == f'Decided by: the lexicon\'s [phonemes]: "metastases" is said /{IPA}/'
    assert '"bone": bˈOn, from the voice\'s dictionary' in lines[3:][1]
    assert lines[-1].startswith("A guessed word may be said wrong")
