"""The guide as plain numbered lines, and estimates of how long it will take to hear."""

from __future__ import annotations

from .model import Guide, Pause, Topic


def spoken_words(topic: Topic) -> int:
    words = len(topic.spoken_title.split())
    for section in topic.sections:
        words += len((section.spoken_title or "").split())
        words += sum(len(s.spoken.split()) for b in section.blocks for s in b.sentences)
    return words


def estimated_ms(topic: Topic, guide: Guide) -> int:
    """Speaking time at the configured rate plus the pauses after each sentence and heading."""
    speech_ms = spoken_words(topic) * 60_000 / guide.voice.rate_wpm
    pause_ms = sum(guide.pauses_ms[s.pause] for s in topic.sentences)
    headings = 1 + sum(1 for s in topic.sections if s.title)
    return round(speech_ms + pause_ms + headings * guide.pauses_ms[Pause.HEADING])


def _minutes(ms: int) -> str:
    minutes = ms / 60_000
    return f"{minutes:.1f} minute" + ("" if round(minutes, 1) == 1.0 else "s")


def _sentence_end(title: str) -> str:
    return title if title[-1] in ".?!" else title + "."


def outline_lines(guide: Guide) -> list[str]:
    topics = guide.topics
    everything = (guide.opening, *topics, guide.closing)
    total_ms = sum(estimated_ms(t, guide) for t in everything)
    lines = [
        f"Guide: {guide.info.title}",
        f"{len(guide.parts)} parts, {len(topics)} topics, {len(guide.sentences)} sentences, "
        f"about {_minutes(total_ms)} at {guide.voice.rate_wpm} words a minute.",
        f"Opening: {len(guide.opening.sentences)} sentences, {_minutes(estimated_ms(guide.opening, guide))}.",
    ]
    number = 0
    for p_number, part in enumerate(guide.parts, start=1):
        lines.append(f"Part {p_number} of {len(guide.parts)}: {part.title} ({part.path})")
        for topic in part.topics:
            number += 1
            lines.append(
                f"  Topic {number} of {len(topics)}: {_sentence_end(topic.title)} "
                f"{len(topic.sentences)} sentences, {_minutes(estimated_ms(topic, guide))}."
            )
            if topic.notice:
                lines.append(f"    Notice: {topic.notice}")
            for section in topic.sections:
                if section.title:
                    lines.append(f"    Section: {section.title}")
    lines.append(
        f"Closing: {len(guide.closing.sentences)} sentences, {_minutes(estimated_ms(guide.closing, guide))}."
    )
    return lines
