"""Fast unit tests of rendering checks, the cache, layout, chapters and the manifest (fake engine)."""

import json
import wave
from pathlib import Path

import pytest

from mbc_audio import timeline
from mbc_audio.audio.assemble import HEAD_MS, TAIL_MS, Item, layout, write_wav
from mbc_audio.build.entries import build_entry, make_timeline
from mbc_audio.build.plan import plan_guide
from mbc_audio.build.tracks import prepare, track_entry
from mbc_audio.content.model import AudioSettings
from mbc_audio.content.parse import load_guide
from mbc_audio.engines import EngineInfo, Speech
from mbc_audio.errors import ManifestError, RenderError
from mbc_audio.speech.lexicon import Lexicon
from mbc_audio.tts.cache import UtteranceCache, utterance_key
from mbc_audio.tts.render import Job, problem_with, render_checked, render_missing

from .fakes import SAMPLE_RATE_HZ, FakeEngine, tone

INFO = EngineInfo("fake", "1", "tone", 150, SAMPLE_RATE_HZ)


def seconds(s: float) -> bytes:
    return tone(round(s * SAMPLE_RATE_HZ))


@pytest.mark.parametrize(
    ("pcm", "text", "problem"),
    [
        (b"", "Hello there.", "the engine returned no audio"),
        (seconds(0.1), "One two three four five six seven eight.", "under a third of the"),
        (seconds(20), "Hello there.", "over three times the"),
        (tone(16000, amplitude=32767) + tone(100, 0), "Hello there, how are you today.", "clipped"),
        (seconds(1.5), "Hello there, how are you.", None),
        (seconds(1.0), "intravenously", None),  # one long word takes longer than one short one
    ],
)
def test_problem_with(pcm: bytes, text: str, problem: str | None) -> None:
    found = problem_with(pcm, text, INFO)
    assert (found is None) if problem is None else (problem in found)


class FlakyEngine(FakeEngine):
    """Returns silence the first `failures` times it is asked."""

    def __init__(self, failures: int):
        super().__init__()
        self.failures = failures

    def synthesize(self, text: str) -> bytes:
        if self.failures:
            self.failures -= 1
            return b""
        return super().synthesize(text)


def test_one_retry_then_success() -> None:
    speech, problem = render_checked(FlakyEngine(failures=1), "Hello there.")
    assert problem is None and speech is not None and len(speech.pcm) > 0


def test_two_failures_are_an_error() -> None:
    speech, problem = render_checked(FlakyEngine(failures=2), "Hello there.")
    assert speech is None and problem == "the engine returned no audio"


def test_text_without_words_is_refused() -> None:
    assert render_checked(FakeEngine(), "® —") == (None, "it has no words to say")


def test_render_missing_caches_once_and_names_failures(tmp_path: Path, monkeypatch) -> None:
    engine = FakeEngine()
    monkeypatch.setattr("mbc_audio.tts.render.create_engine", lambda *a: engine)
    cache = UtteranceCache(tmp_path)
    jobs = [Job(utterance_key(INFO, t), t, "here") for t in ("One two.", "Three four.", "One two.")]
    assert render_missing(jobs, "fake", None, INFO, cache, workers=1) == 2
    assert engine.calls == ["One two.", "Three four."]
    assert cache.frames(jobs[0].key) == round(2 * 0.4 * SAMPLE_RATE_HZ)
    assert render_missing(jobs, "fake", None, INFO, cache, workers=1) == 0  # all cached
    bad = [Job(utterance_key(INFO, "®"), "®", 'content/a.md, topic "T", line 9')]
    with pytest.raises(RenderError, match=r'content/a.md, topic "T", line 9: cannot render "®"'):
        render_missing(bad, "fake", None, INFO, cache, workers=1)


def test_utterance_key_covers_voice_rate_and_text() -> None:
    base = utterance_key(INFO, "Hello.")
    assert base == utterance_key(INFO, "Hello.")
    assert base != utterance_key(INFO, "Hello!")
    assert base != utterance_key(EngineInfo("fake", "1", "tone", 151, SAMPLE_RATE_HZ), "Hello.")
    assert base != utterance_key(EngineInfo("fake", "2", "tone", 150, SAMPLE_RATE_HZ), "Hello.")


def test_layout_places_utterances_pauses_and_room_tone() -> None:
    items = [
        Item("a", "title", "t", 1000),
        Item("b", "sentence", "s1", 450),
        Item("c", "sentence", "s2", 900),
    ]
    frames = {"a": 8000, "b": 16000, "c": 4000}  # 0.5 s, 1 s, 0.25 s
    placed = layout(items, frames, SAMPLE_RATE_HZ)
    assert [(p.start_ms, p.end_ms) for p in placed.placed] == [
        (HEAD_MS, HEAD_MS + 500),
        (HEAD_MS + 1500, HEAD_MS + 2500),
        (HEAD_MS + 2950, HEAD_MS + 3200),
    ]
    assert placed.duration_ms == HEAD_MS + 3200 + TAIL_MS  # the last pause is the tail


