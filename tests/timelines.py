"""Small timelines written by hand, for tests that need no audio."""

from __future__ import annotations

from mbc_audio.content.model import AudioSettings
from mbc_audio.timeline import (
    BuildEntry,
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
    chapters_of,
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
        f"t{number}", "topic", part_id, title, title, notice, file, 0, end, tuple(built), 750, 1500
    )
    track = TrackEntry(number, file, title, entry.id, end, 1, "0" * 64, "k",
                       chapters_of(entry, end), None)  # fmt: skip
    return entry, track


def timeline(*pairs, parts=()) -> Timeline:
    guide = GuideEntry("g", "A guide", "", "P", "en-US", "1", "2026-01-01",
                       sum(t.duration_ms for _, t in pairs))  # fmt: skip
    build = BuildEntry(
        "mbc-audio test", "system", "1.51", "en-us", 160, 22050, (("sentence", 450),), 750, 2500,
        AudioSettings(-19.0, -1.5, -3.0, 64, 44100), ToolsEntry("ffmpeg 5", "1.47", "3.11"),
    )
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


def with_words(made: Timeline) -> Timeline:
    """The timeline with word timings, as Piper gives them: each run of letters, digits and
    apostrophes of a sentence a word, the words spread evenly over the sentence's time."""
    import dataclasses
    import re

    def worded(s: SentenceEntry) -> SentenceEntry:
        found = list(re.finditer(r"[\w'’]+", s.text))
        step = (s.end_ms - s.start_ms) // max(1, len(found))
        words = tuple(
            WordEntry(m.group(), m.start(), m.end(), s.start_ms + i * step,
                      s.start_ms + (i + 1) * step)
            for i, m in enumerate(found)
        )  # fmt: skip
        return dataclasses.replace(s, words=words)

    def topic_with(t: TopicEntry) -> TopicEntry:
        sections = tuple(
            dataclasses.replace(sec, paragraphs=tuple(
                dataclasses.replace(p, sentences=tuple(worded(s) for s in p.sentences))
                for p in sec.paragraphs))
            for sec in t.sections
        )  # fmt: skip
        return dataclasses.replace(t, sections=sections)

    worded_timeline = dataclasses.replace(made, topics=tuple(topic_with(t) for t in made.topics))
    assert validate(worded_timeline) is None
    return worded_timeline
