"""Joint space width: measured on drawn fingers with known gaps and on simulated narrowing; not
given (with the reason) when the valley is ambiguous, faint, unresolved or implausibly wide."""

import numpy as np
import pytest

from rasharp import jsw
from rasharp.reference import Patient, normal_width, z_score
from rasharp.scoring.crops import crop_frame, finger_axis, hand_scale


def blur(image, sigma):
    radius = int(3 * sigma) + 1
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    pad = np.pad(image, radius, mode="edge")
    h, w = image.shape
    rows = sum(k[i] * pad[:, i : i + w] for i in range(len(k)))
    return sum(k[i] * rows[i : i + h, :] for i in range(len(k))).astype(np.float32)


def drawn_finger(
    gap_px: float,
    width=600,
    height=1000,
    x=300,
    joint_y=450.0,
    sigma=1.0,
    fused=False,
    bone_half=27,
    second_gap_at=None,
    gap_fill=0.0,
):
    """A vertical finger: soft tissue, a bone shaft ``2 * bone_half`` wide, and a joint space of
    ``gap_px`` at joint_y (another as wide at ``second_gap_at`` if given; ``gap_fill`` of the
    bone's brightness left in the gaps)."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    image = np.full((height, width), 0.1, np.float32)
    image[np.abs(xx - x) < 45] = 0.35
    bone = (np.abs(xx - x) < bone_half).astype(np.float32)
    if not fused:  # share of each pixel row outside the gap, so gaps need not be whole pixels
        for y in [joint_y] + ([] if second_gap_at is None else [second_gap_at]):
            outside = np.clip(np.abs(yy + 0.5 - y) - gap_px / 2 + 0.5, 0.0, 1.0)
            bone *= outside + gap_fill * (1.0 - outside)
    image = image + bone * (0.8 - image)
    points = {"MCP3": (x, 800.0), "PIP3": (x, joint_y - 2.0), "DIP3": (x, 150.0)}
    return blur(image, sigma), points


def measure_drawn(image, points, spacing=None, **options):
    scale = hand_scale(points)
    frame = crop_frame("PIP3", points, "left", scale)
    return jsw.measure(
        image,
        frame.centre,
        finger_axis("PIP3", points),
        scale,
        spacing,
        code=options.pop("code", "PIP3"),
        **options,
    )


@pytest.mark.parametrize("gap", [5.0, 8.0, 12.0, 18.0])
def test_known_gaps_are_measured_within_ten_percent(gap):
    image, points = drawn_finger(gap)
    width = measure_drawn(image, points)
    assert width.px is not None
    assert abs(width.px - gap) / gap <= 0.10
    assert width.mm is None and width.z is None
    assert width.reason == "pixel spacing unknown: width given in pixels only"


def test_width_in_millimetres_uses_the_pixel_spacing_and_says_where_it_applies():
    image, points = drawn_finger(10.0)
    width = measure_drawn(image, points, spacing=0.15, mm_basis="detector")
    assert width.mm == pytest.approx(width.px * 0.15)
    assert width.mm_basis == "detector"
    assert "z-score" in width.reason  # no patient given
    assert measure_drawn(image, points, spacing=0.15, mm_basis="anatomy").mm_basis == "anatomy"


def test_fused_joint_has_no_width_and_says_why():
    image, points = drawn_finger(0.0, fused=True)
    width = measure_drawn(image, points, spacing=0.1)
    assert width.px is None and width.mm is None and width.relative is None
    assert "no joint space" in width.reason


def test_joint_at_the_image_border_is_not_measured():
    image, points = drawn_finger(10.0)
    cut = image[420:, :]  # the joint now sits 30 px from the top edge
    shifted = {k: (x, y - 420) for k, (x, y) in points.items()}
    width = measure_drawn(cut, shifted)
    assert width.px is None and "border" in width.reason


def test_unknown_hand_size_is_reported():
    image, _ = drawn_finger(10.0)
    assert jsw.measure(image, (300, 450), (0, -1), None, None).reason.startswith(
        "hand size unknown"
    )


# -- relative width -------------------------------------------------------------------------
@pytest.mark.parametrize("bone_half", [20, 27, 34])
def test_relative_width_divides_by_the_bone_width(bone_half):
    image, points = drawn_finger(10.0, bone_half=bone_half)
    width = measure_drawn(image, points)
    assert width.bone_px == pytest.approx(2 * bone_half, rel=0.05)
    assert width.relative == pytest.approx(width.px / width.bone_px)
    assert width.relative == pytest.approx(10.0 / (2 * bone_half), rel=0.12)


def test_relative_width_does_not_depend_on_the_film_resolution():
    image, points = drawn_finger(10.0)
    small = image[::2, ::2]
    half = {k: (x / 2, y / 2) for k, (x, y) in points.items()}
    assert measure_drawn(small, half).relative == pytest.approx(
        measure_drawn(image, points).relative, rel=0.1
    )


# -- widths not given -----------------------------------------------------------------------
def two_gaps(second=True):
    """Gaps 9 px either side of where PIP3's joint space is looked for (y 452)."""
    image, points = drawn_finger(8.0, joint_y=443.0, second_gap_at=461.0 if second else None)
    return image, {**points, "PIP3": (300.0, 450.0)}


def test_two_gaps_of_similar_depth_are_ambiguous():
    single = measure_drawn(*two_gaps(second=False))
    assert single.px == pytest.approx(8.0, rel=0.1)  # either gap alone is measured
    width = measure_drawn(*two_gaps())
    assert width.px is None and "unclear" in width.reason


