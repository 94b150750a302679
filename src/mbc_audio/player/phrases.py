"""What the player says in its own words, rendered into the guide at build time
(build/phrases.py) so that every announcement is composed from ready clips
(timeline/phrases.py's Clips) and the player needs no speech engine to start.

A phrase is one piece of a Line (lines.py) as spoken: the player's fixed words, numbers, times,
speeds, volumes, level names, letters, key names and help, and the guide's titles from the
timeline's spoken fields. phrase_texts is declared to the build under the entry point group
mbc_audio.phrases (pyproject.toml): the build sits below the player and does not import it.
Only free text (search words, typed names, a sentence read with E) is rendered live.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..spokentext import SpokenText
from ..timeline import Timeline
from . import wording
from .actions import DEFAULT_KEYS, TABLE, Group
from .app import Listening
from .core import Core
from .finding import GoTo, Search
from .helping import Describe, Help
from .keys import NAMED, key_name
from .lines import Words
from .lists import Bookmarks, Contents
from .marks import Name, Note
from .modes import character_phrases
from .navigation import Level
from .notice import Notice
from .state import SPEEDS, VOLUMES


def fixed_phrases() -> list[str]:
    """Every fixed phrase the player says: the core's, each mode's and each action's (the
    action table says which, actions.py); tests check that none is missing."""
    modes = (Listening, Contents, Bookmarks, Search, GoTo, Name, Note, Help, Describe, Notice)
    found = [*Core.PHRASES, *(p for mode in modes for p in mode.PHRASES)]
    return found + [p for action in TABLE for p in action.phrases]


def phrase_texts(timeline: Timeline) -> list[SpokenText]:
    """The spoken text of every phrase, each once, in a stable order."""
    words = Words(timeline.build.lexicon)
    said = [words.fixed(text).spoken for text in _displays(timeline)]
    topics = {t.id: t for t in timeline.topics}
    said += [topics[t.topic_id].spoken_title for t in timeline.tracks]
    said += [p.spoken_title or SpokenText(p.title) for p in timeline.parts]
    said += [s.spoken_title or SpokenText(s.title or "") for t in timeline.topics for s in t.sections]
    return list(dict.fromkeys(s for s in said if s))


def _displays(timeline: Timeline) -> Iterator[str]:
    """The player's own words as shown, before the guide's normaliser makes them speech."""
    tracks, parts = len(timeline.tracks), max(len(timeline.parts), 1) + 2
    total_minutes = sum(t.duration_ms for t in timeline.tracks) // 60_000 + 1
    yield from fixed_phrases()
    yield timeline.guide.title or "the guide"
    yield from (wording.topic_of(n, tracks) for n in range(1, tracks + 1))
    yield from (wording.part_of(n, parts) for n in range(1, parts + 1))
    yield from (f"part {n}" for n in range(1, parts + 1))
    yield from (str(n) for n in range(max(tracks, total_minutes, 60) + 1))
    yield from wording.UNITS
    yield from (
        wording.speed(t / 10) for t in range(round(SPEEDS[0] * 10), round(SPEEDS[1] * 10) + 1)
    )
    yield from (
        wording.volume(v / 10) for v in range(round(VOLUMES[0] * 10), round(VOLUMES[1] * 10) + 1)
    )
    yield from (wording.level(level.word) for level in Level)
    yield from character_phrases()
    yield from (f"group {n} of {len(Group)}" for n in range(1, len(Group) + 1))
    yield from (f"Keys, {group}" for group in Group)
    yield from (action.help for action in TABLE)
    yield from (action.brief for action in TABLE)
    yield from sorted({key_name(key) for key in [*DEFAULT_KEYS, *NAMED]})
    yield from (t.notice for t in timeline.topics if t.notice)
    yield from (" or ".join(names) for names in _key_lists())


def _key_lists() -> list[list[str]]:
    found: dict[str, list[str]] = {}
    for key, action in DEFAULT_KEYS.items():
        found.setdefault(action, []).append(key_name(key))
    return list(found.values())
