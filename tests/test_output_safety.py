"""Output folders: only a folder mbc-audio made is ever replaced, and what is reused is verified.

Each collision is run through the CLI with real builds (the system voice) and must stop with
one line, exit status 2, and every file as it was."""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import struct
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio import timeline as tl
from mbc_audio.build import BuildOptions, build
from mbc_audio.build.plan import plan_guide
from mbc_audio.cli import cli
from mbc_audio.content.parse import load_guide
from mbc_audio.folders import copy_file
from mbc_audio.tts.cache import UtteranceCache

from .conftest import GUIDE_TOML, ContentFolder

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"),
]


def listing(root: Path, skip: str = "cache") -> dict[str, tuple[int, int, bytes]]:
    """Every file and folder under root (but the cache), with its mode, mtime and bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == skip:
            continue
        stat = path.lstat()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        found[relative.as_posix()] = (stat.st_mode, stat.st_mtime_ns, data)
    return found


def content_named(root: Path, name: str, guide_id: str) -> ContentFolder:
    content = ContentFolder(root / name)
    content.write("guide.toml", f'id = "{guide_id}"\n' + GUIDE_TOML)
    return content


def run(*args: str, cwd: Path | None = None):
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def refused(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert "nothing was changed" in lines[0].lower(), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """root/mini (content, id "mini"), built into root/dist/mini and published to root/pub."""
    root = tmp_path_factory.mktemp("safety")
    content_named(root, "mini", "mini")
    result = run("build", "--content", "mini", "--out", "dist", "--engine", "system",
                 "--cache", "cache", "--jobs", "2", cwd=root)  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run("publish", "dist/mini", "--out", "pub", cwd=root)
    assert result.exit_code == 0, result.output
    return root


def test_build_out_beside_its_own_content_folder_is_refused(site: Path) -> None:
    before = listing(site)
    line = refused(run("build", "--content", "mini", "--out", ".", "--engine", "system",
                       "--cache", "cache", cwd=site))  # fmt: skip
    assert "mini" in line
    assert listing(site) == before


def test_build_out_inside_the_content_folder_is_refused(site: Path) -> None:
    before = listing(site)
    refused(run("build", "--content", "mini", "--out", "mini/dist", "--engine", "system",
                "--cache", "cache", cwd=site))  # fmt: skip
    assert listing(site) == before


def test_publish_over_the_content_folder_is_refused(site: Path) -> None:
    before = listing(site)
    refused(run("publish", "dist/mini", "--out", ".", cwd=site))
    assert listing(site) == before


def test_publish_over_the_folder_holding_the_built_guide_is_refused(site: Path) -> None:
    (site / "x").mkdir(exist_ok=True)
    shutil.copytree(site / "dist" / "mini", site / "x" / "mini" / "mini", dirs_exist_ok=True)
    before = listing(site)
    refused(run("publish", "x/mini/mini", "--out", "x", cwd=site))
    assert listing(site) == before


def test_a_build_never_replaces_a_published_folder_or_the_packages_folder(site: Path) -> None:
    content_named(site, "other", "pub")
    before = listing(site)
    # The guide "pub" would land on the folder holding the published packages.
    refused(run("build", "--content", "other", "--out", ".", "--engine", "system",
                "--cache", "cache", cwd=site))  # fmt: skip
    # The guide "mini" built into the packages folder would replace the published folder.
    refused(run("build", "--content", "mini", "--out", "pub", "--engine", "system",
                "--cache", "cache", cwd=site))  # fmt: skip
    # A build inside a published folder, or inside a built guide, is lost when it is made again.
    refused(run("build", "--content", "mini", "--out", "pub/mini/more", "--engine", "system",
                "--cache", "cache", cwd=site))  # fmt: skip
    refused(run("build", "--content", "mini", "--out", "dist/mini/more", "--engine", "system",
                "--cache", "cache", cwd=site))  # fmt: skip
    assert listing(site) == before


def test_a_publish_never_replaces_a_built_guide(site: Path) -> None:
    before = listing(site)
    refused(run("publish", "dist/mini", "--out", "dist", cwd=site))
    assert listing(site) == before


@pytest.mark.parametrize("kind", ["file", "folder", "link"])
def test_a_users_own_file_at_the_target_is_never_moved(site: Path, kind: str) -> None:
    out = site / f"users-{kind}"
    out.mkdir()
    target = out / "mini"
    if kind == "file":
        target.write_text("my notes\n")
    elif kind == "folder":
        target.mkdir()
        (target / "notes.txt").write_text("my notes\n")
    else:
        target.symlink_to(site / "dist" / "mini")
    before = listing(site)
    refused(run("build", "--content", "mini", "--out", out.name, "--engine", "system",
                "--cache", "cache", cwd=site))  # fmt: skip
    refused(run("publish", "dist/mini", "--out", out.name, cwd=site))
    assert listing(site) == before
    assert not list(out.glob(".mini.*"))


def test_published_tracks_are_copies_so_an_edit_there_never_reaches_the_build(site: Path) -> None:
    built, published = site / "dist" / "mini", site / "pub" / "mini"
    track = next(p.name for p in built.glob("*.mp3"))
    assert os.stat(built / track).st_ino != os.stat(published / track).st_ino
    assert os.stat(published / track).st_nlink == 1
    before = (built / track).read_bytes()
    with (published / track).open("r+b") as f:  # a tag editor writing in place
        f.seek(10)
        f.write(b"\xff\xfe")
    assert (built / track).read_bytes() == before
    result = run("build", "--content", "mini", "--out", "dist", "--engine", "system",
                 "--cache", "cache", cwd=site)  # fmt: skip
    assert result.exit_code == 0, result.output


def test_copy_file_makes_an_independent_copy(tmp_path: Path) -> None:
    source = tmp_path / "a.bin"
    source.write_bytes(os.urandom(100_000))
    copy_file(source, tmp_path / "b.bin")
    assert (tmp_path / "b.bin").read_bytes() == source.read_bytes()
    with (tmp_path / "b.bin").open("r+b") as f:
        f.write(b"changed")
    assert source.read_bytes()[:7] != b"changed"


def test_a_track_damaged_in_place_is_encoded_again_and_the_guide_heals(tmp_path: Path) -> None:
    content = ContentFolder(tmp_path / "content")
    options = BuildOptions(content.root, tmp_path / "dist", "system", None, 2, tmp_path / "cache")
    folder = build(options).folder
    guide = tl.load(folder)
    track = folder / guide.tracks[1].file
    with track.open("r+b") as f:
        f.seek(track.stat().st_size // 2)
        f.write(b"\x00" * 64)
    result = build(options)
    assert result.encoded == 1 and not result.up_to_date
    assert tl.sha256_of(track) == guide.tracks[1].sha256
    assert build(options).up_to_date


def _tone(frames: int, rate: int) -> bytes:
    return b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate))) for n in range(frames)
    )


@pytest.mark.parametrize("damage", ["tone", "truncated", "stamped"])
def test_a_cached_utterance_whose_samples_changed_is_rendered_again(
    tmp_path: Path, damage: str
) -> None:
    content = ContentFolder(tmp_path / "content")
    options = BuildOptions(content.root, tmp_path / "dist", "system", None, 2, tmp_path / "cache")
    info = build(options).info
    sentences = {job.key for job in plan_guide(load_guide(content.root), info, content.root).jobs}
    wavs = sorted((tmp_path / "cache").rglob("*.wav"), key=lambda p: p.stat().st_size)
    victim = [w for w in wavs if w.stem in sentences][-1]
    original = victim.read_bytes()
    with wave.open(str(victim), "rb") as wav:
        frames, rate = wav.getnframes(), wav.getframerate()
        header = original[: len(original) - 2 * frames]
    stamp = victim.stat()
    if damage == "truncated":
        victim.write_bytes(original[: len(original) // 2])
    else:  # the header intact, the samples a tone
        victim.write_bytes(header + _tone(frames, rate))
    if damage == "stamped":  # the same size and time as before: only the samples tell
        os.utime(victim, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        for sidecar in (tmp_path / "cache").rglob("*.sha256"):
            sidecar.write_text(sidecar.read_text().split()[0] + "\n")
    shutil.rmtree(tmp_path / "dist")
    result = build(options)
    assert result.rendered == 1
    assert hashlib.sha256(victim.read_bytes()).digest() == hashlib.sha256(original).digest()
    assert UtteranceCache(tmp_path / "cache").frames(victim.stem) == frames
