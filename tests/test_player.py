"""The player's key loop through CliRunner, with scripted keys and the recording sink: the
listener's day from the issue (search, contents, back a sentence, slower, bookmark, quit, resume),
notices, self-voicing, state and keys files, and a missing track."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio import timeline as tl
from mbc_audio.cli import cli
from mbc_audio.player import run as player_run
from mbc_audio.player.output import RecordingSink
from mbc_audio.player.terminal import parse

from .timelines import part, timeline, topic

PAGE_DOWN, PAGE_UP, UP, DOWN, RIGHT, LEFT = (
    "\x1b[6~",
    "\x1b[5~",
    "\x1b[A",
    "\x1b[B",
    "\x1b[C",
    "\x1b[D",
)


def guide() -> tl.Timeline:
    return timeline(
        topic(1, "About this guide", [(None, 0, ["Welcome."])], 8000),
        topic(2, "Metastasis in the bones", [(None, 0, [["Bone pain is common.", "It eases."]])],
              12000, part_id="p1"),
        topic(3, "Metastasis in the liver", [(None, 0, [["The liver filters blood.",
              "Jaundice is a sign.", "Tell your nurse about itching."]])], 16000, part_id="p1"),
        topic(4, "Outlook", [(None, 0, ["Numbers about survival."])], 9000, part_id="p1",
              notice="This topic gives survival statistics."),
        topic(5, "Sources", [(None, 0, ["The end."])], 7000),
        parts=[part("p1", "Living with it", ["t2", "t3", "t4"])],
    )  # fmt: skip


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    made = guide()
    root = tmp_path / "guide"
    root.mkdir()
    tl.save(made, root)
    for track in made.tracks:
        (root / track.file).write_bytes(b"ID3 not decoded by the recording sink")
    monkeypatch.setenv("MBC_AUDIO_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("MBC_AUDIO_CONFIG", str(tmp_path / "config"))
    return root


@pytest.fixture
def sink(monkeypatch) -> RecordingSink:
    recording = RecordingSink()
    monkeypatch.setattr(player_run, "open_sink", lambda warn: recording)
    return recording


def play(folder: Path, keys: str, *args: str):
    result = CliRunner().invoke(cli, ["play", str(folder), "--no-voice", *args], input=keys)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output  # plain lines: no colours, no cursor moves
    return result.output.splitlines()


def sentence_start(text: str) -> tuple[str, int]:
    s = next(s for s in guide().sentences if s.text == text)
    return s.file, s.start_ms


def test_a_listeners_day_from_the_keyboard(folder, sink, tmp_path) -> None:
    # Search for the liver topic; then the contents; then down to sentences, on a sentence,
    # back a sentence; slower; a bookmark; quit.
    keys = "/liver\r" + "t3\r" + DOWN * 3 + RIGHT + RIGHT + LEFT + "[" + "b" + "q"
    lines = play(folder, keys)
    assert lines[0] == "Starting A guide. Press H for the keys."
    assert "Match 1 of 2, in Topic 3: Metastasis in the liver" in lines
    assert "Topic 3 of 5: Metastasis in the liver" in lines
    assert [ln for ln in lines if ln.startswith("Level:")] == [
        "Level: section",
        "Level: paragraph",
        "Level: sentence",
    ]
    plays = sink.plays
    assert plays[0] == ("play", "01-t.mp3", 0, 1.0, 1.0)
    assert plays[1] == ("play", "03-t.mp3", 0, 1.0, 1.0)  # the title matched
    assert plays[2] == ("play", "03-t.mp3", 0, 1.0, 1.0)  # the contents: the topic's start
    first, second = (
        sentence_start(t)[1] for t in ("The liver filters blood.", "Jaundice is a sign.")
    )
    assert [p[2] for p in plays[3:6]] == [first, second, first]  # right, right, then back one
    assert plays[6] == ("play", "03-t.mp3", first, 0.9, 1.0)  # slower, from the same place
    assert "Speed 0.9" in lines
    assert any(ln.startswith("Bookmark 1 added: Metastasis in the liver") for ln in lines)
    assert lines[-1] == "Quit. Your place is kept: Topic 3 of 5: Metastasis in the liver."

    # The next day: it resumes there, at the speed chosen, with the bookmark.
    sink.events.clear()
    lines = play(folder, "B1\rq")
    assert lines[0] == "Resuming Topic 3 of 5: Metastasis in the liver"
    assert sink.plays[0] == ("play", "03-t.mp3", first, 0.9, 1.0)
    assert "Bookmarks: 1. Type a number, then Enter; Escape to cancel." in lines
    assert sink.plays[1][1:3] == ("03-t.mp3", first)


def test_contents_by_number_and_undo(folder, sink) -> None:
    lines = play(folder, "t9\rt2\ruq")
    assert "Contents: no topic 9; there are 5." in lines
    assert [p[1] for p in sink.plays] == ["01-t.mp3", "02-t.mp3", "01-t.mp3"]
    assert "Back to Topic 1 of 5: About this guide, 0 seconds" in lines


def test_search_moves_through_matches_and_says_when_there_are_none(folder, sink) -> None:
    lines = play(folder, "/pain\rn/IS\rnNN/zebra\rq")
    assert "Match 1 of 1, in Topic 2: Bone pain is common." in lines
    matches = [ln.split(",")[0] for ln in lines if ln.startswith("Match")]
    # "is" is in four places: "Metastasis" twice in titles, and two sentences; n and N wrap.
    assert matches == [
        "Match 1 of 1",
        "Match 1 of 1",
        "Match 1 of 5",
        "Match 2 of 5",
        "Match 1 of 5",
        "Match 5 of 5",
    ]
    assert 'Search: no match for "zebra"' in lines


def test_a_notice_asks_first_and_the_answer_is_remembered(folder, sink) -> None:
    lines = play(folder, "t4\r" + "s" + "q")
    assert (
        "Notice: Topic 4 of 5: Outlook. This topic gives survival statistics. Press Enter to listen, or S to skip to the next topic."
        in lines
    )
    assert "Topic 5 of 5: Sources" in lines
    assert "04-t.mp3" not in [p[1] for p in sink.plays]
    # Arriving again by Page Down: skipped as chosen, with a line saying so.
    sink.events.clear()
    lines = play(folder, "t3\r" + PAGE_DOWN + "q")
    assert "Skipped Outlook, as you chose before. Choose it from the contents to hear it." in lines
    assert [p[1] for p in sink.plays][-1] == "05-t.mp3"


def test_a_notice_answered_listen_plays_from_then_on(folder, sink) -> None:
    play(folder, "t4\r\rq")
    assert sink.plays[-1][1:3] == ("04-t.mp3", 0)
    sink.events.clear()
    lines = play(folder, "t4\rq")
    assert not any(ln.startswith("Notice:") for ln in lines)
    assert sink.plays[-1][1:3] == ("04-t.mp3", 0)


def test_levels_stop_at_their_ends_and_say_so(folder, sink) -> None:
    lines = play(folder, UP * 2 + DOWN * 6 + LEFT + "q")
    assert "Level: part" in lines and "Level: part, the coarsest" in lines
    assert "Level: time, the finest" in lines
    assert "Start of the guide" in lines


def test_page_up_at_the_first_topic_and_page_down_at_the_last(folder, sink) -> None:
    lines = play(folder, PAGE_UP + "t5\r" + PAGE_DOWN + "q")
    assert lines[1] == "Start: no previous topic"
    assert "End: no next topic" in lines


def test_where_am_i_speed_and_volume_limits(folder, sink) -> None:
    lines = play(folder, "]" * 25 + "5" + "\x7f" + "9" * 12 + "q")
    assert "Speed 3.0" in lines and lines.count("Speed 3.0") == 6  # held at the limit
    where = next(ln for ln in lines if ln.startswith("Topic 1 of 5: About this guide. "))
    assert "Speed 3.0. Level: topic." in where
    assert "Speed 1.0" in lines
    assert lines.count("Volume 0 percent") == 3


def test_help_and_the_key_describer(folder, sink) -> None:
    lines = play(folder, "hk" + PAGE_DOWN + "kZq")
    assert "Page Down: go to the next topic" in lines
    assert "Space: play or pause" in lines
    assert "Left arrow or 4: go to the previous unit at the current level" in lines
    assert "capital Z: no action" in lines


def test_keys_can_be_changed_in_keys_txt(folder, sink, tmp_path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keys.txt").write_text("# mine\nx = next-topic\nQ = quit\n", encoding="utf-8")
    play(folder, "xQ")
    assert [p[1] for p in sink.plays] == ["01-t.mp3", "02-t.mp3"]


def test_a_bad_keys_txt_is_one_line_naming_the_line(folder, sink, tmp_path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keys.txt").write_text("x = next-topic\nctrl+s = quit\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["play", str(folder), "--no-voice"], input="q")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "keys.txt, line 2: ctrl+s is kept for screen readers" in result.output


def test_a_corrupt_state_file_is_set_aside_with_a_warning(folder, sink, tmp_path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.json").write_text("{not json", encoding="utf-8")
    lines = play(folder, "q")
    assert (
        lines[0].startswith("Warning: ") and "was damaged" in lines[0] and "set aside" in lines[0]
    )
    assert len(list(state.glob("state.json.corrupt-*"))) == 1
    saved = json.loads((state / "state.json").read_text())
    assert saved["version"] == 1 and str(folder.resolve()) in saved["guides"]


def test_a_missing_track_is_named_and_the_player_moves_on(folder, sink) -> None:
    (folder / "02-t.mp3").unlink()
    lines = play(folder, "t2\rq")
    assert (
        "Cannot play Topic 2 of 5: Metastasis in the bones: its file 02-t.mp3 is missing. Moving to the next topic."
        in lines
    )
    assert sink.plays[-1][1:3] == ("03-t.mp3", 0)


def test_the_end_of_a_track_moves_on_to_the_next(folder, sink) -> None:
    from mbc_audio.player.app import Player
    from mbc_audio.player.state import Settings

    heard: list[str] = []
    player = Player(
        guide(), folder, sink, {}, Settings(voice=False), None, lambda t, *_: heard.append(t)
    )
    player.start(resumed=False)
    sink.advance(9000, end_ms=8000)
    player.tick()
    assert (
        sink.plays[-1][1:3] == ("02-t.mp3", 0)
        and heard[-1] == "Topic 2 of 5: Metastasis in the bones"
    )


def test_self_voicing_speaks_every_announcement_and_v_toggles_it(folder, sink, monkeypatch) -> None:
    spoken: list[tuple[str, bool]] = []

    class FakeVoice:
        available = True

        def __init__(self, build, cache, warn) -> None:
            pass

        def prepare(self, texts) -> None:
            pass

        def close(self) -> None:
            pass

    class FakeSpeaker:
        def __init__(self, voice, sink) -> None:
            pass

        def say(self, text: str, interrupt: bool) -> None:
            spoken.append((text, interrupt))

        def close(self) -> None:
            pass

    monkeypatch.setattr(player_run, "Voice", FakeVoice)
    monkeypatch.setattr(player_run, "Speaker", FakeSpeaker)
    result = CliRunner().invoke(cli, ["play", str(folder)], input="w" + "v" + "w" + "v" + "t" + "q")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    said = [text for text, _ in spoken]
    # Every line is printed and, with the voice on, said; while it was off, "where am I" was
    # only printed. The first line after a key cuts off what was being said; a list follows on.
    assert said[0] == "Starting A guide. Press H for the keys."
    where = [ln for ln in lines if ln.startswith("Topic 1 of 5: About this guide.")]
    assert len(where) == 2 and said.count(where[0]) == 1
    assert "Voice off" in said and "Voice on" in said
    while_off = [i for i, line in enumerate(lines) if line == where[1]][1]
    assert said == lines[:while_off] + lines[while_off + 1 :]
    contents = [
        interrupt for text, interrupt in spoken if text.startswith(("Contents:", "1. ", "5. "))
    ]
    assert contents == [True, False, False]


def test_the_speaker_cuts_off_stale_announcements_and_lets_a_list_follow_on() -> None:
    import threading

    from mbc_audio.player.voice import Speaker

    gate = threading.Event()

    class SlowVoice:
        def pcm(self, text: str) -> bytes:
            gate.wait(5)  # the first announcement is still being rendered
            return text.encode()

    sink = RecordingSink()
    speaker = Speaker(SlowVoice(), sink)
    speaker.say("Topic 2 of 5", interrupt=True)
    speaker.say("Topic 3 of 5", interrupt=True)  # a second key before the first was said
    speaker.say("Contents: 5 topics", interrupt=True)
    speaker.say("1. About this guide", interrupt=False)
    gate.set()
    speaker.close()
    said = [(e[1], e[2]) for e in sink.events if e[0] == "speak"]
    assert said == [(len("Contents: 5 topics"), False), (len("1. About this guide"), True)]


def test_terminal_keys_are_parsed_by_name() -> None:
    assert parse("\x1b[6~\x1b[5~\x1b[A\x1bOB\x1b[C\x1b[D \r\x7f\x1bBq") == [
        "pagedown", "pageup", "up", "down", "right", "left", "space", "enter", "backspace",
        "escape", "B", "q",
    ]  # fmt: skip


def test_a_published_zip_plays_and_keeps_its_own_place(folder, sink, tmp_path, monkeypatch) -> None:
    import zipfile

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    archive = tmp_path / "guide-1.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted(folder.iterdir()):
            z.write(file, f"guide/{file.name}")
    lines = play(archive, "t2\rq")
    assert lines[-1] == "Quit. Your place is kept: Topic 2 of 5: Metastasis in the bones."
    assert sink.plays[-1][1:3] == ("02-t.mp3", 0)
    lines = play(archive, "q")
    assert lines[0] == "Resuming Topic 2 of 5: Metastasis in the bones"
    # The folder it came from has a place of its own.
    assert play(folder, "q")[0] == "Starting A guide. Press H for the keys."


def test_the_skip_size_is_set_once_and_kept(folder, sink) -> None:
    play(folder, "t3\r..q", "--skip", "3")
    assert [p[2] for p in sink.plays[-2:]] == [3000, 6000]
    sink.events.clear()
    play(folder, ",q")
    assert sink.plays[-1][2] == 3000
