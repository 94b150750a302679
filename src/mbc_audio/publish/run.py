"""mbc-audio publish: a built guide becomes a folder for the web and one download for each kind
of listener (see packages.py for the layout).

Everything is made in a staging folder beside the output and put in place by commit.py, so a
failed or interrupted publish leaves the previous one as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import timeline as tl
from ..content.files import FOLDER_MODE, write_text_atomic
from ..errors import UsageError, os_error_advice
from ..folders import PUBLISHED, copy_file, folder_lock, guide_folder, inside
from ..player import phrases
from ..wording import duration_words
from .archive import files_under, sha256sums, write_zip
from .audiobook import write_m4b
from .commit import clean_up, commit, staging_in
from .cover import write_cover
from .daisy import daisy_book
from .epub import write_epub
from .feed import chapters_json, chapters_name, feed
from .marks import guide_marks, release_day, topic_of
from .packages import (
    AUDIOBOOK,
    FEED,
    FEED_FILE,
    LISTENING,
    READING,
    Names,
    Package,
    human_size,
    names_for,
)
from .pages import Download, handout_page, index_page, transcript_page, vtt_name
from .playlist import playlist
from .url import base_url_of
from .webvtt import webvtt

SUMS = "SHA256SUMS"
ReportLine = Callable[[str], None]


@dataclass(frozen=True)
class Published:
    folder: Path
    archive: Path
    sums: Path
    packages: tuple[Package, ...]


def publish(guide_dir: Path, out_dir: Path, base_url: str | None, report: ReportLine) -> Published:
    timeline = tl.load(guide_dir, check_files=True)
    guide = timeline.guide
    base = base_url_of(base_url)
    names = names_for(guide.id, guide.version)
    try:
        folder = guide_folder(out_dir, names.folder, PUBLISHED, guide_dir)
    except OSError as error:
        raise _cannot_write(out_dir, error) from None
    report(
        f"Publishing {guide.title}: {len(timeline.tracks)} tracks, "
        f"{duration_words(guide.duration_ms)}, to {out_dir}."
    )
    try:
        with folder_lock(folder, report):  # a second build or publish into out_dir waits
            clean_up(out_dir, names)
            stage = staging_in(out_dir, names)
            try:
                packages = _make(timeline, guide_dir, stage, names, base, report)
                commit(stage, out_dir, names)
            finally:
                shutil.rmtree(stage, ignore_errors=True)
    except OSError as error:  # read-only, full, or not a folder: the last publish is kept
        raise _cannot_write(out_dir, error) from None
    report(f"Packages in {out_dir}, each listed in {names.sums}:")
    for package in packages:
        report(f"  {package.label}: {package.name}, {package.size}.")
    return Published(folder, out_dir / names.zip, out_dir / names.sums, packages)


def _cannot_write(out_dir: Path, error: OSError) -> UsageError:
    """One line, with the advice that fits the fault: a read-only disk is not told to free
    space."""
    advice = os_error_advice(error, "another --out")
    return UsageError(
        f"cannot write the publish in {out_dir} ({error.filename or out_dir}): {advice}. "
        "The last publish there was kept."
    )


def _make(
    timeline: tl.Timeline, source: Path, stage: Path, names: Names, base: str | None,
    report: ReportLine,
) -> tuple[Package, ...]:  # fmt: skip
    site = stage / names.folder
    site.mkdir(mode=FOLDER_MODE)
    _write_site(timeline, source, site, base, report)
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=stage))
    try:
        write_m4b(timeline, site, stage / names.m4b, work)
    finally:
        shutil.rmtree(work)
    write_epub(timeline, site, stage / names.epub, release_day(timeline))
    report(
        f"Wrote {names.m4b} with {len(guide_marks(timeline))} chapters and {names.epub} "
        "with read-along audio."
    )
    duration = timeline.guide.duration_ms
    others = [
        Package(AUDIOBOOK, names.m4b, (stage / names.m4b).stat().st_size, duration),
        Package(READING, names.epub, (stage / names.epub).stat().st_size, duration),
    ]
    if base is not None:
        others.append(Package(FEED, names.feed, (site / FEED_FILE).stat().st_size, duration))
    listening = _write_listening(timeline, stage, names, base, others)
    report(f"Wrote {names.zip}: the folder {names.folder} zipped, {listening.size}.")
    packages = (listening, *others)
    listed = sorted([names.zip, names.m4b, names.epub, f"{names.folder}/{SUMS}"]
                    + ([names.feed] if base is not None else []))  # fmt: skip
    write_text_atomic(stage / names.sums, sha256sums(stage, listed))
    return packages


def _write_listening(
    timeline: tl.Timeline, stage: Path, names: Names, base: str | None, others: list[Package]
) -> Package:
    """The pages (which name every package with its size, the zip's own too), the folder's
    SHA256SUMS and the zip. The zip's size is known only once it is written, so the pages are
    written again until the size they state (rounded as people read it) is the zip's."""
    site = stage / names.folder
    duration = timeline.guide.duration_ms
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    for _ in range(5):
        listening = Package(LISTENING, names.zip, size, duration)
        _write_pages(timeline, site, base, [listening, *others])
        files = [n for n in files_under(site) if n != SUMS]
        write_text_atomic(site / SUMS, sha256sums(site, files))
        members = [(f"{names.folder}/{n}", site / n) for n in sorted([*files, SUMS])]
        write_zip(stage / names.zip, members, release_day(timeline))
        written = (stage / names.zip).stat().st_size
        if human_size(written) == human_size(size):
            break
        size = written
    return Package(LISTENING, names.zip, written, duration)


def _write_site(
    timeline: tl.Timeline, source: Path, site: Path, base: str | None, report: ReportLine
) -> None:
    """The folder's files but the pages: the topic MP3s once, with the DAISY book's ncc.html
    and SMIL files beside them, captions, chapters, playlist, cover and feed."""

    def write(name: str, text: str) -> None:
        write_text_atomic(inside(site, name), text)

    for track in timeline.tracks:
        copy_file(inside(source, track.file), inside(site, track.file))
        write(f"vtt/{vtt_name(track.file)}", webvtt(topic_of(timeline, track), track))
        write(f"chapters/{chapters_name(track)}", chapters_json(timeline, track))
    copy_file(source / tl.MANIFEST, site / tl.MANIFEST)
    # The player's own voice, so that a published guide (folder or zip) needs no speech engine.
    for name in (phrases.CLIPS, phrases.INDEX):
        if (source / phrases.FOLDER / name).is_file():
            clip = f"{phrases.FOLDER}/{name}"
            copy_file(inside(source, clip), inside(site, clip))
    write("playlist.m3u8", playlist(timeline))
    for name, text in daisy_book(timeline).items():
        write(name, text)
    report("Wrote the tracks, playlist.m3u8, captions, chapters and the DAISY 2.02 book.")
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=site.parent))
    try:
        write_cover(timeline.guide.title, site / "cover.png", work)
    finally:
        shutil.rmtree(work)
    if base is None:
        report(
            "Skipped feed.xml: a podcast feed needs the web address of this folder; "
            "give it with --base-url."
        )
    else:
        write(FEED_FILE, feed(timeline, base))
        report(f"Wrote feed.xml: {len(timeline.tracks)} episodes at {base}{FEED_FILE}.")


def _write_pages(
    timeline: tl.Timeline, site: Path, base: str | None, packages: list[Package]
) -> None:
    downloads = [Download.of(p, base) for p in packages]
    write_text_atomic(site / "index.html", index_page(timeline, downloads))
    write_text_atomic(site / "transcript.html", transcript_page(timeline))
    write_text_atomic(site / "handout.html", handout_page(timeline, base, downloads))
