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
