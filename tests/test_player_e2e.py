"""The player end to end through the real audio path: a PulseAudio server with a null sink, the
player in tmux driven by keys, the sink's monitor recorded with parec, and the recording matched
against the topic's own audio."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mbc_audio.build import BuildOptions, build

from .conftest import ContentFolder

pytestmark = pytest.mark.integration

RATE = 44_100
LEAFLET = """\
## Bones

Bone pain is common. It can often be eased with medicine.

## Liver

The liver filters the blood. Yellow skin or eyes can be a sign that the liver is affected.
Tell your nurse about new itching, and about pain under the ribs on the right side.
"""


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed; scripts/setup test installs them")


@pytest.fixture(scope="module")
def guide(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("e2e")
    content = ContentFolder(root / "content")
    content.leaflet(LEAFLET)
    return build(
        BuildOptions(content.root, root / "dist", "system", None, 2, root / "cache")
    ).folder


@pytest.fixture
def pulse(tmp_path) -> dict[str, str]:
    """A PulseAudio server of this test's own, whose default output is a null sink."""
    need("pulseaudio", "pactl", "parec", "tmux")
    runtime = tmp_path / "pulse"
    runtime.mkdir()
    socket = runtime / "native"
    env = {**os.environ, "HOME": str(runtime), "PULSE_RUNTIME_PATH": str(runtime),
           "XDG_RUNTIME_DIR": str(runtime), "PULSE_SERVER": f"unix:{socket}"}  # fmt: skip
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
         "--load=module-null-sink sink_name=heard rate=44100 channels=1",
         f"--load=module-native-protocol-unix socket={socket} auth-anonymous=1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("the test's PulseAudio server did not start")
    yield env
    server.terminate()
    server.wait(timeout=10)


def wait_for(session: str, text: str, env, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pane = subprocess.run(["tmux", "capture-pane", "-p", "-J", "-t", session], env=env,
                              capture_output=True, text=True).stdout  # fmt: skip
        if text in pane:
            return pane
        time.sleep(0.1)
    raise AssertionError(f'"{text}" did not appear; the screen was:\n{pane}')


@contextlib.contextmanager
def recording(path: Path, env):
    """What the null sink plays, recorded from its monitor into path meanwhile."""
    with path.open("wb") as out:
        recorder = subprocess.Popen(
            ["parec", "-d", "heard.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=200"],
            env=env, stdout=out,
        )  # fmt: skip
        try:
            yield
        finally:
            recorder.terminate()
            recorder.wait(timeout=10)


@contextlib.contextmanager
def player_in_tmux(folder: Path, env, columns: int):
    """The player on the guide in folder, in a tmux session of its own; yields the session."""
    session = f"mbc-audio-e2e-{os.getpid()}-{time.monotonic_ns()}"
    command = f"'{sys.executable}' -m mbc_audio play '{folder}' --no-voice; sleep 30"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(columns), "-y", "50",
                    command], env=env, check=True)  # fmt: skip
    try:
        yield session
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], env=env, capture_output=True)


def keys(session: str, env, *names: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *names], env=env, check=True)


def decoded(path: Path):
    import numpy as np

    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    return np.frombuffer(pcm, dtype=np.int16).astype(np.float64)


def best_match(snippet, audio) -> float:
    """The highest normalised correlation of snippet with any stretch of audio (1.0: identical)."""
    import numpy as np

    n = len(snippet)
    size = 1 << (len(audio) + n).bit_length()
    corr = np.fft.irfft(np.fft.rfft(audio, size) * np.conj(np.fft.rfft(snippet, size)), size)
    corr = corr[: len(audio) - n + 1]
    energy = np.cumsum(np.concatenate([[0.0], audio**2]))
    windows = np.sqrt(np.maximum(energy[n:] - energy[:-n], 1e-9))
    return float(np.max(corr / (windows * np.linalg.norm(snippet))))


def best_offset(snippet, audio) -> tuple[float, int]:
    """The best normalised correlation of snippet with a stretch of audio, and where it starts."""
    import numpy as np

    n = len(snippet)
    size = 1 << (len(audio) + n).bit_length()
    corr = np.fft.irfft(np.fft.rfft(audio, size) * np.conj(np.fft.rfft(snippet, size)), size)
    corr = corr[: len(audio) - n + 1]
    energy = np.cumsum(np.concatenate([[0.0], audio**2]))
    windows = np.sqrt(np.maximum(energy[n:] - energy[:-n], 1e-9))
    scores = corr / (windows * np.linalg.norm(snippet))
    return float(np.max(scores)), int(np.argmax(scores))


