"""Spoken text never loses meaning silently: signs, invisible characters, bidi controls, the
engine's own phoneme syntax, strikethrough, lexicon phonemes the voice cannot say, a document
listed twice. The cases where the sound is the question are heard through espeak-ng."""

from __future__ import annotations

import importlib.util
import shutil

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.parse import load_guide
from mbc_audio.errors import ContentError
from mbc_audio.speech.lexicon import load_lexicon
from mbc_audio.speech.normalize import normalize, spoken_form
from mbc_audio.speech.phonemes import ENGLISH_IPA

espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The score fell to -2.", "The score fell to minus two."),
        ("Store it at −20 °C.", "Store it at minus twenty degrees Celsius."),
        ("Lose -3 kg.", "Lose minus three kilograms."),
        ("It goes from -5 to 5.", "It goes from minus five to five."),
        ("Between -10 and -5.", "Between minus ten and minus five."),
        ("It was (-0.5).", "It was (minus zero point five)."),
    ],
)
def test_a_sign_before_a_number_is_said(text: str, said: str) -> None:
    assert normalize(text) == said


@pytest.mark.parametrize(
    "text", ["Call 1-800-555-0199.", "CA 15-3 is a marker.", "Take 2-3 tablets.", "On 2024-01-05."]
)
def test_a_hyphen_between_numbers_is_not_a_sign(text: str) -> None:
    assert "minus" not in normalize(text)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Use the in\u200dhaler.", "Use the inhaler."),
        ("Take the medi\u00adcation.", "Take the medication."),
        ("One pi\u200bll a day.", "One pill a day."),
        ("Take \u202e01 mg.", "Take one milligrams."),
        ("A \u2066word\u2069 here.", "A word here."),
    ],
)
def test_invisible_characters_never_split_or_reorder_words(text: str, said: str) -> None:
    assert normalize(text) == said


def test_an_emoji_sequence_keeps_its_joiner_and_is_noted_as_one_symbol() -> None:
    spoken = spoken_form("See the nurse \U0001f469\u200d\u2695\ufe0f today.")
    assert spoken.text == "See the nurse today."
    assert [n.token for n in spoken.notes] == ["\U0001f469\u200d\u2695"]


def test_the_engines_phoneme_syntax_is_text() -> None:
    assert "[[" not in normalize("Take [[t'En]] tablets.")
    assert "]]" not in normalize("Take [[[t'En]]] tablets.")


def test_a_tilde_that_is_not_about_a_number_is_never_about() -> None:
    assert "about" not in normalize("Do ~~not~~ take it.")
    assert normalize("Take ~5 mg.") == "Take about five milligrams."


def test_a_number_too_long_to_say_is_said_digit_by_digit_and_noted() -> None:
    spoken = spoken_form("The code is " + "9" * 307 + ".")
    assert spoken.text.split()[3:6] == ["nine", "nine", "nine"]
    assert any(n.kind == "long number" for n in spoken.notes)
    assert "one" in normalize("1" * 5000 + "th place")


def test_lint_names_invisible_characters_and_strikethrough(content) -> None:
    content.leaflet(
        "## Topic\n\nUse the in\u200dhaler.\n\nDo ~~not~~ take it.\n\n"
        "## Only\x07 section\x1b\n\nIt is \u202e01 mg.\n"
    )
    guide = load_guide(content.root)
    topic = guide.parts[0].topics[0]
    assert [s.text for s in topic.sentences] == ["Use the inhaler.", "Do not take it."]
    assert [s.spoken for s in topic.sentences] == ["Use the inhaler.", "Do not take it."]
    assert guide.parts[0].topics[1].title == "Only section"
    result = CliRunner().invoke(cli, ["lint", "--content", str(content.root)])
    lines = result.output.splitlines()
    assert any("line 7" in ln and "U+200D ZERO WIDTH JOINER" in ln for ln in lines), lines
    assert any("line 9" in ln and "struck-through" in ln for ln in lines), lines
    assert any("line 11" in ln and "U+0007" in ln for ln in lines), lines
    assert any("line 13" in ln and "U+202E RIGHT-TO-LEFT OVERRIDE" in ln for ln in lines), lines
    assert not any(c in result.output for c in "\x07\x1b\u202e\u200d")


def test_lint_never_prints_a_control_character(content) -> None:
    content.write("lexicon.toml", "[terms]\n\"A\\u001b[2J\" = \"a\"\n")
    content.leaflet("## Topic\n\nThe \u202eword\u202c ZZQ\x1b[31m here:\n\n## Next\x07\n\nIt \x1b[2J ends.\n")
    result = CliRunner().invoke(cli, ["lint", "--content", str(content.root)])
    assert "list that is not there" in result.output  # the sentence is quoted
    assert not any(ord(c) < 32 and c != "\n" for c in result.output), repr(result.output)
    assert "\u202e" not in result.output


@pytest.mark.parametrize("ipa", ["ʘǃǂ", "ɬɪ", "ɣa", "ˈ", "ˈː"])
def test_a_lexicon_entry_the_voice_cannot_say_is_refused_with_its_line(content, ipa) -> None:
    path = content.write("lexicon.toml", f'[phonemes]\nmetastases = "məˈtæstəsiːz"\nscan = "{ipa}"\n')
    with pytest.raises(ContentError) as caught:
        load_lexicon(path, ENGLISH_IPA)
    assert caught.value.line == 3
    assert '"scan"' in str(caught.value)


