"""Engines are plug-ins: mbc-audio's own and any other package's are found through the entry
point group mbc_audio.engines, by the same registry (engines.py). A package on the path with an
entry_points.txt adds an engine that guide.toml, `say` and the registry take like a built-in."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio import engines
from mbc_audio.cli import cli
from mbc_audio.content.config import load_config
from mbc_audio.errors import ContentError, EngineUnavailable
from mbc_audio.spokentext import PhonemeSpan, SpokenText
from mbc_audio.tts.render import render_checked

# A plug-in engine as another package would write it: it does not subclass mbc_audio's Engine
# (the Protocol says what it must have), and it writes the words the lexicon gives phonemes in
# its own form with the shared helper.
PLUGIN = '''
import math
from array import array

from mbc_audio.engines import EngineInfo, Speech
from mbc_audio.spokentext import render

RATE = 16000


class ToneEngine:
    NAME = "tone"
    DESCRIPTION = "a tone as long as the words"
    MAX_WORKERS = 1
    USES_ALL_CORES = False
    IN_PROCESS = True
    PRIORITY = -100  # never "auto"'s choice

    def __init__(self, voice, rate_wpm):
        self.info = self.describe(voice, rate_wpm)
        self.said = []

    def synthesize(self, text):
        text = render(text, lambda word, ipa: f"{word}/{ipa}/")
        self.said.append(text)
        count = round(len(text.split()) * 60 / self.info.rate_wpm * RATE)
        return array("h", (round(8000 * math.sin(2 * math.pi * 440 * n / RATE))
                           for n in range(count))).tobytes()

    def speak(self, text):
        return Speech(self.synthesize(text))

    def phonemes(self, text):
        return None

    def pronounce(self, text):
        return None

    @classmethod
    def sayable_ipa(cls):
        return frozenset("abc")

    @classmethod
    def describe(cls, voice, rate_wpm):
        return EngineInfo(cls.NAME, "1.0", voice or "beep", rate_wpm, RATE)

    @classmethod
    def available(cls):
        return True

    @classmethod
    def voices(cls):
        return ["beep"]


class NotAnEngine:
    NAME = "half"
'''

ENTRY_POINTS = """
[mbc_audio.engines]
tone = mbc_tone_engine:ToneEngine
half = mbc_tone_engine:NotAnEngine
gone = mbc_no_such_module:Engine
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A distribution, mbc-tone-engine, installed on sys.path as pip would lay it out."""
    site = tmp_path / "site"
    info = site / "mbc_tone_engine-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "mbc_tone_engine.py").write_text(textwrap.dedent(PLUGIN))
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mbc-tone-engine\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(site))
    engines.refresh()
    yield site
    monkeypatch.undo()
    sys.modules.pop("mbc_tone_engine", None)
    engines.refresh()


def test_the_built_in_engines_are_declared_as_plug_ins_are() -> None:
    own = importlib.metadata.distribution("mbc-audio").entry_points.select(group=engines.GROUP)
    assert sorted(p.name for p in own) == ["hibari", "piper", "system"]
    for name in engines.engine_names():
        assert name == engines.engine_class(name).NAME


def test_a_plug_in_engine_is_found_by_its_entry_point_and_speaks(plugin: Path) -> None:
    assert engines.engine_names() == ["gone", "half", "hibari", "piper", "system", "tone"]
    engine = engines.create_engine("tone", None, 150)
    assert engine.info.voice == "beep" and engine.info.sample_rate_hz == 16000
    spoken = SpokenText("Take Ibrance with food.", [PhonemeSpan(5, 12, "ˈaɪbɹæns")])
    speech, problem = render_checked(engine, spoken)
    assert problem is None and speech is not None
    assert len(speech.pcm) == 2 * round(4 * 60 / 150 * 16000)
    assert engine.said == ["Take Ibrance/ˈaɪbɹæns/ with food."]  # type: ignore[attr-defined]
    assert engines.engine_class("auto").NAME != "tone"  # the lowest priority


def test_a_broken_plug_in_is_named_and_stops_no_other_engine(plugin: Path) -> None:
    with pytest.raises(EngineUnavailable, match=r'"gone" \(mbc_no_such_module:Engine\) cannot be loaded: ModuleNotFoundError'):
        engines.engine_class("gone")
    with pytest.raises(EngineUnavailable, match='"half" .* is not an engine: it lacks DESCRIPTION, IN_PROCESS'):
        engines.engine_class("half")
    assert engines.engine_class("auto").NAME in ("hibari", "piper", "system")


def test_guide_toml_takes_a_plug_in_engine_and_its_voice(plugin: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    top = 'title = "G"\npublisher = "P"\nlanguage = "en-US"\ndocuments = ["a.md"]\nopening = "Hi."\nclosing = "Bye."\n'
    (content / "guide.toml").write_text(top + '[voice]\nengine = "tone"\ntone = "beep"\n')
    voice = load_config(content).voice
    assert voice.engine == "tone" and voice.names == {"tone": "beep"}
    (content / "guide.toml").write_text(top + '[voice]\nengine = "tones"\n')
    with pytest.raises(ContentError, match='"tones" is not an engine here; choose one of: auto, gone, half, hibari, piper, system, tone'):
        load_config(content)


def test_say_speaks_with_a_plug_in_engine(plugin: Path, tmp_path: Path) -> None:
    out = tmp_path / "line.wav"
    env = {**os.environ, "PYTHONPATH": str(plugin)}
    done = subprocess.run(
        [sys.executable, "-m", "mbc_audio", "say", "Three words here.", "--engine", "tone",
         "--rate", "120", "-o", str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {out}: 1.5 seconds, tone voice beep.")
    with wave.open(str(out)) as wav:
        assert (wav.getframerate(), wav.getnframes()) == (16000, 24000)


def test_voices_lists_a_plug_in_and_names_one_that_cannot_be_loaded(plugin: Path) -> None:
    result = CliRunner().invoke(cli, ["voices"])
    assert result.exit_code == 0, result.output
    assert "\ntone: a tone as long as the words; 1 voices.\n  beep\n" in result.output
    assert result.output.startswith('gone: the engine "gone" (mbc_no_such_module:Engine) cannot be loaded')
    assert "\nhibari: " in result.output and "\nauto: uses " in result.output
