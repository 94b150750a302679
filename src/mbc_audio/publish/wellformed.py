"""Whether published XML parses: one malformed file (a control character in a title) and the
DAISY player, the reading app or the podcast app shows nothing. `mbc-audio check` parses every
XML file of a published folder with this, and the EPUB's check every XML member of the book."""

from __future__ import annotations

from xml.etree import ElementTree

# What a reading system parses as XML (ncc.html too, which says so in its first bytes).
XML_ENDINGS = (".xml", ".smil", ".opf", ".ncx", ".xhtml", ".pls")


def xml_problem(data: bytes) -> str | None:
    """Why data is not well-formed XML, or None. Python's expat refuses entity expansion
    attacks, and no external entity or DTD is fetched."""
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return str(error)
    return None
