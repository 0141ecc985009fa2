"""`rasharp train-scorer` and `rasharp evaluate-scoring` on imported labels (fixture files written
here), and calibrating given weights on the atlas."""

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from rasharp.pipeline import SCORER_FILE, model_dir

HAND = {
    "MCP2": (120, 300),
    "MCP3": (170, 290),
    "MCP4": (220, 295),
    "MCP5": (270, 310),
    "PIP2": (115, 200),
    "PIP3": (170, 185),
    "DIP3": (170, 110),
}


def rasharp(*args):
    return subprocess.run(
        [sys.executable, "-m", "rasharp.cli", *map(str, args)], capture_output=True, text=True
    )


@pytest.fixture
def arise(tmp_path):
    """Twelve small films, three experts per joint, in the ARISE-2025 layout."""
    rng = np.random.default_rng(0)
    images = tmp_path / "jpeg"
    images.mkdir()
    boxes = ["patient_id,joint_id,xcenter,ycenter,dx,dy"]
    scores = ["patient_id,joint_id,expert,jsn_score,erosion_score"]
    for patient in range(12):
        Image.fromarray(rng.integers(0, 255, (400, 400), dtype=np.uint8)).save(
            images / f"{patient}.png"
        )
        for code, (x, y) in HAND.items():
            boxes.append(f"{patient},{code}_L,{x / 400},{y / 400},0.08,0.06")
            jsn, erosion = int(rng.integers(0, 5)), int(rng.integers(0, 6))
            for expert in (1, 2, 3):
                scores.append(f"{patient},{code}_L,{expert},{jsn},{erosion}")
    (tmp_path / "bboxes.csv").write_text("\n".join(boxes) + "\n")
    (tmp_path / "scores.csv").write_text("\n".join(scores) + "\n")
    return tmp_path


def test_evaluate_scoring_on_imported_labels_writes_confusion_matrices(arise, tmp_path):
    out = rasharp(
        "evaluate-scoring",
        "--scorer",
        model_dir() / SCORER_FILE,
        "--arise",
        arise / "bboxes.csv",
        arise / "scores.csv",
        arise / "jpeg",
        "--out",
        tmp_path / "eval",
    )
    assert out.returncode == 0, out.stderr
    assert "erosion" in out.stdout and "balanced" in out.stdout and "QWK" in out.stdout
    for kind in ("erosion", "jsn"):
        matrix = np.loadtxt(tmp_path / "eval" / f"confusion_{kind}.csv", delimiter=",", skiprows=1)[
            :, 1:
        ]
        assert matrix.sum() == 84  # 12 films x 7 joints
        assert Image.open(tmp_path / "eval" / f"confusion_{kind}.png").size[0] > 100


def test_train_scorer_fine_tunes_the_default_weights_on_imported_labels(arise, tmp_path):
    torch = pytest.importorskip("torch")  # noqa: F841
    out = rasharp(
        "train-scorer",
        "--simulated",
        "0",
        "--arise",
        arise / "bboxes.csv",
        arise / "scores.csv",
        arise / "jpeg",
        "--init",
        model_dir() / "scorer-state.npz",
        "--epochs",
        "1",
        "--batch",
        "8",
        "--out",
        tmp_path / "run",
    )
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout[out.stdout.rindex("\n{\n") :])  # the summary closes the output
    assert summary["sources"] == ["imported labels"] and summary["onnx_torch_max_difference"] < 1e-4
    assert summary["calibration_crops"] == 7  # the one film of twelve kept apart, its 7 joints
    from rasharp.scoring.infer import Scorer

    tuned = Scorer(tmp_path / "run" / SCORER_FILE, ["CPUExecutionProvider"])
    assert tuned.trained_on == "imported labels"
    assert (tmp_path / "run" / "scorer-state.npz").exists()


def test_bad_import_files_end_the_command_with_their_reason(arise, tmp_path):
    (arise / "scores.csv").write_text("patient_id,joint_id,jsn_score,erosion_score\n")
    out = rasharp(
        "evaluate-scoring",
        "--arise",
        arise / "bboxes.csv",
        arise / "scores.csv",
        arise / "jpeg",
        "--out",
        tmp_path / "eval",
    )
    assert out.returncode == 2
    assert "no column expert" in out.stderr and "Traceback" not in out.stderr


def test_calibrating_given_weights_simulates_only_the_calibration_images_with_every_view(
    atlas_dir, tmp_path
):
    torch = pytest.importorskip("torch")  # noqa: F841
    out = rasharp(
        "train-scorer",
        "--simulated",
        "2",
        "--epochs",
        "0",
        "--init",
        model_dir() / "scorer-state.npz",
        "--atlas",
        atlas_dir,
        "--workers",
        "1",
        "--out",
        tmp_path / "run",
    )
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout[out.stdout.rindex("\n{\n") :])
    # 8 calibration images, 15 joints, 2 lesions each (1 on hands with many open growth plates)
    assert summary["training_crops"] == 0 and 8 * 15 <= summary["calibration_crops"] <= 8 * 15 * 2
    assert summary["onnx_torch_max_difference"] < 1e-3  # probabilities and heatmaps, both 0..1
    assert 0.2 < summary["calibration"]["temperature"]["jsn"] < 4.0
    from rasharp.scoring.infer import Scorer

    assert Scorer(tmp_path / "run" / SCORER_FILE, ["CPUExecutionProvider"]).several_views