def test_candidate_valleys_come_best_first_with_their_scores():
    image, points = two_gaps()
    scale = hand_scale(points)
    frame = crop_frame("PIP3", points, "left", scale)
    found = jsw.valleys(image, frame.centre, finger_axis("PIP3", points), scale)
    assert len(found) >= 2 and found[0].score >= found[1].score
    assert found[0].space == jsw.find_joint_space(
        image, frame.centre, finger_axis("PIP3", points), scale
    )


def test_valley_shallow_against_the_bone_is_too_faint():
    image, points = drawn_finger(10.0, gap_fill=0.85)  # gap keeps 85% of the bone's brightness
    width = measure_drawn(image, points)
    assert width.px is None and "too faint" in width.reason
    assert measure_drawn(*drawn_finger(10.0, gap_fill=0.3)).px is not None


def test_gap_narrower_than_the_film_resolves_is_not_given():
    width = measure_drawn(*drawn_finger(1.5))
    assert width.px is None and "too narrow" in width.reason


def test_gap_far_wider_than_usual_for_the_joint_is_not_given():
    image, points = drawn_finger(32.0)  # PIP: about 0.08 knuckle spans, 3.4 times the usual gap
    assert 32.0 / hand_scale(points) > jsw.MAX_GAP_RATIO * jsw.TYPICAL_GAP["PIP"]
    width = measure_drawn(image, points)
    assert width.px is None and "usual width" in width.reason
    assert measure_drawn(image, points, code=None).px == pytest.approx(
        32.0, rel=0.1
    )  # no joint: no check


def test_gap_too_wide_for_the_bone_is_not_given():
    image, points = drawn_finger(16.0, bone_half=11)  # gap 16 px over a 22 px bone
    width = measure_drawn(image, points)
    assert width.px is None and "width of the bone" in width.reason


# -- z-score --------------------------------------------------------------------------------
def test_reference_values_follow_the_table():
    mean, sd = normal_width("PIP3", "F", 30)
    assert (mean, sd) == (pytest.approx(1.2 * 1.2 / 1.125), 0.2)
    assert normal_width("PIP5", "M", 60) == (pytest.approx(1.1 * 1.1 / 1.275), 0.25)
    assert normal_width("MCP2", "M", 40)[0] == pytest.approx(
        1.11 * normal_width("MCP2", "F", 40)[0]
    )
    assert (
        normal_width("MCP2", "F", 40)[0] + normal_width("MCP2", "M", 40)[0]
    ) / 2 == pytest.approx(1.40)
    assert normal_width("DIP2", "F", 40) is None and normal_width("IP1", "M", 40) is None
    assert normal_width("MCP1", "F", 40) is None
    assert normal_width("PIP3", "F", 12) is None  # children


def test_z_score_against_the_reference():
    patient = Patient.of("f", 1990, "2024-05-01")
    assert patient.age == 34
    z, reason = z_score(1.0, "PIP2", patient)
    assert reason is None and z == pytest.approx((1.0 - 1.2 * 1.2 / 1.125) / 0.2)
    assert z_score(1.0, "DIP2", patient)[0] is None and "DIP2" in z_score(1.0, "DIP2", patient)[1]
    assert "sex and age" in z_score(1.0, "PIP2", Patient(sex="F"))[1]
    assert "adults" in z_score(1.0, "PIP2", Patient("M", 2015, 2024))[1]


def test_measured_width_gets_its_z_score():
    image, points = drawn_finger(10.0)
    patient = Patient("M", 1960, 2020)
    width = measure_drawn(image, points, spacing=0.12, mm_basis="anatomy", patient=patient)
    mean, sd = normal_width("PIP3", "M", 60)
    assert width.z == pytest.approx((width.mm - mean) / sd)
    assert width.reason is None


def test_width_follows_the_simulated_narrowing_on_real_hands(atlas_dir):
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.evaluate import jsw_errors

    _, validation = split(load_atlas(atlas_dir))
    result = jsw_errors(validation[:4], seed=11)
    assert result["joints"] >= 30
    assert result["median_relative_error"] <= 0.10
    assert result["null_share"] <= 0.25
    assert result["share_within_10_percent_or_null"] >= 0.75


def valleys_one_by_one(s, p, search, reach):
    """The candidate valleys as first written: each local minimum's neighbourhood in turn."""
    found = []
    for i in np.flatnonzero(np.abs(s) <= search)[1:-1]:
        if not (p[i] <= p[i - 1] and p[i] <= p[i + 1]):
            continue
        near = np.abs(s - s[i]) <= reach
        left = np.flatnonzero(near & (s < s[i]))
        right = np.flatnonzero(near & (s > s[i]))
        if left.size and right.size:
            lp, rp = left[np.argmax(p[left])], right[np.argmax(p[right])]
            depth = min(p[lp], p[rp]) - p[i]
            found.append((i, lp, rp, depth, depth * (1.0 - 0.5 * abs(s[i]) / search)))
    return found


@pytest.mark.parametrize("seed", range(4))
def test_candidate_valleys_are_those_of_a_search_one_minimum_at_a_time(seed):
    image, points = two_gaps()
    image = image + np.random.default_rng(seed).normal(0, 0.03, image.shape).astype(np.float32)
    scale = hand_scale(points)
    axis = finger_axis("PIP3", points)
    s, p, found = jsw._find_valleys(image, points["PIP3"], axis, scale)
    expected = valleys_one_by_one(s, p, jsw.SEARCH * scale, jsw.REACH * scale)
    assert len(found) > 2  # the noise makes many shallow minima
    assert found == expected
