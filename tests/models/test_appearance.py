"""Adult and archive looks: growth plates close without touching the joint space, osteopenia and
cortices change the bone where a reader expects, film qualities stay bounded, same seed same look."""

import numpy as np
import pytest

from rasharp import appearance as ap
from rasharp import jsw
from rasharp.scoring.crops import finger_axis, hand_scale
from rasharp.simulator import joint_region

PHYSIS_Y = 425  # a dark line across the middle phalanx's base, distal of the PIP joint at y=450


def finger(physis=True, seed=0):
    """A drawn vertical finger: bone ends (0.8) around a 12-px joint space at y=450, soft tissue
    (0.35), background (0.1), optionally a 4-px open growth plate in the distal bone."""
    h, w, x = 1000, 600, 300
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    image = np.full((h, w), 0.1, np.float32)
    image[np.abs(xx - x) < 45] = 0.35
    bone = (np.abs(xx - x) < 27) & (np.abs(yy - 450) >= 6)
    if physis:
        bone &= np.abs(yy - PHYSIS_Y) >= 2
    image[bone] = 0.8
    image = ap._smooth_along(ap._smooth_along(image, 1.0, 0), 1.0, 1)
    image = image + np.random.default_rng(seed).normal(0, 0.004, image.shape).astype(np.float32)
    points = {"MCP3": (300.0, 800.0), "PIP3": (300.0, 448.0), "DIP3": (300.0, 150.0)}
    return image.astype(np.float32), points


def region_of(image, points, code="PIP3"):
    return joint_region(
        image, code, points[code], finger_axis(code, points), hand_scale(points), None
    )


def gap(image, points):
    region = region_of(image, points)
    return jsw.find_joint_space(image, region.f.centre, region.f.axis, region.f.scale).width


def test_growth_plate_closes_and_the_joint_space_stays():
    image, points = finger()
    out = image.copy()
    assert ap.close_growth_plates(out, region_of(image, points), "PIP3") == 1
    plate = out[PHYSIS_Y - 1 : PHYSIS_Y + 2, 285:316].mean()
    assert image[PHYSIS_Y - 1 : PHYSIS_Y + 2, 285:316].mean() < 0.6 < plate  # was dark, now bone
    assert plate == pytest.approx(0.8, abs=0.04)
    assert gap(out, points) == pytest.approx(gap(image, points), abs=0.3)
    assert np.array_equal(out[444:457], image[444:457])  # the joint space itself
    assert np.abs(out[:, :255] - image[:, :255]).max() < 0.02  # soft tissue and background


def test_adult_finger_has_no_growth_plate():
    image, points = finger(physis=False)
    out = image.copy()
    assert ap.close_growth_plates(out, region_of(image, points), "PIP3") == 0
    assert np.array_equal(out, image)
    assert ap.close_growth_plates(out, region_of(image, points)) == 0  # both bone ends searched


def test_osteopenia_darkens_bone_near_the_joint_only():
    image, points = finger(physis=False)
    out = image.copy()
    region = region_of(image, points)
    ap.periarticular_osteopenia(out, region, 0.3, np.random.default_rng(0))
    near = (slice(457, 480), slice(285, 316))  # proximal bone end, next to the joint
    assert out[near].mean() < image[near].mean() - 0.1
    assert np.array_equal(out[: region.y0], image[: region.y0])  # bone far away
    assert np.abs(out[400:500, 250:262] - image[400:500, 250:262]).max() < 0.01  # soft tissue
    assert np.abs(out[446:455, 290:311] - image[446:455, 290:311]).max() < 0.01  # joint space


def test_cortex_brightens_the_bone_edges_not_its_middle():
    image, points = finger(physis=False)
    out = image.copy()
    ap.adult_cortex(out, region_of(image, points), 0.4, np.random.default_rng(0))
    shaft = slice(510, 520)  # along the proximal shaft, away from the joint surface
    edges = out[shaft, 274:279].mean() - image[shaft, 274:279].mean()
    edges_right = out[shaft, 322:327].mean() - image[shaft, 322:327].mean()
    middle = np.abs(out[shaft, 295:306] - image[shaft, 295:306]).max()
    assert edges > 0.05 and edges_right > 0.05
    assert middle < 0.01


def test_film_qualities_keep_shape_and_range_and_change_pixels_by_bounded_amounts():
    image, _ = finger()
    rng = np.random.default_rng(3)
    for out, limit in (
        (ap.jpeg_roundtrip(image, 80), 0.08),
        (ap.film_grain(image, 0.02, rng), 0.2),
        (ap.lower_resolution(image, 2.5), 0.6),
    ):
        assert out.shape == image.shape and out.dtype == np.float32
        assert out.min() >= 0.0 and out.max() <= 1.0
        assert 0.0 < np.abs(out - image).mean() < 0.05
        assert np.abs(out - image).max() < limit
    assert np.abs(ap.lower_resolution(image, 1.0) - image).max() == 0


