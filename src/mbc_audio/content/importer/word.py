"""Word (.docx) documents into HTML, which the HTML reader then reads like any web page.

mammoth is chosen because it reads a document's meaning rather than its looks: headings by
their style (Title and Heading 1-6), lists as nested <ul>/<ol>, tables as tables, bold as
<strong>; it drops fonts, colours and page layout, which a spoken guide has no use for. It is
pure Python, kept up since 2013, and BSD-licensed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ...errors import ContentError

# Word's own styles beyond mammoth's defaults: the Title style is the document's title, and a
# Subtitle is a paragraph; a style of a clinic's template that names a heading reads as one.
_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
"""
# When a document uses Heading 1 for its topics and has a Title, the Title is <h1> and the
# topics <h2>; without a Title the first Heading 1 is the title (as a web page's first <h1>).
_WITHOUT_TITLE = """
p[style-name='Subtitle'] => p:fresh
"""


def is_word(data: bytes) -> bool:
    """Whether the bytes are a .docx file: a zip holding word/document.xml."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def word_html(data: bytes, path: Path) -> str:
    """The document as HTML; one line naming the file when it cannot be read."""
    import mammoth

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = archive.read("word/styles.xml").decode("utf-8", "replace") \
                if "word/styles.xml" in archive.namelist() else ""
            body = archive.read("word/document.xml").decode("utf-8", "replace")
        style_map = _STYLE_MAP if _uses_title(styles, body) else _WITHOUT_TITLE
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=style_map)
    except Exception as e:  # noqa: BLE001 - mammoth and its XML parser raise many kinds
        raise ContentError(
            f"is a damaged Word document ({type(e).__name__}); open it in Word and save it again",
            path,
        ) from None
    return f"<!doctype html><html><body>{result.value}</body></html>"


def _uses_title(styles: str, body: str) -> bool:
    """Whether the document has a paragraph in Word's Title style."""
    return '<w:pStyle w:val="Title"/>' in body or (
        'w:styleId="Title"' in styles and 'w:val="Title"' in body
    )