def test_a_topic_chosen_from_the_contents_is_what_is_heard(guide, pulse, tmp_path) -> None:
    env = {**pulse, "MBC_AUDIO_STATE": str(tmp_path / "state"),
           "MBC_AUDIO_CONFIG": str(tmp_path / "config"), "NO_COLOR": "1"}  # fmt: skip
    heard_file = tmp_path / "heard.raw"
    with player_in_tmux(guide, env, columns=40) as session:
        pane = wait_for(session, "Starting Test guide.", env)
        assert "No audio device" not in pane
        with recording(heard_file, env):
            time.sleep(0.5)
            keys(session, env, "t", "3", "Enter")
            wait_for(session, "Topic 3 of 4: Liver", env)
            time.sleep(6)  # past the topic's opening room tone, title and pause, into its words
        keys(session, env, "q")
        pane = wait_for(session, "Quit. Your place is kept: Topic 3 of 4: Liver.", env)
    # Plain lines only, readable at 40 columns: no escape sequences reached the screen.
    assert "\x1b" not in pane

    import numpy as np

    heard = np.frombuffer(heard_file.read_bytes(), dtype=np.int16).astype(np.float64)
    assert len(heard) >= 2 * RATE and np.abs(heard).max() > 1000, "nothing was heard"
    # Stretches of speech from the last 2.5 s (well into topic 3): on a loaded machine the
    # recorder may drop a block, so each stretch is matched on its own, and pauses (room tone,
    # the same in every track) are left out.
    tracks = sorted(guide.glob("*.mp3"))
    audio = [decoded(t)[: 12 * RATE] for t in tracks]
    stretches = [
        heard[start : start + int(0.8 * RATE)]
        for start in range(len(heard) - int(2.5 * RATE), len(heard) - int(0.8 * RATE), RATE // 10)
    ]
    # Words only: room tone (about -80 dBFS) is the same in every track, so it proves nothing.
    speech = [w for w in stretches if np.sqrt(np.mean(w**2)) > 1000]  # above about -30 dBFS
    assert speech, "no speech at the end of the recording"
    scores = [max(best_match(w, a) for w in speech) for a in audio]
    # Topic 3's own samples (the null sink passes them unchanged), and clearly no other topic's.
    assert scores[2] > 0.95, scores
    assert max(scores[:2] + scores[3:]) < scores[2] - 0.15, scores
    assert (tmp_path / "state" / "state.json").is_file()


def test_an_announcement_holds_the_guide_and_is_heard_alone(
    guide, pulse, tmp_path, monkeypatch
) -> None:
    """The player's voice through the real sink: while it speaks, the guide does not move."""
    import numpy as np

    from mbc_audio import timeline as tl
    from mbc_audio.player.output import DeviceSink
    from mbc_audio.player.voice import Voice

    for name, value in pulse.items():
        monkeypatch.setenv(name, value)
    voice = Voice(tl.load(guide).build, tmp_path / "cache", warn=pytest.fail)
    try:
        announcement = voice.pcm("Topic 3 of 4: Liver")
        assert announcement and 0.8 < len(announcement) / 2 / RATE < 4  # a plausible length
        assert voice.pcm("Topic 3 of 4: Liver") is announcement  # the second time from memory
    finally:
        voice.close()

    sink = DeviceSink()
    heard_file = tmp_path / "heard.raw"
    try:
        with recording(heard_file, pulse):
            time.sleep(0.3)
            sink.play(guide / "03-liver.mp3", 2000, 1.0, 1.0)
            time.sleep(1.0)
            sink.speak(announcement)
            time.sleep(0.15)
            held_at = sink.position_ms()
            time.sleep(0.4)
            assert sink.speaking() and sink.position_ms() - held_at < 50  # the guide waits
            deadline = time.monotonic() + 10
            while sink.speaking() and time.monotonic() < deadline:
                time.sleep(0.05)
            while sink.position_ms() < held_at + 500 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert sink.position_ms() >= held_at + 500  # and then goes on
            time.sleep(0.3)
    finally:
        sink.close()
    heard = np.frombuffer(heard_file.read_bytes(), dtype=np.int16).astype(np.float64)
    said = np.frombuffer(announcement, dtype=np.int16).astype(np.float64)
    assert best_match(said[: RATE // 2], heard) > 0.9  # the announcement itself was heard


def test_a_damaged_track_is_named_and_the_player_moves_on(guide, pulse, tmp_path) -> None:
    damaged = tmp_path / "guide"
    shutil.copytree(guide, damaged)
    (damaged / "02-bones.mp3").write_bytes(os.urandom(20_000))
    env = {**pulse, "MBC_AUDIO_STATE": str(tmp_path / "state"),
           "MBC_AUDIO_CONFIG": str(tmp_path / "config")}  # fmt: skip
    with player_in_tmux(damaged, env, columns=80) as session:
        wait_for(session, "Starting Test guide.", env)
        keys(session, env, "t", "2", "Enter")
        pane = wait_for(session, "Topic 3 of 4: Liver", env)
        keys(session, env, "q")
    assert "Cannot play Topic 2 of 4: Bones: its audio could not be decoded" in pane
    assert "Moving to the next topic." in pane


def _state_env(pulse, tmp_path) -> dict[str, str]:
    return {**pulse, "MBC_AUDIO_STATE": str(tmp_path / "state"),
            "MBC_AUDIO_CONFIG": str(tmp_path / "config"), "NO_COLOR": "1"}  # fmt: skip


def test_resume_is_heard_from_the_start_of_the_sentence_after_a_recap(
    guide, pulse, tmp_path
) -> None:
    import json

    import numpy as np

    from mbc_audio import timeline as tl

    env = _state_env(pulse, tmp_path)
    with player_in_tmux(guide, env, columns=80) as session:
        wait_for(session, "Starting Test guide.", env)
        keys(session, env, "t", "3", "Enter")
        wait_for(session, "Topic 3 of 4: Liver", env)
        time.sleep(5.5)  # into the topic's words, mid-sentence
        keys(session, env, "q")
        wait_for(session, "Quit. Your place is kept: Topic 3 of 4: Liver.", env)
    kept = json.loads((tmp_path / "state" / "state.json").read_text())
    place = next(iter(kept["guides"].values()))
    sentences = {s.id: s for s in tl.load(guide).sentences}
    sentence = sentences[place["sentence"]]
    assert place["ms"] == sentence.start_ms and sentence.file == "03-liver.mp3"

    heard_file = tmp_path / "heard.raw"
    with recording(heard_file, env), player_in_tmux(guide, env, columns=80) as session:
        pane = wait_for(session, "Resuming: Topic 3 of 4: Liver.", env)
        time.sleep(4)
        keys(session, env, "q")
        wait_for(session, "Quit.", env)
    assert "Resuming: Topic 3 of 4: Liver." in pane
    heard = np.frombuffer(heard_file.read_bytes(), dtype=np.int16).astype(np.float64)
    track = decoded(guide / "03-liver.mp3")
    # The first words heard, found in the track: at the kept sentence's start, not before it
    # and not further into it.
    window = RATE // 20
    loud = [i for i in range(0, len(heard) - RATE, window)
            if np.sqrt(np.mean(heard[i : i + window] ** 2)) > 1000]  # fmt: skip
    assert loud, "no speech was heard after resuming"
    first = heard[loud[0] : loud[0] + RATE // 2]
    score, at = best_offset(first, track)
    assert score > 0.9
    assert sentence.start_ms - 100 <= at * 1000 // RATE <= sentence.start_ms + 700


def test_volume_at_200_percent_is_heard_without_a_clipped_sample(guide, pulse, tmp_path) -> None:
    import json

    import numpy as np

    env = _state_env(pulse, tmp_path)
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "state.json").write_text(
        json.dumps({"version": 2, "settings": {"volume": 2.0}}), encoding="utf-8"
    )
    heard_file = tmp_path / "heard.raw"
    with player_in_tmux(guide, env, columns=80) as session:
        wait_for(session, "Starting Test guide.", env)
        keys(session, env, "t", "3", "Enter")
        wait_for(session, "Topic 3 of 4: Liver", env)
        with recording(heard_file, env):
            time.sleep(4)
        keys(session, env, "q")
    heard = np.frombuffer(heard_file.read_bytes(), dtype=np.int16).astype(np.int32)
    assert np.abs(heard).max() > 1000, "nothing was heard"
    assert int(np.sum(np.abs(heard) >= 32767)) == 0  # not one clipped sample
    track = np.abs(decoded(guide / "03-liver.mp3"))
    loud = np.abs(heard)
    # Louder than at 100%: speech well below the peaks is about twice as loud.
    assert np.percentile(loud[loud > 300], 90) > 1.4 * np.percentile(track[track > 300], 90)
