"""onnxruntime sessions as rasharp's models run them, and the checksum that ties model files
together."""

from __future__ import annotations

import hashlib
from pathlib import Path


def inference_session(path: Path, providers: list[str], threads: int = 0):
    """A session with every graph optimisation, ``threads`` CPU threads (0: one per core).

    Its threads sleep between runs instead of spinning: a film goes through several sessions
    in turn (localizer, int8 screen, grader), each with its own threads, and threads left
    spinning after one session's run take the cores from the next one's (on two cores,
    grading took a fifth longer)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=providers)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
