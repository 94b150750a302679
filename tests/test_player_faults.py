# ruff: noqa: F811  (the fixtures folder and sink come from test_player)
"""The player under damaged input: state.json and keys.txt fuzzed with hypothesis ("one line or a
clean result, never a traceback"), a damaged manifest, and zips that are too big, compressed too
far, or hold members outside their folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbc_audio.cli import cli
from mbc_audio.errors import ManifestError
from mbc_audio.player import unzip
from mbc_audio.player.actions import DEFAULT_KEYS
from mbc_audio.player.keys import load_keys
from mbc_audio.player.state import STATE_FILE, State, load_state

from .test_player import folder, play, sink  # noqa: F401  (fixtures)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
NAMES = ["version", "settings", "guides", "last_guide", "speed", "volume", "voice", "skip_s",
         "track", "ms", "bookmarks", "notices", "questions", "label", "sentence", "verbosity"]  # fmt: skip


def state_like() -> st.SearchStrategy[object]:
    """Objects shaped like a state file, with any value anywhere."""
    guide = st.fixed_dictionaries({}, optional={n: JSON for n in NAMES})
    return st.fixed_dictionaries(
        {"version": st.sampled_from([1, 2, 2, 3, "2", None])},
        optional={"settings": st.fixed_dictionaries({}, optional={n: JSON for n in NAMES}),
                  "guides": st.dictionaries(st.text(max_size=5), guide | JSON, max_size=3),
                  "last_guide": JSON},
    )  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=state_like() | JSON, raw=st.binary(max_size=40), as_bytes=st.booleans())
def test_any_state_file_is_read_or_set_aside_in_one_line(
    tmp_path_factory, data, raw, as_bytes
) -> None:
    where = tmp_path_factory.mktemp("state")
    text = raw if as_bytes else json.dumps(data, allow_nan=True).encode()
    (where / STATE_FILE).write_bytes(text)
    warnings: list[str] = []
    state = load_state(where, warnings.append)
    assert isinstance(state, State)
    assert len(warnings) <= 1 and all("\n" not in w for w in warnings)
    assert state.settings.speed == state.settings.speed  # never NaN
    for guide in state.guides.values():
        assert isinstance(guide.track, int) and isinstance(guide.ms, int)
    if warnings:
        assert "was damaged" in warnings[0]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=80) | st.text(max_size=80).map(lambda t: t.encode("utf-8")))
def test_any_keys_file_gives_a_key_map_and_a_line_per_unusable_line(tmp_path_factory, raw) -> None:
    where = tmp_path_factory.mktemp("config")
    (where / "keys.txt").write_bytes(raw)
    warnings: list[str] = []
    keys = load_keys(where, warnings.append, DEFAULT_KEYS)
    assert set(DEFAULT_KEYS) <= set(keys)  # the standard keys are never lost
    assert all("\n" not in w and w.startswith("Warning: ") for w in warnings)
    lines = [ln for ln in raw.decode("utf-8", "replace").splitlines() if ln.strip()]
    assert len(warnings) <= len(lines)


def test_a_deeply_nested_state_file_is_one_warning(tmp_path) -> None:
    (tmp_path / STATE_FILE).write_text(
        '{"version": 2, "guides": ' + "[" * 50_000 + "]" * 50_000 + "}"
    )
    warnings: list[str] = []
    assert load_state(tmp_path, warnings.append) == State()
    assert len(warnings) == 1 and "RecursionError" in warnings[0]


@pytest.mark.parametrize(
    "damage, said",
    [
        (lambda m: m["tracks"].clear() or m["topics"].clear(), "lists no tracks"),
        (lambda m: m["tracks"][0].update(duration_ms="long"), "manifest.json"),
        (lambda m: m["guide"].pop("title"), "manifest.json"),
    ],
)
def test_a_damaged_manifest_is_one_line_and_exit_2(folder, sink, damage, said) -> None:
    manifest = folder / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    damage(data)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["play", str(folder), "--no-voice"], input="q")
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and said in result.output
    assert "Traceback" not in result.output


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return unzip.guides_dir()


def test_a_zip_bomb_is_refused_in_one_line_and_nothing_is_left(tmp_path, cache) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("guide/manifest.json", b"{}")
        z.writestr("guide/01.mp3", bytes(40 << 20))  # 40 MB of zeros: about 40 KB packed
    with pytest.raises(ManifestError, match="compressed .* to 1, which no guide is"):
        unzip.unpacked(archive)
    with pytest.raises(ManifestError, match="would unpack to 40 MB, over the 1 MB"):
        unzip.unpacked(archive, limit_bytes=1 << 20)
    assert not cache.exists() or not any(cache.iterdir())


def test_a_member_larger_than_it_says_is_stopped(tmp_path, cache) -> None:
    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("guide/a.mp3", b"x" * 5000)
    data = bytearray(archive.read_bytes())
    # The central directory's uncompressed size of the one member: 5000 -> 50.
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (50).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises((ManifestError, zipfile.BadZipFile)):
        unzip.unpacked(archive)
    assert not any(p.name.endswith(".new") for p in cache.iterdir())


@pytest.mark.parametrize("name", ["../evil.mp3", "/abs.mp3", "guide/../../evil.mp3"])
def test_members_outside_the_folder_are_refused(tmp_path, cache, name) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(name, b"x")
    with pytest.raises(ManifestError, match="outside its folder"):
        unzip.unpacked(archive)
    assert not (tmp_path / "evil.mp3").exists()


def test_old_unpackings_are_removed(tmp_path, cache) -> None:
    made = []
    for n in range(unzip.KEEP + 2):
        archive = tmp_path / f"g{n}.zip"
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("guide/manifest.json", f"{n}")
        made.append(unzip.unpacked(archive))
    left = sorted(p for p in cache.iterdir())
    assert len(left) == unzip.KEEP and made[-1] in left
