"""The player never loses a listener's place, with real audio (a PulseAudio null sink) and the
player in tmux: a kill -9 or a closed terminal keeps the place, the bookmark and the question
made just before; Q then Ctrl-C ends at once; keys work after Ctrl-Z and fg."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_player_e2e import guide, keys, need, pulse, wait_for  # noqa: F401  (fixtures)

pytestmark = pytest.mark.integration


def environment(pulse_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return {**pulse_env, "MBC_AUDIO_STATE": str(tmp_path / "state"),
            "MBC_AUDIO_CONFIG": str(tmp_path / "config"), "NO_COLOR": "1"}  # fmt: skip


def start(env: dict[str, str], command: str) -> str:
    """A tmux session of its own running an interactive shell; the command typed into it."""
    session = f"mbc-audio-keep-{os.getpid()}-{time.monotonic_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "50",
                    "bash --norc --noprofile -i"], env=env, check=True)  # fmt: skip
    keys(session, env, command, "Enter")
    return session


def play_command(folder: Path, *options: str) -> str:
    return f"'{sys.executable}' -m mbc_audio play '{folder}' {' '.join(options)}; echo EXIT''ED $?"


def player_pid(session: str, env: dict[str, str]) -> int:
    shell = subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"], env=env,
                           capture_output=True, text=True, check=True).stdout.split()[0]  # fmt: skip
    for _ in range(50):
        found = subprocess.run(["pgrep", "-P", shell, "-f", "mbc_audio play"],
                               capture_output=True, text=True).stdout.split()  # fmt: skip
        if found:
            return int(found[0])
        time.sleep(0.1)
    raise AssertionError("the player's process was not found")


def kept(tmp_path: Path) -> dict:
    state = json.loads((tmp_path / "state" / "state.json").read_text(encoding="utf-8"))
    return next(iter(state["guides"].values()))


def mark_and_move(session: str, env: dict[str, str]) -> None:
    wait_for(session, "Starting Test guide.", env)
    keys(session, env, "NPage")
    wait_for(session, "Topic 2 of 4", env)
    keys(session, env, "NPage")
    wait_for(session, "Topic 3 of 4: Liver", env)
    keys(session, env, "b")
    wait_for(session, "Bookmark 1 added.", env)
    keys(session, env, "first", "Enter")
    wait_for(session, "Named: first", env)
    keys(session, env, "a")
    wait_for(session, "Question marked", env)
    keys(session, env, "Escape")
    wait_for(session, "Cancelled", env)


def assert_kept(tmp_path: Path) -> None:
    place = kept(tmp_path)
    assert place["track"] == 2 and place["where"] == "Topic 3 of 4"
    assert [b["name"] for b in place["bookmarks"]] == ["first"]
    assert len(place["questions"]) == 1 and place["questions"][0]["topic"] == "Liver"
    assert (tmp_path / "state" / "state.json").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "state").stat().st_mode & 0o777 == 0o700


def test_a_kill_9_keeps_the_place_the_bookmark_and_the_question(guide, pulse, tmp_path) -> None:  # noqa: F811
    need("pgrep")
    env = environment(pulse, tmp_path)
    session = start(env, play_command(guide, "--no-voice"))
    try:
        mark_and_move(session, env)
        os.kill(player_pid(session, env), signal.SIGKILL)
        wait_for(session, "EXITED 137", env)
        assert_kept(tmp_path)
        # The next run resumes there, and the bookmark says its own name and place.
        keys(session, env, "clear", "Enter")
        keys(session, env, play_command(guide, "--no-voice"), "Enter")
        wait_for(session, "Resuming: Topic 3 of 4: Liver.", env)
        keys(session, env, "Home")  # a key with no action
        keys(session, env, "t", "1", "Enter")
        wait_for(session, "Topic 1 of 4", env)
        keys(session, env, "B", "1", "Enter")
        wait_for(session, "Bookmark 1: first, Topic 3 of 4: Liver", env)
        keys(session, env, "q")
        wait_for(session, "EXITED 0", env)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, capture_output=True)


def test_closing_the_terminal_keeps_everything_and_ends_the_player(guide, pulse, tmp_path) -> None:  # noqa: F811
    need("pgrep")
    env = environment(pulse, tmp_path)
    session = start(env, play_command(guide, "--no-voice"))
    try:
        mark_and_move(session, env)
        pid = player_pid(session, env)
        keys(session, env, "NPage")  # and a move just before the window closes
        wait_for(session, "Topic 4 of 4", env)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, capture_output=True)
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid), "the player went on after its terminal closed"
    place = kept(tmp_path)
    assert place["track"] == 3 and [b["name"] for b in place["bookmarks"]] == ["first"]
    assert len(place["questions"]) == 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


def test_q_then_ctrl_c_ends_within_two_seconds_and_says_nothing_untrue(
    guide, pulse, tmp_path  # noqa: F811
) -> None:
    env = environment(pulse, tmp_path)
    session = start(env, play_command(guide))  # the player's own voice: "Quit" is spoken
    try:
        wait_for(session, "Starting Test guide.", env)
        keys(session, env, "NPage")
        wait_for(session, "Topic 2 of 4", env)
        keys(session, env, "q")
        wait_for(session, "Quit.", env)
        keys(session, env, "C-c")
        stopped = time.monotonic()
        pane = wait_for(session, "EXITED ", env, timeout=10)
        assert time.monotonic() - stopped < 2.0
        assert "Stopped" not in pane and "Traceback" not in pane, pane.strip()
        assert "EXITED 0" in pane, pane.strip()
        assert kept(tmp_path)["track"] == 1
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, capture_output=True)


def test_keys_work_at_once_after_ctrl_z_and_fg(guide, pulse, tmp_path) -> None:  # noqa: F811
    env = environment(pulse, tmp_path)
    session = start(env, play_command(guide, "--no-voice"))
    try:
        wait_for(session, "Starting Test guide.", env)
        keys(session, env, "C-z")
        wait_for(session, "Stopped", env)
        keys(session, env, "fg", "Enter")
        time.sleep(0.5)
        keys(session, env, "NPage")  # no Enter: only a terminal in key-at-a-time mode acts
        pane = wait_for(session, "Topic 2 of 4", env, timeout=5)
        assert "^[[6~" not in pane
        keys(session, env, "F1")  # an F-key is one key, not Escape and two letters
        pane = wait_for(session, "F1: no action", env, timeout=5)
        assert "O: no action" not in pane
        keys(session, env, "q")
        wait_for(session, "Quit. Your place is kept", env)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, capture_output=True)


def test_closed_or_piped_standard_input(guide, pulse, tmp_path) -> None:  # noqa: F811
    env = environment(pulse, tmp_path)
    closed = subprocess.run([sys.executable, "-m", "mbc_audio", "play", str(guide), "--no-voice"],
                            stdin=subprocess.DEVNULL, env=env, capture_output=True, text=True,
                            timeout=60, close_fds=True)  # fmt: skip
    assert closed.returncode == 0, closed.stderr  # an empty input: no keys, the place kept
    shut = subprocess.run(
        f"'{sys.executable}' -m mbc_audio play '{guide}' --no-voice <&-", shell=True, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert shut.returncode == 2 and "Traceback" not in shut.stderr + shut.stdout
    assert "standard input is closed" in shut.stderr + shut.stdout
    # Keys piped in act as they arrive, before the input ends.
    process = subprocess.Popen([sys.executable, "-m", "mbc_audio", "play", str(guide), "--no-voice"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    try:
        assert "Starting" in process.stdout.readline()
        process.stdin.write("\x1b[6~")
        process.stdin.flush()
        assert process.stdout.readline().startswith("Topic 2 of 4")
        process.stdin.write("q")
        process.stdin.close()
        assert process.wait(timeout=20) == 0
    finally:
        process.kill()


def test_the_bookshelf_is_spoken_and_answers_to_arrows(guide, pulse, tmp_path) -> None:  # noqa: F811
    import shutil

    import numpy as np

    from mbc_audio import timeline as tl

    from .test_player_e2e import recording

    env = environment(pulse, tmp_path)
    other = tmp_path / "other"
    shutil.copytree(guide, other)
    made = tl.load(other)
    from dataclasses import replace

    tl.save(replace(made, guide=replace(made.guide, id="other", title="Other guide")), other)
    for folder in (guide, other):
        subprocess.run([sys.executable, "-m", "mbc_audio", "play", str(folder), "--no-voice"],
                       input="q", text=True, env=env, check=True, capture_output=True)  # fmt: skip
    heard = tmp_path / "heard.raw"
    session = start(env, f"cd '{tmp_path}'; '{sys.executable}' -m mbc_audio play; echo EXIT''ED $?")
    try:
        with recording(heard, env):
            wait_for(session, "Bookshelf: 2 guides played before.", env)
            wait_for(session, "2. Test guide", env)
            time.sleep(3)
        keys(session, env, "Down")
        wait_for(session, "2. Test guide", env)
        keys(session, env, "Enter")
        wait_for(session, "Starting Test guide.", env)
        keys(session, env, "q")
        wait_for(session, "EXITED 0", env)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, capture_output=True)
    samples = np.frombuffer(heard.read_bytes(), dtype=np.int16).astype(np.float64)
    loud = [i for i in range(0, len(samples) - 2205, 2205)
            if np.sqrt(np.mean(samples[i : i + 2205] ** 2)) > 1000]  # fmt: skip
    assert len(loud) * 0.05 > 1.0, "the bookshelf was not spoken"  # over a second of speech


def test_every_key_works_at_a_notice_with_the_real_player(guide, pulse, tmp_path) -> None:  # noqa: F811
    import shutil
    from dataclasses import replace

    from mbc_audio import timeline as tl

    env = environment(pulse, tmp_path)
    noticed = tmp_path / "noticed"
    shutil.copytree(guide, noticed)
    made = tl.load(noticed)
    topics = tuple(replace(t, notice="This topic gives survival statistics.") if i == 2 else t
                   for i, t in enumerate(made.topics))  # fmt: skip
    tl.save(replace(made, topics=topics), noticed)
    session = start(env, play_command(noticed, "--no-voice"))
    try:
        wait_for(session, "Starting Test guide.", env)
        for keys_sent, seen in ((["t", "3", "Enter"], "Notice: Topic 3 of 4"),
                                (["w"], "Topic 3 of 4, 0 seconds"), (["h"], "Keys, moving"),
                                (["Escape"], "Help closed"), (["r"], "Notice: Topic 3 of 4"),
                                (["/", "bone", "Enter"], "Match 1 of"),
                                (["t", "3", "Enter"], "Notice: Topic 3 of 4"),
                                (["Escape"], "Back to Topic 2 of 4"),
                                (["t", "3", "Enter"], "Notice: Topic 3 of 4"),
                                (["PPage"], "Topic 2 of 4: Bones"),
                                (["NPage"], "Notice: Topic 3 of 4"), (["Enter"], "Topic 3 of 4: Liver")):  # fmt: skip
            before = subprocess.run(["tmux", "capture-pane", "-p", "-J", "-S", "-", "-t", session],
                                    env=env, capture_output=True, text=True).stdout.count(seen)  # fmt: skip
            keys(session, env, *keys_sent)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                pane = subprocess.run(["tmux", "capture-pane", "-p", "-J", "-S", "-", "-t", session],
                                      env=env, capture_output=True, text=True).stdout  # fmt: skip
                if pane.count(seen) > before:
                    break
                time.sleep(0.1)
            assert pane.count(seen) > before, (keys_sent, seen, pane[-800:])
        keys(session, env, "q")
        wait_for(session, "EXITED 0", env)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, capture_output=True)
