"""mbc-audio say --word TERM: how the guide says a term now, rendered with a real engine."""

import shutil
import wave

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
]


def say(content, *args: str) -> list[str]:
    result = CliRunner().invoke(
        cli, ["say", "--content", str(content.root), "--engine", "system", *args]
    )
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_a_term_with_phonemes_shows_them_and_renders(content, tmp_path) -> None:
    content.write("lexicon.toml", '[phonemes]\nmetastases = "məˈtæstəsiːz"\n')
    out = tmp_path / "word.wav"
    lines = say(content, "--word", "metastases", "-o", str(out))
    assert lines[1:3] == [
        "Said: metastases",
        'Decided by: the lexicon\'s [phonemes]: "metastases" is said /məˈtæstəsiːz/',
    ]
    assert lines[3].startswith("Phonemes: ") and "t" in lines[3] and "siːz" in lines[3]
    with wave.open(str(out)) as wav:
        assert wav.getnframes() / wav.getframerate() > 0.4


@pytest.mark.parametrize(
    ("term", "said", "decided"),
    [
        ("MRI", "Said: M R I", 'Decided by: the lexicon: "MRI" is said "M R I"'),
        ("CDK4", "Said: C D K four", "Decided by: a default for letters and digits"),
        ("5 mg/kg", "Said: five milligrams per kilogram", "Decided by: the spoken-text rules"),
        ("tumor", "Said: tumor", "Decided by: the engine: no rule or lexicon entry changes it"),
    ],
)
def test_a_term_shows_what_decided_how_it_is_said(content, tmp_path, term, said, decided) -> None:
    content.write("lexicon.toml", '[terms]\nMRI = "M R I"\n')
    lines = say(content, "--word", term, "-o", str(tmp_path / "word.wav"))
    assert lines[1] == said
    assert lines[2].startswith(decided)


def test_say_needs_text_or_a_word(content) -> None:
    result = CliRunner().invoke(cli, ["say", "--content", str(content.root)])
    assert result.exit_code == 2 and "--word TERM" in result.output


def test_say_follows_the_guide_contractions_setting(content, tmp_path) -> None:
    out = str(tmp_path / "line.wav")
    assert "Said: It is not here." in say(content, "It isn't here.", "-o", out)
    guide = (content.root / "guide.toml").read_text()
    content.write("guide.toml", 'contractions = "keep"\n' + guide)
    assert not any(line.startswith("Said:") for line in say(content, "It isn't here.", "-o", out))


def test_an_unknown_contractions_setting_is_one_line_naming_the_file(content) -> None:
    guide = (content.root / "guide.toml").read_text()
    content.write("guide.toml", 'contractions = "sometimes"\n' + guide)
    result = CliRunner().invoke(cli, ["lint", "--content", str(content.root)])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        'guide.toml, line 1: contractions must be "expand" (say "isn\'t" as "is not", the default) or "keep"'
    )


@pytest.mark.skipif(__import__("importlib").util.find_spec("hibari") is None, reason="no hibari-tts")
def test_the_default_voice_tells_where_each_words_phonemes_came_from(content, tmp_path) -> None:
    content.write("lexicon.toml", '[phonemes]\nzoledronic = "zoʊlɪˈdɹɑːnɪk"\n')
    out = str(tmp_path / "word.wav")
    run = CliRunner().invoke
    result = run(cli, ["say", "--content", str(content.root), "--engine", "hibari", "--word",
                       "zoledronic", "-o", out])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '  "zoledronic": zOlɪdɹˈɑnɪk, from the guide\'s lexicon' in result.output.splitlines()
    result = run(cli, ["say", "--content", str(content.root), "--engine", "hibari", "--word",
                       "Blorvatinib acid", "-o", out])  # fmt: skip
    lines = result.output.splitlines()
    assert any(line.startswith('  "Blorvatinib": ') and line.endswith("guessed by the voice from its spelling")
               for line in lines), lines  # fmt: skip
    assert '  "acid": ˈæsəd, from the voice\'s dictionary' in lines
    assert "give it IPA under [phonemes]" in result.output
