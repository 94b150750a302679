"""The player's key loop through CliRunner, with scripted keys and the recording sink: the
listener's day (search, contents, back a sentence, slower, bookmark, quit, resume at the
sentence), notices, brevity and echo, edges, self-voicing, keys files and a missing track."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio import timeline as tl
from mbc_audio.cli import cli
from mbc_audio.player import run as player_run
from mbc_audio.player.terminal import parse

from .sinks import RecordingSink
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


TITLE_END = guide().topics[0].title_end_ms  # where each topic's spoken title ends


def sentence_start(text: str) -> tuple[str, int]:
    s = next(s for s in guide().sentences if s.text == text)
    return s.file, s.start_ms


def test_a_listeners_day_from_the_keyboard(folder, sink, tmp_path) -> None:
    # Search for the liver topic; then the contents; then down to sentences, on a sentence,
    # back a sentence; slower; a bookmark; quit.
    keys = "/liver\r" + "t3\r" + DOWN * 3 + RIGHT + RIGHT + LEFT + "[" + "b\x1b" + "q"
    lines = play(folder, keys)
    assert lines[0] == "Starting A guide. Press H for the keys."
    assert "Match 1 of 2, in Topic 3 of 5: Metastasis in the liver" in lines
    assert "Topic 3 of 5: Metastasis in the liver" in lines
    assert [ln for ln in lines if ln.startswith("Level:")] == [
        "Level: section",
        "Level: paragraph",
        "Level: sentence",
    ]
    plays = sink.plays
    first, second = (sentence_start(t)[1] for t in (
        "The liver filters blood.", "Jaundice is a sign."))  # fmt: skip
    assert plays[0] == ("play", "01-t.mp3", 0, 1.0, 1.0)
    assert plays[1] == ("play", "03-t.mp3", 0, 1.0, 1.0)  # the title matched
    # The contents said the title on the screen; with --no-voice the screen reader said it,
    # and the track plays its own spoken title (with the player's voice, it starts after it).
    assert plays[2] == ("play", "03-t.mp3", 0, 1.0, 1.0)
    assert [p[2] for p in plays[3:6]] == [first, second, first]  # right, right, then back one
    assert plays[-1] == ("play", "03-t.mp3", first, 0.9, 1.0)  # slower, from the same place
    assert "Speed 0.9" in lines
    assert "Bookmark 1 added. Type a name, then Enter; Escape for none." in lines
    assert lines[-1] == "Quit. Your place is kept: Topic 3 of 5: Metastasis in the liver."

    # The next day: it resumes there, at the speed chosen, with the bookmark.
    sink.events.clear()
    lines = play(folder, "B1\rq")
    assert lines[0] == "Resuming: Topic 3 of 5: Metastasis in the liver."
    assert sink.plays[0] == ("play", "03-t.mp3", first, 0.9, 1.0)
    assert (
        "Bookmarks: 1. Type a number, then Enter to go, or D to delete; Escape to cancel." in lines
    )
    assert sink.plays[1][1:3] == ("03-t.mp3", first)


def test_resume_is_at_the_start_of_the_sentence_that_was_playing(folder, sink) -> None:
    from mbc_audio.player import app

    clock = [0.0]
    runs: list[app.Player] = []
    original = app.Player.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        runs.append(self)

    jaundice = sentence_start("Jaundice is a sign.")[1]
    try:
        app.Player.__init__ = init  # type: ignore[method-assign]

        def keys():
            yield from ["t", "3", "enter"]
            sink.advance(jaundice - sink.position_ms() + 1700)  # well into "Jaundice is a sign."
            clock[0] += 1
            yield "q"

        from mbc_audio.player.run import play as run_play

        run_play(folder, Path("content"), False, None, keys(), lambda _: None, sink=sink)
    finally:
        app.Player.__init__ = original  # type: ignore[method-assign]
    assert sink.plays[-1][1] == "03-t.mp3"
    sink.events.clear()
    lines = play(folder, "q")
    assert lines[0] == "Resuming: Topic 3 of 5: Metastasis in the liver."
    assert sink.plays[0][1:3] == ("03-t.mp3", jaundice)  # the sentence's start, not mid-word


def test_typed_digits_are_echoed_and_erasures_said(folder, sink) -> None:
    lines = play(folder, "t15\x7f\r" + "q")
    assert "Typed 1: 1" in lines and "Typed 5: 15" in lines
    assert "Erased 5: 1" in lines
    assert sink.plays[-1][1] == "01-t.mp3"
    lines = play(folder, "/bo\x7f\x7f\x7f\x1bq")
    assert [ln for ln in lines if ln.startswith(("Typed", "Erased", "Nothing",
                                                                  "Cancelled"))] == ["Typed b: b", "Typed o: bo", "Erased o: b", "Erased b: ", "Nothing to erase",
            "Cancelled"]  # fmt: skip


def test_contents_by_number_a_few_at_a_time_and_undo(folder, sink) -> None:
    lines = play(folder, "t9\rt2\ruq")
    assert "No topic 9; there are 5" in lines
    assert [p[1] for p in sink.plays] == ["01-t.mp3", "02-t.mp3", "01-t.mp3"]
    assert "Back to Topic 1 of 5: About this guide, 0 seconds" in lines


def test_contents_reads_five_then_more_on_right_arrow(tmp_path, monkeypatch, sink) -> None:
    from .timelines import timeline as make

    made = make(*(topic(n, f"Title {n}", [(None, 0, [f"Words {n}."])], 8000) for n in range(1, 13)))
    root = tmp_path / "many"
    root.mkdir()
    tl.save(made, root)
    for track in made.tracks:
        (root / track.file).write_bytes(b"x")
    monkeypatch.setenv("MBC_AUDIO_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("MBC_AUDIO_CONFIG", str(tmp_path / "config"))
    lines = play(root, "t" + RIGHT + "1" + RIGHT + "1\rq")
    listed = [ln for ln in lines if ln[:1].isdigit() and ". Title" in ln]
    assert listed == [f"{n}. Title {n}" for n in range(1, 16) if n <= 12]  # 5, 5 more, 2 more
    assert lines.count("Right arrow for more") == 2 and "End of the list" in lines
    assert sink.plays[-1][1] == "11-t.mp3"  # the number typed while the list was read


def test_search_moves_through_matches_and_says_when_there_are_none(folder, sink) -> None:
    # A search starts after the place being heard, and wraps round the guide's end saying so.
    lines = play(folder, "/pain\rn/IS\rnnNN/zebra\rq")
    assert "Match 1 of 1, in Topic 2 of 5: Bone pain is common." in lines
    assert "Past the last match, from the start: Match 1 of 1, in Topic 2 of 5: Bone pain is common." in lines
    matches = [ln[ln.index("Match") :].split(",")[0] for ln in lines if "Match " in ln]
    # From "Bone pain is common." (match 3 of "is"), the next match is the liver's title.
    assert matches == ["Match 1 of 1", "Match 1 of 1", "Match 4 of 5", "Match 5 of 5",
                       "Match 1 of 5", "Match 5 of 5", "Match 4 of 5"]  # fmt: skip
    assert "Before the first match, from the end: Match 5 of 5" in " ".join(lines)
    assert "Search: no match for zebra" in lines


def test_a_notice_asks_first_and_the_answer_is_remembered(folder, sink) -> None:
    lines = play(folder, "t4\r" + "s" + "q")
    assert (
        "Notice: Topic 4 of 5: Outlook. This topic gives survival statistics. Press Enter to listen, or S to skip to the next topic."
        in lines
    )
    assert "Topic 5 of 5: Sources" in lines
    assert "04-t.mp3" not in [p[1] for p in sink.plays]
    sink.events.clear()
    lines = play(folder, "t3\r" + PAGE_DOWN + "q")
    assert "Skipped Outlook, as you chose before. Choose it from the contents to hear it." in lines
    assert [p[1] for p in sink.plays][-1] == "05-t.mp3"


def test_a_notice_not_answered_is_asked_again_after_quitting_at_it(folder, sink) -> None:
    lines = play(folder, "t4\rq")
    assert any(ln.startswith("Notice: Topic 4 of 5") for ln in lines)
    lines = play(folder, "q")
    assert lines[0] == "Resuming: Topic 4 of 5: Outlook."
    assert lines[1].startswith("Notice: Topic 4 of 5: Outlook.")
    assert "04-t.mp3" not in [p[1] for p in sink.plays]
    play(folder, "\rq")
    assert sink.plays[-1][1] == "04-t.mp3"


def test_a_notice_answered_listen_plays_from_then_on(folder, sink) -> None:
    play(folder, "t4\r\rq")
    after_title = 0  # --no-voice: the track's own spoken title is heard
    assert sink.plays[-1][1:3] == ("04-t.mp3", after_title)
    sink.events.clear()
    lines = play(folder, "t4\rq")
    assert not any(ln.startswith("Notice:") for ln in lines)
    assert sink.plays[-1][1:3] == ("04-t.mp3", after_title)


def test_levels_stop_at_their_ends_and_say_so(folder, sink) -> None:
    lines = play(folder, UP * 2 + DOWN * 6 + LEFT + "q")
    assert "Level: part" in lines and "Level: part, the coarsest" in lines
    assert "Level: time, the finest" in lines
    assert "Start of the guide" in lines


def test_the_guide_s_edges_are_named(folder, sink) -> None:
    end = "End of the guide: Space to start again, Page Up for the last topic"
    lines = play(folder, PAGE_UP + "t5\r" + PAGE_DOWN + "q")
    assert lines[1] == "Start of the guide"
    assert end in lines
    # A skip in time past the end, then Space starts the guide again.
    lines = play(folder, "." * 4 + " q")
    assert lines.count(end) >= 1 and "no next" not in " ".join(lines)
    assert "Starting A guide again" in lines and sink.plays[-1][1:3] == ("01-t.mp3", 0)


def test_page_down_at_the_last_topic_goes_to_the_end(folder, sink) -> None:
    end = "End of the guide: Space to start again, Page Up for the last topic"
    lines = play(folder, "t5\r" + PAGE_DOWN + PAGE_UP + PAGE_DOWN + " q")
    assert lines.count(end) == 2
    assert (
        sink.events[sink.events.index(("play", "05-t.mp3", 0, 1.0, 1.0)) + 1][0] == "stop"
    )
    assert "Topic 5 of 5: Sources" in lines[lines.index(end) + 1]  # Page Up: the last topic
    assert lines[-2] == "Starting A guide again" and sink.plays[-1][1:3] == ("01-t.mp3", 0)


def test_moving_by_part_says_the_part_s_name(folder, sink) -> None:
    lines = play(folder, UP * 2 + RIGHT + "q")
    assert "Part 2 of 3: Living with it" in lines


def test_topics_whose_titles_repeat_are_told_apart_by_their_part(
    tmp_path, monkeypatch, sink
) -> None:
    from .timelines import timeline as make

    made = make(
        topic(1, "Overview", [(None, 0, ["One."])], 8000, part_id="p1"),
        topic(2, "Overview", [(None, 0, ["Two."])], 8000, part_id="p2"),
        parts=[part("p1", "What it is", ["t1"]), part("p2", "Symptoms, care and outlook", ["t2"])],
    )
    root = tmp_path / "twice"
    root.mkdir()
    tl.save(made, root)
    for track in made.tracks:
        (root / track.file).write_bytes(b"x")
    monkeypatch.setenv("MBC_AUDIO_STATE", str(tmp_path / "state"))
    lines = play(root, PAGE_DOWN + "q")
    assert "Topic 2 of 2: Overview, part 2: Symptoms, care and outlook" in lines


def test_speed_and_volume_limits_are_named(folder, sink) -> None:
    lines = play(folder, "]" * 25 + "\x7f" + "[" * 6 + "0" * 12 + "9" * 25 + "q")
    assert lines.count("Fastest") == 6 and "Speed 3.0" not in lines
    assert "Speed 2.9" in lines and "Speed 1.0" in lines
    assert lines.count("Slowest") == 2 and "Speed 0.6" in lines  # 0.5, then held there
    assert lines.count("Loudest") == 3 and "Volume 190 percent" in lines
    assert lines.count("Quietest") >= 1 and "Volume 20 percent" in lines


def test_where_am_i_is_brief_then_full_on_a_second_press(folder, sink) -> None:
    lines = play(folder, "t3\r5" + "l5q")
    brief = [ln for ln in lines if ln.startswith("Topic 3 of 5, ")]
    assert brief == ["Topic 3 of 5, 0 seconds of 16; 32 seconds left in the guide"]
    full = next(
        ln for ln in lines if ln.startswith("Topic 3 of 5: Metastasis in the liver, part 1")
    )
    assert "0 seconds of 16 seconds, playing. Speed 1.0, Volume 100 percent, Level: topic." in full
    assert "Full announcements" in lines


def test_help_is_grouped_and_read_a_group_at_a_time(folder, sink) -> None:
    lines = play(folder, "h" + "h" + "\x1b" + "k" + PAGE_DOWN + "kZq")
    assert "Keys, moving: group 1 of 5" in lines and "Keys, listening: group 2 of 5" in lines
    assert "Keys, finding: group 3 of 5" not in lines
    assert "Page Down: next topic" in lines  # brief: a few words a key
    assert "Space: play or pause" in lines
    assert "Left arrow or 4: previous" in lines
    assert "Page Down: go to the next topic" in lines  # the key describer says it in full
    assert "capital Z: no action" in lines


def test_help_describes_every_key_briefly_and_in_full(folder, sink) -> None:
    from mbc_audio.player.actions import TABLE

    described = " ".join(play(folder, "hhhhhq"))
    for action in TABLE:
        assert f": {action.brief}" in described, action.act
    described = " ".join(play(folder, "l" + "hhhhh" + "lq"))
    for action in TABLE:
        assert action.help in described
    assert "End of the keys." in described


def test_keys_can_be_changed_in_keys_txt(folder, sink, tmp_path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keys.txt").write_text("# mine\nx = next-topic\nQ = quit\n", encoding="utf-8")
    play(folder, "xQ")
    assert [p[1] for p in sink.plays][:2] == ["01-t.mp3", "02-t.mp3"]


def test_a_bad_keys_txt_line_is_one_warning_and_the_rest_counts(folder, sink, tmp_path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "keys.txt").write_bytes(b"x = next-topic\nctrl+s = quit\ny\xff = quit\n")
    lines = play(folder, "xq")
    assert [ln for ln in lines if ln.startswith("Warning")] == [
        f"Warning: {config / 'keys.txt'}, line 2: ctrl+s is kept for screen readers and terminals; choose another key; that line is left out.",
        f"Warning: {config / 'keys.txt'}, line 3: it holds a byte that is not UTF-8 text; save the file as UTF-8; that line is left out.",
    ]
    assert [p[1] for p in sink.plays][:2] == ["01-t.mp3", "02-t.mp3"]


def test_a_corrupt_state_file_is_set_aside_with_a_warning(folder, sink, tmp_path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    for bad in (b"{not json", b"\xff\xfe{}", b'{"version": 2, "settings": {"speed": NaN}}',
                b"[" * 100_000 + b"]" * 100_000):  # fmt: skip
        (state / "state.json").write_bytes(bad)
        lines = play(folder, "q")
        assert lines[0].startswith("Warning: ") and "was damaged" in lines[0], lines
        assert lines[1] == "Starting A guide. Press H for the keys."
    assert len(list(state.glob("state.json.corrupt-*"))) >= 1
    saved = json.loads((state / "state.json").read_text())
    assert saved["version"] == 2 and "g 1" in saved["guides"]


def test_a_bookmark_into_a_track_a_rebuild_removed_is_named(folder, sink, tmp_path) -> None:
    play(folder, "t5\rb\x1bq")
    made = guide()
    shorter = tl.Timeline(made.guide, made.build, made.parts, made.topics[:3], made.tracks[:3])
    tl.save(shorter, folder)
    lines = play(folder, "B1\rq")
    assert "Your place is no longer in this guide" in lines[0]
    assert (
        "Bookmark 1: its place is no longer in this guide. Press capital B, its number and D to delete it."
        in lines
    )
    lines = play(folder, "B1dq")
    assert any(ln.startswith("Bookmark 1 deleted: Sources") for ln in lines)


def test_a_missing_track_is_named_and_the_player_moves_on(folder, sink) -> None:
    (folder / "02-t.mp3").unlink()
    lines = play(folder, "t2\rq")
    assert (
        "Cannot play Topic 2 of 5: Metastasis in the bones: its file 02-t.mp3 is missing. Moving to the next topic."
        in lines
    )
    assert sink.plays[-1][1] == "03-t.mp3"
    # Page Up past it goes on backwards instead of landing back where it was.
    lines = play(folder, "t3\r" + PAGE_UP + "q")
    assert "Moving to the previous topic." in " ".join(lines)
    assert sink.plays[-1][1] == "01-t.mp3"


def test_the_end_of_a_track_moves_on_and_the_title_is_said_once(folder, sink) -> None:
    from mbc_audio.player.app import Player
    from mbc_audio.player.state import Settings

    heard: list[str] = []
    player = Player(
        guide(),
        folder,
        sink,
        {},
        Settings(voice=True),  # the player says the title: the track starts after its own
        None,
        lambda line, *_: heard.append(line.text),
    )
    player.start(resumed=False)
    sink.advance(9000, end_ms=8000)
    player.tick()
    assert sink.plays[-1][1:3] == ("02-t.mp3", TITLE_END)
    assert heard[-1] == "Topic 2 of 5: Metastasis in the bones"


def test_terminal_keys_are_parsed_by_name() -> None:
    assert parse("\x1b[6~\x1b[5~\x1b[A\x1bOB\x1b[C\x1b[D \r\x7f\x1bBq") == [
        "pagedown", "pageup", "up", "down", "right", "left", "space", "enter", "backspace",
        "escape", "B", "q",
    ]  # fmt: skip


def _announcing_guide(repeated: bool) -> tl.Timeline:
    """guide() with the build's spoken title for a document's first track: "Part one: <the
    document's title>. <the topic's title>" (build.plan.announced); repeated: the next topic
    has the same title (which the player tells apart by naming the part)."""
    made = guide()
    first, second = made.topics[1], made.topics[2]
    said = replace(first, spoken_title=f"Part one: Living with it. {first.spoken_title}")
    if repeated:
        second = replace(second, title=first.title, spoken_title=first.spoken_title)
    return replace(made, topics=(made.topics[0], said, second, *made.topics[3:]))


@pytest.mark.parametrize("repeated", [False, True])
@pytest.mark.parametrize("keys", [("pagedown",), ("up", "up", "right")])
@pytest.mark.parametrize("voice", [True, False])
def test_a_document_s_title_is_said_once_on_entering_it(
    folder, sink, keys, voice, repeated
) -> None:
    from mbc_audio.player.app import Player
    from mbc_audio.player.state import Settings

    spoken: list[str] = []  # what the player's voice says, or the screen reader reads
    keys_ = {"pagedown": "next-topic", "up": "coarser", "right": "next"}
    player = Player(_announcing_guide(repeated), folder, sink, keys_, Settings(voice=voice), None,
                    lambda line, speak, _: spoken.append(" ".join(line.spoken) if speak
                                                         else line.text))  # fmt: skip
    player.start(resumed=False)
    for key in keys:
        spoken.clear()
        player.handle(key)
    file, start = sink.plays[-1][1:3]
    assert file == "02-t.mp3"
    # With the voice the player says the title and the track starts after its own; without
    # it, the track's own title is heard and the player's line does not name the document.
    heard = " ".join(spoken) + ("" if start else " Part one: Living with it. Bones")
    assert start == (TITLE_END if voice else 0)
    assert heard.count("Living with it") == 1, heard
    assert "Metastasis in the bones" in " ".join(spoken)


def test_a_place_that_cannot_be_kept_is_said_once_and_the_player_goes_on(
    folder, sink, tmp_path, monkeypatch
) -> None:
    """The place is written by the keeper's own thread: a failure there is still said, once
    however many keys fail to keep it, and every key still acts."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be")
    monkeypatch.setenv("MBC_AUDIO_STATE", str(blocked))
    lines = play(folder, PAGE_DOWN + PAGE_DOWN + RIGHT + "b" + "\n" + "q")
    assert sum("could not be kept" in line for line in lines) == 1, lines
    assert any("Topic 3 of 5" in line for line in lines)
    assert not (tmp_path / "state").exists()
