"""ONNX export of the joint grader: the file the service grades with, self-described by its
metadata (grades, crop geometry, calibration), and checked against PyTorch."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch

from .. import __version__
from ..scheme import GRADE_RANGES, JOINT_CODES
from .crops import CENTRE_SHIFT, CROP_PIXELS, CROP_SIDE, VIEW_OFFSETS
from .model import ExportedGrader, JointGrader, crop_tensor


def export_onnx(model: JointGrader, path: Path, metadata: dict, sample: np.ndarray) -> float:
    """Write the ONNX file with metadata; returns the largest ONNX/PyTorch difference of any output."""
    model.eval()
    wrapped = ExportedGrader(model, CROP_PIXELS).eval()
    x = crop_tensor(sample)
    dummy = x[:2].repeat(1, 3, 1, 1)[:, :3]  # more than one view, so the view count stays free
    path.parent.mkdir(parents=True, exist_ok=True)
    names = ["erosion_probabilities", "jsn_probabilities", "erosion_heatmap", "jsn_heatmap"]
    torch.onnx.export(
        wrapped,
        (dummy,),
        str(path),
        input_names=["crops"],
        output_names=names,
        dynamic_axes={"crops": {0: "joints", 1: "views"}, **{n: {0: "joints"} for n in names}},
        opset_version=17,
        dynamo=False,
    )
    graph = onnx.load(str(path))
    onnx.checker.check_model(graph)
    onnx.helper.set_metadata_props(
        graph, {k: v if isinstance(v, str) else json.dumps(v) for k, v in metadata.items()}
    )
    onnx.save(graph, str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    differences = []
    for views in (x, x[:, :1]):  # as sampled, and a single view
        with torch.no_grad():
            expected = [t.numpy() for t in wrapped(views)]
        got = session.run(None, {"crops": views.numpy()})
        differences += [np.abs(a - b).max() for a, b in zip(expected, got, strict=True)]
    return float(max(differences))


SOURCE_DESCRIPTIONS = {
    "simulated": "simulated lesions on real hand-atlas radiographs",
    "simulated rsna-hands": "simulated lesions on real rsna-hands radiographs",
}


def model_metadata(calibration: dict, sources: list[str]) -> dict:
    return {
        "rasharp_model": "joint grader",
        "version": f"scorer-{__version__}-{time.strftime('%Y%m%d-%H%M')}",
        "trained_on": (
            " + ".join(SOURCE_DESCRIPTIONS.get(s, s) for s in sources)
            + ("; not clinically validated" if "imported labels" not in sources else "")
        ),
        "grades": {k: list(range(r.minimum, r.maximum + 1)) for k, r in GRADE_RANGES.items()},
        "grade_names": {
            "erosion": ["none", "discrete", "larger", "extensive", "over half of bone", "collapse"],
            "jsn": [
                "normal",
                "focal or doubtful",
                "generalised <50%",
                "generalised >50% or subluxation",
                "ankylosis or luxation",
            ],
        },
        "joints": list(JOINT_CODES),
        "input": {
            "shape": [None, None, CROP_PIXELS, CROP_PIXELS],
            "range": "0..1, bone bright",
            "views": "joints x views: the crops of VIEW_OFFSETS (turn deg, zoom, shift along, "
            "shift across in knuckle spans); any number of views, heatmaps on the first",
            "view_offsets": [list(v) for v in VIEW_OFFSETS],
            "normalization": "per-crop standardisation inside the graph",
            "crop": "finger-axis aligned, distal up, right hands mirrored",
            "crop_side_knuckle_spans": CROP_SIDE,
            "centre_shift_knuckle_spans": CENTRE_SHIFT,
        },
        "outputs": f"erosion_probabilities N x {GRADE_RANGES['erosion'].classes}, "
        f"jsn_probabilities N x {GRADE_RANGES['jsn'].classes}, "
        "erosion_heatmap and jsn_heatmap N x 96 x 96 in 0..1",
        "temperature": calibration["temperature"],
        "uncertain_below": calibration["uncertain_below"],
    }
