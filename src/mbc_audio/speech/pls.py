"""The lexicon as a W3C Pronunciation Lexicon (PLS 1.0), which DAISY and EPUB reading
systems read: each term a lexeme with its graphemes and an alias (the words said) or a
phoneme (IPA)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .lexicon import Lexicon

NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon"
MEDIA_TYPE = "application/pls+xml"
FILE = "lexicon.pls"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def pls_document(lexicon: Lexicon, language: str) -> bytes:
    """The PLS 1.0 document for a lexicon, in a stable order."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(
        f"{{{NAMESPACE}}}lexicon", {"version": "1.0", "alphabet": "ipa", _XML_LANG: language}
    )
    for term, words in sorted(lexicon.terms.items()):
        _lexeme(root, [term], "alias", words)
    for term, words in sorted(lexicon.terms_any_case.items()):
        _lexeme(root, _cases(term), "alias", words)
    for word, ipa in sorted(lexicon.phonemes.items()):
        _lexeme(root, _cases(word), "phoneme", ipa)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return document + b"\n"


def _lexeme(root: ET.Element, graphemes: list[str], kind: str, said: str) -> None:
    lexeme = ET.SubElement(root, f"{{{NAMESPACE}}}lexeme")
    for grapheme in graphemes:
        ET.SubElement(lexeme, f"{{{NAMESPACE}}}grapheme").text = grapheme
    ET.SubElement(lexeme, f"{{{NAMESPACE}}}{kind}").text = said


def _cases(term: str) -> list[str]:
    """A term matched in any case, as readers match graphemes: as written, lower, capitalised
    and upper case."""
    return list(
        dict.fromkeys([term, term.lower(), term[:1].upper() + term[1:].lower(), term.upper()])
    )
