"""manifest.json from anywhere: whatever it holds, reading it gives a Timeline or one
ManifestError, never another exception; names that lead out of the folder are refused."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbc_audio import fsio, timeline
from mbc_audio.errors import ManifestError

from .timelines import small

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=12)
    | st.floats(allow_nan=True, allow_infinity=True),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _replace(document: Any, path: tuple, value: Any, delete: bool) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


VALID = json.loads(timeline.to_json(small()))
PLACES = [p for p in _paths(VALID) if p]


def _write(folder: Path, document: Any) -> None:
    (folder / "manifest.json").write_text(json.dumps(document, allow_nan=True), encoding="utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), value=JSON_VALUES, delete=st.booleans())
def test_any_change_reads_cleanly_or_is_one_manifest_error(tmp_path: Path, place, value, delete) -> None:
    document = _replace(json.loads(json.dumps(VALID)), place, value, delete)
    _write(tmp_path, document)
    try:
        loaded = timeline.load(tmp_path)
    except ManifestError as e:
        assert "\n" not in str(e) and str(e).startswith(str(tmp_path / "manifest.json"))
        return
    # What loads keeps every promise of the types: numbers are numbers, names are plain.
    for track in loaded.tracks:
        assert isinstance(track.duration_ms, int) and not isinstance(track.duration_ms, bool)
        assert fsio.is_plain_name(track.file)
    for sentence in loaded.sentences:
        assert isinstance(sentence.start_ms, int) and isinstance(sentence.text, str)
    if loaded.tracks[0].levels is not None:
        assert not math.isnan(loaded.tracks[0].levels.integrated_lufs)


@pytest.mark.parametrize(
    ("place", "value", "says"),
    [
        (("tracks", 0, "file"), "../../../x.mp3", "is not a plain file name"),
        (("tracks", 0, "file"), "/etc/hostname", "is not a plain file name"),
        (("guide", "id"), "..", "is not a plain file name"),
        (("guide", "id"), "../../victim", "is not a plain file name"),
        (("topics", 1, "sections", 0, "paragraphs", 0, "sentences", 0, "start_ms"), "2000",
         "should be a whole number"),
        (("guide", "title"), None, "manifest.guide.title should be text"),
        (("tracks",), [], "it lists no tracks"),
    ],
)  # fmt: skip
def test_damage_an_attacker_or_an_old_tool_could_make_is_named(tmp_path, place, value, says) -> None:
    _write(tmp_path, _replace(json.loads(json.dumps(VALID)), place, value, False))
    with pytest.raises(ManifestError, match=says):
        timeline.load(tmp_path)


def test_nan_deep_nesting_and_bad_bytes_are_one_error(tmp_path: Path) -> None:
    text = json.dumps(VALID)
    for broken in (
        text.replace('"duration_ms": 8000', '"duration_ms": NaN', 1).encode(),
        ("[" * 100_000 + "]" * 100_000).encode(),
        b"\xff\xfe" + text.encode(),
    ):
        (tmp_path / "manifest.json").write_bytes(broken)
        with pytest.raises(ManifestError):
            timeline.load(tmp_path)
