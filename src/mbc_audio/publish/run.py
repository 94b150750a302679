"""mbc-audio publish: a built guide becomes one folder and one zip for clinics to hand out.

Everything is written to a staging folder beside the output and swapped in whole, so a failed or
interrupted publish leaves the previous one as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import timeline as tl
from ..content.files import write_text_atomic
from ..errors import UsageError
from ..folders import link_or_copy, recover, staging_for, swap_in
from ..wording import duration_words
from .archive import files_under, sha256sums, write_zip
from .audiobook import write_audiobooks
from .cover import write_cover
from .daisy import FOLDER as DAISY
from .daisy import daisy_book
from .epub import write_epub
from .feed import chapters_json, chapters_name, feed
from .marks import guide_marks, release_day, topic_of
from .pages import handout_page, index_page, transcript_page, vtt_name
from .playlist import playlist
from .url import base_url_of
from .webvtt import webvtt

SUMS = "SHA256SUMS"


@dataclass(frozen=True)
class Published:
    folder: Path
    archive: Path


def publish(
    guide_dir: Path, out_dir: Path, base_url: str | None, report: Callable[[str], None]
) -> Published:
    timeline = tl.load(guide_dir, check_files=True)
    guide = timeline.guide
    base = base_url_of(base_url)
    folder = out_dir / guide.id
    archive = out_dir / f"{guide.id}-{guide.version}.zip"
    if folder.resolve() == guide_dir.resolve():
        raise UsageError(
            f"--out {out_dir} would publish over the built guide itself; choose another folder"
        )
    report(
        f"Publishing {guide.title}: {len(timeline.tracks)} tracks, "
        f"{duration_words(guide.duration_ms)}, to {folder}."
    )
    recover(folder)
    staging = staging_for(folder)
    try:
        _write_all(timeline, guide_dir, staging, base, report)
        names = files_under(staging)
        (staging / SUMS).write_text(sha256sums(staging, names), encoding="utf-8")
        names = sorted([*names, SUMS])
        day = release_day(timeline)
        write_zip(archive, [(f"{folder.name}/{n}", staging / n) for n in names], day)
        swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    megabytes = archive.stat().st_size / 1e6
    report(f"Wrote {archive.name}: {len(names)} files, {megabytes:.1f} MB, with {SUMS}.")
    return Published(folder, archive)


def _write_all(timeline: tl.Timeline, source: Path, out: Path, base: str | None, report) -> None:
    guide = timeline.guide

    def write(name: str, text: str) -> None:
        write_text_atomic(out / name, text)

    for track in timeline.tracks:
        link_or_copy(source / track.file, out / track.file)
        link_or_copy(source / track.file, out / DAISY / track.file)
        write(f"vtt/{vtt_name(track.file)}", webvtt(topic_of(timeline, track), track))
        write(f"chapters/{chapters_name(track)}", chapters_json(timeline, track))
    link_or_copy(source / tl.MANIFEST, out / tl.MANIFEST)
    write("playlist.m3u8", playlist(timeline))
    report("Wrote the tracks, playlist.m3u8, and captions and chapters for each track.")

    work = Path(tempfile.mkdtemp(prefix=".work-", dir=out))
    try:
        write_audiobooks(timeline, out, out / "guide.m4b", out / "guide.mp3", work)
        write_cover(guide.title, out / "cover.png", work)
    finally:
        shutil.rmtree(work)
    report(
        f"Wrote guide.m4b and guide.mp3: the whole guide with {len(guide_marks(timeline))} chapters."
    )

    epub = f"{guide.id}.epub"
    write("index.html", index_page(timeline))
    write("transcript.html", transcript_page(timeline))
    write("handout.html", handout_page(timeline, base, epub))
    report("Wrote index.html, transcript.html and handout.html.")

    for name, text in daisy_book(timeline).items():
        write(f"{DAISY}/{name}", text)
    write_epub(timeline, out, out / epub, release_day(timeline))
    report(f"Wrote the DAISY 2.02 book in {DAISY}/ and {epub} with read-along audio.")

    if base is None:
        report(
            "Skipped feed.xml: a podcast feed needs the web address of this folder; give it with --base-url."
        )
    else:
        write("feed.xml", feed(timeline, base))
        report(f"Wrote feed.xml: {len(timeline.tracks)} episodes at {base}feed.xml.")

