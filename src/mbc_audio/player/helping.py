"""Help (H): the keys a group at a time, as plain lines; the key describer (K): press a key to
hear what it does. Both read the action table (actions.py) through the Core."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from .keys import Act, key_name
from .modes import Mode, ModeName

if TYPE_CHECKING:
    from .core import Core


class Help:
    name: ClassVar[ModeName] = ModeName.HELP
    PHRASES: ClassVar[tuple[str, ...]] = (
        "H for the next group, Escape to stop", "End of the keys", "Help closed",
    )  # fmt: skip

    def __init__(self, core: Core) -> None:
        self.core = core
        self.group = 0

    def say_group(self) -> Mode | None:
        core = self.core
        groups = list(dict.fromkeys(a.group for a in core.actions.values()))
        group = groups[self.group]
        core.say(f"Keys, {group}: ", f"group {self.group + 1} of {len(groups)}")
        keys_for: dict[Act, list[str]] = {}
        for key, act in core.keys.items():
            keys_for.setdefault(act, []).append(key_name(key))
        for action in core.actions.values():
            if action.group == group and action.act in keys_for:
                said = action.help if core.settings.verbosity == "full" else action.brief
                core.say(" or ".join(keys_for[action.act]), ": ", said)
        if self.group + 1 < len(groups):
            core.say("H for the next group, Escape to stop.")
            return self
        core.say("End of the keys.")
        return None

    def handle(self, key: str) -> Mode | None:
        if key == "escape":
            self.core.say("Help closed")
            return None
        if self.core.keys.get(key) == Act.HELP or key in ("enter", "space", "right", "down"):
            self.group += 1
            return self.say_group()
        return self.core.act(key)


def help_(core: Core) -> Mode | None:
    return Help(core).say_group()


class Describe:
    name: ClassVar[ModeName] = ModeName.DESCRIBE
    PHRASES: ClassVar[tuple[str, ...]] = ("no action",)

    def __init__(self, core: Core) -> None:
        self.core = core

    def handle(self, key: str) -> Mode | None:
        act = self.core.keys.get(key)
        said = self.core.actions[act].help if act is not None else "no action"
        self.core.say(key_name(key), ": ", said)
        return None


def describe_key(core: Core) -> Mode:
    core.say("Key describer: press a key to hear what it does.")
    return Describe(core)
