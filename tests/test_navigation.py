"""Navigation as a pure function, over every command at every boundary of a small timeline."""

from __future__ import annotations

import pytest

from mbc_audio.player.navigation import Command, Index, Level, Position, navigate

from .timelines import small

INDEX = Index.of(small())
LEVELS = [Level.PART, Level.TOPIC, Level.SECTION, Level.PARAGRAPH, Level.SENTENCE]


def boundaries(index: Index, level: Level):
    """For each unit: its start, just after its start, and the last ms before the next unit."""
    units = index.units[level]
    for i, unit in enumerate(units):
        following = units[i + 1].position if i + 1 < len(units) else None
        last_ms = (following.ms if following and following.track == unit.track
                   else index.durations[unit.track]) - 1  # fmt: skip
        for ms in {unit.start_ms, unit.start_ms + 1, last_ms}:
            yield i, Position(unit.track, ms)


def test_the_small_timeline_has_every_level() -> None:
    labels = {level: [u.label for u in INDEX.units[level]] for level in LEVELS}
    assert labels[Level.PART] == ["About this guide", "Living well", "Sources"]
    assert labels[Level.TOPIC] == ["About this guide", "Bones", "Outlook", "Sources"]
    assert labels[Level.SECTION] == [
        "About this guide",
        "Bones",
        "When to call",
        "Outlook",
        "Sources",
    ]
    assert labels[Level.PARAGRAPH] == [
        "About this guide", "Welcome.", "Bones", "Bone pain.", "Rest.", "Call us.", "Day or night.",
        "Outlook", "Numbers.", "Sources", "The end.",
    ]  # fmt: skip
    assert labels[Level.SENTENCE][2:9] == [
        "Bones", "Bone pain.", "It eases.", "Rest.", "Call us.", "Day or night.", "Any time.",
    ]  # fmt: skip
    # The first paragraph of a titled section starts at its heading, so the heading is heard.
    call = INDEX.units[Level.PARAGRAPH][5]
    assert call.start_ms == 15000 and INDEX.units[Level.SENTENCE][6].start_ms == 16500


@pytest.mark.parametrize("level", LEVELS)
def test_next_and_previous_at_every_boundary(level) -> None:
    units = INDEX.units[level]
    for i, position in boundaries(INDEX, level):
        forward = navigate(INDEX, position, level, Command.NEXT)
        if i + 1 < len(units):
            assert (forward.position, forward.unit, forward.edge) == (
                units[i + 1].position,
                units[i + 1],
                None,
            )
        else:
            assert (forward.position, forward.edge) == (position, "last")
        back = navigate(INDEX, position, level, Command.PREVIOUS)
        if i > 0:
            assert (back.position, back.unit, back.edge) == (
                units[i - 1].position,
                units[i - 1],
                None,
            )
        else:
            assert (back.position, back.edge) == (units[0].position, "first")
        assert forward.level == back.level == level


@pytest.mark.parametrize("level", [*LEVELS, Level.TIME])
def test_topic_keys_work_at_every_level_and_keep_the_level(level) -> None:
    for track, duration in enumerate(INDEX.durations):
        for ms in (0, 1, duration - 1):
            move = navigate(INDEX, Position(track, ms), level, Command.NEXT_TOPIC)
            assert move.level == level
            if track + 1 < len(INDEX.durations):
                assert (
                    move.position == Position(track + 1, 0)
                    and move.unit.label == INDEX.titles[track + 1]
                )
            else:
                assert move.edge == "last" and move.position == Position(track, ms)
            back = navigate(INDEX, Position(track, ms), level, Command.PREVIOUS_TOPIC)
            assert back.position == Position(max(track - 1, 0), 0)
            assert back.edge == ("first" if track == 0 else None)


def test_levels_change_one_step_and_stop_at_both_ends() -> None:
    here = Position(1, 5000)
    assert navigate(INDEX, here, Level.SENTENCE, Command.COARSER).level == Level.PARAGRAPH
    assert navigate(INDEX, here, Level.SENTENCE, Command.FINER).level == Level.TIME
    top = navigate(INDEX, here, Level.PART, Command.COARSER)
    assert (top.level, top.edge, top.position) == (Level.PART, "first", here)
    bottom = navigate(INDEX, here, Level.TIME, Command.FINER)
    assert (bottom.level, bottom.edge, bottom.position) == (Level.TIME, "last", here)


@pytest.mark.parametrize("level", [Level.SENTENCE, Level.TIME])
def test_time_moves_cross_tracks_and_stop_at_the_ends(level) -> None:
    first = INDEX.durations[0]
    # 10 s forward from 3 s before the end of track 1 lands 7 s into track 2.
    move = navigate(INDEX, Position(0, first - 3000), level, Command.FORWARD)
    assert (move.position, move.edge) == (Position(1, 7000), None)
    back = navigate(INDEX, Position(1, 5000), level, Command.BACK)
    assert (back.position, back.edge) == (Position(0, first - 5000), None)
    assert navigate(INDEX, Position(0, 4000), level, Command.BACK).position == Position(0, 0)
    assert navigate(INDEX, Position(0, 4000), level, Command.BACK).edge == "first"
    end = navigate(INDEX, Position(3, INDEX.durations[3] - 10), level, Command.FORWARD)
    assert (end.position, end.edge) == (INDEX.end, "last")


def test_time_level_next_and_previous_are_the_skip_size() -> None:
    assert navigate(
        INDEX, Position(1, 1000), Level.TIME, Command.NEXT, skip_ms=5000
    ).position == Position(1, 6000)
    assert navigate(
        INDEX, Position(1, 9000), Level.TIME, Command.PREVIOUS, skip_ms=5000
    ).position == Position(1, 4000)


def test_repeat_goes_to_the_start_of_the_sentence_being_heard() -> None:
    for unit in INDEX.units[Level.SENTENCE]:
        for ms in (unit.start_ms, unit.start_ms + 1200):
            move = navigate(INDEX, Position(unit.track, ms), Level.TOPIC, Command.REPEAT)
            assert move.position == unit.position and move.level == Level.TOPIC


def test_global_time_round_trips() -> None:
    total = INDEX.to_global(INDEX.end)
    assert total == sum(INDEX.durations)
    for ms in range(0, total, 997):
        assert INDEX.to_global(INDEX.from_global(ms)) == ms
