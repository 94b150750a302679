"""Neural voices kept ready to load: a model with an output added, rewritten once by onnxruntime.

Adding an output (Piper's alignments, hibari's durations) means reading the whole model with the
onnx package, and onnxruntime rewrites a graph each time it loads one (most of the time a load
takes). Both are done once and the result kept in mbc-audio's cache (`voices/`), rewritten at the
"extended" level, which holds nothing particular to this machine: loading it applies the rest,
so it computes what the model itself computes, sample for sample (each engine's tests hold it).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from ..fsio import atomic_path, cache_root


def voices_cache() -> Path:
    return cache_root() / "voices"


def keep_optimised(model: bytes, kept: Path, threads: int | None = None) -> bool:
    """model rewritten by onnxruntime into kept (written under a temporary name, then renamed);
    False where it cannot be kept (a read-only or full cache: onnxruntime's own errors too)."""
    import onnxruntime

    with contextlib.suppress(Exception):
        kept.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(kept, suffix=".onnx") as tmp:
            options = onnxruntime.SessionOptions()
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            options.optimized_model_filepath = str(tmp)
            if threads is not None:
                options.intra_op_num_threads = options.inter_op_num_threads = threads
            onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
        return kept.is_file()
    return False
