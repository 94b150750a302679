"""The messages of issue 19: each fault in its own words, naming one folder, with the limit."""

from __future__ import annotations

import errno
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.config import load_config
from mbc_audio.errors import ContentError
from mbc_audio.publish.run import _cannot_write
from mbc_audio.speech.lexicon import load_lexicon
from mbc_audio.tools import run

from .test_stops_and_faults import small_disk  # noqa: F401 - the fixture

espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def test_a_read_only_disk_is_not_told_to_free_space() -> None:
    line = str(_cannot_write(Path("out"), OSError(errno.EROFS, "Read-only file system")))
    assert "read-only" in line and "free some space" not in line
    full = str(_cannot_write(Path("out"), OSError(errno.ENOSPC, "No space left on device")))
    assert "the disk is full" in full


def test_a_tool_that_fills_the_disk_is_a_full_disk_not_its_own_words(small_disk: Path) -> None:  # noqa: F811
    with pytest.raises(OSError) as caught:
        run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "60",
             "-y", small_disk / "long.wav"], "writing silence")  # fmt: skip
    assert caught.value.errno == errno.ENOSPC


@pytest.mark.integration
@espeak
def test_a_full_disk_during_a_build_names_one_folder(content, small_disk: Path, tmp_path: Path) -> None:  # noqa: F811
    subprocess.run(["mount", "-o", "remount,size=64k", str(small_disk)], check=True)
    result = CliRunner().invoke(cli, ["build", "--content", str(content.root), "--out",
                                      str(small_disk / "dist"), "--engine", "system",
                                      "--cache", str(tmp_path / "cache")])  # fmt: skip
    assert result.exit_code == 2, result.output
    [line] = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert "the disk is full" in line and " or " not in line.split(":")[1], line
    assert str(small_disk) in line and str(tmp_path / "cache") not in line


def test_an_id_over_the_limit_says_the_limit(content) -> None:
    text = (content.root / "guide.toml").read_text()
    content.write("guide.toml", f'id = "{"a" * 65}"\n' + text)
    with pytest.raises(ContentError, match="at most 64 characters"):
        load_config(content.root)


def test_a_lexicon_with_a_byte_order_mark_is_read_like_guide_toml(content) -> None:
    path = content.root / "lexicon.toml"
    path.write_bytes("\ufeff[terms]\nMRI = \"M R I\"\n".encode())
    assert load_lexicon(path).terms == {"MRI": "M R I"}


@pytest.mark.integration
@espeak
def test_a_full_disk_while_ffmpeg_makes_the_audiobook_is_the_publish_line(
    content, small_disk: Path, tmp_path: Path, monkeypatch  # noqa: F811
) -> None:
    """A full disk during publish printed ffmpeg's own text. The disk's size is halved until
    the folder fits and the M4B, which ffmpeg writes, does not."""
    from mbc_audio.build import BuildOptions, build
    from mbc_audio.publish import audiobook

    guide = build(BuildOptions(content.root, tmp_path / "dist", "system", None, 1,
                               tmp_path / "cache")).folder  # fmt: skip
    whole = CliRunner().invoke(cli, ["publish", str(guide), "--out", str(tmp_path / "whole")])
    assert whole.exit_code == 0, whole.output
    needed = sum(p.stat().st_size for p in (tmp_path / "whole").rglob("*") if p.is_file())
    calls: list[str] = []  # "made" or "full", for each M4B ffmpeg was asked to make

    def recorded(*args: object, **kwargs: object) -> object:
        try:
            made = run(*args, **kwargs)  # type: ignore[arg-type]
        except OSError:
            calls.append("full")
            raise
        calls.append("made")
        return made

    monkeypatch.setattr(audiobook, "run", recorded)
    low, high = 0, needed
    for _ in range(12):
        size = (low + high) // 2
        subprocess.run(["mount", "-o", f"remount,size={size}", str(small_disk)], check=True)
        calls.clear()
        result = CliRunner().invoke(cli, ["publish", str(guide), "--out", str(small_disk / "pub")])
        assert result.exit_code == 2, result.output
        [line] = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
        assert line.startswith(f"Error: cannot write the publish in {small_disk / 'pub'}: the disk "
                               "is full; free some space"), line  # fmt: skip
        assert "Traceback" not in result.output
        assert not list((small_disk / "pub").iterdir())  # nothing of the publish is left
        if calls == ["full"]:
            return  # ffmpeg met the full disk, and the user read the publish's own line
        low, high = (size, high) if not calls else (low, size)
    pytest.fail(f"no disk size between {low} and {high} bytes made ffmpeg fail")
