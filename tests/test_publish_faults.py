"""A publish killed at random moments: the folder and its packages are always one whole edition,
the old or the new, and once the next run has taken the lock nothing of the killed one is left."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mbc_audio.check.run import check_guide
from mbc_audio.folders import folder_lock
from mbc_audio.publish.commit import clean_up
from mbc_audio.publish.packages import names_for
from mbc_audio.publish.run import Published

pytestmark = pytest.mark.integration
pytest_plugins = ("tests.published",)

EDITIONS = ("https://a.example.org/guide/", "https://b.example.org/guide/")


def publish_command(built: Path, out: Path, base: str) -> list[str]:
    return [sys.executable, "-m", "mbc_audio", "publish", str(built), "--out", str(out),
            "--base-url", base]  # fmt: skip


def edition_of(folder: Path) -> str:
    feed = (folder / "feed.xml").read_text(encoding="utf-8")
    (found,) = [base for base in EDITIONS if base + "feed.xml" in feed]
    return found


def test_a_publish_killed_at_random_moments_leaves_one_whole_edition(
    built: Path, result: Published, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    names = names_for("test-guide", "2.1")
    subprocess.run(publish_command(built, out, EDITIONS[0]), check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run(publish_command(built, out, EDITIONS[1]), check=True, capture_output=True)
    whole = time.perf_counter() - started
    chance = random.Random(11)  # the same moments on every run of the test
    seen = set()
    for attempt in range(6):
        run = subprocess.Popen(
            publish_command(built, out, EDITIONS[attempt % 2]), start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(chance.uniform(0.05, whole))
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        with folder_lock(out / names.folder, report=lambda line: None):  # as the next run does
            clean_up(out, names)
        report = check_guide(out / names.folder, None, measure=False, listen=False)
        assert report.count("error") == 0, (attempt, report.lines())
        seen.add(edition_of(out / names.folder))
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [names.folder, names.zip, names.m4b, names.epub, names.sums]
        ), attempt
    assert seen <= set(EDITIONS)
