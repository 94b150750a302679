"""hibari's model and dictionaries, kept ready in mbc-audio's cache so that a voice starts at once.

hibari reads its dictionaries (about 180,000 words) and its tagger's weights from gzipped JSON each
time it starts: over a second, most of a one-sentence edit. Its G2P only ever looks words up
(`.get` and `in`), so they are kept here once in SQLite, and each word is read when it is first
asked for. Its model is kept too, with the durations added as an output (which needs the onnx
package, slow to import) and rewritten once by onnxruntime at its "extended" level, which holds
nothing particular to this machine.

What is kept is named by the hibari-tts, onnx and onnxruntime versions and by the source files'
sha256 (the model's is checked before it is read), written to a temporary name and renamed. Where
the cache cannot be written, both are made in memory on every start: slower, the same samples.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.metadata
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from .kept_model import keep_optimised, voices_cache

DURATIONS = "/Clip_output_0"  # the graph's rounded, clipped phoneme durations, in units
_TABLES = {  # table -> (asset file, the key within it or "" for the whole file)
    "gold": ("lexicon_us_gold.json.gz", ""),
    "silver": ("lexicon_us_silver.json.gz", ""),
    "tagdict": ("tagger.json.gz", "tagdict"),
    "vocab": ("tagger.json.gz", "vocab"),
    "weights": ("tagger.json.gz", "weights"),
}
_MISSING = object()


def kept_folder() -> Path:
    return voices_cache()


def model_bytes(assets: Path, source_sha256: str) -> bytes | str:
    """The model with its durations output: the path of the kept copy, or the bytes made now."""
    import onnxruntime

    versions = f"hibari{importlib.metadata.version('hibari-tts')}-ort{onnxruntime.__version__}"
    kept = kept_folder() / f"hibari-{source_sha256[:16]}-{versions}.onnx"
    if kept.is_file():
        return str(kept)
    patched = _with_durations(assets / "hibari.onnx")
    return str(kept) if keep_optimised(patched, kept, threads=1) else patched


def _with_durations(model_path: Path) -> bytes:
    import onnx

    model = onnx.load_from_string(model_path.read_bytes())
    inferred = onnx.shape_inference.infer_shapes(model)
    found = [v for v in inferred.graph.value_info if v.name == DURATIONS]
    if not found:
        raise ValueError(f"the hibari model {model_path} has no {DURATIONS}")
    model.graph.output.append(found[0])
    return bytes(model.SerializeToString())


class Table:
    """One of hibari's lookup tables, read a key at a time: what its G2P asks of a dict."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self._query = f"SELECT value FROM {name} WHERE key = ?"
        self._connection = connection
        self._seen: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        found = self._seen.get(key, _MISSING)
        if found is _MISSING:
            row = self._connection.execute(self._query, (key,)).fetchone()
            found = None if row is None else json.loads(row[0])
            self._seen[key] = found
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


def tables(assets: Path) -> dict[str, Any]:
    """hibari's tables by name, kept in SQLite (or, where the cache cannot be written, read whole)."""
    sources = sorted({file for file, _ in _TABLES.values()})
    digest = hashlib.sha256()
    for file in sources:
        stat = (assets / file).stat()
        digest.update(f"{file} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    version = importlib.metadata.version("hibari-tts")
    kept = kept_folder() / f"hibari-{version}-tables-{digest.hexdigest()[:16]}.sqlite"
    if not kept.is_file():
        try:
            _write_tables(assets, kept)
        except (OSError, sqlite3.Error):
            return _read_tables(assets)
    try:
        connection = sqlite3.connect(f"file:{kept}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        connection.execute("SELECT 1 FROM gold LIMIT 1")
    except sqlite3.Error:
        with contextlib.suppress(OSError):
            kept.unlink()  # damaged: made again next time
        return _read_tables(assets)
    return {name: Table(connection, name) for name in (*_TABLES, "meta")}


def _read_tables(assets: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = {}
    for file in {f for f, _ in _TABLES.values()}:
        with gzip.open(assets / file, "rt", encoding="utf-8") as f:
            loaded[file] = json.load(f)
    found = {name: loaded[file][key] if key else loaded[file] for name, (file, key) in _TABLES.items()}
    found["vocab"] = dict.fromkeys(found["vocab"], True)
    found["meta"] = {"tags": loaded["tagger.json.gz"]["tags"]}
    return found


def _write_tables(assets: Path, kept: Path) -> None:
    kept.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".sqlite", dir=kept.parent)
    os.close(fd)
    try:
        connection = sqlite3.connect(tmp)
        with connection:
            for name, rows in _read_tables(assets).items():
                connection.execute(f"CREATE TABLE {name} (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
                connection.executemany(
                    f"INSERT INTO {name} VALUES (?, ?)",
                    ((k, json.dumps(v, ensure_ascii=False)) for k, v in rows.items()),
                )
        connection.close()
        os.replace(tmp, kept)
    finally:
        Path(tmp).unlink(missing_ok=True)


def g2p(assets: Path, oov: Any) -> Any:
    """hibari's G2P (American), its tables read from the kept store. It is made as its own
    __init__ makes it (hibari-tts 0.2.1, pinned), with the tables in place of loaded dicts."""
    from hibari.g2p import G2P, _load_json
    from hibari.g2p.lexicon import Lexicon
    from hibari.g2p.tagger import Tagger
    from hibari.g2p.tokenize import Tokenizer

    found = tables(assets)
    g2p = G2P.__new__(G2P)
    g2p.lexicon = Lexicon(found["gold"], found["silver"], False)
    g2p.tokenizer = Tokenizer(_load_json("tokenizer_exceptions.json"))
    tagger = Tagger.__new__(Tagger)
    tagger.tagdict, tagger.vocab, tagger.weights = found["tagdict"], found["vocab"], found["weights"]
    tagger.tags = found["meta"].get("tags")
    g2p.tagger = tagger
    g2p._oov, g2p.unk, g2p.british = oov, "", False
    return g2p
