"""Post-processing on synthetic heatmaps and joint layouts: grouping into hands, absent joints,
sides from the thumb at any orientation."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from rasharp.localization import geometry as g
from rasharp.localization.peaks import find_hands, local_peaks
from rasharp.localization.posing import hand_side, up_angle
from rasharp.scheme import JOINT_INDEX

# Mean left hand of the atlas in knuckle spans around the MCP2-5 centre (image axes, y down).
LEFT_HAND = np.array(
    [
        [1.16, 0.07],
        [0.66, -1.04],
        [0.16, -1.23],
        [-0.28, -1.03],
        [-0.72, -0.56],
        [0.60, -0.69],
        [0.16, -0.79],
        [-0.24, -0.61],
        [-0.63, -0.28],
        [0.95, 0.49],
        [0.50, -0.10],
        [0.13, -0.11],
        [-0.17, 0.02],
        [-0.46, 0.18],
        [0.54, 1.04],
    ]
)
CELLS = 56


def place(template: np.ndarray, centre, span: float, angle: float = 0.0, mirror: bool = False):
    points = template * [-1, 1] if mirror else template
    matrix = g.translate(*centre) @ g.rotate(angle) @ g.scale(span)
    return g.apply(matrix, points)


def render(hands: list[np.ndarray], cells: int = CELLS, grow: float = 1.25) -> np.ndarray:
    maps = np.zeros((16, cells, cells), dtype=np.float32)
    yy, xx = np.mgrid[0:cells, 0:cells]
    for joints in hands:
        for index, (x, y) in enumerate(joints):
            if np.isnan(x):
                continue
            blob = 0.9 * np.exp(-((xx - x) ** 2 + (yy - y) ** 2) / (2 * 1.5**2))
            np.maximum(maps[index], blob, out=maps[index])
        present = joints[~np.isnan(joints[:, 0])]
        hull = g.convex_hull(present)
        centre = present.mean(axis=0)
        grown = centre + (hull - centre) * grow
        mask = Image.new("L", (cells, cells), 0)
        ImageDraw.Draw(mask).polygon([tuple(p) for p in grown], fill=255)
        np.maximum(maps[15], np.asarray(mask, dtype=np.float32) / 255, out=maps[15])
    return maps


def test_two_hands_are_grouped_with_their_own_joints():
    right = place(LEFT_HAND, (14, 30), 7, mirror=True)
    left = place(LEFT_HAND, (41, 30), 7)
    hands = find_hands(render([right, left]))
    assert len(hands) == 2
    found = sorted(hands, key=lambda h: np.nanmean(h.points[:, 0]))
    for truth, peaks in zip((right, left), found, strict=True):
        assert np.abs(peaks.points - truth).max() < 0.15  # sub-cell precision
        assert np.all(peaks.confidence > 0.8)
    assert [hand_side(h.points) for h in found] == ["right", "left"]


@pytest.mark.parametrize("angle", [0, 25, -30, 90, 180, 270])
@pytest.mark.parametrize("mirror", [False, True])
def test_side_and_direction_hold_at_any_orientation(angle, mirror):
    joints = place(LEFT_HAND, (28, 28), 8, angle=angle, mirror=mirror)
    (hand,) = find_hands(render([joints]))
    assert hand_side(hand.points) == ("right" if mirror else "left")
    assert abs((up_angle(hand.points) - angle + 180) % 360 - 180) < 12


def test_a_missing_finger_is_reported_absent_not_invented():
    joints = place(LEFT_HAND, (28, 28), 8)
    for code in ("MCP5", "PIP5", "DIP5"):
        joints[JOINT_INDEX[code]] = np.nan
    (hand,) = find_hands(render([joints]))
    for code in ("MCP5", "PIP5", "DIP5"):
        assert np.isnan(hand.points[JOINT_INDEX[code], 0])
        assert hand.confidence[JOINT_INDEX[code]] == 0
    present = [i for i in range(15) if not np.isnan(joints[i, 0])]
    assert np.abs(hand.points[present] - joints[present]).max() < 0.15
    assert hand_side(hand.points) == "left"


def test_a_hand_without_thumb_takes_its_side_from_the_finger_order():
    joints = place(LEFT_HAND, (28, 28), 8, mirror=True)
    for code in ("IP1", "MCP1", "CMC1"):
        joints[JOINT_INDEX[code]] = np.nan
    (hand,) = find_hands(render([joints]))
    assert hand_side(hand.points) == "right"


def test_an_empty_view_has_no_hands():
    assert find_hands(np.zeros((16, CELLS, CELLS), dtype=np.float32)) == []
    noise = np.random.default_rng(0).random((16, CELLS, CELLS)).astype(np.float32) * 0.2
    assert find_hands(noise) == []


def test_refining_pass_keeps_only_the_hand_under_the_crop_centre():
    centred = place(LEFT_HAND, (28, 28), 8)
    neighbour = place(LEFT_HAND, (54, 28), 8, mirror=True)
    hands = find_hands(render([centred, neighbour]), keep_nearest=np.array([28.0, 28.0]))
    assert len(hands) == 1
    assert np.abs(hands[0].points - centred).max() < 0.15


def test_touching_hands_are_told_apart():
    right = place(LEFT_HAND, (19, 30), 7, mirror=True)
    left = place(LEFT_HAND, (37, 30), 7)
    maps = render([right, left], grow=1.6)  # regions reach out to the finger tips
    from rasharp.localization.peaks import label_regions

    assert label_regions(maps[15] > 0.5)[1] == 1, "the two hand regions must touch for this test"
    hands = sorted(find_hands(maps), key=lambda h: np.nanmean(h.points[:, 0]))
    assert len(hands) == 2
    for truth, peaks in zip((right, left), hands, strict=True):
        assert np.abs(peaks.points - truth).max() < 0.15
    assert [hand_side(h.points) for h in hands] == ["right", "left"]


def test_local_peaks_of_all_maps_at_once_are_each_maps_own():
    rng = np.random.default_rng(3)
    maps = rng.random((15, 20, 24)).astype(np.float32)
    maps[:, 4:7, 4:8] = 0.1
    maps[:, 5, 5:7] = 0.9  # a plateau: both equal cells are maxima
    where = rng.random((20, 24)) > 0.2
    where[5, 5:7] = True
    found = local_peaks(maps, where, 0.3)
    for heatmap, peaks in zip(maps, found, strict=True):
        expected = [
            (x, y)
            for y in range(20)
            for x in range(24)
            if where[y, x]
            and heatmap[y, x] >= 0.3
            and heatmap[y, x] >= heatmap[max(0, y - 1) : y + 2, max(0, x - 1) : x + 2].max()
        ]
        assert [tuple(map(int, p)) for p in peaks] == expected
        assert (5, 5) in expected and (6, 5) in expected
