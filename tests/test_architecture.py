"""Seams a newcomer can trust: the build renders the player's phrases without importing the
player (it finds them through the entry point group mbc_audio.phrases), and no class in src/
grows past 25 methods."""

from __future__ import annotations

import ast
import importlib.metadata
from pathlib import Path

import pytest

import mbc_audio
from mbc_audio.build import phrases as build_phrases
from mbc_audio.errors import MbcAudioError
from mbc_audio.player import phrases as player_phrases

from .test_player import guide

SRC = Path(mbc_audio.__file__).parent


def test_the_build_renders_what_the_players_table_of_actions_says() -> None:
    own = importlib.metadata.distribution("mbc-audio").entry_points.select(
        group=build_phrases.GROUP
    )
    assert [p.value for p in own] == ["mbc_audio.player.phrases:phrase_texts"]
    made = guide()
    texts = build_phrases.phrase_texts(made)
    assert texts == player_phrases.phrase_texts(made)
    assert "Start of the guide" in texts and "Metastasis in the bones" in texts


def test_a_build_without_the_players_metadata_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [])
    build_phrases._readers.cache_clear()
    try:
        with pytest.raises(MbcAudioError, match="names no reader of the guide .* scripts/setup"):
            build_phrases.phrase_texts(guide())
    finally:
        monkeypatch.undo()
        build_phrases._readers.cache_clear()


def test_no_class_in_src_has_over_25_methods() -> None:
    sizes = {}
    for module in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
                sizes[f"{module.relative_to(SRC)}:{node.name}"] = len(methods)
    assert len(sizes) > 100
    assert {name: n for name, n in sizes.items() if n > 25} == {}
