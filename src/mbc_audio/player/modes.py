# mypy: disable-error-code="misc"
"""What the next keys mean after T (contents), B and capital B (bookmarks), A (a question), slash
(search), G (go to), H (help), K (the key describer) or a notice: typing modes. Every typed
character and erasure is echoed: said briefly, printed as one line."""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import TYPE_CHECKING

from ..wording import shorten
from . import wording
from .keys import ACTIONS, BRIEF, DEFAULT_KEYS, GROUPS, key_name
from .lines import Piece, titled
from .navigation import Level, Position
from .state import Bookmark, Question

if TYPE_CHECKING:
    from .app import Player

PAGE = {"brief": 5, "full": 10}  # contents and bookmarks read a few at a time
NEXT_PAGE = {"right", "down", "pagedown"}
PREVIOUS_PAGE = {"left", "up", "pageup"}


class Modes:
    """The typing modes of Player (app.py), which this class is mixed into."""

    mode: str | None

    def init_modes(self) -> None:
        self.mode = None  # "contents", "bookmarks", "search", "go_to", "name", "note", "help",
        self.typed = ""  # "describe" or "notice": the _in_<mode> method gets the next key
        self.matches: list[tuple[int, int, str]] = []
        self.match = -1
        self.first_shown = 0  # the first item of a list read out
        self.help_group = 0
        self.marked = -1  # the bookmark or question a name or note is typed for

    # --- typing and its echo -----------------------------------------------------------------
    def _typing(self: Player, key: str, allowed: str | None) -> str | None:
        """Collect typed characters (allowed: the characters taken, None for any printable);
        the text on Enter, "" on Escape, None while typing."""
        if key == "escape":
            self.mode = None
            self.say("Cancelled")
            return ""
        if key == "enter":
            self.mode = None
            return self.typed
        if key == "backspace":
            if self.typed:
                gone, self.typed = self.typed[-1], self.typed[:-1]
                self.say("Erased ", self._char(gone), Piece(f": {self.typed}", ""))  # fmt: skip
            else:
                self.say("Nothing to erase")
            return None
        char = " " if key == "space" else key
        if len(char) == 1 and char.isprintable() and (allowed is None or char in allowed):
            self.typed += char
            self.say(Piece("Typed ", ""), self._char(char), Piece(f": {self.typed}", ""))
        else:
            self.say(key_name(key), ": not taken here. ", "Enter to finish, Escape to cancel.")
        return None

    def _char(self: Player, char: str) -> Piece:
        """A typed or spelled character: shown as it is, said by name ("capital"-free)."""
        return Piece(char, self.words.fixed(wording.character(char)).spoken)

    # --- contents and bookmarks: lists read a few at a time, numbers typed at any moment --------
    def do_contents(self: Player) -> None:
        total = len(self.index.durations)
        self.mode, self.typed, self.first_shown = "contents", "", 0
        self.say("Contents: ", str(total), " topics. ",
                 "Type a number at any time, then Enter; Escape to cancel.")  # fmt: skip
        self._read_page()

    def do_bookmarks(self: Player) -> None:
        marks = self.guide_state.bookmarks
        if not marks:
            self.say("Bookmarks: ", "none yet. ", "Press B to add one.")
            return
        self.mode, self.typed, self.first_shown = "bookmarks", "", 0
        self.say("Bookmarks: ", str(len(marks)), ". ",
                 "Type a number, then Enter to go, or D to delete; Escape to cancel.")  # fmt: skip
        self._read_page()

    def _items(self: Player) -> list[list[str | Piece]]:
        if self.mode == "bookmarks":
            return [[Piece(m.name, self.words.free(m.name).spoken, True)] if m.name
                    else [self.words.free(m.label)] for m in self.guide_state.bookmarks]  # fmt: skip
        return [[titled(t.title, t.spoken_title)] for t in self.track_topics()]

    def _read_page(self: Player) -> None:
        items = self._items()
        size = PAGE[self.settings.verbosity]
        for number in range(self.first_shown, min(self.first_shown + size, len(items))):
            self.say(str(number + 1), ". ", *items[number])
        if self.first_shown + size < len(items):
            self.say("Right arrow for more")
        else:
            self.say("End of the list")

    def _page(self: Player, key: str) -> bool:
        size = PAGE[self.settings.verbosity]
        if key in NEXT_PAGE and self.first_shown + size < len(self._items()):
            self.first_shown += size
        elif key in PREVIOUS_PAGE and self.first_shown > 0:
            self.first_shown = max(0, self.first_shown - size)
        elif key in NEXT_PAGE | PREVIOUS_PAGE:
            self.say("End of the list" if key in NEXT_PAGE else "Start of the list")
            return True
        else:
            return False
        self._read_page()
        return True

    def _chosen(self: Player, typed: str, count: int, what: str) -> int | None:
        if not typed:
            self.mode = "contents" if what == "topic" else "bookmarks"
            self.say("Type a number first")
            return None
        number = int(typed)
        if not 1 <= number <= count:
            self.say(
                "No topic " if what == "topic" else "No bookmark ",
                str(number),
                "; ",
                "there are ",
                str(count),
            )
            return None
        return number

    def _in_contents(self: Player, key: str) -> None:
        if self._page(key):
            return
        typed = self._typing(key, "0123456789")
        if typed is None or (typed == "" and key == "escape"):
            return
        number = self._chosen(typed, len(self.index.durations), "topic")
        if number is not None:
            self.arrive(Position(number - 1, 0), chosen=True)

    def _in_bookmarks(self: Player, key: str) -> None:
        if self._page(key):
            return
        if key in ("d", "D", "delete") and self.typed:
            self._delete_bookmark()
            return
        typed = self._typing(key, "0123456789")
        if typed is None or (typed == "" and key == "escape"):
            return
        number = self._chosen(typed, len(self.guide_state.bookmarks), "bookmark")
        if number is not None:
            mark = self.guide_state.bookmarks[number - 1]
            place = self.index.sentence_position(mark.sentence)
            if place is None and mark.track >= len(self.index.durations):
                self.say("Bookmark ", str(number), ": ", "its place is no longer in this guide. ",
                         "Press capital B, its number and D to delete it.")  # fmt: skip
                return
            place = place or Position(mark.track, min(mark.ms, self.index.durations[mark.track]))
            self.say("Bookmark ", str(number), ": ", *self._items()[number - 1])
            self.arrive(place, chosen=True, announce=False)

    def _delete_bookmark(self: Player) -> None:
        marks = self.guide_state.bookmarks
        number, self.typed = int(self.typed), ""
        if not 1 <= number <= len(marks):
            self.say("No bookmark ", str(number), "; ", "there are ", str(len(marks)))
            return
        gone = marks[number - 1]
        kept = marks[: number - 1] + marks[number:]
        self.guide_state = replace(self.guide_state, bookmarks=kept)
        self.say("Bookmark ", str(number), " deleted: ", self.words.free(gone.name or gone.label))
        if not kept:
            self.mode = None

    # --- marking: bookmarks and questions, each with an optional typed name or note ----------------
    def do_bookmark(self: Player) -> None:
        here = self.current()
        unit = self.index.current(Level.SENTENCE, here)
        label = f"{self.index.titles[here.track]}: {_short(unit.label)}"
        sentence = unit.id if unit.level == Level.SENTENCE else ""
        marks = (*self.guide_state.bookmarks, Bookmark(here.track, here.ms, label, "", sentence))
        self.guide_state = replace(self.guide_state, bookmarks=marks)
        self.mode, self.typed, self.marked = "name", "", len(marks) - 1
        self.say(
            "Bookmark ", str(len(marks)), " added. ", "Type a name, then Enter; Escape for none."
        )

    def do_question(self: Player) -> None:
        here = self.current()
        unit = self.index.current(Level.SENTENCE, here)
        topic = self.topic_of(here.track)
        marked_on = datetime.datetime.now().isoformat(timespec="minutes")
        question = Question(unit.track, unit.start_ms, unit.id, topic.title, unit.label,
                            "", marked_on)  # fmt: skip
        questions = (*self.guide_state.questions, question)
        self.guide_state = replace(self.guide_state, questions=questions)
        self.mode, self.typed, self.marked = "note", "", len(questions) - 1
        self.say("Question marked: ", Piece(_short(unit.label).rstrip(".!?"), ""), ". ",
                 "Type a note, then Enter; Escape for none.")  # fmt: skip

    def _in_name(self: Player, key: str) -> None:
        self._in_label(key, "bookmarks")

    def _in_note(self: Player, key: str) -> None:
        self._in_label(key, "questions")

    def _in_label(self: Player, key: str, kind: str) -> None:
        if key not in ("enter", "escape", "backspace", "space") and len(key) != 1:
            self.mode = None  # another key (an arrow, Page Down): no name; the key acts
            self.handle(key)
            return
        typed = self._typing(key, None)
        if typed is None or not typed.strip():
            return
        items = getattr(self.guide_state, kind)
        if kind == "bookmarks":
            item = replace(items[self.marked], name=typed.strip())
        else:
            item = replace(items[self.marked], note=typed.strip())
        changed = items[: self.marked] + (item,) + items[self.marked + 1 :]
        self.guide_state = replace(self.guide_state, **{kind: changed})
        what = "Named: " if kind == "bookmarks" else "Note kept: "
        self.say(what, self.words.free(typed.strip()))

    # --- search ------------------------------------------------------------------------------
    def do_search(self: Player) -> None:
        self.say("Search: type words, then Enter; Escape to cancel.")
        self.mode, self.typed = "search", ""

    def _in_search(self: Player, key: str) -> None:
        typed = self._typing(key, None)
        if typed is None or not typed.strip():
            return
        words = typed.lower().split()
        self.matches = [(track, ms, text) for track, ms, text in self._searchable()
                        if all(w in text.lower() for w in words)]  # fmt: skip
        if not self.matches:
            self.say("Search: no match for ", self.words.free(typed.strip()))
            return
        self._to_match(0)

    def _searchable(self: Player) -> list[tuple[int, int, str]]:
        """Every title, section heading and sentence, with where it starts, in reading order."""
        found = []
        for track, topic in enumerate(self.track_topics()):
            found.append((track, 0, topic.title))
            for section in topic.sections:
                if section.title and section.start_ms > 0:
                    found.append((track, section.start_ms, section.title))
                found += [
                    (track, s.start_ms, s.text) for p in section.paragraphs for s in p.sentences
                ]
        return found

    def do_next_match(self: Player) -> None:
        self._to_match(self.match + 1)

    def do_previous_match(self: Player) -> None:
        self._to_match(self.match - 1)

    def _to_match(self: Player, number: int) -> None:
        if not self.matches:
            self.say("Search: no search yet. ", "Press slash to search.")
            return
        self.match = number % len(self.matches)
        track, ms, text = self.matches[self.match]
        self.say("Match ", str(self.match + 1), " of ", str(len(self.matches)), ", in ",
                 wording.topic_of(track + 1, len(self.index.durations)), ": ",
                 Piece(_short(text), ""))  # fmt: skip
        self.arrive(Position(track, ms), chosen=True, announce=False)

    # --- go to a time or a percentage --------------------------------------------------------
    def do_go_to(self: Player) -> None:
        self.say("Go to: type minutes, or a number then percent, then Enter.")
        self.mode, self.typed = "go_to", ""

    def _in_go_to(self: Player, key: str) -> None:
        typed = self._typing(key, "0123456789:.%")
        if typed is None or (typed == "" and key == "escape"):
            return
        total = self.index.to_global(self.index.end)
        target = _go_to_ms(typed, total)
        if target is None:
            self.say("Go to: ", Piece(typed, ""), " is not a time or a percentage. ",
                     "Type minutes, as in 12, or a percentage, as in 50 percent.")  # fmt: skip
            return
        here = self.index.from_global(min(target, max(total - 1, 0)))
        unit = self.index.current(Level.SENTENCE, here)
        self.say(*self.topic_parts(unit.track), ", ", *wording.duration(unit.start_ms))
        self.arrive(unit.position, chosen=True, announce=False)

    # --- reading the sentence's text ---------------------------------------------------------
    def do_read_sentence(self: Player) -> None:
        here = self.current()
        unit = self.index.current(Level.SENTENCE, here)
        if self.last_action != "read-sentence":
            self.say(Piece(unit.label, unit.spoken, True))
            return
        sentence = next((s for s in self.timeline.sentences if s.id == unit.id), None)
        words = unit.label.split()
        if sentence is None or not words:
            self.say(Piece(unit.label, unit.spoken, True))
            return
        share = (here.ms - sentence.start_ms) / max(sentence.end_ms - sentence.start_ms, 1)
        word = words[min(max(int(share * len(words)), 0), len(words) - 1)].strip(".,;:!?()\"'")
        letters: list[str | Piece] = []
        for i, letter in enumerate(word):
            letters += [Piece(", " if i else "", ""), self._char(letter)]
        self.say(Piece(word, ""), Piece(": ", ""), *letters)

    # --- help, a group at a time, and the key describer ----------------------------------------
    def do_help(self: Player) -> None:
        self.mode, self.help_group = "help", 0
        self._say_group()

    def _say_group(self: Player) -> None:
        names = list(GROUPS)
        group = names[self.help_group]
        self.say(f"Keys, {group}: ", f"group {self.help_group + 1} of {len(names)}")
        keys_for: dict[str, list[str]] = {}
        for key, action in self.keys.items():
            keys_for.setdefault(action, []).append(key_name(key))
        for action, description in GROUPS[group].items():
            if action in keys_for:
                said = description if self.full else BRIEF[action]
                self.say(" or ".join(keys_for[action]), ": ", said)
        if self.help_group + 1 < len(names):
            self.say("H for the next group, Escape to stop.")
        else:
            self.say("End of the keys.")
            self.mode = None

    def _in_help(self: Player, key: str) -> None:
        if key in ("escape",):
            self.mode = None
            self.say("Help closed")
        elif self.keys.get(key) == "help" or key in ("enter", "space", "right", "down"):
            self.help_group += 1
            self._say_group()
        else:
            self.mode = None
            self.handle(key)

    def do_describe_key(self: Player) -> None:
        self.say("Key describer: press a key to hear what it does.")
        self.mode = "describe"

    def _in_describe(self: Player, key: str) -> None:
        self.mode = None
        action = self.keys.get(key)
        self.say(key_name(key), ": ", ACTIONS[action] if action else "no action")

    # --- notices -----------------------------------------------------------------------------
    def _in_notice(self: Player, key: str) -> None:
        position, self.mode = self.pending, None
        assert position is not None
        topic_id = self.timeline.tracks[position.track].topic_id
        if key == "enter":
            self._remember(topic_id, "listen")
            self.say(*self.topic_parts(position.track))
            self.position = Position(position.track, self.after_title(position.track))
            self.play_here()
        elif key in ("s", "S"):
            self._remember(topic_id, "skip")
            self._pass_over(position.track, 1)
        elif self.keys.get(key) == "quit":
            self.mode = "notice"
            self.do_quit()
        else:
            self.mode = "notice"
            self.say("Press Enter to listen, or S to skip to the next topic.")

    def _remember(self: Player, topic_id: str, answer: str) -> None:
        notices = {**self.guide_state.notices, topic_id: answer}
        self.guide_state = replace(self.guide_state, notices=notices)


def _short(text: str) -> str:
    return shorten(text, 60)


def _go_to_ms(typed: str, total_ms: int) -> int | None:
    """Milliseconds into the guide for "12" (minutes), "1:30" or "50%"; None when unreadable."""
    text = typed.strip()
    try:
        if text.endswith("%"):
            share = float(text[:-1])
            return round(total_ms * share / 100) if 0 <= share <= 100 else None
        if ":" in text:
            minutes, _, seconds = text.partition(":")
            return (int(minutes or 0) * 60 + int(seconds or 0)) * 1000
        return round(float(text) * 60_000)
    except ValueError:
        return None


assert set(DEFAULT_KEYS.values()) <= set(ACTIONS) == set(BRIEF)
