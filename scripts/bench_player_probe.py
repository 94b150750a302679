"""Run by scripts/bench in a fresh interpreter: the player's timings on a real audio device.

start GUIDE      prints the wall-clock time when the first samples reach the sound system
keys GUIDE       prints, for each kind of move (next and previous sentence, section, topic, and
                 a sentence move pressed while an announcement is being said), each press's
                 time from the key to the first samples of the new place, in ms
announce GUIDE   prints, for each kind of announcement, the time from its key to the first
                 samples of the player's voice reaching the sound system, in ms; the first
                 press of each kind in this fresh process is reported apart ("first")
"""

import json
import sys
import time
from pathlib import Path

from mbc_audio.player.output import warm_up

warm_up()  # as `mbc-audio play` does

from mbc_audio import timeline as tl  # noqa: E402
from mbc_audio.player.actions import DEFAULT_KEYS  # noqa: E402
from mbc_audio.player.app import Player  # noqa: E402
from mbc_audio.player.navigation import Level  # noqa: E402
from mbc_audio.player.output import open_sink  # noqa: E402
from mbc_audio.player.state import Settings  # noqa: E402

# Each kind of announcement and the keys that make it (the later keys put things back).
KINDS = {
    "where": ["w", "escape"], "topic": ["pagedown", "pageup"], "speed": ["]", "["],
    "volume": ["9", "0"], "level": ["down", "up"], "contents": ["t", "escape"],
    "help": ["h", "escape"], "bookmark": ["b", "escape"], "typed digit": ["g", "5", "escape"],
    "edge": ["up", "up", "down"],
}  # fmt: skip
# Each kind of move: the level it is made at, and its key.
MOVES = {
    "next sentence": (Level.SENTENCE, "right"), "previous sentence": (Level.SENTENCE, "left"),
    "next section": (Level.SECTION, "right"), "previous section": (Level.SECTION, "left"),
    "next topic": (Level.SENTENCE, "pagedown"), "previous topic": (Level.SENTENCE, "pageup"),
}  # fmt: skip
PRESSES = 24


def first_samples(sink, timeout: float = 5.0) -> float:
    """Wait until the device has taken samples of the guide since the last play()."""
    deadline = time.perf_counter() + timeout
    while sink._frames == 0 and time.perf_counter() < deadline:
        time.sleep(0.0005)
    return sink.heard_at if sink._frames else time.perf_counter()  # the device's own moment


def first_sound(sink, spoken: int, timeout: float = 5.0) -> float:
    """Wait until the device has taken samples of the guide since the last play(), or of the
    player's voice since `spoken` frames of it."""
    deadline = time.perf_counter() + timeout
    while sink._frames == 0 and sink.spoken_frames == spoken and time.perf_counter() < deadline:
        time.sleep(0.0005)
    return time.perf_counter()


def first_speech(sink, before: int, timeout: float = 10.0) -> float | None:
    deadline = time.perf_counter() + timeout
    while sink.spoken_frames == before and time.perf_counter() < deadline:
        time.sleep(0.001)
    return time.perf_counter() if sink.spoken_frames != before else None


def voiced(folder: Path, timeline: tl.Timeline, sink) -> tuple:
    # imported here, as `mbc-audio play` imports them: only with the player's voice on
    from mbc_audio.player.voice import Speaker, Voice
    from mbc_audio.timeline.phrases import Clips
    from mbc_audio.tts.cache import default_cache_dir

    voice = Voice(timeline.build, default_cache_dir(), lambda line: print(line, file=sys.stderr),
                  Clips.open(folder))  # fmt: skip
    speaker = Speaker(voice, sink)
    player = Player(timeline, folder, sink, DEFAULT_KEYS, Settings(voice=True), None,
                    lambda line, speak, interrupt: speaker.say(line, interrupt), hush=speaker.hush)  # fmt: skip
    return player, speaker, voice


