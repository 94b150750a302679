"""TOML files people edit (guide.toml, lexicon.toml): read them, refuse keys nobody reads.

A misspelt key such as `documnets` or `speeed` would otherwise do nothing at all, so every
key is checked against the file's list and the message names the line and the nearest key.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import ContentError

# Dotted table name ("" is the top level) -> the keys it may hold, or None for any key
# (the terms of a lexicon are the user's own words).
KeySchema = Mapping[str, tuple[str, ...] | None]

_TOML_LINE = re.compile(r"at line (\d+)")
_HEADER = re.compile(r"^\s*\[\[?(?P<name>[^\]]*)\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*(?P<key>[^=#\[]+?)\s*=")


def parse_toml(text: str, path: Path, advice: str) -> dict[str, Any]:
    """The file's tables; a syntax error is a ContentError with its line and the advice."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = _TOML_LINE.search(str(e))
        raise ContentError(
            f"is not valid TOML ({str(e).split(' (at')[0]}); {advice}",
            path,
            int(found.group(1)) if found else None,
        ) from None


def refuse_unknown_keys(data: Mapping[str, Any], schema: KeySchema, path: Path, text: str) -> None:
    """Raise a ContentError naming the first key that schema does not list, with its line."""
    _check_table(data, "", schema, path, text)


def _check_table(
    table: Mapping[str, Any], name: str, schema: KeySchema, path: Path, text: str
) -> None:
    allowed = schema.get(name)
    if allowed is None:
        return
    for key, value in table.items():
        dotted = f"{name}.{key}" if name else key
        if key not in allowed:
            raise ContentError(_unknown(key, name, allowed, schema), path, key_line(text, dotted))
        if isinstance(value, dict) and dotted in schema:
            _check_table(value, dotted, schema, path, text)


def _unknown(key: str, table: str, allowed: tuple[str, ...], schema: KeySchema) -> str:
    where = f"in [{table}]" if table else "at the top level"
    message = f'"{key}" is not a key mbc-audio reads {where}'
    elsewhere = [name for name, keys in schema.items() if keys and key in keys and name != table]
    close = difflib.get_close_matches(key, allowed, n=1)
    if elsewhere:
        home = f"[{elsewhere[0]}]" if elsewhere[0] else "the top level, above the first [table]"
        return f"{message}; it belongs under {home}"
    if close:
        return f'{message}; did you mean "{close[0]}"?'
    return f"{message}; use one of {', '.join(allowed)}, or remove it"


def key_line(text: str, dotted: str) -> int | None:
    """The first line that sets the key (or opens the table) named by its dotted path."""
    wanted = _components(dotted)
    table: list[str] = []
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            in_string = _toggles_string(line) != in_string
            continue
        header = _HEADER.match(line)
        if header:
            table = _components(header["name"])
            if table[: len(wanted)] == wanted:
                return number
            continue
        key = _KEY.match(line)
        if key and (table + _components(key["key"]))[: len(wanted)] == wanted:
            return number
        in_string = _toggles_string(line)
    return None


def _components(dotted: str) -> list[str]:
    # Spaces inside the quotes too: a key "cancer " is found where a message names it.
    return [part.strip().strip("\"'").strip() for part in dotted.split(".")]


def _toggles_string(line: str) -> bool:
    """Whether the line opens a multi-line string that it does not close."""
    return (line.count('"""') + line.count("'''")) % 2 == 1
