"""The bottom layer: whole files, links or copies, confinement, and where the cache lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mbc_audio import fsio
from mbc_audio.errors import ContentError, UsageError


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), fsio.atomic_path(target) as tmp:
        tmp.write_text("half a fi")
        raise RuntimeError("killed")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_a_write_replaces_the_file_whole_and_shares_it_like_a_saved_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    fsio.write_text_atomic(target, "one\r\ntwo\n")
    assert target.read_bytes() == b"one\r\ntwo\n"
    assert target.stat().st_mode & 0o777 == fsio.FILE_MODE
    fsio.write_bytes_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in target.parent.iterdir()] == ["b.txt"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_private_write_is_its_owner_s_only_in_a_new_private_folder(tmp_path: Path) -> None:
    target = tmp_path / "state" / "notes.md"
    fsio.write_text_atomic(target, "my question\n", mode=fsio.PRIVATE_FILE_MODE)
    assert target.read_text() == "my question\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.parent.stat().st_mode & 0o777 == 0o700
    fsio.write_text_atomic(target, "a new one\n", mode=fsio.PRIVATE_FILE_MODE)  # stays private
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["notes.md"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc to tell a folder")
def test_a_durable_write_flushes_the_file_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    flushed: list[tuple[bool, bool]] = []  # (a folder?, the target there yet?)
    real = os.fsync

    def fsync(fd: int) -> None:
        flushed.append((os.path.isdir(f"/proc/self/fd/{fd}"), target.exists()))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    fsio.write_bytes_atomic(target, b"old")
    assert flushed == []  # not asked: no flush (a build writes thousands of files)
    target.unlink()
    fsio.write_bytes_atomic(target, b"{}", fsync=True)
    assert flushed == [(False, False), (True, True)]
    assert target.read_bytes() == b"{}"


def test_a_full_disk_names_the_file_it_was_writing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(OSError) as caught, fsio.atomic_path(target):
        raise OSError(28, "No space left on device")
    assert caught.value.filename == str(target)


def test_link_or_copy_gives_the_same_bytes(tmp_path: Path) -> None:
    source = tmp_path / "a.mp3"
    source.write_bytes(b"ID3")
    fsio.link_or_copy(source, tmp_path / "sub" / "b.mp3")
    assert (tmp_path / "sub" / "b.mp3").read_bytes() == b"ID3"


@pytest.mark.parametrize("name", ["..", ".", "", ".hidden", "a/../b", "/etc/passwd", "a\\b"])
def test_inside_refuses_what_is_not_a_plain_name(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError):
        fsio.inside(tmp_path, name)


def test_inside_refuses_a_link_out_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    os.symlink(tmp_path, tmp_path / "folder" / "out")
    assert fsio.inside(tmp_path / "folder", "vtt/01.vtt") == tmp_path / "folder" / "vtt" / "01.vtt"
    with pytest.raises(UsageError, match="leads outside"):
        fsio.inside(tmp_path / "folder", "out/x")


def test_confined_names_a_content_link_to_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "secret.md").write_text("x")
    os.symlink(tmp_path / "secret.md", tmp_path / "content" / "a.md")
    with pytest.raises(ContentError, match="outside the content folder"):
        fsio.confined(tmp_path / "content" / "a.md", tmp_path / "content")


def test_the_cache_is_worked_out_in_one_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fsio.default_cache_dir() == tmp_path / "xdg" / "mbc-audio" / "utterances"
    assert fsio.cache_folder(None, "voices") == tmp_path / "xdg" / "mbc-audio" / "voices"
    # --cache moves the whole cache: the folders beside the sentences follow it.
    assert fsio.cache_folder(tmp_path / "c" / "utterances", "voices") == tmp_path / "c" / "voices"
    monkeypatch.setenv("XDG_CACHE_HOME", "")  # empty means unset, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert fsio.cache_root() == tmp_path / "home" / ".cache" / "mbc-audio"


@pytest.fixture
def remembering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of its own, and files remembered as soon as they are hashed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fsio, "_known", None)
    monkeypatch.setattr(fsio, "_SETTLED_NS", -(10**12))
    return tmp_path


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_a_remembered_digest_is_not_read_again(remembering: Path, monkeypatch) -> None:
    track = remembering / "01-opening.mp3"
    track.write_bytes(b"ID3 first")
    want = _sha256(b"ID3 first")
    assert fsio.sha256_of(track) == want
    monkeypatch.setattr(fsio, "_known", None)  # as a new process: from the cache's file

    def unhashable(*args, **kwargs):
        raise AssertionError("the file was hashed again")

    monkeypatch.setattr(fsio.hashlib, "sha256", unhashable)
    assert fsio.sha256_of(track) == want


def test_a_file_changed_in_place_with_its_size_and_time_kept_is_read_again(remembering: Path) -> None:
    track = remembering / "01-opening.mp3"
    track.write_bytes(b"ID3 first")
    fsio.sha256_of(track)
    before = track.stat()
    with track.open("r+b") as f:
        f.write(b"XYZ")
    os.utime(track, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time moves on
    assert fsio.sha256_of(track) == _sha256(b"XYZ first")


def test_another_file_put_in_its_place_is_read_again(remembering: Path) -> None:
    track, other = remembering / "01-opening.mp3", remembering / "other.mp3"
    track.write_bytes(b"ID3 first")
    fsio.sha256_of(track)
    other.write_bytes(b"ID3 other")
    stat = track.stat()
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(other, track)
    assert fsio.sha256_of(track) == _sha256(b"ID3 other")


def test_a_file_written_a_moment_ago_is_not_remembered(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fsio, "_known", None)
    track = tmp_path / "01-opening.mp3"
    track.write_bytes(b"ID3 first")
    fsio.sha256_of(track)
    assert not (tmp_path / "cache" / "mbc-audio" / "sha256-known.json").exists()


def test_digests_remembered_together_are_written_once_beside_another_process(
    remembering: Path, monkeypatch
) -> None:
    """A build links every track (each one's change time moves, so each is hashed again): the
    digests are written in one rewrite at the end, and what another process wrote meanwhile
    (an engine's worker remembering its model) is kept."""
    tracks = [remembering / f"{n:02}-topic.mp3" for n in range(5)]
    for n, track in enumerate(tracks):
        track.write_bytes(b"ID3 %d" % n)
    writes = []
    real_write = fsio.write_text_atomic
    monkeypatch.setattr(fsio, "write_text_atomic", lambda *a, **k: writes.append(a[0]) or real_write(*a, **k))
    memo = remembering / "cache" / "mbc-audio" / fsio._KNOWN_FILE
    with fsio.remembered_together():
        for track in tracks:
            fsio.sha256_of(track)
        assert writes == []
        other = str(remembering / "model.onnx")
        real_write(memo, f'{{"{other}": [1, 2, 3, 4, "abc"]}}')  # the worker, meanwhile
    assert writes == [memo]
    import json

    written = json.loads(memo.read_text())
    assert set(written) == {str(t) for t in tracks} | {other}
    assert written[str(tracks[3])][4] == _sha256(b"ID3 3")


def test_a_digest_vouched_for_after_a_link_is_not_read_again(remembering: Path, monkeypatch) -> None:
    """A hard link moves the file's change time: the build, which has just checked the bytes,
    remembers them under the new stamp; a change to the bytes afterwards is still seen."""
    track, linked = remembering / "01-opening.mp3", remembering / "staging-01-opening.mp3"
    track.write_bytes(b"ID3 first")
    want = fsio.sha256_of(track)
    os.link(track, linked)
    fsio.remember_sha256(track, want)
    hashed = []
    monkeypatch.setattr(fsio, "_hash_file", lambda p: hashed.append(p) or _sha256(p.read_bytes()))
    monkeypatch.setattr(fsio, "_known", None)  # a new process: the vouched digest was written
    assert fsio.sha256_of(track) == want and hashed == []
    fsio.remember_sha256(linked, want, keep=False)
    assert fsio.sha256_of(linked) == want and hashed == []
    monkeypatch.setattr(fsio, "_known", None)
    assert fsio.sha256_of(linked) == want and hashed == [linked]  # keep=False: this process only
    with track.open("r+b") as f:
        f.write(b"XYZ")
    assert fsio.sha256_of(track) == _sha256(b"XYZ first")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_child_writes_what_it_remembers_itself(remembering: Path) -> None:
    """An engine's worker forked during a build remembers its model's digest in the cache at
    once: the end of the parent's command, which writes them together, is not its own."""
    model = remembering / "model.onnx"
    model.write_bytes(b"weights")
    memo = remembering / "cache" / "mbc-audio" / fsio._KNOWN_FILE
    with fsio.remembered_together():
        pid = os.fork()
        if pid == 0:  # the child
            try:
                fsio.sha256_of(model)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        assert str(model) in memo.read_text()
