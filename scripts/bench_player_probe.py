"""Run by scripts/bench in a fresh interpreter: the player's timings on a real audio device.

start GUIDE   prints the wall-clock time when the first samples reach the sound system
keys GUIDE    prints each key press's time to the first samples of the new place, in ms
"""

import json
import sys
import time
from pathlib import Path

from mbc_audio import timeline as tl
from mbc_audio.player.app import Player
from mbc_audio.player.keys import DEFAULT_KEYS
from mbc_audio.player.output import open_sink
from mbc_audio.player.state import Settings


def first_samples(sink, timeout: float = 5.0) -> float:
    """Wait until the device has taken samples of the guide since the last play()."""
    deadline = time.perf_counter() + timeout
    while sink._frames == 0 and time.perf_counter() < deadline:
        time.sleep(0.001)
    return time.perf_counter()


def main() -> None:
    what, folder = sys.argv[1], Path(sys.argv[2])
    timeline = tl.load(folder)
    sink = open_sink(lambda line: sys.exit(line))
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