def announce(folder: Path, timeline: tl.Timeline, sink) -> dict:
    player, speaker, voice = voiced(folder, timeline, sink)
    settle(player, sink)
    found: dict[str, dict[str, list[float]]] = {}
    for round_ in range(21):  # the first press of each kind, then 20 warm
        for kind, keys in {**KINDS, "search (free text)": ["/", *f"zq{round_}", "enter"]}.items():
            time.sleep(0.5)
            for number, key in enumerate(keys):
                measured = number == 0 or (kind.startswith("search") and key == "enter")
                while measured and sink.speaking():  # the voice quiet first, so what is
                    time.sleep(0.005)  # heard next can only be this key's announcement
                before, start = sink.spoken_frames, time.perf_counter()
                player.handle(key)
                if measured:
                    heard = first_speech(sink, before)
                    time.sleep(0.3)
                    with sink._lock:  # the rest of a long announcement is not measured
                        sink._speech.clear()
                    if heard is not None:
                        which = "first" if round_ == 0 else "warm"
                        found.setdefault(kind, {}).setdefault(which, []).append((heard - start) * 1000)
                time.sleep(0.05)
    speaker.close(timeout_s=1)
    voice.close()
    return found


def settle(player: Player, sink) -> None:
    """Let the device run a while before the first press: PulseAudio's null sink (the bench's
    device) spends its first 2 s block at its idle latency when the first stream starts, and
    asks for no samples after the first 40 ms until that block ends, 1.6 s later (a second
    stream started meanwhile starts at once). A sound card's sink does not; unsettled, the
    first press measured that block, not the player."""
    player.start(resumed=False)
    first_samples(sink)
    time.sleep(2.5)


def moves(folder: Path, timeline: tl.Timeline, sink) -> dict[str, list[float]]:
    """Key to the new place's first samples, the player's voice off (a screen reader's
    listener), and a sentence move pressed while the player's voice is speaking."""
    player = Player(timeline, folder, sink, DEFAULT_KEYS, Settings(voice=False), None,
                    lambda *said: None)  # fmt: skip
    settle(player, sink)
    middle = len(timeline.tracks) // 2
    found: dict[str, list[float]] = {}
    for kind, (level, key) in MOVES.items():
        # Each press from a unit with one beyond it, in reading order from the middle track.
        unit_level = Level.TOPIC if "topic" in kind else level
        units = player.core.index.units[unit_level]
        units = units[:-1] if key in ("right", "pagedown") else units[1:]
        ordered = [u for u in units if u.track >= middle] + [u for u in units if u.track < middle]
        player.core.level = level
        for press in range(PRESSES):
            player.arrive(ordered[press % len(ordered)].position, chosen=True, announce=False)
            first_samples(sink)
            time.sleep(0.4)  # listening there a while
            start = time.perf_counter()
            player.handle(key)
            found.setdefault(kind, []).append((first_samples(sink) - start) * 1000)
    player, speaker, voice = voiced(folder, timeline, sink)
    player.core.level = Level.SENTENCE
    sentences = player.core.index.units[Level.SENTENCE][:-1]
    ordered = [u for u in sentences if u.track >= middle] + [u for u in sentences if u.track < middle]
    for press in range(PRESSES):
        player.arrive(ordered[press % len(ordered)].position, chosen=True, announce=False)
        first_samples(sink)
        time.sleep(0.4)
        player.handle("w")  # where am I: a long announcement
        first_speech(sink, sink.spoken_frames)
        time.sleep(0.1)  # well into it
        start, spoken = time.perf_counter(), sink.spoken_frames
        player.handle("right")  # the new sentence, or the new topic's title when it crosses one
        found.setdefault("next sentence during an announcement", []).append(
            (first_sound(sink, spoken) - start) * 1000)  # fmt: skip
    speaker.close(timeout_s=1)
    voice.close()
    return found


def main() -> None:
    what, folder = sys.argv[1], Path(sys.argv[2])
    timeline = tl.load(folder)
    sink = open_sink(lambda line: sys.exit(line))
    if what == "announce":
        print(json.dumps(announce(folder, timeline, sink)))
    elif what == "keys":
        print(json.dumps(moves(folder, timeline, sink)))
    else:
        player = Player(timeline, folder, sink, DEFAULT_KEYS, Settings(voice=False), None,
                        lambda *said: None)  # fmt: skip
        player.start(resumed=False)
        heard = first_samples(sink)  # the device's moment: start() may still be printing
        print(json.dumps({"first_audio": time.time() - (time.perf_counter() - heard)}))
    sink.close()


if __name__ == "__main__":
    main()
