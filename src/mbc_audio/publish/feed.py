"""feed.xml: a podcast feed (RSS 2.0 with the itunes and Podcasting 2.0 namespaces), one item per
track, and the JSON chapters each item points to. ElementTree escapes the text.

Of the Podcasting 2.0 tags, only those its XSD defines are used (chapters, transcript), so
every one validates; podcast:guid and podcast:locked (which needs an owner's email) are not.
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from ..timeline import Timeline, TrackEntry
from .format import Format, Made
from .marks import release_day, topic_of
from .packages import FEED_FILE, Offer
from .pages import vtt_name

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"

for _prefix, _uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(_prefix, _uri)


def chapters_json(timeline: Timeline, track: TrackEntry) -> str:
    """JSON chapters 1.2.0: the track's one chapter list (as its ID3 chapters), ascending."""
    chapters = [
        {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
        for c in track.chapters
    ]
    return (
        json.dumps({"version": "1.2.0", "chapters": chapters}, indent=1, ensure_ascii=False) + "\n"
    )


def chapters_name(track: TrackEntry) -> str:
    return track.file.rsplit(".", 1)[0] + ".json"


def feed(timeline: Timeline, base_url: str) -> str:
    guide = timeline.guide
    language = guide.language
    channel_el = ET.Element("channel")

    def sub(parent: ET.Element, tag: str, body: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, tag, attrs)
        el.text = body
        return el

    feed_url = base_url + "feed.xml"
    description = guide.subtitle or guide.title
    sub(channel_el, "title", guide.title)
    sub(channel_el, "link", base_url + "index.html")
    sub(channel_el, "description", description)
    sub(channel_el, "language", language)
    sub(channel_el, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    sub(channel_el, f"{{{ITUNES}}}author", guide.publisher)
    sub(channel_el, f"{{{ITUNES}}}summary", description)
    sub(channel_el, f"{{{ITUNES}}}image", href=base_url + "cover.png")
    category = ET.SubElement(channel_el, f"{{{ITUNES}}}category", {"text": "Health & Fitness"})
    ET.SubElement(category, f"{{{ITUNES}}}category", {"text": "Medicine"})
    sub(channel_el, f"{{{ITUNES}}}explicit", "false")
    sub(channel_el, f"{{{ITUNES}}}type", "serial")
    # Apps list episodes by date: a minute apart keeps the topics in their order.
    day = release_day(timeline)
    start = datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC)
    for track in timeline.tracks:
        topic = topic_of(timeline, track)
        item = sub(channel_el, "item")
        sub(item, "title", f"{track.number}. {topic.title}")
        summary = f"Topic {track.number} of {len(timeline.tracks)} of {guide.title}."
        if topic.notice:
            summary += " " + topic.notice
        sub(item, "description", summary)
        sub(
            item, "enclosure", url=base_url + track.file, length=str(track.bytes), type="audio/mpeg"
        )
        sub(item, "guid", f"{guide.id}:{track.file.rsplit('.', 1)[0]}", isPermaLink="false")
        sub(item, "pubDate", format_datetime(start + datetime.timedelta(minutes=track.number)))
        sub(item, f"{{{ITUNES}}}duration", str(round(track.duration_ms / 1000)))
        sub(item, f"{{{ITUNES}}}episode", str(track.number))
        sub(item, f"{{{ITUNES}}}episodeType", "full")
        sub(item, f"{{{ITUNES}}}explicit", "false")
        sub(
            item, f"{{{PODCAST}}}chapters",
            url=base_url + "chapters/" + chapters_name(track), type="application/json+chapters",
        )  # fmt: skip
        sub(
            item, f"{{{PODCAST}}}transcript", url=base_url + "vtt/" + vtt_name(track.file),
            type="text/vtt", language=language, rel="captions",
        )  # fmt: skip
        sub(
            item, f"{{{PODCAST}}}transcript", url=f"{base_url}transcript.html#topic-{track.number}",
            type="text/html", language=language,
        )  # fmt: skip
    rss = ET.Element("rss", {"version": "2.0"})
    rss.append(channel_el)
    ET.indent(rss, space=" ")
    return ET.tostring(rss, encoding="unicode", xml_declaration=True) + "\n"


def _write_chapters(made: Made) -> tuple[str, ...]:
    timeline = made.timeline
    return tuple(
        made.write(f"chapters/{chapters_name(track)}", chapters_json(timeline, track))
        for track in timeline.tracks
    )


def _write_feed(made: Made) -> tuple[str, ...]:
    assert made.base_url is not None  # needs_base_url: publish skips it without one
    return (made.write(FEED_FILE, feed(made.timeline, made.base_url)),)


CHAPTERS = Format("chapters", _write_chapters)
FORMAT = Format(
    FEED_FILE,
    _write_feed,
    offer=Offer(
        "Podcast feed",
        "for podcast apps (Apple Podcasts, AntennaPod, Pocket Casts): add this address as a "
        "show; each topic is an episode, with chapters and a transcript",
    ),
    file=FEED_FILE,
    needs_base_url=True,
)
