"""`rasharp predict --json`: one JSON object per file, one per line, errors included."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
from PIL import Image

from rasharp.scheme import JOINT_CODES


def run_predict(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasharp.cli", "predict", "--json", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_contract_on_a_two_hand_film_and_a_bad_file(two_hand_film, tmp_path):
    path, _ = two_hand_film
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    done = run_predict(str(path), str(bad))
    assert done.returncode == 1, "a file that cannot be read makes the exit status non-zero"
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2
    record, error = (json.loads(line) for line in lines)

    assert record["image"] == str(path)
    width, height = Image.open(path).size
    assert (record["width"], record["height"]) == (width, height)
    assert record["pixel_spacing_mm"] is None
    assert sorted(h["side"] for h in record["hands"]) == ["left", "right"]
    for hand in record["hands"]:
        x0, y0, x1, y1 = hand["box"]
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    assert len(record["joints"]) == 30
    for side in ("left", "right"):
        assert [j["joint"] for j in record["joints"] if j["side"] == side] == list(JOINT_CODES)
    for joint in record["joints"]:
        assert {"side", "joint", "x", "y", "box", "confidence", "erosion", "jsn", "jsw_mm"} <= set(
            joint
        )
        assert joint["present"] and 0 <= joint["x"] < width and 0 <= joint["y"] < height
    assert record["model"]["localizer"]
    assert record["timings_ms"]["localize"] > 0

    assert error["image"] == str(bad)
    assert "Accepted formats" in error["error"]


def test_side_override_for_a_one_hand_film(atlas_dir):
    from rasharp.localization.labels import read_labels

    item = read_labels(atlas_dir, part="val")[0]
    done = run_predict("--side", "right", str(item.path))
    assert done.returncode == 0
    record = json.loads(done.stdout)
    assert [h["side"] for h in record["hands"]] == ["right"]
    assert {j["side"] for j in record["joints"]} == {"right"}


def test_a_film_without_hands_gives_an_empty_result(tmp_path):
    path = tmp_path / "blank.png"
    Image.fromarray(np.full((600, 500), 90, dtype=np.uint8)).save(path)
    done = run_predict(str(path))
    assert done.returncode == 0
    record = json.loads(done.stdout)
    assert record["hands"] == [] and record["joints"] == []
