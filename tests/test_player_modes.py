"""The player's shape: one table of actions (each key's handler, help and phrases), a core and
one object per mode. Every action says only phrases rendered into the guide; a notice is never
a dead end; no class grows past 25 methods and nothing is dispatched by a built name."""

from __future__ import annotations

import ast
from pathlib import Path

from mbc_audio.player import actions
from mbc_audio.player.actions import DEFAULT_KEYS, TABLE
from mbc_audio.player.app import Player
from mbc_audio.player.keys import Act
from mbc_audio.player.lines import Line
from mbc_audio.player.modes import ModeName
from mbc_audio.player.navigation import Position
from mbc_audio.player.phrases import fixed_phrases, phrase_texts
from mbc_audio.player.state import Settings

from .test_player import folder, guide, sentence_start, sink  # noqa: F401  (fixtures)

PLAYER = Path(actions.__file__).parent


def started(root, recording, heard: list[Line]) -> Player:
    player = Player(guide(), root, recording, DEFAULT_KEYS, Settings(voice=False), None,
                    lambda line, *_: heard.append(line))  # fmt: skip
    player.start(resumed=False)
    file, ms = sentence_start("Jaundice is a sign.")
    player.arrive(Position(int(file[:2]) - 1, ms), chosen=True)
    return player


def test_every_action_has_one_entry_and_says_only_rendered_phrases(folder, sink) -> None:  # noqa: F811
    assert [a.act for a in TABLE] == list(dict.fromkeys(a.act for a in TABLE))
    assert {a.act for a in TABLE} == set(Act)
    rendered = set(phrase_texts(guide()))
    words = started(folder, sink, []).core.words
    for action in TABLE:
        declared = {words.fixed(p).spoken for p in action.phrases} - {""}
        assert declared <= rendered, (action.act, sorted(declared - rendered))
    for action in TABLE:
        for key in action.keys:
            heard: list[Line] = []
            player = started(folder, sink, heard)
            player.core.sleep_at = player.core.clock() + 600  # Z and W say the time left
            for pressed in (key, key, "1", "enter", "escape"):
                player.handle(pressed)
                sink.advance(500)
                player.tick()
            said = {p.spoken for line in heard for p in line.pieces if p.spoken and not p.free}
            assert said <= rendered, (action.act, key, sorted(said - rendered))
    assert len(fixed_phrases()) > 100


def test_no_class_is_over_25_methods_and_nothing_is_dispatched_by_name() -> None:
    for module in PLAYER.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body if isinstance(n, ast.FunctionDef)]
                assert len(methods) <= 25, f"{module.name}: {node.name} has {len(methods)}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "getattr":
                assert not (node.args and getattr(node.args[0], "id", "") == "self"), module.name
        assert "disable-error-code" not in module.read_text(encoding="utf-8"), module.name


def notice_player(root, recording, heard: list[str]) -> Player:
    player = Player(guide(), root, recording, DEFAULT_KEYS, Settings(voice=False), None,
                    lambda line, *_: heard.append(line.text))  # fmt: skip
    player.start(resumed=False)
    player.arrive(Position(2, 0), chosen=True)
    recording.advance(3000)
    for key in ("t", "4", "enter"):
        player.handle(key)
    assert player.mode.name == ModeName.NOTICE
    return player


def test_every_key_works_at_a_notice(folder, sink) -> None:  # noqa: F811
    heard: list[str] = []
    player = notice_player(folder, sink, heard)
    for key, said in (("w", "Topic 4 of 5"), ("h", "Keys, moving"), ("r", "Notice: Topic 4")):
        before = len(heard)
        player.handle(key)
        if key == "h":
            player.handle("escape")
        assert any(said in line for line in heard[before:]), (key, heard[before:])
        assert player.mode.name == ModeName.NOTICE, key  # it answered; the notice waits on
    player.handle("pageup")  # leaves the notice for the topic before
    assert player.mode.name == ModeName.LISTENING and sink.plays[-1][1] == "03-t.mp3"

    player = notice_player(folder, sink, heard)
    player.handle("escape")  # back to where the listener was
    assert heard[-1] == "Back to Topic 3 of 5: Metastasis in the liver"
    assert sink.plays[-1][1:3] == ("03-t.mp3", 3000 + player.core.after_title(2))

    player = notice_player(folder, sink, heard)
    player.handle("t")
    assert heard[-1] == "End of the list"
    player.handle("escape")
    assert player.mode.name == ModeName.NOTICE  # the contents closed: the notice waits on
    for key in ("t", "4", "enter"):
        player.handle(key)
    assert player.mode.name == ModeName.NOTICE and heard[-1].startswith("Notice: Topic 4")
    player = notice_player(folder, sink, heard)
    for key in ("/", *"sources", "enter"):
        player.handle(key)
    assert sink.plays[-1][1] == "05-t.mp3"
    player = notice_player(folder, sink, heard)
    player.handle("pagedown")
    assert sink.plays[-1][1] == "05-t.mp3"
    assert not player.core.guide_state.notices  # no answer was given, none is kept