def test_write_wav_matches_layout_and_is_never_digital_silence(tmp_path: Path) -> None:
    cache = UtteranceCache(tmp_path / "cache")
    cache.put("a", Speech(seconds(0.5)), SAMPLE_RATE_HZ)
    cache.put("b", Speech(seconds(1.0)), SAMPLE_RATE_HZ)
    items = [Item("a", "title", "t", 1000), Item("b", "sentence", "s", 450)]
    out = tmp_path / "track.wav"
    written = write_wav(items, cache, SAMPLE_RATE_HZ, out)
    expected = layout(items, {"a": 8000, "b": 16000}, SAMPLE_RATE_HZ)
    with wave.open(str(out)) as wav:
        assert wav.getnframes() == written == expected.total_frames
        head = wav.readframes(SAMPLE_RATE_HZ // 2)
    assert any(head) and max(abs(int.from_bytes(head[i : i + 2], "little", signed=True))
                             for i in range(0, len(head), 2)) <= 4  # fmt: skip


def _guide_timeline(content, cache_dir: Path):
    """The content's timeline as a build makes it, each utterance a 1 s tone."""
    guide = load_guide(content.root)
    plan = plan_guide(guide, INFO, content.root)
    cache = UtteranceCache(cache_dir)
    for job in plan.jobs:
        cache.put(job.key, Speech(tone(SAMPLE_RATE_HZ)), SAMPLE_RATE_HZ)
    count = len(plan.tracks)
    made = [prepare(t, guide, INFO, AudioSettings(), cache, "ffmpeg 5", count) for t in plan.tracks]
    tracks = tuple(track_entry(p, 100, "0" * 64, None) for p in made)
    build = build_entry(INFO, plan, AudioSettings(), Lexicon())
    return plan, made, make_timeline(plan, build, tuple(p.topic for p in made), tracks)


def test_plan_names_tracks_and_speaks_titles(content, tmp_path: Path) -> None:
    plan, _, _ = _guide_timeline(content, tmp_path)
    plans = plan.tracks
    assert [p.file for p in plans] == [
        "01-opening.mp3",
        "02-first-topic.mp3",
        "03-second-topic.mp3",
        "04-closing.mp3",
    ]
    assert [i.role for i in plans[1].items] == ["title", "sentence", "sentence"]
    jobs = plan.jobs
    hello = next(j for j in jobs if j.spoken == "Hello there.")
    assert hello.where.endswith('leaflet.md, topic "First topic", line 10')
    assert jobs[0].spoken == "About this guide" and jobs[0].where.endswith("guide.toml, opening")


def test_chapters_are_back_to_back_from_zero_to_the_end(content, tmp_path: Path) -> None:
    content.leaflet(
        "## Topic\n\nFirst paragraph. Two.\n\n### A section\n\nSecond paragraph.\n\n- an item\n"
    )
    _, made, manifest = _guide_timeline(content, tmp_path)
    chapters = manifest.tracks[1].chapters
    layouts = [p.layout for p in made]
    assert [c.title for c in chapters] == [
        "Topic",
        "First paragraph.",
        "A section",
        "Second paragraph.",
        "an item",
    ]
    assert chapters[0].start_ms == 0 and chapters[-1].end_ms == layouts[1].duration_ms
    assert all(a.end_ms == b.start_ms for a, b in zip(chapters, chapters[1:], strict=False))
    sentences = manifest.topics[1].sentences
    assert (
        chapters[1].start_ms == sentences[0].start_ms
    )  # a paragraph's chapter starts on its first word
    # ids sort in time order, so frames written in key order are in time order
    assert sorted(c.id for c in chapters) == [c.id for c in chapters]
    assert [c.level for c in chapters] == [1, 3, 2, 3, 3]


def test_manifest_round_trip_and_validation(content, tmp_path: Path) -> None:
    *_, manifest = _guide_timeline(content, tmp_path / "cache")
    assert timeline.validate(manifest) is None
    timeline.save(manifest, tmp_path)
    assert timeline.load(tmp_path) == manifest
    text = (tmp_path / "manifest.json").read_text()
    data = json.loads(text)
    data["tracks"][0]["chapters"][0]["start_ms"] = 5
    (tmp_path / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(ManifestError, match="chapters do not run from 0"):
        timeline.load(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({**json.loads(text), "version": 1}))
    with pytest.raises(ManifestError, match="is of version 1, made by another mbc-audio"):
        timeline.load(tmp_path)
    with pytest.raises(ManifestError, match="not found; build the guide first"):
        timeline.load(tmp_path / "nowhere")


def test_the_timeline_keeps_the_topics_tree_and_every_sentence_once(content, tmp_path) -> None:
    """The entries walk the model beside the layout: sections with and without titles, a
    titled section with nothing under it, paragraphs of their blocks, each sentence in order."""
    content.leaflet(
        "## Topic\n\nOne. Two.\n\n- an item\n\n### Empty\n\n### Full\n\nThree.\n\n> Four.\n"
    )
    plan, made, result = _guide_timeline(content, tmp_path)
    topic = next(t for t in result.topics if t.kind == "topic")
    model = next(t for p in plan.guide.parts for t in p.topics)
    assert [s.title for s in topic.sections] == [None, "Empty", "Full"]
    assert [[p.kind for p in s.paragraphs] for s in topic.sections] == [
        ["paragraph", "list_item"], [], ["paragraph", "quote"],
    ]  # fmt: skip
    assert [s.text for s in topic.sentences] == ["One.", "Two.", "an item", "Three.", "Four."]
    assert [s.id for s in topic.sentences] == [s.id for s in model.sentences]
    placed = next(p for p in made if p.topic.id == topic.id).layout.placed
    heard = [(p.start_ms, p.end_ms) for p in placed if p.item.role == "sentence"]
    assert [(s.start_ms, s.end_ms) for s in topic.sentences] == heard
    empty = topic.sections[1]
    assert empty.start_ms == empty.end_ms == placed[4].start_ms  # its title, after three sentences
