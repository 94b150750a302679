"""The timeline: manifest.json, the one source of truth for every consumer of a built guide.

`entries` holds its typed, frozen entries; `manifest` writes and reads them (versioned,
validated); `chapters` makes each track's one chapter list from its topic.
"""

from .chapters import at_levels, chapters_of
from .entries import (
    DURATION_SLACK_MS,
    PARAGRAPH_LEVEL,
    SECTION_LEVEL,
    TOPIC_LEVEL,
    BuildEntry,
    ChapterEntry,
    GuideEntry,
    ParagraphEntry,
    PartEntry,
    SectionEntry,
    SentenceEntry,
    Timeline,
    ToolsEntry,
    TopicEntry,
    TrackEntry,
    WordEntry,
)
from .manifest import (
    MANIFEST,
    SCHEMA,
    VERSION,
    load,
    save,
    sha256_of,
    to_json,
    validate,
)

__all__ = [
    "DURATION_SLACK_MS", "MANIFEST", "SCHEMA", "VERSION", "PARAGRAPH_LEVEL", "SECTION_LEVEL", "TOPIC_LEVEL",
    "BuildEntry", "ChapterEntry", "GuideEntry", "ParagraphEntry",
    "PartEntry", "SectionEntry", "SentenceEntry", "Timeline", "ToolsEntry", "TopicEntry",
    "TrackEntry", "WordEntry", "at_levels", "chapters_of", "load", "save", "sha256_of",
    "to_json", "validate",
]  # fmt: skip
