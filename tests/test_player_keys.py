# ruff: noqa: F811  (the fixtures folder and sink come from test_player)
"""The player's newer keys through CliRunner and the recording sink: go to a time or a
percentage, the sleep timer, reading and spelling the sentence, named and deletable bookmarks,
questions for the care team and `mbc-audio notes`, the library of guides, the skip size."""

from __future__ import annotations

import shutil
import zipfile

from click.testing import CliRunner

from mbc_audio import timeline as tl
from mbc_audio.cli import cli
from mbc_audio.player.app import Player
from mbc_audio.player.keys import Act
from mbc_audio.player.state import Settings

from .sinks import RecordingSink
from .test_player import folder, guide, play, sentence_start, sink  # noqa: F401  (fixtures)


def test_go_to_a_time_or_a_percentage_lands_at_a_sentence_start(folder, sink) -> None:
    # The guide: 8 + 12 + 16 + 9 + 7 = 52 s. 0.2 minutes is 12 s: 4 s into topic 2.
    lines = play(folder, "g0.2\r" + "g50%\r" + "g0:40\r" + "gx\r" + "q")
    assert "Go to: type minutes, or a number then percent, then Enter." in lines
    assert "Typed 0: 0" in lines and "Typed %: 50%" in lines
    bones = sentence_start("Bone pain is common.")[1]
    jaundice = sentence_start("Jaundice is a sign.")[1]
    assert sink.plays[1][1:3] == ("02-t.mp3", bones)  # 4 s into topic 2 is in its first sentence
    assert sink.plays[2][1:3] == ("03-t.mp3", jaundice)  # 26 s: 6 s into topic 3, its sentence
    assert sink.plays[3][1] == "04-t.mp3"  # 40 s
    assert "Topic 2 of 5: Metastasis in the bones, 2 seconds" in lines
    assert "X: not taken here. Enter to finish, Escape to cancel." in lines


def test_the_sleep_timer_steps_and_pauses_the_guide(folder, sink) -> None:
    heard: list[str] = []
    clock = [1000.0]
    player = Player(guide(), folder, sink, {"z": "sleep", "w": "where"}, Settings(voice=False),
                    None, lambda line, *_: heard.append(line.text), clock=lambda: clock[0])  # fmt: skip
    player.start(resumed=False)
    for _ in range(6):
        player.handle("z")
    assert heard[-6:] == ["Sleep in 15 minutes", "Sleep in 30 minutes", "Sleep in 45 minutes",
                          "Sleep in 60 minutes", "Sleep at the end of the topic",
                          "Sleep timer off"]  # fmt: skip
    player.handle("z")
    player.handle("w")
    clock[0] += 10 * 60
    player.handle("z")  # after another key: says the time left instead of changing it
    assert heard[-1] == "Sleep in 5 minutes. Press Z again to change it."
    assert heard[-2].endswith("; sleep in 15 minutes")
    clock[0] += 5 * 60
    player.tick()
    assert heard[-1] == "Sleep timer: paused. Press Space to go on."
    assert not sink.playing() and player.core.sleep_at is None


def test_the_sleep_timer_can_end_with_the_topic(folder, sink) -> None:
    heard: list[str] = []
    player = Player(guide(), folder, sink, {"z": "sleep", "w": "where"}, Settings(voice=False),
                    None, lambda line, *_: heard.append(line.text))  # fmt: skip
    player.start(resumed=False)
    for _ in range(5):
        player.handle("z")
    player.handle("w")
    assert heard[-1].endswith("; sleep at the end of the topic")
    sink.advance(9000, end_ms=8000)  # topic 1 ends: the guide pauses there, not in topic 2
    player.tick()
    assert heard[-1] == "Sleep timer: end of topic, paused. Press Space to go on."
    assert not sink.playing() and sink.plays[-1][1] == "01-t.mp3"
    player.tick()
    assert sink.plays[-1][1] == "01-t.mp3"  # it stays paused


def test_e_reads_the_sentence_and_a_second_e_spells_the_word(folder, sink) -> None:
    heard: list[str] = []
    player = Player(guide(), folder, sink, {"e": "read-sentence"}, Settings(voice=False), None,
                    lambda line, *_: heard.append(line.text))  # fmt: skip
    player.start(resumed=False)
    player.arrive(tl_position(*sentence_start("The liver filters blood.")), chosen=True)
    sink.advance(2000)  # two thirds through: the third of three words
    player.handle("e")
    player.core.last_action = Act.READ_SENTENCE
    player.handle("e")
    assert heard[-2] == "The liver filters blood."
    assert heard[-1] == "filters: f, i, l, t, e, r, s"


def tl_position(file: str, ms: int):
    from mbc_audio.player.navigation import Position

    return Position(int(file[:2]) - 1, ms)