def test_marker_is_bright_and_stays_out_of_keep_clear():
    image, _ = finger()
    keep = np.zeros(image.shape, bool)
    keep[:, 200:400] = True
    for seed in range(10):
        out = ap.burn_in_marker(image, np.random.default_rng(seed), keep)
        changed = out != image
        assert changed.any() and not (changed & keep).any()
        assert out[changed].max() > 0.9


def test_same_seed_same_look():
    image, points = finger()
    looks = []
    for seed in (7, 7, 8):
        out = image.copy()
        look = ap.adult_joint(
            out, region_of(image, points), np.random.default_rng(seed), "PIP3", 1.0, 1.0
        )
        looks.append((ap.degrade_film(out, np.random.default_rng(seed), 1.0, 1.0, 1.0, 1.0), look))
    assert np.array_equal(looks[0][0], looks[1][0]) and looks[0][1] == looks[1][1]
    assert not np.array_equal(looks[0][0], looks[2][0])
    assert looks[0][1].growth_plates == 1 and looks[0][1].osteopenia > 0 and looks[0][1].cortex > 0


@pytest.mark.parametrize("physis", [True, False])
@pytest.mark.parametrize("shrink", [1, 4, 8])  # down to a bone a few pixels wide
def test_growth_plates_are_counted_on_the_part_of_the_profile_searched_as_on_the_whole(
    physis, shrink
):
    image, points = finger(physis)
    if shrink > 1:
        image = image[::shrink, ::shrink].copy()
        points = {code: (x / shrink, y / shrink) for code, (x, y) in points.items()}
    for code in ("PIP3", "DIP3", "MCP3"):
        region = region_of(image, points, code)
        whole = ap._PlateProfile.of(image, region)
        for sides in ((1,), (-1,), (1, -1)):
            part = ap._PlateProfile.of(image, region, only_sides=sides)
            assert part.g.size <= whole.g.size
            rows = np.isin(whole.s, part.s)
            searched = [  # the rows a growth plate on these sides is looked for in
                r
                for r in np.flatnonzero(rows)
                if any(side * whole.s[r] > whole.edge for side in sides)
            ]
            assert np.array_equal(whole.p[searched], part.p[np.isin(part.s, whole.s[searched])])
            for side in sides:
                found, again = whole.plate(side), part.plate(side)
                assert (found is None) == (again is None)
                if found is not None:
                    assert whole.s[list(found)].tolist() == part.s[list(again)].tolist()
    assert ap.count_growth_plates(image, region_of(image, points), "PIP3") == int(physis)


def deepest_valley_one_by_one(s, p, side, edge, search, reach):
    """The growth-plate search as first written: each candidate floor in turn."""
    u = side * s
    best, best_depth = None, ap.PHYSIS_DEPTH
    for i in np.flatnonzero((u >= search[0]) & (u <= search[1])):
        if not (0 < i < len(p) - 1 and p[i] <= p[i - 1] and p[i] < p[i + 1]):
            continue
        near = np.flatnonzero((u > edge) & (u < u[i]) & (u >= u[i] - reach))
        beyond = np.flatnonzero((u > u[i]) & (u <= u[i] + reach))
        if near.size and beyond.size:
            a, c = near[np.argmax(p[near])], beyond[np.argmax(p[beyond])]
            depth = p[a] + (p[c] - p[a]) * (s[i] - s[a]) / (s[c] - s[a]) - p[i]
            if depth >= best_depth:
                best, best_depth = (min(a, c), max(a, c)), depth
    return best


@pytest.mark.parametrize("seed", range(6))
def test_growth_plate_search_finds_what_a_search_one_floor_at_a_time_finds(seed):
    image, points = finger(physis=seed % 2 == 0, seed=seed)
    image += np.random.default_rng(seed).normal(0, 0.02, image.shape).astype(np.float32)
    for code in ("PIP3", "DIP3", "MCP3"):
        profile = ap._PlateProfile.of(image, region_of(image, points, code))
        for side in (1, -1):
            search = [profile.edge + k * profile.scale for k in ap.PHYSIS_SEARCH[side]]
            args = (profile.s, profile.p, side, profile.edge, search, profile.reach)
            assert ap._deepest_valley(*args) == deepest_valley_one_by_one(*args)
