"""Running the exported grader file on ready-made crops (no torch)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def grade_crops(scorer: Path, crops: np.ndarray, batch: int = 256) -> dict[str, np.ndarray]:
    """Grade probabilities for N x S x S crops, or N x V x S x S views of each joint, uint8 or 0..1
    float: {"erosion": N x erosion classes, "jsn": N x JSN classes} (rasharp.scheme's grades)."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(scorer), providers=["CPUExecutionProvider"])
    out = {"erosion": [], "jsn": []}
    for start in range(0, len(crops), batch):
        part = crops[start : start + batch].astype(np.float32)
        if crops.dtype == np.uint8:
            part /= 255.0
        erosion, jsn, _, _ = session.run(None, {"crops": part[:, None] if part.ndim == 3 else part})
        out["erosion"].append(erosion)
        out["jsn"].append(jsn)
    return {k: np.concatenate(v) for k, v in out.items()}
