"""lint lists the words the default voice (hibari) would guess from its letter-to-sound model,
and leaves out those its dictionaries, the guide's lexicon or the shipped medical lexicon decide."""

import tomllib

from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.speech.dictionary import voice_dictionary
from mbc_audio.speech.lexicon import Lexicon, load_lexicon
from mbc_audio.speech.medical import medical_entries, with_medical
from mbc_audio.speech.normalize import normalize
from mbc_audio.spokentext import PhonemeSpan

LEAFLET = """\
## Bone medicines

Denosumab and zoledronic acid protect the bones. Trastuzumab treats HER2-positive cancer.

Your nurse may mention glorbitamab, a made-up name.

Ask about CDK4 and Room 3B.
"""


def _lint(content, lexicon: str = "", front: str = "title: Bone medicines") -> str:
    content.write("lexicon.toml", lexicon)
    content.leaflet(LEAFLET, front)
    return CliRunner().invoke(cli, ["lint", "--content", str(content.root)]).output


def test_shipped_medical_names_are_not_reported_and_a_made_up_one_is(content) -> None:
    output = _lint(content)
    for decided in ("Denosumab", "zoledronic", "Trastuzumab"):
        assert f'"{decided}"' not in output, output
    line = next(w for w in output.splitlines() if '"glorbitamab"' in w)
    assert "leaflet.md, line 9:" in line
    assert "mbc-audio say --word glorbitamab" in line


def test_a_word_marked_reviewed_is_silent(content) -> None:
    before = _lint(content)
    assert '"CDK4"' in before and '"3B"' in before
    after = _lint(content, 'reviewed = ["glorbitamab", "CDK4", "3B"]\n')
    for word in ("glorbitamab", "CDK4", "3B"):
        assert f'"{word}"' not in after, after


def test_the_front_matter_is_read_too(content) -> None:
    output = _lint(content, front="title: Bone medicines\nreviewed_by: Dr. A. Okafor, OCN")
    assert any('"Okafor"' in w and "line 1:" in w for w in output.splitlines()), output
    assert any('"OCN"' in w and "line 1:" in w for w in output.splitlines()), output


def test_the_voice_dictionary_tells_known_words_from_guessed_ones() -> None:
    voice = voice_dictionary()
    assert voice is not None
    for known in ("cancer", "bones", "tamoxifen", "treated", "chemotherapy"):
        assert not voice.guessed(known), known
    for guessed in ("zoledronic", "Xgeva", "palbociclib", "glorbitamab"):
        assert voice.guessed(guessed), guessed


def test_the_medical_lexicon_has_its_entries_whole() -> None:
    entries = medical_entries()
    assert len(entries) >= 150
    assert len({e.word.lower() for e in entries}) == len(entries)
    for e in entries:
        assert e.ipa and "ˈ" in e.ipa, e.word
        assert e.respelling and any(c.isupper() for c in e.respelling), e.word
    # Every entry passes the same IPA check as a guide's own [phonemes].
    import mbc_audio.speech.lexicon as lexicon_module
    from mbc_audio.speech.phonemes import unsayable_for_hibari

    for e in entries:
        assert all(lexicon_module._is_ipa(c) for c in e.ipa), e.word
        assert unsayable_for_hibari(e.ipa) == [], e.word  # the default voice can say each one


def test_the_guide_lexicon_overrides_the_medical_one(tmp_path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text('[terms_any_case]\nKisqali = "kiss kah lee"\n', "utf-8")
    lexicon = with_medical(load_lexicon(path))
    assert normalize("Kisqali helps.", lexicon) == "kiss kah lee helps."
    shipped = with_medical(Lexicon())
    said = normalize("Kisqali helps.", shipped)
    assert said.text == "Kisqali helps." and said.phonemes == (PhonemeSpan(0, 7, "kɪsˈkɑːli"),)


def test_the_shipped_file_is_valid_toml_with_three_kinds() -> None:
    from importlib import resources

    text = resources.files("mbc_audio.speech").joinpath("medical.toml").read_text("utf-8")
    assert set(tomllib.loads(text)) == {"drugs", "brands", "tests_and_conditions"}


def test_an_opening_that_names_the_wrong_number_of_parts_is_warned(content) -> None:
    guide = content.root / "guide.toml"
    text = guide.read_text("utf-8")
    guide.write_text(text.replace('"Welcome to the test guide."',
                                  '"Welcome to the test guide, in two parts."'), "utf-8")  # fmt: skip
    output = CliRunner().invoke(cli, ["lint", "--content", str(content.root)]).output
    assert 'the opening says "two parts" but the guide has 1 document;' in output, output
    guide.write_text(text.replace('"Welcome to the test guide."',
                                  '"Welcome to the test guide, in {parts}."'), "utf-8")  # fmt: skip
    output = CliRunner().invoke(cli, ["lint", "--content", str(content.root)]).output
    assert "the opening says" not in output, output
