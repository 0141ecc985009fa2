"""Running the exported grader file on ready-made crops (no torch)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def grade_crops(
    scorer: Path, crops: np.ndarray, batch: int = 256, jsn_graded: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Grade probabilities for N x S x S crops, or N x V x S x S views of each joint, uint8 or 0..1
    float, as the pipeline grades them (each joint's first view first, every view where that
    one is unsure): {"erosion": N x erosion classes, "jsn": N x JSN classes} (rasharp.scheme's
    grades). ``jsn_graded`` (N bools) marks the joints with a JSN grade; by default all."""
    from .infer import Scorer

    grader = Scorer(scorer, ["CPUExecutionProvider"])
    out = {"erosion": [], "jsn": []}
    for start in range(0, len(crops), batch):
        part = crops[start : start + batch].astype(np.float32)
        if crops.dtype == np.uint8:
            part /= 255.0
        graded = None if jsn_graded is None else jsn_graded[start : start + batch]
        probabilities, _ = grader.grade_views(part[:, None] if part.ndim == 3 else part, graded)
        for kind in out:
            out[kind].append(probabilities[kind])
    return {k: np.concatenate(v) for k, v in out.items()}
