"""Lesion simulator: reproducible, graded, local."""

import itertools

import numpy as np
import pytest

from rasharp import jsw
from rasharp.scoring.crops import crop_frame, finger_axis, hand_scale
from rasharp.simulator import simulate_joint


def finger(gap=12.0, sigma=1.0, seed=0):
    """A drawn vertical finger with a joint space at y=450 and a little grain."""
    h, w, x = 1000, 600, 300
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    image = np.full((h, w), 0.1, np.float32)
    image[np.abs(xx - x) < 45] = 0.35
    bone = (np.abs(xx - x) < 27).astype(np.float32) * np.clip(
        np.abs(yy + 0.5 - 450) - gap / 2 + 0.5, 0, 1
    )
    image = image + bone * (0.8 - image)
    radius = int(3 * sigma) + 1
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    pad = np.pad(image, radius, mode="edge")
    image = sum(k[i] * pad[:, i : i + w] for i in range(len(k)))
    image = sum(k[i] * image[i : i + h, :] for i in range(len(k)))
    image += np.random.default_rng(seed).normal(0, 0.004, image.shape)
    points = {"MCP3": (300.0, 800.0), "PIP3": (300.0, 448.0), "DIP3": (300.0, 150.0)}
    return image.astype(np.float32), points


def simulate(image, points, erosion=0, jsn=0, seed=0, code="PIP3"):
    out = image.copy()
    lesion = simulate_joint(
        out,
        code,
        points[code],
        finger_axis(code, points),
        hand_scale(points),
        erosion,
        jsn,
        np.random.default_rng(seed),
    )
    return out, lesion


def width(image, points):
    """The steepest-slope gap the simulator works with (jsw.measure may decline a 2-pixel gap)."""
    scale = hand_scale(points)
    frame = crop_frame("PIP3", points, "left", scale)
    try:
        return jsw.find_joint_space(image, frame.centre, finger_axis("PIP3", points), scale).width
    except jsw.NoJointSpace:
        return None


def test_same_seed_same_lesion_other_seed_other_lesion():
    image, points = finger()
    a, _ = simulate(image, points, erosion=3, jsn=2, seed=5)
    b, _ = simulate(image, points, erosion=3, jsn=2, seed=5)
    c, _ = simulate(image, points, erosion=3, jsn=2, seed=6)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_grade_zero_leaves_the_image_alone():
    image, points = finger()
    out, lesion = simulate(image, points)
    assert np.array_equal(out, image)
    assert lesion.gap_before_px == pytest.approx(12.0, rel=0.1)
    assert lesion.gap_after_px == lesion.gap_before_px


@pytest.mark.parametrize("grade, lost", [(2, (0.35, 0.50)), (3, (0.35, 0.85))])
def test_narrowing_takes_the_graded_share_of_the_gap(grade, lost):
    image, points = finger(gap=14.0)
    out, lesion = simulate(image, points, jsn=grade, seed=grade)
    share = 1.0 - lesion.gap_after_px / lesion.gap_before_px
    assert lost[0] - 0.01 <= share <= lost[1] + 0.01
    measured = width(out, points)
    assert measured == pytest.approx(lesion.gap_after_px, rel=0.15)
    assert measured < width(image, points)


def test_narrowing_grades_order_the_remaining_gap():
    image, points = finger(gap=14.0)
    widths = [width(simulate(image, points, jsn=g, seed=1)[0], points) for g in (0, 2)]
    grade3 = [simulate(image, points, jsn=3, seed=s) for s in range(6)]
    widths.append(min(width(out, points) for out, lesion in grade3 if not lesion.subluxation))
    assert widths[0] > widths[1] > widths[2]


def test_ankylosis_leaves_no_joint_space():
    image, points = finger(gap=12.0)
    out, lesion = simulate(image, points, jsn=4)
    assert lesion.gap_after_px is None
    remaining = width(out, points)
    assert remaining is None or remaining < 0.25 * lesion.gap_before_px


def test_erosions_remove_bone_at_the_joint_and_grow_with_the_grade():
    image, points = finger(gap=12.0)
    removed = []
    for grade in range(1, 6):
        out, lesion = simulate(image, points, erosion=grade, seed=10 + grade)
        loss = np.clip(image - out, 0, None)
        assert lesion.eroded_bone in ("proximal", "distal")
        ys, xs = np.nonzero(loss > 0.05)
        assert len(ys) > 0
        # the defect sits at the joint: within a finger's width of the joint space and on the bone
        assert np.all(np.abs(ys - 450) < 90) and np.all(np.abs(xs - 300) < 50)
        removed.append(loss.sum())
    assert all(a < b for a, b in itertools.pairwise(removed))


def test_far_from_the_joint_nothing_changes():
    image, points = finger()
    out, _ = simulate(image, points, erosion=5, jsn=3, seed=3)
    assert np.array_equal(out[:300], image[:300])
    assert np.array_equal(out[620:], image[620:])


def test_impossible_grades_are_refused():
    image, points = finger()
    with pytest.raises(ValueError, match="0-5"):
        simulate(image, points, erosion=6)
    with pytest.raises(ValueError, match="0-4"):
        simulate(image, points, jsn=5)
    cmc = {
        "CMC1": (300.0, 450.0),
        "MCP1": (300.0, 200.0),
        "MCP3": (300.0, 800.0),
        "PIP3": (300.0, 450.0),
    }
    with pytest.raises(ValueError, match="CMC1 has no JSN"):
        simulate(image, cmc, jsn=2, code="CMC1")


