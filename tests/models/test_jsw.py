"""Joint space width: measured on drawn fingers with known gaps and on simulated narrowing."""
from pathlib import Path

import numpy as np
import pytest

from rasharp import jsw
from rasharp.scoring.crops import crop_frame, finger_axis, hand_scale

ATLAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "hand-atlas"


def blur(image, sigma):
    radius = int(3 * sigma) + 1
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    pad = np.pad(image, radius, mode="edge")
    h, w = image.shape
    rows = sum(k[i] * pad[:, i:i + w] for i in range(len(k)))
    return sum(k[i] * rows[i:i + h, :] for i in range(len(k))).astype(np.float32)


def drawn_finger(gap_px: float, width=600, height=1000, x=300, joint_y=450.0, sigma=1.0, fused=False):
    """A vertical finger: soft tissue, a bone shaft, and a joint space of ``gap_px`` at joint_y."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    image = np.full((height, width), 0.1, np.float32)
    image[np.abs(xx - x) < 45] = 0.35
    bone = (np.abs(xx - x) < 27).astype(np.float32)
    if not fused:  # share of each pixel row outside the gap, so gaps need not be whole pixels
        bone *= np.clip(np.abs(yy + 0.5 - joint_y) - gap_px / 2 + 0.5, 0.0, 1.0)
    image = image + bone * (0.8 - image)
    points = {"MCP3": (x, 800.0), "PIP3": (x, joint_y - 2.0), "DIP3": (x, 150.0)}
    return blur(image, sigma), points


def measure_drawn(image, points, spacing=None):
    scale = hand_scale(points)
    frame = crop_frame("PIP3", points, "left", scale)
    return jsw.measure(image, frame.centre, finger_axis("PIP3", points), scale, spacing)


@pytest.mark.parametrize("gap", [5.0, 8.0, 12.0, 18.0])
def test_known_gaps_are_measured_within_ten_percent(gap):
    image, points = drawn_finger(gap)
    width, mm, reason = measure_drawn(image, points)
    assert reason is None
    assert abs(width - gap) / gap <= 0.10
    assert mm is None


def test_width_in_millimetres_uses_the_pixel_spacing():
    image, points = drawn_finger(10.0)
    width, mm, reason = measure_drawn(image, points, spacing=0.15)
    assert reason is None
    assert mm == pytest.approx(width * 0.15)


def test_fused_joint_has_no_width_and_says_why():
    image, points = drawn_finger(0.0, fused=True)
    width, mm, reason = measure_drawn(image, points, spacing=0.1)
    assert width is None and mm is None
    assert "no joint space" in reason


def test_joint_at_the_image_border_is_not_measured():
    image, points = drawn_finger(10.0)
    cut = image[420:, :]  # the joint now sits 30 px from the top edge
    shifted = {k: (x, y - 420) for k, (x, y) in points.items()}
    width, _, reason = measure_drawn(cut, shifted)
    assert width is None and "border" in reason


def test_unknown_hand_size_is_reported():
    image, points = drawn_finger(10.0)
    assert jsw.measure(image, (300, 450), (0, -1), None, None)[2].startswith("hand size unknown")


@pytest.mark.skipif(not (ATLAS / "landmarks.csv").exists(), reason="hand atlas not found at ../shared/data")
def test_width_follows_the_simulated_narrowing_on_real_hands():
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.evaluate import jsw_errors

    _, validation = split(load_atlas(ATLAS))
    result = jsw_errors(validation[:4], seed=11)
    assert result["joints"] >= 30
    assert result["median_relative_error"] <= 0.10
