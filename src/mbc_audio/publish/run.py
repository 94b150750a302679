"""mbc-audio publish: a built guide becomes a folder for the web and one download for each kind
of listener (see packages.py for the layout).

Everything is made in a staging folder beside the output and put in place by commit.py, so a
failed or interrupted publish leaves the previous one as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import timeline as tl
from ..errors import UsageError, os_error_advice
from ..folders import PUBLISHED, copy_file, folder_lock, guide_folder
from ..fsio import FOLDER_MODE, inside, write_text_atomic
from ..timeline import phrases
from ..wording import duration_words
from . import feed, formats
from .archive import files_under, sha256sums, write_zip
from .commit import clean_up, commit, staging_in
from .format import Format, Made
from .marks import release_day
from .packages import LISTENING, Names, Package, human_size, names_for
from .pages import Download, handout_page, index_page, transcript_page
from .url import base_url_of

SUMS = "SHA256SUMS"
# Apple Podcasts' audio requirements ask for MP3 at 44.1 kHz at least (its podcasters' page).
PODCAST_DIRECTORY_HZ = 44100
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
    space. A file under out_dir (the hidden staging folder's) is not named: out_dir says it."""
    advice = os_error_advice(error, "another --out")
    where = error.filename
    elsewhere = where and not _within(Path(os.fsdecode(where)), out_dir)
    return UsageError(
        f"cannot write the publish in {out_dir}{f' ({where})' if elsewhere else ''}: {advice}. "
        "The last publish there was kept."
    )


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _make(
    timeline: tl.Timeline, source: Path, stage: Path, names: Names, base: str | None,
    report: ReportLine,
) -> tuple[Package, ...]:  # fmt: skip
    """The folder and every package in stage: the guide's own files, then each format in the
    order formats.py lists them, then the pages, the folder's SHA256SUMS and the zip."""
    site = stage / names.folder
    site.mkdir(mode=FOLDER_MODE)
    _copy_guide(timeline, source, site)
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=stage))
    made = Made(timeline, source, site, stage, work, names, base)
    written: list[Format] = []
    try:
        for form in formats.FORMATS:
            if form.needs_base_url and base is None:
                report(
                    f"Skipped {form.name}: it needs the web address of this folder; "
                    "give it with --base-url."
                )
                continue
            form.write(made)
            written.append(form)
    finally:
        shutil.rmtree(work)
    in_folder = [f.name for f in written if f.suffix is None]
    report(f"Wrote the tracks, {_listed(in_folder)} in {names.folder}.")
    rate = timeline.build.audio.sample_rate_hz
    if feed.FORMAT in written and rate < PODCAST_DIRECTORY_HZ:
        report(
            f"Note: the tracks are {rate} Hz MP3, which podcast apps play; Apple Podcasts asks "
            f"for {PODCAST_DIRECTORY_HZ} Hz or more. To list the feed there, set "
            f"sample_rate_hz = {PODCAST_DIRECTORY_HZ} under [audio] in guide.toml and build again."
        )
    beside = [f"{names.beside(f.suffix)} ({f.name})" for f in written if f.suffix is not None]
    report(f"Wrote {_listed(beside)}.")
    duration = timeline.guide.duration_ms
    others = [
        Package(form.offer, name, (stage / name).stat().st_size, duration)
        for form in sorted(written, key=lambda f: f.suffix is None)  # the folder's feed last
        if form.offer is not None and (name := form.package(names)) is not None
    ]
    listening = _write_listening(timeline, stage, names, base, others)
    report(f"Wrote {names.zip}: the folder {names.folder} zipped, {listening.size}.")
    listed = sorted([names.zip, f"{names.folder}/{SUMS}", *(p.name for p in others)])
    write_text_atomic(stage / names.sums, sha256sums(stage, listed))
    return (listening, *others)


def _listed(names: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


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


def _copy_guide(timeline: tl.Timeline, source: Path, site: Path) -> None:
    """The built guide's own files, linked where the file system allows: the topic MP3s, the
    manifest, and the player's phrases, so a published guide (folder or zip) needs no speech
    engine to be played."""
    for track in timeline.tracks:
        copy_file(inside(source, track.file), inside(site, track.file))
    copy_file(source / tl.MANIFEST, site / tl.MANIFEST)
    for name in (phrases.CLIPS, phrases.INDEX):
        if (source / phrases.FOLDER / name).is_file():
            clip = f"{phrases.FOLDER}/{name}"
            copy_file(inside(source, clip), inside(site, clip))


def _write_pages(
    timeline: tl.Timeline, site: Path, base: str | None, packages: list[Package]
) -> None:
    downloads = [Download.of(p, base) for p in packages]
    write_text_atomic(site / "index.html", index_page(timeline, downloads))
    write_text_atomic(site / "transcript.html", transcript_page(timeline))
    write_text_atomic(site / "handout.html", handout_page(timeline, base, downloads))
