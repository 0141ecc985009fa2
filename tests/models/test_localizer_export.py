"""The localizer's ONNX file: self-described, and equal to the PyTorch network it came from."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rasharp.pipeline import DEFAULT_MODEL_DIR, LOCALIZER_FILE
from rasharp.scheme import JOINT_CODES


def test_export_matches_pytorch(tmp_path):
    torch = pytest.importorskip("torch", reason="the train extra (PyTorch) is not installed")
    pytest.importorskip("efficientnet_lite_pytorch")
    from rasharp.localization.export import export
    from rasharp.localization.model import JointHeatmapNet

    model = JointHeatmapNet(pretrained=False)
    torch.save({"model": model.state_dict(), "size": 128, "step": 0}, tmp_path / "checkpoint.pt")
    report = export(tmp_path / "checkpoint.pt", tmp_path / "localizer.onnx", version="test")
    assert report["max_abs_difference"] < 1e-4

    import onnxruntime as ort

    session = ort.InferenceSession(
        str(tmp_path / "localizer.onnx"), providers=["CPUExecutionProvider"]
    )
    meta = session.get_modelmeta().custom_metadata_map
    assert meta["version"] == "test" and json.loads(meta["joints"]) == list(JOINT_CODES)
    assert meta["input_size"] == "128" and "ImageNet" in meta["normalization"]
    image = np.random.default_rng(1).random((3, 1, 128, 128), dtype=np.float32)
    model.eval()
    with torch.no_grad():
        expected = model(torch.from_numpy(image)).numpy()
    got = session.run(None, {"image": image})[0]
    assert got.shape == (3, 16, 32, 32)
    assert np.abs(got - expected).max() < 1e-4


def test_shipped_localizer_describes_itself():
    import onnxruntime as ort

    path = DEFAULT_MODEL_DIR / LOCALIZER_FILE
    assert path.exists(), f"the trained localizer must ship at {path}"
    assert path.stat().st_size <= 30 * 1024 * 1024
    meta = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).get_modelmeta()
    props = meta.custom_metadata_map
    assert json.loads(props["joints"]) == list(JOINT_CODES)
    assert {"version", "input_size", "stride", "normalization"} <= set(props)
    assert (DEFAULT_MODEL_DIR / "localizer.md").exists(), "the model card ships beside the weights"
