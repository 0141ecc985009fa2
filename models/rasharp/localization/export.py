"""Export a trained localizer checkpoint to ONNX, self-described, and check it against PyTorch."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from ..scheme import JOINT_CODES
from .model import MASK_CHANNEL, STRIDE, JointHeatmapNet

PARITY_TOLERANCE = 1e-4


def export(checkpoint: Path, out: Path, version: str) -> dict:
    state = torch.load(checkpoint, map_location="cpu", weights_only=True)
    model = JointHeatmapNet(pretrained=False)
    model.load_state_dict(state["model"])
    return export_model(model, out, version, int(state["size"]), state.get("step"))


def export_model(
    model: JointHeatmapNet, out: Path, version: str, size: int, steps, extra: dict | None = None
) -> dict:
    """Write ``model`` as a self-described ONNX file (``extra``: more metadata, as text) and
    check it against PyTorch."""
    import onnx

    model.eval()
    example = torch.rand(2, 1, size, size)
    out.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        model,
        (example,),
        str(out),
        input_names=["image"],
        output_names=["heatmaps"],
        dynamic_axes={"image": {0: "batch"}, "heatmaps": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    proto = onnx.load(str(out))
    metadata = {
        "name": "rasharp-localizer",
        "version": version,
        "joints": json.dumps(list(JOINT_CODES)),
        "mask_channel": str(MASK_CHANNEL),
        "input_size": str(size),
        "stride": str(STRIDE),
        "input": "N x 1 x S x S grey radiograph, bone bright, scaled to 0..1",
        "normalization": "ImageNet mean/std applied inside the graph to the grey image repeated to 3 channels",
        "output": "N x 16 x S/4 x S/4 sigmoid heatmaps: 15 joints in scheme order, then the hand mask",
        "training_steps": str(steps),
        **(extra or {}),
    }
    onnx.helper.set_metadata_props(proto, metadata)
    onnx.checker.check_model(proto)
    onnx.save(proto, str(out))
    report = check_parity(model, out, size)
    report["bytes"] = out.stat().st_size
    return report


def check_parity(model: JointHeatmapNet, path: Path, size: int) -> dict:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    batch = rng.random((2, 1, size, size), dtype=np.float32)
    with torch.no_grad():
        expected = model(torch.from_numpy(batch)).numpy()
    got = session.run(None, {"image": batch})[0]
    worst = float(np.abs(expected - got).max())
    if worst > PARITY_TOLERANCE:
        raise RuntimeError(
            f"ONNX output differs from PyTorch by {worst:.2e} (> {PARITY_TOLERANCE})"
        )
    return {"max_abs_difference": worst}


def main(argv=None, prog: str | None = None) -> None:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("--out", type=Path, default=Path("models/weights/localizer.onnx"))
    parser.add_argument("--version", required=True)
    args = parser.parse_args(argv)
    print(json.dumps(export(args.checkpoint, args.out, args.version)))


if __name__ == "__main__":
    main()