def test_lint_refuses_an_unsayable_lexicon_entry_for_the_guides_voice(content) -> None:
    content.write("lexicon.toml", '[phonemes]\nscan = "ʘǃǂ"\n')
    result = CliRunner().invoke(cli, ["lint", "--content", str(content.root)])
    assert result.exit_code == 2
    assert "lexicon.toml, line 2" in result.output and "U+0298" in result.output


@pytest.mark.parametrize("engine", ["hibari", "system"])
@pytest.mark.parametrize("ipa", ["ʘǃǂ", "ɬɪ", "ɣa", "ˈ"])
def test_lint_and_build_refuse_an_unsayable_lexicon_entry_for_each_voice(
    content, tmp_path, engine: str, ipa: str
) -> None:
    """"A CT scan can help." said "A C T can help": the guide's voice (hibari by default) is
    asked what it can say when the lexicon is read, so the build stops before rendering."""
    if engine == "hibari" and importlib.util.find_spec("hibari") is None:
        pytest.skip("hibari is not installed")
    content.write("guide.toml", (content.root / "guide.toml").read_text().replace(
        'engine = "system"', f'engine = "{engine}"'))  # fmt: skip
    content.leaflet("## Scans\n\nA CT scan can help.\n")
    content.write("lexicon.toml", f'[phonemes]\nscan = "{ipa}"\n')
    for command in (["lint"], ["build", "--out", str(tmp_path / "dist"), "--cache", str(tmp_path / "c")]):
        result = CliRunner().invoke(cli, [*command, "--content", str(content.root)])
        assert result.exit_code == 2, result.output
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "Traceback" not in result.output, result.output
        assert "lexicon.toml, line 2" in errors[0] and '"scan"' in errors[0]
    assert not list((tmp_path / "dist").glob("*"))  # nothing rendered, nothing built


@pytest.mark.parametrize(
    "listed",
    [
        '["leaflet.md", "./leaflet.md"]',
        '["leaflet.md", "leaflet.md"]',
        '["sub/./a.md", "sub//a.md"]',
        '["leaflet.md", "link.md"]',
    ],
)
def test_a_document_listed_twice_is_refused(content, listed: str) -> None:
    (content.root / "sub").mkdir()
    (content.root / "sub" / "a.md").write_text((content.root / "leaflet.md").read_text())
    (content.root / "link.md").symlink_to("leaflet.md")
    text = (content.root / "guide.toml").read_text().replace('["leaflet.md"]', listed)
    content.write("guide.toml", text)
    result = CliRunner().invoke(cli, ["lint", "--content", str(content.root)])
    assert result.exit_code == 2
    assert "guide.toml" in result.output and "list each file once" in result.output


@espeak
@pytest.mark.integration
def test_the_minus_sign_is_heard() -> None:
    from mbc_audio.tts.system import SystemEngine

    engine = SystemEngine(None, 160)
    negative = engine.synthesize(normalize("The score fell to -2."))
    positive = engine.synthesize(normalize("The score fell to 2."))
    assert negative != positive
    assert "mˈaɪnəs" in (engine.phonemes(normalize("Store it at −20 °C.")) or "")


@espeak
@pytest.mark.integration
def test_phoneme_syntax_in_the_text_is_not_obeyed_by_espeak() -> None:
    from mbc_audio.tts.system import SystemEngine

    engine = SystemEngine(None, 160)
    said = engine.phonemes(normalize("Take [[t'En]] tablets.")) or ""
    obeyed = engine.phonemes("Take ten tablets.") or ""
    assert said and said != obeyed


@espeak
@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Use the in\u200dhaler.", "Use the inhaler."),
        ("Take the medi\u00adcation.", "Take the medication."),
        ("One pi\u200bll a day.", "One pill a day."),
        ("One pi\ufeffll a day.", "One pill a day."),
        ("Take \u202e01\u202c mg.", "Take 01 mg."),
    ],
)
def test_a_word_with_an_invisible_character_is_heard_as_one_word(text: str, plain: str) -> None:
    from mbc_audio.tts.system import SystemEngine

    engine = SystemEngine(None, 160)
    heard = engine.phonemes(normalize(text))
    assert heard and heard == engine.phonemes(normalize(plain))


@espeak
@pytest.mark.integration
def test_a_number_too_long_to_say_passes_lint_outline_and_build(content, tmp_path) -> None:
    """A 307-digit number raised OverflowError in lint, outline and build."""
    content.leaflet("## Codes\n\nThe code is " + "9" * 307 + ". Keep it safe.\n")
    for command in (["lint"], ["outline"],
                    ["build", "--out", str(tmp_path / "dist"), "--cache", str(tmp_path / "c")]):  # fmt: skip
        result = CliRunner().invoke(cli, [*command, "--content", str(content.root)])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "Overflow" not in result.output, result.output
    linted = CliRunner().invoke(cli, ["lint", "--content", str(content.root)]).output
    assert "has 307 digits" in linted and "U+0039" not in linted and len(linted) < 1000, linted
    assert list((tmp_path / "dist").glob("*/0*-codes.mp3"))
