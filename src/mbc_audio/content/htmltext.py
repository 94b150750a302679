"""Text from HTML fragments: tags dropped, scripts, styles and comments dropped with them."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements whose content is code, pictures, media or page controls, never text to be spoken.
# The importer drops the same ones from a page, with a warning for each.
SILENT = frozenset(
    {"script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "svg",
     "math", "canvas", "video", "audio", "map", "select", "button", "textarea", "dialog"}
)  # fmt: skip
_SILENT = SILENT


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SILENT:
            self.skipping.append(tag)
        elif tag == "img" and not self.skipping:
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")
        elif tag in {"br", "p", "div", "li", "tr", "td", "th"}:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """The readable text of an HTML fragment, whitespace collapsed."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


class InlineHtml:
    """Inline HTML arrives from markdown-it one tag at a time; this remembers open scripts."""

    def __init__(self) -> None:
        self.silent_depth = 0

    def tag(self, html: str) -> str:
        """Feed one inline tag; return any text it carries (the alt of an image)."""
        lowered = html.lower()
        if lowered.startswith("<!--"):
            return ""
        for tag in _SILENT:
            if lowered.startswith(f"<{tag}") and not lowered.endswith("/>"):
                self.silent_depth += 1
                if f"</{tag}" in lowered:  # opened and closed in one token
                    self.silent_depth -= 1
                return ""
            if lowered.startswith(f"</{tag}"):
                self.silent_depth = max(0, self.silent_depth - 1)
                return ""
        return html_text(html) if lowered.startswith("<img") else ""

    @property
    def silent(self) -> bool:
        return self.silent_depth > 0
