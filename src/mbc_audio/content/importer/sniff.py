"""Reading a document to import: text it can use, or one line saying how to get some.

PDF and Word (.docx) files have readers of their own (pdf.py, word.py); other word processors
are refused by their first bytes, whatever the file is called
(an ASCII-only PDF decodes as text and would be imported as garbage), and by their name.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from ...errors import ContentError, ContentFileError
from ...fsio import unix_lines, utf8_text

_SAVE_AS = "save it as text or HTML first"
MAX_BYTES = 64 << 20  # a handbook is a few megabytes; the parser is measured on ten
# The first bytes of formats people are likely to hand over, and what to call them.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"%!PS", "a PostScript document"),
    (b"{\\rtf", "an RTF document"),
    (b"PK\x03\x04", "a zip archive (a .docx, .odt, .pages or .epub file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Office document"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\x1f\x8b", "a compressed file"),
)
_NAMES = {
    ".pdf": "a PDF document",
    ".doc": "a Word document",
    ".docx": "a Word document",
    ".odt": "an OpenDocument text",
    ".rtf": "an RTF document",
    ".pages": "a Pages document",
    ".epub": "an EPUB book",
    ".xls": "a spreadsheet",
    ".xlsx": "a spreadsheet",
    ".ods": "a spreadsheet",
    ".ppt": "a presentation",
    ".pptx": "a presentation",
}
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Control characters other than tab, line feed and carriage return (a form feed ends a page).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def binary_document(path: Path) -> bytes | None:
    """The bytes of a PDF or Word (.docx) file, which have readers of their own; None for any
    other file (read_document reads it, or says why it cannot)."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as file:
            head = file.read(8)
            if not (head.startswith(b"%PDF-") or head.startswith(b"PK\x03\x04")
                    or path.suffix.lower() in (".pdf", ".docx")):  # fmt: skip
                return None
            data = head + file.read(MAX_BYTES)
    except OSError:
        return None  # read_document names the fault
    if len(data) > MAX_BYTES:
        return None
    from .pdf import is_pdf
    from .word import is_word

    return data if is_pdf(data) or is_word(data) else None


def read_document(path: Path) -> str:
    """The document's text, with Windows line ends, a byte-order mark and page breaks undone."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise ContentFileError("is a device or pipe, not a document file", path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ContentFileError("not found; check the name", path) from None
    except IsADirectoryError:
        raise ContentFileError("is a folder, not a document file", path) from None
    except OSError as e:
        raise ContentFileError(f"cannot be read ({e.strerror})", path) from None
    if len(data) > MAX_BYTES:
        raise ContentError(
            f"is larger than {MAX_BYTES >> 20} MB, more than any leaflet; split it and import "
            "the parts",
            path,
        )
    kind = _format_of(data, path.suffix.lower())
    if kind:
        raise ContentError(f"is {kind}, not text; {_SAVE_AS}", path)
    text = _decoded(data, path)
    if not text.strip():
        raise ContentError("is empty; there is nothing to import", path)
    return text.replace("\f", "\n\n")


def _decoded(data: bytes, path: Path) -> str:
    """UTF-8, or an HTML page in the character set its <meta> names; anything else is refused
    with the line it fails on."""
    try:
        return utf8_text(data, path)
    except ContentError:
        declared = _CHARSET.search(data[:4096])
        if declared:
            with contextlib.suppress(LookupError, UnicodeDecodeError):
                return unix_lines(data.decode(declared.group(1).decode("ascii")))
        raise


def _format_of(data: bytes, suffix: str) -> str | None:
    """What the file is when it is not a text document, or None."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return _NAMES.get(suffix, kind)  # a .docx is a zip archive; call it a Word document
    if suffix in _NAMES:
        return _NAMES[suffix]
    sample = data[:8192].decode("latin-1")  # one character a byte, whatever the encoding
    controls = len(_CONTROL.findall(sample))
    if b"\x00" in data[:8192] or controls > max(8, len(sample) // 100):
        return "a binary file"
    return None


def control_characters(text: str) -> tuple[str, list[int]]:
    """The text without control characters, and the lines that held any."""
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in _CONTROL.finditer(text)})
    return _CONTROL.sub("", text), lines
