"""The shipped localizer on real held-out radiographs in the ways clinics store them."""

from __future__ import annotations

import numpy as np
import pytest

from rasharp.imaging import Radiograph
from rasharp.localization.labels import read_labels
from rasharp.localization.posing import knuckle_span
from rasharp.scheme import JOINT_CODES, JOINT_INDEX


@pytest.fixture(scope="module")
def held_out(atlas_dir):
    from rasharp.imaging import read_image

    item = read_labels(atlas_dir, part="val")[2]
    return read_image(item.path).pixels, item.hands[0].joints


def located(analysis, side: str) -> np.ndarray:
    points = np.full((15, 2), np.nan)
    for j in analysis.joints:
        if j.side == side and j.present:
            points[JOINT_INDEX[j.joint]] = (j.x, j.y)
    return points


def errors(points: np.ndarray, truth: np.ndarray) -> np.ndarray:
    return np.linalg.norm(points - truth, axis=1) / knuckle_span(truth)


def test_held_out_left_hand(analyzer, held_out):
    pixels, truth = held_out
    analysis = analyzer.analyze(Radiograph(pixels, "png"))
    assert [h.side for h in analysis.hands] == ["left"]
    assert len(analysis.joints) == 15 and {j.joint for j in analysis.joints} == set(JOINT_CODES)
    assert np.all(errors(located(analysis, "left"), truth) < 0.15)
    for j in analysis.joints:
        x0, y0, x1, y1 = j.box
        assert x0 < j.x < x1 and y0 < j.y < y1 and 0 < j.confidence <= 1


def test_mirrored_hand_is_a_right_hand(analyzer, held_out):
    pixels, truth = held_out
    mirrored = truth.copy()
    mirrored[:, 0] = pixels.shape[1] - 1 - mirrored[:, 0]
    analysis = analyzer.analyze(Radiograph(np.ascontiguousarray(pixels[:, ::-1]), "png"))
    assert [h.side for h in analysis.hands] == ["right"]
    assert np.all(errors(located(analysis, "right"), mirrored) < 0.15)


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_film_stored_sideways_or_upside_down(analyzer, held_out, turns):
    pixels, truth = held_out
    height, width = pixels.shape
    rotated = np.ascontiguousarray(np.rot90(pixels, k=turns))  # counter-clockwise quarter turns
    points = truth.copy()
    for _ in range(turns):
        points = np.stack([points[:, 1], width - 1 - points[:, 0]], axis=1)
        height, width = width, height
    analysis = analyzer.analyze(Radiograph(rotated, "png"))
    assert [h.side for h in analysis.hands] == ["left"]
    assert np.all(errors(located(analysis, "left"), points) < 0.15)


def test_two_hands_on_one_film(analyzer, two_hand_film):
    from rasharp.imaging import read_image

    path, truth = two_hand_film
    analysis = analyzer.analyze(read_image(path))
    assert sorted(h.side for h in analysis.hands) == ["left", "right"]
    assert sum(j.present for j in analysis.joints) == 30
    for hand in truth:
        assert np.all(errors(located(analysis, hand.side), hand.joints) < 0.15)


def test_joints_out_of_frame_are_absent(analyzer, held_out):
    pixels, truth = held_out
    span = knuckle_span(truth)
    dips = [JOINT_INDEX[f"DIP{f}"] for f in range(2, 5)]
    cut = int(truth[dips, 1].max() + 0.1 * span)  # the film starts below the DIPs of fingers 2-4
    analysis = analyzer.analyze(Radiograph(np.ascontiguousarray(pixels[cut:]), "png"))
    assert [h.side for h in analysis.hands] == ["left"]
    by_code = {j.joint: j for j in analysis.joints}
    for index, code in enumerate(JOINT_CODES):
        if truth[index, 1] < cut:
            assert not by_code[code].present, f"{code} is not on the film and must not be invented"
        elif truth[index, 1] > cut + 0.15 * span:
            assert by_code[code].present, f"{code} is on the film"


def test_a_film_without_hands_has_no_joints(analyzer):
    rng = np.random.default_rng(0)
    blank = np.clip(0.3 + rng.normal(0, 0.02, (1200, 900)), 0, 1).astype(np.float32)
    analysis = analyzer.analyze(Radiograph(blank, "png"))
    assert analysis.hands == [] and analysis.joints == []
