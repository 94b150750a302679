"""The lexicon as W3C PLS 1.0."""

from lxml import etree

from mbc_audio.fsio import write_bytes_atomic
from mbc_audio.speech.lexicon import Lexicon, load_lexicon
from mbc_audio.speech.pls import NAMESPACE, pls_document

NS = {"p": NAMESPACE}
LEXICON = Lexicon(
    terms={"MRI": "M R I", "PET": "pet", "U.S.": "U S"},
    terms_any_case={"e.g.": "for example"},
    phonemes={"metastases": "məˈtæstəsiːz"},
)


def lexemes(path) -> list[tuple[list[str], str, str]]:
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{NAMESPACE}}}lexicon"
    assert root.get("version") == "1.0" and root.get("alphabet") == "ipa"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"
    found = []
    for lexeme in root.findall("p:lexeme", NS):
        graphemes = [g.text for g in lexeme.findall("p:grapheme", NS)]
        said = lexeme.find("p:alias", NS)
        kind = "alias"
        if said is None:
            said, kind = lexeme.find("p:phoneme", NS), "phoneme"
        found.append((graphemes, kind, said.text))
    return found


def test_every_term_is_a_lexeme_with_its_alias_or_phoneme(tmp_path) -> None:
    path = tmp_path / "lexicon.pls"
    write_bytes_atomic(path, pls_document(LEXICON, "en-US"))
    assert lexemes(path) == [
        (["MRI"], "alias", "M R I"),
        (["PET"], "alias", "pet"),
        (["U.S."], "alias", "U S"),
        (["e.g.", "E.g.", "E.G."], "alias", "for example"),
        (["metastases", "Metastases", "METASTASES"], "phoneme", "məˈtæstəsiːz"),
    ]
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert [p.name for p in tmp_path.iterdir()] == ["lexicon.pls"]  # no temporary file left


def test_the_shipped_lexicon_exports_whole(tmp_path) -> None:
    from tests.conftest import CONTENT

    lexicon = load_lexicon(CONTENT / "lexicon.toml")
    write_bytes_atomic(tmp_path / "lexicon.pls", pls_document(lexicon, "en-US"))
    terms = len(lexicon.terms) + len(lexicon.terms_any_case) + len(lexicon.phonemes)
    assert len(lexemes(tmp_path / "lexicon.pls")) == terms


def test_the_recorded_lexicon_keeps_its_phonemes(tmp_path) -> None:
    from dataclasses import replace

    from mbc_audio import timeline as tl
    from mbc_audio.speech.normalize import normalize
    from mbc_audio.spokentext import PhonemeSpan
    from tests import timelines

    made = timelines.small()
    lexicon = Lexicon({"MRI": "M R I"}, phonemes={"metastases": "məˈtæstəsiːz", "CDK4": "si"},
                      reviewed=frozenset({"Okafor"}))  # fmt: skip
    tl.save(replace(made, build=replace(made.build, lexicon=lexicon)), tmp_path)
    written = (tmp_path / tl.MANIFEST).read_text("utf-8")
    # Tables as sorted [term, spoken] pairs; lint's reviewed words stay out of the manifest.
    assert '"phonemes":[["CDK4","si"],["metastases","məˈtæstəsiːz"]]' in written
    assert '"reviewed"' not in written and "Okafor" not in written
    recorded = tl.load(tmp_path).build.lexicon
    assert recorded == lexicon and recorded.reviewed == frozenset()
    assert "Okafor" not in repr(lexicon)  # the build hashes its repr: no set, in no fixed order
    said = normalize("MRI shows metastases.", recorded)
    assert said.text == "M R I shows metastases."
    assert said.phonemes == (PhonemeSpan(12, 22, "məˈtæstəsiːz"),)
