"""Joints sure from their first view stop there; they keep the grades and uncertainty flags that
every view gives, and the joints left unsure are graded exactly as from every view."""

from __future__ import annotations

import numpy as np
import pytest
from same_grades import graded_alike

from rasharp.pipeline import SCORER_FILE, Analyzer, model_dir

SCORER = model_dir() / SCORER_FILE


@pytest.fixture(scope="module")
def every_view():
    from rasharp.scoring.infer import Scorer

    return Scorer(SCORER, ["CPUExecutionProvider"], every_view=True)


def test_lesions_on_held_out_hands_keep_their_grades_and_flags(atlas_dir, every_view):
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.model_file import grade_crops
    from rasharp.scoring.simdata import IGNORE, Recipe, simulate_hands

    data = simulate_hands(
        split(load_atlas(atlas_dir))[1][:8],
        3,
        seed=41,
        recipe=Recipe(adult_share=1.0, graded_views=True),
    )
    jsn_graded = data.jsn != IGNORE
    stepwise = grade_crops(SCORER, data.crops, jsn_graded=jsn_graded)
    whole, _ = every_view.grade_views(data.crops.astype(np.float32) / 255.0, jsn_graded)
    same = np.ones(len(data.crops), bool)
    for kind, graded in (("erosion", np.ones_like(jsn_graded)), ("jsn", jsn_graded)):
        a, b = stepwise[kind], whole[kind]
        threshold = every_view.uncertain_below[kind]
        assert np.all(np.abs(a.argmax(1) - b.argmax(1))[graded] <= 1), kind
        same &= ~graded | (
            (a.argmax(1) == b.argmax(1)) & ((a.max(1) < threshold) == (b.max(1) < threshold))
        )
    assert same.mean() >= 0.99, f"grades or flags changed for {np.sum(~same)} of {len(same)} joints"


def test_films_keep_their_grades_and_flags_and_most_healthy_joints_stop_at_the_first_view(
    analyzer, atlas_dir, two_hand_film
):
    from rasharp.scoring.atlas import load_atlas, split

    reference = Analyzer(device="cpu", every_view=True)
    films = [h.image for h in split(load_atlas(atlas_dir))[1][3:6]] + [two_hand_film[0]]
    joints, stopped = graded_alike(analyzer, reference, films)
    assert joints >= 60
    assert stopped >= joints / 3, f"only {stopped} of {joints} healthy joints stopped at one view"


def test_views_cut_when_grading_asks_for_them_are_those_cut_at_once(analyzer, two_hand_film):
    from rasharp.pipeline import Film

    lazy = analyzer.begin(Film(two_hand_film[0])).prepared
    at_once = Analyzer(device="cpu", every_view=True).begin(Film(two_hand_film[0])).prepared
    assert lazy.crops.shape[1] == 1 and at_once.crops.shape[1] == 5
    assert np.array_equal(lazy.crops, at_once.crops[:, :1])
    some = np.array([0, 7, len(at_once.crops) - 1])
    assert np.array_equal(lazy.every_view(some), at_once.crops[some])
