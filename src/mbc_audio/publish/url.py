"""The --base-url of a publish: the web folder every absolute link in the feed and handout uses.

urllib.parse splits the address; it is lenient (it keeps spaces, quotes and credentials, and
silently drops tabs and newlines), so what it lets through is checked here.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit, urlunsplit

from ..errors import UsageError

_EXAMPLE = "as in --base-url https://clinic.example.org/mbc-guide/"
# Characters that never belong in an address written as it is into XML, HTML and a QR code.
_UNSAFE = re.compile(r"[\s\"'<>`\\{}|^\x00-\x1f\x7f-\x9f]")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# What may stay in a path as it is (RFC 3986 pchar and "/"); anything else is percent-encoded.
_PATH_SAFE = "/%:@!$&()*+,;=-._~"


def base_url_of(value: str | None) -> str | None:
    """The web address the guide will be served from, ending in a slash; None when not given.

    Only http and https, with a host, and nothing a folder's address has no use for: no
    user:password@, no ?query, no #fragment, no spaces, quotes or control characters.
    A host in another script is written in its ASCII (IDNA) form, a path's letters encoded.
    """
    if value is None:
        return None
    url = value.strip(" ")  # spaces around a pasted address; a space or newline inside is refused
    unsafe = _UNSAFE.search(url)
    problem = f"holds {_describe(unsafe.group())}" if unsafe else None
    try:
        parts = urlsplit(url)
        problem = problem or _problem(url, parts.scheme, parts.netloc, parts.query, parts.fragment)
        host = None if problem else _ascii_host(parts.hostname or "")
        port = parts.port  # a port that is not a number from 0 to 65535 raises ValueError
    except ValueError:
        problem, host, port = problem or "has a port that is not a number up to 65535", None, None
    if problem or host is None:
        raise UsageError(
            f"--base-url {_printable(value)} {problem or 'has no valid host name'}; "
            f"give the folder's full address, {_EXAMPLE}"
        )
    netloc = host + (f":{port}" if port is not None else "")
    path = quote(parts.path, safe=_PATH_SAFE).rstrip("/") + "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, "", ""))


def _problem(url: str, scheme: str, netloc: str, query: str, fragment: str) -> str | None:
    if scheme.lower() not in ("http", "https"):
        return "is not a web address starting with https:// or http://"
    if "@" in netloc:
        return "holds a user name or password (before an @), which a published address must not"
    if not netloc or netloc.endswith(":"):
        return (
            "has no host name after the //" if not netloc else "has an empty port after the colon"
        )
    if query or "?" in url:
        return "has a query (?...), which a folder's address has no use for"
    if fragment or "#" in url:
        return "has a fragment (#...), which a folder's address has no use for"
    return None


def _ascii_host(hostname: str) -> str | None:
    """The host as it goes into a link (an IDNA name or an IP address), or None if it is none."""
    try:
        address = ipaddress.ip_address(hostname)
        return f"[{address}]" if address.version == 6 else str(address)
    except ValueError:
        pass
    try:
        ascii_name = hostname.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_name.split(".")
    if not ascii_name or len(ascii_name) > 253 or not all(_LABEL.fullmatch(x) for x in labels):
        return None
    return ascii_name


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    if char in "\"'`":
        return "a quote"
    if char in "\r\n":
        return "a line break"
    if char == "\t":
        return "a tab"
    if char.isspace() or not char.isprintable():
        return f"a control character (U+{ord(char):04X})"
    return f'the character "{char}", which an address cannot'


def _printable(value: str) -> str:
    """The value as given, in quotes, on one line (a newline shown as \\n)."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)
    return f'"{shown}"'