def test_bookmarks_are_named_listed_and_deleted(folder, sink) -> None:
    lines = play(folder, "t2\rbpain\r" + "t3\rb\x1b" + "B" + "1d" + "B2\rq")
    assert "Typed p: p" in lines and "Named: pain" in lines
    assert (
        "Bookmarks: 2. Type a number, then Enter to go, or D to delete; Escape to cancel." in lines
    )
    assert "1. pain" in lines
    assert "Bookmark 1 deleted: pain" in lines
    assert "No bookmark 2; there are 1" in lines
    lines = play(folder, "B1\rq")
    assert lines[2].startswith("1. Metastasis in the liver: ")
    assert sink.plays[-1][1] == "03-t.mp3"


def test_a_question_is_marked_and_listed_by_mbc_audio_notes(folder, sink, tmp_path) -> None:
    lines = play(folder, "t3\r" + "\x1b[B" * 3 + "\x1b[C" + "aask about itching\r" + "q")
    assert (
        "Question marked: The liver filters blood. Type a note, then Enter; Escape for none."
        in lines
    )
    assert "Note kept: ask about itching" in lines
    result = CliRunner().invoke(cli, ["notes", str(folder)])
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert out[0] == "Questions for your care team, A guide: 1."
    assert out[1] == '1. Topic 3, Metastasis in the liver, at 0:02: "The liver filters blood."'
    assert out[2] == "   Your note: ask about itching"
    page = tmp_path / "questions.html"
    result = CliRunner().invoke(cli, ["notes", "--html", "--out", str(page)])
    assert result.exit_code == 0 and "1 questions in large print" in result.output
    html = page.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "The liver filters blood." in html
    assert "ask about itching" in html and "font: 1.6rem" in html


def test_notes_for_a_guide_never_played_is_one_line(folder, tmp_path, monkeypatch) -> None:
    result = CliRunner().invoke(cli, ["notes", str(folder)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "has not been played yet" in result.output


def test_the_place_belongs_to_the_guide_wherever_it_is_opened(
    folder, sink, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    archive = tmp_path / "guide-1.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted(folder.iterdir()):
            z.write(file, f"guide/{file.name}")
    lines = play(archive, "t2\rq")
    assert lines[-1] == "Quit. Your place is kept: Topic 2 of 5: Metastasis in the bones."
    # The folder, and a copy elsewhere, are the same guide: the same place.
    assert play(folder, "q")[0] == "Resuming: Topic 2 of 5: Metastasis in the bones."
    copy = tmp_path / "elsewhere"
    shutil.copytree(folder, copy)
    assert play(copy, "q")[0] == "Resuming: Topic 2 of 5: Metastasis in the bones."


def test_the_library_lists_guides_played_and_offers_a_choice(folder, sink, tmp_path) -> None:
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    made = tl.load(other)
    from dataclasses import replace

    tl.save(
        replace(made, guide=replace(made.guide, id="h", title="Another guide", version="2")), other
    )
    play(folder, "t3\rq")
    play(other, "q")
    result = CliRunner().invoke(cli, ["play", "--list"])
    assert result.exit_code == 0
    listed = result.output.splitlines()
    assert listed[0] == f"1. Another guide, version 2: Topic 1 of 5. {other.resolve()}"
    assert listed[1] == f"2. A guide, version 1: Topic 3 of 5. {folder.resolve()}"
    # No guide named: the bookshelf says each, and one is chosen by number, or by arrows.
    result = CliRunner().invoke(cli, ["play", "--no-voice"], input="2\rq")
    assert result.exit_code == 0, result.output
    shelf = result.output.splitlines()
    assert shelf[0] == ("Bookshelf: 2 guides played before. "
                        "Up and Down arrows, or a number, then Enter; Escape to stop.")  # fmt: skip
    assert shelf[1:3] == ["1. Another guide, version 2: Topic 1 of 5.",
                          "2. A guide, version 1: Topic 3 of 5."]  # fmt: skip
    assert "Resuming: Topic 3 of 5: Metastasis in the liver." in result.output
    # Now "A guide" was played last, so it comes first; Down, Down, Down: 2, 1, then 2.
    result = CliRunner().invoke(cli, ["play", "--no-voice"], input="\x1b[B\x1b[B\x1b[B\rq")
    said = result.output.splitlines()
    assert said[3:6] == ["2. Another guide, version 2: Topic 1 of 5.",
                         "1. A guide, version 1: Topic 3 of 5.",
                         "2. Another guide, version 2: Topic 1 of 5."]  # fmt: skip
    assert said[6] == "Starting Another guide. Press H for the keys."



def test_the_skip_size_is_set_once_and_kept(folder, sink) -> None:
    play(folder, "t3\r..q", "--skip", "3")
    assert [p[2] for p in sink.plays[-2:]] == [3000, 6000]
    sink.events.clear()
    play(folder, ",q")
    # Quit at 7.5 s, in the sentence from 5.5 s: resumed there, then back 3 s.
    assert sink.plays[-1][2] == sentence_start("Jaundice is a sign.")[1] - 3000


def test_recording_sink_is_a_test_double_only() -> None:
    from mbc_audio.player import output

    assert not hasattr(output, "RecordingSink")
    assert RecordingSink not in output.SilentSink.__mro__
