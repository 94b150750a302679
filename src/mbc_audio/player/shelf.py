"""The bookshelf: with several guides played before and none named, `mbc-audio play` says each
guide's title and where the listener is in it, in that guide's own voice, and opens one chosen
with Up and Down arrows and Enter, or a number and Enter. Escape or Q leaves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..timeline import Timeline
from ..timeline.phrases import Clips
from ..tts.cache import default_cache_dir
from .keys import key_name
from .lines import Piece, Words
from .output import Sink
from .voice import Speaker, Voice

INTRO = "Up and Down arrows, or a number, then Enter; Escape to stop"  # its words: Core.PHRASES


@dataclass(frozen=True)
class Shelved:
    """A guide on the shelf: where it is, its timeline, and where the listener is in it."""

    path: Path
    timeline: Timeline
    tracks: Path  # the folder holding its tracks and phrases
    where: str  # "Topic 8 of 23", or "" at the start


class Shelf:
    def __init__(self, guides: list[Shelved], sink: Sink | None,
                 echo: Callable[[str], None]) -> None:  # fmt: skip
        self.guides, self.sink, self.echo = guides, sink, echo
        self._speakers: dict[int, Speaker | None] = {}
        self._voices: list[Voice] = []
        self._words = [Words(g.timeline.build.lexicon) for g in guides]
        self.selected = 0
        self.typed = ""

    def say(self, number: int, *parts: str | Piece, interrupt: bool = False) -> None:
        """A line in the voice of guide `number` (from 0)."""
        line = self._words[number].line(*parts)
        self.echo(line.text)
        speaker = self._speaker(number)
        if speaker is not None:
            speaker.say(line, interrupt)

    def _speaker(self, number: int) -> Speaker | None:
        if self.sink is None:
            return None
        if number not in self._speakers:
            guide = self.guides[number]
            voice = Voice(guide.timeline.build, default_cache_dir(), self.echo,
                          Clips.open(guide.tracks))  # fmt: skip
            self._voices.append(voice)
            self._speakers[number] = Speaker(voice, self.sink) if voice.available else None
        return self._speakers[number]

    def entry(self, number: int, interrupt: bool = False) -> None:
        guide = self.guides[number].timeline.guide
        version = [", ", "version ", guide.version] if guide.version else []
        where = self.guides[number].where or "at the start"
        self.say(number, f"{number + 1}", ". ", self._words[number].fixed(guide.title or "the guide"),
                 *version, ": ", where, ".", interrupt=interrupt)  # fmt: skip

    def choose(self, keys: Iterator[str | None]) -> Shelved | None:
        self.say(0, "Bookshelf: ", str(len(self.guides)), " guides played before. ", f"{INTRO}.",
                 interrupt=True)  # fmt: skip
        for number in range(len(self.guides)):
            self.entry(number)
        for key in keys:
            if key is None:
                continue
            chosen = self.handle(key)
            if chosen is not None:
                return self.guides[chosen] if chosen >= 0 else None
        return None

    def handle(self, key: str) -> int | None:
        """The guide chosen (from 0), -1 to leave, None to go on."""
        count = len(self.guides)
        if key in ("escape", "q", "Q"):
            return -1
        if key in ("up", "down", "left", "right"):
            step = -1 if key in ("up", "left") else 1
            self.selected, self.typed = (self.selected + step) % count, ""
            self.entry(self.selected, interrupt=True)
        elif key.isdigit():
            self.typed += key
            self.say(0, Piece(f"Typed {key}: {self.typed}"), str(int(self.typed)), interrupt=True)
        elif key == "enter":
            number = int(self.typed) - 1 if self.typed else self.selected
            self.typed = ""
            if 0 <= number < count:
                return number
            self.say(0, "No guide ", str(number + 1), "; ", "there are ", str(count), interrupt=True)
        else:
            self.say(0, key_name(key), ": not taken here. ", f"{INTRO}.", interrupt=True)
        return None

    def close(self) -> None:
        """Stop the shelf's voices (what was being said is cut off: the guide speaks next)."""
        for speaker in self._speakers.values():
            if speaker is not None:
                speaker.hush()
                speaker.close(timeout_s=0.5)
        for voice in self._voices:
            voice.close()

