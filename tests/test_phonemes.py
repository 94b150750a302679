"""The lexicon's [phonemes]: carried in spoken text as spans over its words, given to Piper as
IPA and to espeak-ng as its own phoneme mnemonics."""

import importlib.util
import shutil
import subprocess
import sys

import pytest

from mbc_audio.errors import ContentError
from mbc_audio.speech.lexicon import Lexicon, load_lexicon
from mbc_audio.speech.normalize import normalize
from mbc_audio.speech.phonemes import for_espeak, for_piper, ipa_to_espeak
from mbc_audio.spokentext import PhonemeSpan, SpokenText

METASTASES = "məˈtæstəsiːz"
LEXICON = Lexicon(phonemes={"metastases": METASTASES})


def test_a_word_with_phonemes_is_a_span_of_spoken_text_in_any_case() -> None:
    spoken = normalize("Metastases in 2 bones; bone metastases.", LEXICON)
    assert spoken.text == "Metastases in two bones; bone metastases."
    assert spoken.phonemes == (PhonemeSpan(0, 10, METASTASES), PhonemeSpan(30, 40, METASTASES))
    assert spoken == SpokenText(spoken.text, spoken.phonemes) != spoken.text
    assert for_piper(spoken) == f"[[{METASTASES}]] in two bones; bone [[{METASTASES}]]."
    assert for_espeak(spoken) == "[[m@'tast@si:z]] in two bones; bone [[m@'tast@si:z]]."


def test_only_whole_words_take_phonemes() -> None:
    said = normalize("Metastasesless text.", LEXICON)
    assert said == "Metastasesless text." and not said.phonemes


def test_phonemes_are_read_from_lexicon_toml(tmp_path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(f'[terms]\nCT = "C T"\n\n[phonemes]\nmetastases = "{METASTASES}"\n', "utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.phonemes == {"metastases": METASTASES}
    said = normalize("CT shows metastases.", lexicon)
    assert said.text == "C T shows metastases." and said.phonemes == (PhonemeSpan(10, 20, METASTASES),)


@pytest.mark.parametrize("ipa", ["m@t'ast@si:z", "mə[tæ]", "m3t"])
def test_phonemes_that_are_not_ipa_are_refused_with_their_line(tmp_path, ipa: str) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(f'[phonemes]\nbone = "boʊn"\nmetastases = "{ipa}"\n', "utf-8")
    with pytest.raises(ContentError, match="must be IPA letters and marks") as raised:
        load_lexicon(path)
    assert raised.value.line == 3


@pytest.mark.integration
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(
    "word", ["metastases", "chair", "measure", "oncologist", "tamoxifen", "four", "about", "going"]
)
def test_ipa_converted_for_espeak_reads_back_as_the_same_ipa(word: str) -> None:
    def ipa_of(text: str) -> str:
        out = subprocess.run(["espeak-ng", "-q", "--ipa", "-v", "en-us", text],
                             capture_output=True, text=True, check=True)  # fmt: skip
        return out.stdout.strip()

    ipa = ipa_of(word)
    assert ipa_of(f"[[{ipa_to_espeak(ipa)}]]") == ipa


@pytest.mark.integration
@pytest.mark.skipif(importlib.util.find_spec("piper") is None, reason="piper-tts is not installed")
def test_piper_is_given_the_lexicon_phonemes() -> None:
    from mbc_audio.tts.piper import PiperEngine

    engine = PiperEngine(None, 160)
    given: list[list[list[str]]] = []
    phonemize = engine._voice.phonemize
    engine._voice.phonemize = lambda text: given.append(phonemize(text)) or given[-1]  # type: ignore[method-assign]

    plain = engine.synthesize(normalize("Bone metastases.")) and given.pop()
    with_ipa = engine.synthesize(normalize("Bone metastases.", LEXICON)) and given.pop()
    said = lambda phonemes: "".join("".join(p) for p in phonemes)  # noqa: E731
    assert METASTASES in said(with_ipa)
    assert METASTASES not in said(plain) and said(plain) != said(with_ipa)
    assert said(with_ipa).startswith(said(plain).split(" ")[0])  # "bone" as espeak-ng says it


@pytest.mark.integration
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
@pytest.mark.skipif(sys.platform != "linux", reason="the system voice is espeak-ng on Linux only")
def test_the_system_voice_is_given_espeak_phonemes(monkeypatch) -> None:
    from mbc_audio.tts import system

    engine = system.SystemEngine(None, 160)
    given: list[str] = []
    espeak_ng = system._espeak_ng
    monkeypatch.setattr(
        system, "_espeak_ng", lambda text, *a: given.append(text) or espeak_ng(text, *a)
    )

    plain = engine.synthesize(normalize("Bone metastases."))
    with_ipa = engine.synthesize(normalize("Bone metastases.", LEXICON))
    assert given == ["Bone metastases.", "Bone [[m@'tast@si:z]]."]
    # espeak-ng says the same samples for the same input: the mnemonics are what it said.
    assert with_ipa == engine.synthesize("Bone [[m@'tast@si:z]].") != plain
    assert engine.phonemes(normalize("metastases", LEXICON)) == "mətˈæstəsiːz"


def test_an_unknown_lexicon_table_is_still_refused(tmp_path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text('[phoneme]\nbone = "boʊn"\n', "utf-8")
    with pytest.raises(ContentError, match="phoneme"):
        load_lexicon(path)