@pytest.mark.parametrize("change", [-0.12, 0.12])
def test_healthy_variation_changes_the_gap_by_its_share_and_nothing_far_away(change):
    from rasharp.simulator import vary_joint_space

    image, points = finger(gap=14.0)
    out = image.copy()
    vary_joint_space(
        out, "PIP3", points["PIP3"], finger_axis("PIP3", points), hand_scale(points), change
    )
    assert width(out, points) / width(image, points) == pytest.approx(1.0 + change, abs=0.04)
    assert np.array_equal(out[:300], image[:300]) and np.array_equal(out[600:], image[600:])


def test_simulated_crops_do_not_depend_on_the_number_of_processes(atlas_dir):
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.simdata import Recipe, simulate_hands

    hands = split(load_atlas(atlas_dir))[0][:3]
    recipe = Recipe(natural_variation=0.12, adult_share=0.6, film_share=0.5, min_span_px=120)
    one = simulate_hands(hands, 2, seed=8, recipe=recipe)
    two = simulate_hands(hands, 2, seed=8, recipe=recipe, workers=2)
    other = simulate_hands(hands, 2, seed=9, recipe=recipe)
    assert np.array_equal(one.crops, two.crops) and np.array_equal(one.jsn, two.jsn)
    assert not np.array_equal(one.crops, other.crops)


def test_graded_views_are_cut_around_the_same_simulated_joint(atlas_dir):
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.crops import VIEW_OFFSETS
    from rasharp.scoring.simdata import Recipe, simulate_hands

    hands = split(load_atlas(atlas_dir))[0][:1]
    single = simulate_hands(hands, 2, seed=8)
    views = simulate_hands(hands, 2, seed=8, recipe=Recipe(graded_views=True))
    assert views.crops.shape == (30, len(VIEW_OFFSETS), 96, 96)
    assert np.array_equal(views.crops[:, 0], single.crops) and np.array_equal(views.jsn, single.jsn)
    assert not np.array_equal(views.crops[:, 1], views.crops[:, 0])


def test_adult_joints_are_narrowed_from_an_adult_gap(atlas_dir):
    """A child's wide joint space made adult comes out near the adult reference width, and
    narrowing (grade 2: 35-50% lost) is drawn from that width, not from the child's."""
    from rasharp.imaging import read_image
    from rasharp.jsw import find_joint_space
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.crops import CENTRE_SHIFT
    from rasharp.simulator import ADULT_GAP, set_joint_space, simulate_joint

    hand = split(load_atlas(atlas_dir))[0][5]
    pixels = read_image(hand.image).pixels
    scale = hand_scale(hand.points)
    checked = 0
    for code in ("PIP2", "PIP3", "PIP4", "MCP3"):
        axis = finger_axis(code, hand.points)
        centre = np.asarray(hand.points[code]) - axis * CENTRE_SHIFT[code[:3]] * scale
        child = find_joint_space(pixels, centre, axis, scale).width
        target = ADULT_GAP[code[:3]] * scale
        if child < 1.2 * target:
            continue  # only joints clearly wider than an adult's say something here
        adult = pixels.copy()
        assert set_joint_space(adult, code, hand.points[code], axis, scale, target)
        assert find_joint_space(adult, centre, axis, scale).width == pytest.approx(target, rel=0.15)
        lesion = simulate_joint(
            adult, code, hand.points[code], axis, scale, 0, 2, np.random.default_rng(1)
        )
        assert lesion.gap_before_px == pytest.approx(target, rel=0.15)
        assert 0.5 * target * 0.85 <= lesion.gap_after_px <= 0.65 * target * 1.15
        checked += 1
    assert checked >= 2


def test_a_crop_looks_alike_from_films_finer_than_it_and_blurrier_from_coarser_ones(atlas_dir):
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.simdata import Recipe, simulate_hands

    hands = split(load_atlas(atlas_dir))[0][:1]
    full = simulate_hands(hands, 1, seed=3, recipe=Recipe(lesions=False, jitter_frames=False))
    half = simulate_hands(
        hands, 1, seed=3, recipe=Recipe(lesions=False, jitter_frames=False, resolution=0.5)
    )
    quarter = simulate_hands(
        hands, 1, seed=3, recipe=Recipe(lesions=False, jitter_frames=False, resolution=0.25)
    )

    def detail(crops):
        return float(np.abs(np.diff(crops.astype(np.float32), axis=2)).mean())

    # atlas films at full and half resolution are both finer than the crop (a knuckle span of
    # about 600 and 300 px): the same picture; at a quarter the film is coarser and the crop blurrier
    assert detail(half.crops) == pytest.approx(detail(full.crops), rel=0.1)
    assert detail(quarter.crops) < 0.85 * detail(full.crops)
    # the same joint in the same place: the pictures differ only in sharpness
    assert (
        np.abs(
            full.crops.astype(np.float32).mean(axis=(1, 2)) - quarter.crops.mean(axis=(1, 2))
        ).max()
        < 6
    )


def test_grade_sheet_shows_every_grade_of_a_real_joint(atlas_dir):
    from rasharp.scoring.atlas import load_atlas
    from rasharp.simulator import grade_sheet

    hand = load_atlas(atlas_dir)[3]
    sheet = np.asarray(grade_sheet(hand.image, hand.points, "PIP3", tile=64))
    tiles = [sheet[20:84, 64 * g : 64 * (g + 1)] for g in range(6)]
    assert sheet.shape == (2 * 64 + 40, 6 * 64)
    assert all(np.abs(t.astype(int) - tiles[0]).max() > 25 for t in tiles[1:])
