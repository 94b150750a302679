"""`mbc-audio new DIR`: the start of a clinic's own guide, with its own title, publisher, version
and date, an empty lexicon, and no documents (the clinic imports its own leaflets)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, ContentFileError, os_error_advice
from .config import GUIDE_FILE, LEXICON_FILE
from .files import write_text_atomic
from .slug import slugify


@dataclass(frozen=True)
class NewGuide:
    title: str
    publisher: str
    version: str = "1.0"
    date: dt.date | None = None  # of this edition; today when None
    language: str = "en-US"


def _quoted(text: str) -> str:
    """A TOML basic string (JSON's escaping is TOML's for these characters)."""
    return json.dumps(text, ensure_ascii=False)


def guide_toml(guide: NewGuide, today: dt.date, folder: str = "content") -> str:
    day = (guide.date or today).isoformat()
    return f"""\
# The guide: its title, who publishes it, this edition, the documents in reading order, and what
# the voice says at the start and the end. Text is Markdown; keep sentences short.

id = {_quoted(slugify(guide.title) or "guide")}
title = {_quoted(guide.title)}
publisher = {_quoted(guide.publisher)}
language = {_quoted(guide.language)}
# This edition: the version names the published zip; the date is when it was released.
version = {_quoted(guide.version)}
date = {day}

# The leaflets, in the order they are heard. Import each one with
#   mbc-audio import leaflet.docx --out {folder}
# then read the draft and add its file name here, such as "bone-metastases.md".
documents = [
]

# {{parts}} is said as the number of documents: "two parts".
opening = \"\"\"
Welcome to {guide.title}, an audio guide from {guide.publisher} in {{parts}}.

Each topic is its own track, and each track has chapters for its sections and paragraphs.

This guide gives general information.
It does not replace advice from your own doctor and care team, who know your situation.
\"\"\"

closing = \"\"\"
Ask your care team about anything in this guide that you want to know more about.
This is the end of the guide.
\"\"\"

[voice]
# "auto" uses the best voice installed; mbc-audio voices lists them.
engine = "auto"
rate_wpm = 160
"""


LEXICON_TOML = """\
# How the voice says words it would otherwise guess at. mbc-audio lint lists them; hear one with
#   mbc-audio say --word WORD
# The shipped medical lexicon already says common drug names, brands, tests and conditions;
# an entry here overrides it. Have a second person listen to every entry added.

# Words checked by ear and said right as they are: lint no longer reports them.
reviewed = []

[terms]
# Matched in this case:  OCN = "O C N"

[terms_any_case]
# Matched in any case:  "b.i.d." = "twice a day"

[phonemes]
# Said from IPA:  Okafor = "oʊˈkɑːfɔːɹ"
"""


def start_guide(folder: Path, guide: NewGuide, today: dt.date | None = None) -> list[Path]:
    """Write the guide's guide.toml and lexicon.toml into folder; refuse to replace either."""
    targets = [folder / GUIDE_FILE, folder / LEXICON_FILE]
    for path in targets:
        if path.exists() or path.is_symlink():
            raise ContentError(
                "already exists; choose a new folder for the new guide", path
            )
    if folder.exists() and not folder.is_dir():
        raise ContentFileError("is a file; give a folder for the new guide", folder)
    texts = [guide_toml(guide, today or dt.date.today(), folder.as_posix()), LEXICON_TOML]
    try:
        for path, text in zip(targets, texts, strict=True):
            write_text_atomic(path, text)
    except OSError as e:
        raise ContentFileError(
            f"cannot write the new guide: {os_error_advice(e, 'another folder')}", folder
        ) from None
    return targets
