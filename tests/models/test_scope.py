"""Scope warnings on held-out atlas films, as they are and made out of scope (rasharp.scope)."""

from __future__ import annotations

import numpy as np
import pytest

from rasharp import scope
from rasharp.imaging import Radiograph, read_image
from rasharp.scope_check import ALTERATIONS


@pytest.fixture(scope="module")
def held_out(atlas_dir) -> list[Radiograph]:
    from rasharp.localization.labels import read_labels

    return [read_image(sample.path) for sample in read_labels(atlas_dir, part="val")[:3]]


def _altered(label_start: str):
    return next(alter for label, (_, alter) in ALTERATIONS.items() if label.startswith(label_start))


def test_a_whole_pa_hand_with_a_good_exposure_is_in_scope_but_for_its_age(analyzer, held_out):
    """The atlas's hands are children's: the only warning they may get is their open plates."""
    for film in held_out:
        result = analyzer.analyze(film)
        assert {w.code for w in result.warnings} <= {"immature_skeleton"}
        assert all(j.present for j in result.joints)
        assert [w["code"] for w in result.to_json("film.png")["warnings"]] == [
            w.code for w in result.warnings
        ]


def test_open_growth_plates_at_most_joints_are_an_immature_skeleton(analyzer, held_out):
    from rasharp.appearance import close_growth_plates
    from rasharp.scoring.crops import finger_axis, hand_scale
    from rasharp.simulator import joint_region

    child = held_out[0]
    hands, joints = analyzer.localizer.locate(child)
    immature = [w for w in scope.assess(child, hands, joints) if w.code == "immature_skeleton"]
    assert len(immature) == 1 and immature[0].side == "left"
    assert immature[0].params["open"] >= scope.MIN_OPEN_SHARE * immature[0].params["judged"]

    # the same hand with its growth plates closed, as the simulator makes a hand adult
    grown = Radiograph(child.pixels.copy(), child.format)
    points = {j.joint: (j.x, j.y) for j in joints if j.present}
    for code, point in points.items():
        region = joint_region(
            grown.pixels, code, point, finger_axis(code, points), hand_scale(points), None
        )
        if region.f.measured:
            close_growth_plates(grown.pixels, region, code)
    assert "immature_skeleton" not in {w.code for w in scope.assess(grown, hands, joints)}


def test_joints_cut_off_by_the_edge_are_not_imaged_not_missed(analyzer, held_out):
    film = _altered("fingers cut off")(held_out[0])
    result = analyzer.analyze(film)
    cut_off = next(w for w in result.warnings if w.code == "joints_not_imaged")
    assert cut_off.side == "left" and cut_off.params["joints"]
    absent = {j.joint: j.absent for j in result.joints if not j.present}
    assert set(cut_off.params["joints"]) <= set(absent)
    assert {"DIP3", "DIP4"} <= set(cut_off.params["joints"])  # the longest fingers' tips
    assert all(absent[code] == "outside_film" for code in cut_off.params["joints"])
    assert all(j["absent"] is None for j in result.to_json("x")["joints"] if j["present"])


def test_a_hand_squeezed_as_if_turned_is_not_a_pa_view(analyzer, held_out):
    result = analyzer.analyze(_altered("squeezed")(held_out[1]))
    assert "not_pa_view" in {w.code for w in result.warnings}


def test_a_washed_out_film_has_a_poor_exposure(analyzer, held_out):
    result = analyzer.analyze(_altered("washed out")(held_out[2]))
    exposure = next(w for w in result.warnings if w.code == "poor_exposure")
    assert exposure.params["problem"] in scope.EXPOSURE_PROBLEMS


def test_a_dark_film_is_told_from_a_bright_one(analyzer, held_out):
    film = held_out[0]
    hands, joints = analyzer.localizer.locate(film)
    dark = Radiograph(
        np.clip(film.pixels - 0.75, 0, 1).astype(np.float32), film.format
    )  # burnt out
    bright = Radiograph(np.clip(film.pixels * 0.3 + 0.75, 0, 1).astype(np.float32), film.format)
    problems = {
        name: {
            w.params["problem"]
            for w in scope.assess(image, hands, joints)
            if w.code == "poor_exposure"
        }
        for name, image in (("dark", dark), ("bright", bright))
    }
    assert problems == {"dark": {"too_dark"}, "bright": {"too_bright"}}
