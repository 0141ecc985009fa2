"""Labelled-folder readers for `rasharp evaluate-localization`: COCO hand keypoints and LabelMe."""

from __future__ import annotations

import json

import numpy as np

from rasharp.localization.labels import read_labels
from rasharp.scheme import JOINT_INDEX


def test_coco_wholebody_hand_keypoints(tmp_path):
    left = [0.0] * 63
    for point, (x, y) in {
        1: (10, 90),
        2: (20, 80),
        3: (30, 70),
        5: (40, 60),
        6: (41, 40),
        7: (42, 30),
    }.items():
        left[3 * point : 3 * point + 3] = [x, y, 2]
    right = [0.0] * 63
    right[3 * 17 : 3 * 17 + 3] = [200, 60, 1]  # little finger MCP
    (tmp_path / "annotations.json").write_text(
        json.dumps(
            {
                "images": [{"id": 1, "file_name": "film.png"}],
                "annotations": [{"image_id": 1, "lefthand_kpts": left, "righthand_kpts": right}],
            }
        )
    )
    (item,) = read_labels(tmp_path)
    assert item.path == tmp_path / "film.png"
    hands = {h.side: h.joints for h in item.hands}
    assert set(hands) == {"left", "right"}
    assert tuple(hands["left"][JOINT_INDEX["CMC1"]]) == (10, 90)
    assert tuple(hands["left"][JOINT_INDEX["IP1"]]) == (30, 70)
    assert tuple(hands["left"][JOINT_INDEX["DIP2"]]) == (42, 30)
    assert np.isnan(hands["left"][JOINT_INDEX["MCP3"], 0])
    assert tuple(hands["right"][JOINT_INDEX["MCP5"]]) == (200, 60)


def test_labelme_points_with_side_prefixes(tmp_path):
    shapes = [
        {"label": "left_PIP2", "points": [[100, 200]], "shape_type": "point"},
        {"label": "R-MCP1", "points": [[300, 400]], "shape_type": "point"},
        {"label": "DIP5", "points": [[50, 60]], "shape_type": "point"},
        {"label": "ruler", "points": [[1, 2], [3, 4]], "shape_type": "line"},
    ]
    (tmp_path / "film.json").write_text(json.dumps({"imagePath": "film.jpg", "shapes": shapes}))
    (item,) = read_labels(tmp_path)
    hands = {h.side: h.joints for h in item.hands}
    assert tuple(hands["left"][JOINT_INDEX["PIP2"]]) == (100, 200)
    assert tuple(hands["left"][JOINT_INDEX["DIP5"]]) == (50, 60)
    assert tuple(hands["right"][JOINT_INDEX["MCP1"]]) == (300, 400)


def test_atlas_split_holds_out_every_fifth_image(atlas_dir):
    val = read_labels(atlas_dir, part="val")
    train = read_labels(atlas_dir, part="train")
    assert len(val) == 22 and len(train) == 88
    assert not {i.name for i in val} & {i.name for i in train}
