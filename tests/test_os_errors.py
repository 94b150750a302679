"""Operating-system faults (read-only, full, forbidden) are one line naming the path, exit 2.

The real faults are made where the machine allows: a folder that an unprivileged user cannot
write (setpriv when the tests run as root), and tiny or read-only tmpfs mounts (root only).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.errors import os_error_line

MBC_AUDIO = Path(sys.executable).parent / "mbc-audio"
LEAFLET = "Caring for your port\n\nA port is a small device under the skin. Keep it dry.\n"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "permission denied; check that you may read and write there"),
        (errno.EROFS, "the disk is read-only; choose another folder on a disk that can be"),
        (errno.ENOSPC, "the disk is full; free some space"),
        (errno.ENOTDIR, "a part of this path is a file, not a folder"),
        (errno.EIO, "input/output error; check the path"),
    ],
)
def test_each_fault_is_said_in_words_with_what_to_do(code: int, words: str) -> None:
    line = os_error_line(OSError(code, os.strerror(code), "/srv/guide/out.mp3"))
    assert line.startswith("/srv/guide/out.mp3: ") and words in line


def test_a_hidden_temporary_file_is_named_by_its_folder() -> None:
    error = OSError(errno.ENOSPC, "No space left on device", "/srv/dist/.manifest.json.x1.tmp")
    assert os_error_line(error).startswith("/srv/dist: the disk is full")


def test_a_staging_folder_is_named_by_the_folder_it_was_made_in() -> None:
    error = OSError(errno.ENOSPC, "No space left", "/srv/pub/.guide.new-x1y2/daisy/a.smil")
    assert os_error_line(error).startswith("/srv/pub: the disk is full")
    cache = OSError(errno.EACCES, "Permission denied", "/home/a/.cache/mbc-audio/u/1.wav")
    assert os_error_line(cache).startswith("/home/a/.cache/mbc-audio/u/1.wav: permission denied")


def test_a_copy_onto_a_full_disk_names_where_it_writes() -> None:
    error = OSError(errno.ENOSPC, "No space left on device")
    error.filename, error.filename2 = "/srv/dist/guide/01.mp3", "/mnt/usb/guide/01.mp3"
    assert os_error_line(error).startswith("/mnt/usb/guide/01.mp3: the disk is full")


def test_a_library_error_wrapping_a_fault_is_one_line(tmp_path: Path, monkeypatch) -> None:
    class TagError(Exception):  # as mutagen raises: its own class, the OSError as its cause
        pass

    def full(*_: object) -> None:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as e:
            raise TagError("could not save tags") from e

    monkeypatch.setattr("mbc_audio.content.importer.write_draft", full)
    source = tmp_path / "port.txt"
    source.write_text(LEAFLET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {tmp_path / 'o'}: the disk is full")


def test_a_bug_is_not_mistaken_for_a_fault(tmp_path: Path, monkeypatch) -> None:
    def broken(*_: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr("mbc_audio.content.importer.write_draft", broken)
    source = tmp_path / "port.txt"
    source.write_text(LEAFLET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(tmp_path / "o")])
    assert isinstance(result.exception, KeyError)


def test_import_out_a_file_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "port.txt"
    source.write_text(LEAFLET, encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(tmp_path / "afile")])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: --out {tmp_path / 'afile'} is a file; give the folder the drafts go in, "
        "such as --out content\n"
    )


def test_a_folder_given_as_a_document_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path}: is a folder, not a document file\n"


def test_a_refused_option_is_one_line_not_the_usage_text(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "x.txt", "--bogus"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Usage:" not in result.output
    assert result.output.startswith("Error: No such option '--bogus'")
    assert result.output.endswith("Did you mean '--out'? See cli import --help.\n")


def test_a_fault_without_a_path_names_the_commands_folder(tmp_path: Path, monkeypatch) -> None:
    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("mbc_audio.content.importer.write_draft", full)
    source = tmp_path / "port.txt"
    source.write_text(LEAFLET, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {tmp_path / 'o'}: the disk is full; free some space")
    assert result.output.count("\n") == 1


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own tmp folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="mbc-audio-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _run(*args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv, so no folder is unwritable")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run(
        [*prefix, str(MBC_AUDIO), *args], capture_output=True, text=True, timeout=60, check=False
    )


def _one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(w in result.stderr for w in words), result.stderr


def test_import_into_a_folder_that_cannot_be_written(shared_dir: Path) -> None:
    source = shared_dir / "port.txt"
    source.write_text(LEAFLET, encoding="utf-8")
    source.chmod(0o644)
    locked = shared_dir / "content"
    locked.mkdir(mode=0o555)
    result = _run("import", str(source), "--out", str(locked), unprivileged=True)
    _one_line(result, f"Error: {locked}: cannot write the draft: permission denied", "--out")
    assert list(locked.iterdir()) == []


@contextlib.contextmanager
def _tmpfs(where: Path, options: str) -> Iterator[Path]:
    where.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_import_onto_a_full_disk(shared_dir: Path) -> None:
    source = shared_dir / "port.txt"
    source.write_text(LEAFLET * 200, encoding="utf-8")
    with _tmpfs(shared_dir / "full", "size=8k") as full:
        with contextlib.suppress(OSError), open(full / "filler", "wb") as filler:
            filler.write(b"x" * 64_000)
        result = _run("import", str(source), "--out", str(full))
        _one_line(result, f"Error: {full}: cannot write the draft: the disk is full")
        assert [p.name for p in full.iterdir()] == ["filler"]  # no temporary file left behind


def test_import_onto_a_read_only_disk(shared_dir: Path) -> None:
    source = shared_dir / "port.txt"
    source.write_text(LEAFLET, encoding="utf-8")
    with _tmpfs(shared_dir / "ro", "ro") as read_only:
        result = _run("import", str(source), "--out", str(read_only / "content"))
        _one_line(
            result, f"Error: {read_only / 'content'}: cannot write the draft: the disk is read-only"
        )


def test_say_onto_a_read_only_disk_is_caught_at_the_command_line(shared_dir: Path) -> None:
    with _tmpfs(shared_dir / "ro", "ro") as read_only:
        target = read_only / "line.wav"
        result = _run("say", "Hello.", "--engine", "system", "-o", str(target))
        if "not installed" in result.stderr:
            pytest.skip(result.stderr.strip())
        _one_line(result, f"Error: {read_only}", "the disk is read-only")


@pytest.mark.integration
def test_build_and_publish_onto_a_full_disk(shared_dir: Path) -> None:
    from .conftest import ContentFolder

    content = ContentFolder(shared_dir / "content")
    cache = shared_dir / "cache"
    built = _run("build", "--content", str(content.root), "--out", str(shared_dir / "dist"),
                 "--engine", "system", "--cache", str(cache))  # fmt: skip
    if built.returncode != 0:
        pytest.skip(f"cannot build with the system voice here: {built.stderr.strip()}")
    guide = next((shared_dir / "dist").iterdir())
    with _tmpfs(shared_dir / "full", "size=100k") as full:
        result = _run("build", "--content", str(content.root), "--out", str(full / "dist"),
                      "--engine", "system", "--cache", str(cache))  # fmt: skip
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.splitlines()[-1].startswith(
            f"Error: {full / 'dist'}: the disk is full"
        )
        result = _run("publish", str(guide), "--out", str(full / "pub"))
        assert result.returncode == 2 and "Traceback" not in result.stderr
        last = result.stderr.splitlines()[-1]
        # publish names where it writes and that the last publish was kept
        assert last.startswith(f"Error: cannot write the publish in {full / 'pub'}: ")
        assert last.endswith(
            "the disk is full; free some space, or choose another --out, then run the command "
            "again. The last publish there was kept."
        )
