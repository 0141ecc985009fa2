"""The faster pipeline gives what the previous one gave: the same crops (to float rounding), the
same hand regions, the same grades, widths and warnings; and films analysed together come out as
when analysed one by one, a damaged film failing alone. Grading joints from their first view
when it is sure keeps the grades and flags of every view: test_first_view.py.

The previous path stays callable as ``Analyzer(legacy=True)`` for this and for the benchmark.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from rasharp.imaging import ImageReadError, Radiograph
from rasharp.pipeline import SCORER_FILE, Analyzer, Film, model_dir
from rasharp.results import JointResult
from rasharp.scheme import JOINT_CODES
from rasharp.timing import Timer

# Agreement asked of the new path: every joint's grades and uncertainty flags identical,
# probabilities within PROBABILITY_TOLERANCE and joint space widths within JSW_TOLERANCE_PX.
PROBABILITY_TOLERANCE = 1e-4
JSW_TOLERANCE_PX = 0.01


def smooth_film(height: int, width: int, seed: int = 0) -> np.ndarray:
    """Random texture with structure at several scales, 0..1 (for the crop comparisons)."""
    rng = np.random.default_rng(seed)
    film = np.zeros((height, width), np.float32)
    for cells in (8, 32, 128):
        coarse = rng.random((cells, cells)).astype(np.float32)
        film += np.asarray(
            Image.fromarray(coarse, mode="F").resize((width, height), Image.Resampling.BICUBIC)
        )
    return np.clip(film / 3.0, 0.0, 1.0)


@pytest.mark.parametrize("step", [0.7, 1.2, 1.9, 3.5])
def test_crops_sampled_by_pillow_match_per_pixel_sampling_even_at_the_film_edge(step):
    from rasharp.scoring.crops import CropFrame, extract_views, extract_views_per_pixel

    pixels = smooth_film(1200, 1000)
    turned = np.deg2rad(17.0)
    along = (step * np.sin(turned), -step * np.cos(turned))
    across = (step * np.cos(turned), step * np.sin(turned))
    for centre in ((500.3, 610.7), (15.2, 30.9), (990.5, 1190.1), (4.0, 600.0)):
        frame = CropFrame(centre, along, across)
        fast = extract_views(pixels, frame, scale=300.0)
        before = extract_views_per_pixel(pixels, frame, scale=300.0)
        assert fast.shape == before.shape == (5, 96, 96)
        assert np.abs(fast - before).max() < 1e-4, f"crop at {centre}, step {step}"


def test_hand_regions_are_labelled_as_by_the_flood_fill():
    from rasharp.localization.peaks import label_regions, label_regions_one_by_one

    rng = np.random.default_rng(4)
    for _ in range(100):
        mask = rng.random((int(rng.integers(3, 60)), int(rng.integers(3, 60)))) < rng.uniform(
            0.2, 0.7
        )
        labels, count = label_regions(mask)
        expected_labels, expected_count = label_regions_one_by_one(mask)
        assert count == expected_count
        assert np.array_equal(labels, expected_labels)
    assert label_regions(np.zeros((5, 5), bool))[1] == 0


def synthetic_hand(pixels: np.ndarray, span: float, origin: tuple[float, float]):
    """A left hand's 15 joints laid out as on a PA film, and a bright bone with a dark joint
    space drawn at each, on ``pixels`` in place."""
    x0, y0 = origin
    rows = {"MCP": 0.0, "PIP": -0.75, "DIP": -1.2}
    points = {}
    for finger in (2, 3, 4, 5):
        x = x0 + (5 - finger) * span / 3.0
        for group, dy in rows.items():
            points[f"{group}{finger}"] = (x, y0 + dy * span)
    thumb = x0 + 1.35 * span
    points.update(
        {
            "CMC1": (thumb - 0.35 * span, y0 + 0.75 * span),
            "MCP1": (thumb - 0.05 * span, y0 + 0.35 * span),
            "IP1": (thumb + 0.15 * span, y0 - 0.05 * span),
        }
    )
    yy, xx = np.mgrid[0 : pixels.shape[0], 0 : pixels.shape[1]].astype(np.float32)
    for x, y in points.values():
        near = (np.abs(xx - x) < 0.08 * span) & (np.abs(yy - y) < 0.3 * span)
        pixels[near] = np.maximum(pixels[near], 0.8)
        pixels[near & (np.abs(yy - y) < 0.015 * span)] = 0.35  # the joint space
    joints = [JointResult("left", code, *points[code]) for code in JOINT_CODES]
    for j in joints:
        j.box = [j.x - 0.1 * span, j.y - 0.1 * span, j.x + 0.1 * span, j.y + 0.1 * span]
        j.confidence = 0.9
    return joints


def assert_same_results(new_joints, old_joints):
    for new, old in zip(new_joints, old_joints, strict=True):
        assert (new.side, new.joint, new.present) == (old.side, old.joint, old.present)
        for kind in ("erosion", "jsn"):
            a, b = getattr(new, kind), getattr(old, kind)
            assert (a is None) == (b is None), f"{new.side} {new.joint} {kind}"
            if a is None:
                continue
            assert (a.score, a.uncertain) == (b.score, b.uncertain), f"{new.joint} {kind}"
            assert np.abs(np.subtract(a.probabilities, b.probabilities)).max() < (
                PROBABILITY_TOLERANCE
            )
        assert new.jsw_reason == old.jsw_reason, new.joint
        assert (new.jsw_px is None) == (old.jsw_px is None)
        if new.jsw_px is not None:
            assert abs(new.jsw_px - old.jsw_px) <= JSW_TOLERANCE_PX, new.joint


def test_a_synthetic_film_is_graded_and_measured_as_before():
    from rasharp.scoring.infer import Scorer

    pixels = smooth_film(900, 1100, seed=3) * 0.3
    joints = synthetic_hand(pixels, span=300.0, origin=(250.0, 520.0))
    film = Radiograph(pixels, "png")
    path = model_dir() / SCORER_FILE
    new, old = (
        Scorer(path, ["CPUExecutionProvider"], every_view=True),
        Scorer(path, ["CPUExecutionProvider"], legacy=True),
    )
    graded_new = [JointResult(j.side, j.joint, j.x, j.y, j.box, j.confidence) for j in joints]
    new.score(film, [], graded_new, heatmaps=False, timer=Timer())
    old.score(film, [], joints, heatmaps=False, timer=Timer())
    assert sum(j.erosion is not None for j in graded_new) == 15
    assert_same_results(graded_new, joints)


@pytest.fixture(scope="module")
def legacy_analyzer():
    return Analyzer(device="cpu", legacy=True)


@pytest.fixture(scope="module")
def every_view_analyzer():
    return Analyzer(device="cpu", every_view=True)


@pytest.fixture(scope="module")
def real_films(atlas_dir, two_hand_film) -> list[bytes]:
    """Two held-out atlas films as JPEG (as uploads often are) and the two-hand film as PNG."""
    from rasharp.scoring.atlas import load_atlas, split

    films = []
    for hand in split(load_atlas(atlas_dir))[1][1:3]:
        buffer = io.BytesIO()
        Image.open(hand.image).convert("L").save(buffer, format="JPEG", quality=90)
        films.append(buffer.getvalue())
    return [*films, two_hand_film[0].read_bytes()]


def test_real_films_get_the_grades_widths_and_warnings_they_got_before(
    every_view_analyzer, legacy_analyzer, real_films
):
    joints = 0
    for data in real_films:
        new, old = every_view_analyzer.analyze(data), legacy_analyzer.analyze(data)
        assert [(h.side, h.box) for h in new.hands] == [(h.side, h.box) for h in old.hands]
        assert_same_results(new.joints, old.joints)
        assert [w.code for w in new.warnings] == [w.code for w in old.warnings]
        joints += sum(j.present for j in new.joints)
    assert joints >= 50, "the films should have shown at least 50 joints"


def test_films_analysed_together_come_out_as_one_by_one_and_a_damaged_one_fails_alone(
    analyzer, real_films
):
    films = [Film(real_films[0]), Film(b"this is not a radiograph"), Film(real_films[2])]
    together = analyzer.analyze_batch(films)
    assert len(together) == 3
    assert isinstance(together[1], ImageReadError)
    for result, data in ((together[0], real_films[0]), (together[2], real_films[2])):
        assert not isinstance(result, Exception)
        alone = analyzer.analyze(data)
        assert_same_results(result.joints, alone.joints)
        assert "score" in result.timings_ms and "localize" in result.timings_ms
