"""mbc-audio check: each check catches a deliberately broken guide and passes the real one."""

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from mbc_audio import timeline
from mbc_audio.build import BuildOptions, build
from mbc_audio.check.run import check_guide
from mbc_audio.cli import cli

from .conftest import ContentFolder

pytestmark = pytest.mark.integration

LEAFLET = """\
## Outlook

About 29% of people live at least 5 years. This is not a promise.

### Living well

Rest when you are tired, and do not skip meals.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("guide")
    content = ContentFolder(root / "content")
    content.leaflet(LEAFLET)
    result = build(BuildOptions(content.root, root / "dist", "system", None, 2, root / "cache"))
    return result.folder, content.root


@pytest.fixture
def guide(built, tmp_path: Path) -> Path:
    folder, _ = built
    copy = tmp_path / "guide"
    shutil.copytree(folder, copy)
    return copy


def errors(folder: Path, content: Path, check: str) -> list[str]:
    report = check_guide(folder, content, measure=True, listen=False)
    return [f.message for f in report.findings if f.severity == "error" and f.check == check]


def test_the_real_guide_passes(built) -> None:
    folder, content = built
    result = CliRunner().invoke(
        cli, ["check", str(folder), "--content", str(content), "--no-listen"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Passed: 0 errors")
    assert (
        "Track 02-outlook.mp3: loudness -19." in result.output or "loudness -18." in result.output
    )
    report = json.loads(
        CliRunner()
        .invoke(cli, ["check", str(folder), "--content", str(content), "--no-listen", "--json"])
        .output
    )
    assert report["passed"] is True and report["guide"]["tracks"] == 3


def test_truncated_mp3(guide: Path, built) -> None:
    track = guide / "02-outlook.mp3"
    track.write_bytes(track.read_bytes()[: track.stat().st_size // 2])
    found = errors(guide, built[1], "structure")
    assert "differs from the build (size or sha256)" in found
    assert any(m.startswith("is cut short: it holds ") for m in found), found


def test_deleted_sentence(guide: Path, built) -> None:
    manifest = json.loads((guide / "manifest.json").read_text())
    paragraphs = manifest["topics"][1]["sections"][0]["paragraphs"]
    removed = paragraphs[0]["sentences"].pop(1)
    (guide / "manifest.json").write_text(json.dumps(manifest))
    found = errors(guide, built[1], "fidelity")
    assert found == [f'"{removed["text"]}" ({removed["id"]}) is not in the timeline']


def test_shifted_chapter(guide: Path, built) -> None:
    track = guide / "02-outlook.mp3"
    tags = ID3(track)
    chapter = next(c for c in tags.getall("CHAP") if c.element_id == "ch002")
    chapter.start_time += 500
    tags.save(track, v2_version=4)
    found = errors(guide, built[1], "structure")
    assert any(m.startswith("ID3 chapters disagree with the manifest: ch002 is ") for m in found)


def _reencode(track: Path, filters: str) -> None:
    tags = ID3(track)
    louder = track.with_suffix(".tmp.mp3")
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(track), "-af", filters, "-c:a", "libmp3lame",
                    "-b:a", "64k", str(louder)], check=True)  # fmt: skip
    tags.save(louder, v2_version=4)
    louder.replace(track)


def test_clipped_track(guide: Path, built) -> None:
    _reencode(guide / "02-outlook.mp3", "volume=20dB")
    found = errors(guide, built[1], "levels")
    assert any("true peak" in m and "above the ceiling -1.5 dBTP" in m for m in found)


def test_track_six_db_too_loud(guide: Path, built) -> None:
    _reencode(guide / "02-outlook.mp3", "volume=6dB")  # in floating point: louder, not clipped
    found = errors(guide, built[1], "levels")
    assert any(
        m.startswith("loudness -13.") and "LU above the target -19 LUFS" in m for m in found
    ), found


@pytest.mark.skipif(importlib.util.find_spec("hibari") is None, reason="hibari-tts is not installed")
def test_a_wrong_number_and_a_missing_not_are_named_with_their_times(tmp_path: Path) -> None:
    """The track of a guide is replaced by one rendered (by the real voice) from a text where one
    sentence says another number and one has lost its "not": the check names both, where."""
    content = ContentFolder(tmp_path / "content")
    right_text = (
        "## Outlook\n\nAbout 29% of people live at least 5 years. Bone pain is common. "
        "Zoledronic acid is not a cure.\n"
    )
    content.leaflet(right_text)
    right = build(BuildOptions(content.root, tmp_path / "right", "hibari", None, 2, tmp_path / "cache"))
    report = check_guide(right.folder, content.root, measure=False, listen=True)
    assert not report.failed()
    assert [f.message for f in report.findings if f.check == "intelligibility"] == []
    right_rate = float(report.tracks["02-outlook.mp3"]["word error rate"].rstrip("%"))
    content.leaflet(right_text.replace("29%", "79%").replace("is not a", "is a"))
    wrong = build(BuildOptions(content.root, tmp_path / "wrong", "hibari", None, 2, tmp_path / "cache"))
    shutil.copy(wrong.folder / "02-outlook.mp3", right.folder / "02-outlook.mp3")
    content.leaflet(right_text)
    report = check_guide(right.folder, content.root, measure=False, listen=True)
    warnings = [f.message for f in report.findings if f.check == "intelligibility"]
    sentences = {s.text: s.start_ms for s in timeline.load(right.folder).sentences}
    first = f"listen at {sentences['About 29% of people live at least 5 years.'] / 1000:.1f} s"
    last = f"listen at {sentences['Zoledronic acid is not a cure.'] / 1000:.1f} s"
    assert any(m.startswith(first) and "did not hear 'twenty'" in m and "About 29% of people" in m
               and 'heard "about seventy nine percent' in m for m in warnings), warnings  # fmt: skip
    assert any(m.startswith(last) and "did not hear 'not'" in m and "Zoledronic acid is not a cure" in m
               for m in warnings), warnings  # fmt: skip
    assert len(warnings) == 2, warnings  # the sentence between, said right, is not listed
    assert float(report.tracks["02-outlook.mp3"]["word error rate"].rstrip("%")) > right_rate


@pytest.mark.parametrize("damage", [b"", b"not an mp3 at all " * 100], ids=["empty", "garbage"])
def test_an_undecodable_track_is_an_error_finding(guide: Path, built, damage: bytes) -> None:
    (guide / "02-outlook.mp3").write_bytes(damage)
    result = CliRunner().invoke(cli, ["check", str(guide), "--content", str(built[1]), "--no-listen"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "Error: structure, 02-outlook.mp3: is not a readable MP3" in result.output


def test_a_track_linked_from_outside_the_guide_is_not_read(guide: Path, built, tmp_path) -> None:
    outside = tmp_path / "outside.mp3"
    shutil.copyfile(guide / "02-outlook.mp3", outside)
    (guide / "02-outlook.mp3").unlink()
    (guide / "02-outlook.mp3").symlink_to(outside)
    found = errors(guide, built[1], "structure")
    assert "leads outside the guide's folder; build the guide again" in found


@pytest.mark.skipif(importlib.util.find_spec("hibari") is None, reason="hibari-tts is not installed")
def test_build_listen_hears_back_what_the_build_said_anew(tmp_path: Path) -> None:
    content = ContentFolder(tmp_path / "content")
    text = "## First topic\n\nBone pain is common.\n\n## Second topic\n\nRest for 2 days.\n"
    content.leaflet(text)
    args = ["build", "--content", str(content.root), "--out", str(tmp_path / "dist"),
            "--cache", str(tmp_path / "cache"), "--listen"]  # fmt: skip
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "Track 02-first-topic.mp3: word error rate" in first.output  # a new guide: all of it
    content.leaflet(text.replace("2 days", "3 days"))
    edit = CliRunner().invoke(cli, args)
    assert edit.exit_code == 0, edit.output
    assert "Track 03-second-topic.mp3: word error rate" in edit.output
    assert "02-first-topic.mp3" not in edit.output.split("Listen: open")[1]
    again = CliRunner().invoke(cli, args)
    assert "Listened: nothing was said anew." in again.output


def test_a_track_checked_before_is_still_held_to_its_sha256(guide: Path, built) -> None:
    """The build does not read again the tags of tracks it reused unchanged, but a reused track
    whose bytes changed is still an error."""
    from mbc_audio.check.report import Report
    from mbc_audio.check.structure import check_structure

    manifest = timeline.load(guide)
    reused = frozenset(t.file for t in manifest.tracks)
    clean = Report()
    check_structure(guide, manifest, clean, checked=reused)
    assert [f for f in clean.findings if f.severity.name == "ERROR"] == []
    tags = ID3(guide / "02-outlook.mp3")
    tags.delall("CTOC")
    tags.save(guide / "02-outlook.mp3", v2_version=4)
    found = Report()
    check_structure(guide, manifest, found, checked=reused)
    # Its bytes changed, so it is checked whole again: the sha256 and the tags that changed.
    assert [f.message for f in found.findings if f.where == "02-outlook.mp3"] == [
        "differs from the build (size or sha256)",
        "needs exactly one top-level, ordered CTOC",
    ]
