"""Small timelines written by hand, for tests that need no audio."""

from __future__ import annotations

from mbc_audio.timeline import (
    ChapterEntry,
    ParagraphEntry,
    PartEntry,
    SectionEntry,
    SentenceEntry,
    Timeline,
    TopicEntry,
    TrackEntry,
    validate,
)


def topic(number, title, sections, end, part_id=None, notice=None):
    """A topic and its track. sections: (heading or None, start_ms, [paragraph texts, each a list
    of sentences or one sentence]); sentences are 3 s long with 0.5 s between them."""
    file = f"{number:02d}-t.mp3"
    built, at = [], 2000
    for s_number, (heading, start, paragraphs) in enumerate(sections):
        at = max(at, start + (1500 if heading else 0))
        made = []
        for b_number, texts in enumerate(paragraphs):
            texts = [texts] if isinstance(texts, str) else texts
            sentences = []
            for i, text in enumerate(texts):
                sid = f"t{number}.s{s_number}.b{b_number}.{i}"
                sentences.append(
                    SentenceEntry(sid, text.strip(), text.strip(), file, at, at + 3000)
                )
                at += 3500
            made.append(
                ParagraphEntry(f"t{number}.s{s_number}.b{b_number}", "paragraph", file,
                               sentences[0].start_ms, sentences[-1].end_ms, tuple(sentences))
            )  # fmt: skip
        built.append(SectionEntry(f"t{number}.s{s_number}", heading, file, start, at, tuple(made)))
    end = max(end, at + 2000)
    entry = TopicEntry(
        f"t{number}", "topic", part_id, title, title, notice, file, 0, end, tuple(built)
    )
    track = TrackEntry(number, file, title, entry.id, end, 1, "0" * 64, "k",
                       (ChapterEntry("ch1", title, 0, end),), {})  # fmt: skip
    return entry, track


def timeline(*pairs, parts=()) -> Timeline:
    guide = {"id": "g", "title": "A guide", "subtitle": "", "publisher": "P", "language": "en-US",
             "version": "1", "date": "2026-01-01",
             "duration_ms": sum(t.duration_ms for _, t in pairs)}  # fmt: skip
    build = {"engine": "system", "voice": "en-us", "rate_wpm": 160, "generator": "mbc-audio test"}
    made = Timeline(
        guide, build, tuple(parts), tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
    )
    assert validate(made) is None
    return made


def part(id_, title, topic_ids) -> PartEntry:
    return PartEntry(id_, title, f"{id_}.md", "P", title, None, None, (), tuple(topic_ids))


def small() -> Timeline:
    """Opening; a part of two topics (the first with a titled section of two paragraphs, the
    second with a notice); closing. 4 tracks, 2 parts plus the opening and closing."""
    return timeline(
        topic(1, "About this guide", [(None, 0, ["Welcome."])], 8000),
        topic(2, "Bones", [(None, 0, [["Bone pain.", "It eases."], "Rest."]),
                           ("When to call", 15000, ["Call us.", ["Day or night.", "Any time."]])],
              30000, part_id="p1"),
        topic(3, "Outlook", [(None, 0, ["Numbers."])], 9000, part_id="p1",
              notice="This topic gives survival statistics."),
        topic(4, "Sources", [(None, 0, ["The end."])], 7000),
        parts=[part("p1", "Living well", ["t2", "t3"])],
    )  # fmt: skip
