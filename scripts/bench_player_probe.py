"""Run by scripts/bench in a fresh interpreter: the player's timings on a real audio device.

start GUIDE      prints the wall-clock time when the first samples reach the sound system
keys GUIDE       prints each key press's time to the first samples of the new place, in ms
announce GUIDE   prints, for each kind of announcement, the time from its key to the first
                 samples of the player's voice reaching the sound system, in ms; the first
                 press of each kind in this fresh process is reported apart ("first")
"""

import json
import sys
import time
from pathlib import Path

from mbc_audio import timeline as tl
from mbc_audio.player.app import Player
from mbc_audio.player.actions import DEFAULT_KEYS
from mbc_audio.player.output import open_sink
from mbc_audio.player.phrases import Clips
from mbc_audio.player.state import Settings
from mbc_audio.player.voice import Speaker, Voice
from mbc_audio.tts.cache import default_cache_dir

# Each kind of announcement and the keys that make it (the later keys put things back).
KINDS = {
    "where": ["w", "escape"], "topic": ["pagedown", "pageup"], "speed": ["]", "["],
    "volume": ["9", "0"], "level": ["down", "up"], "contents": ["t", "escape"],
    "help": ["h", "escape"], "bookmark": ["b", "escape"], "typed digit": ["g", "5", "escape"],
    "edge": ["up", "up", "down"],
}  # fmt: skip


def first_samples(sink, timeout: float = 5.0) -> float:
    """Wait until the device has taken samples of the guide since the last play()."""
    deadline = time.perf_counter() + timeout
    while sink._frames == 0 and time.perf_counter() < deadline:
        time.sleep(0.001)
    return time.perf_counter()


def first_speech(sink, before: int, timeout: float = 10.0) -> float | None:
    deadline = time.perf_counter() + timeout
    while sink.spoken_frames == before and time.perf_counter() < deadline:
        time.sleep(0.001)
    return time.perf_counter() if sink.spoken_frames != before else None


def announce(folder: Path, timeline: tl.Timeline, sink) -> dict:
    voice = Voice(timeline.build, default_cache_dir(), lambda line: print(line, file=sys.stderr), Clips.open(folder))
    speaker = Speaker(voice, sink)
    player = Player(timeline, folder, sink, DEFAULT_KEYS, Settings(voice=True), None,
                    lambda line, speak, interrupt: speaker.say(line, interrupt))  # fmt: skip
    player.start(resumed=False)
    first_samples(sink)
    found: dict[str, dict[str, list[float]]] = {}
    for round_ in range(6):
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


def main() -> None:
    what, folder = sys.argv[1], Path(sys.argv[2])
    timeline = tl.load(folder)
    sink = open_sink(lambda line: sys.exit(line))
    if what == "announce":
        print(json.dumps(announce(folder, timeline, sink)))
        sink.close()
        return
    player = Player(
        timeline, folder, sink, DEFAULT_KEYS, Settings(voice=False), None, lambda *said: None
    )
    player.start(resumed=False)
    if what == "start":
        first_samples(sink)
        print(json.dumps({"first_audio": time.time()}))
    else:
        first_samples(sink)
        times = []
        for press in range(30):
            time.sleep(0.3)
            start = time.perf_counter()
            player.handle("pagedown" if press % 2 == 0 else "pageup")
            times.append((first_samples(sink) - start) * 1000)
        print(json.dumps({"key_ms": times}))
    sink.close()


if __name__ == "__main__":
    main()
