"""The grader's int8 twin screens first views on the CPU: joints it is sure of keep the grades
and flags the float32 grader gives, the others are graded by the float32 grader as before."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from same_grades import graded_alike

from rasharp.pipeline import SCORER_FILE, SCREEN_FILE, Analyzer, model_dir
from rasharp.scoring.infer import Scorer

WEIGHTS = model_dir()
CPU = ["CPUExecutionProvider"]


@pytest.fixture(scope="module")
def held_out_lesions(atlas_dir):
    from rasharp.scoring.atlas import load_atlas, split
    from rasharp.scoring.simdata import IGNORE, Recipe, simulate_hands

    data = simulate_hands(
        split(load_atlas(atlas_dir))[1][8:16],
        3,
        seed=43,
        recipe=Recipe(adult_share=1.0, graded_views=True),
    )
    return data.crops.astype(np.float32) / 255.0, data.jsn != IGNORE


def _grades_and_flags_differ(scorer, a, b, jsn_graded) -> tuple[np.ndarray, int]:
    """Which joints' grades or flags differ, and the largest grade difference."""
    differ, largest = np.zeros(len(jsn_graded), bool), 0
    for kind, graded in (("erosion", np.ones_like(jsn_graded)), ("jsn", jsn_graded)):
        threshold = scorer.uncertain_below[kind]
        grades = a[kind].argmax(1), b[kind].argmax(1)
        flags = a[kind].max(1) < threshold, b[kind].max(1) < threshold
        differ |= graded & ((grades[0] != grades[1]) | (flags[0] != flags[1]))
        largest = max(largest, int(np.abs(grades[0] - grades[1])[graded].max()))
    return differ, largest


def test_the_shipped_screen_is_made_from_the_shipped_grader_and_named_in_the_versions():
    screened = Scorer(WEIGHTS / SCORER_FILE, CPU, screen=WEIGHTS / SCREEN_FILE)
    assert screened.screen is not None
    assert screened.screen_version == f"{screened.version}-int8"
    versions = Analyzer(device="cpu").versions
    assert versions["scorer-int8"] == screened.screen_version
    assert "scorer-int8" not in Analyzer(device="cpu", int8_screen=False).versions


def test_screened_lesions_keep_the_float_grades_and_flags_the_int8_grader_alone_would_not(
    held_out_lesions,
):
    crops, jsn_graded = held_out_lesions
    float_only = Scorer(WEIGHTS / SCORER_FILE, CPU)
    screened = Scorer(WEIGHTS / SCORER_FILE, CPU, screen=WEIGHTS / SCREEN_FILE)
    int8_alone = Scorer(WEIGHTS / SCREEN_FILE, CPU, every_view=True)
    expected = float_only.grade_views(crops, jsn_graded)[0]
    differ, largest = _grades_and_flags_differ(
        float_only, screened.grade_views(crops, jsn_graded)[0], expected, jsn_graded
    )
    assert largest == 0 and differ.mean() <= 0.005, f"{differ.sum()} of {len(differ)} changed"
    alone, _ = _grades_and_flags_differ(
        float_only, int8_alone.grade_views(crops, jsn_graded)[0], expected, jsn_graded
    )
    assert alone.sum() > differ.sum(), "the int8 grader alone should differ more than screened"


def test_films_keep_their_grades_and_flags_and_healthy_joints_stop_at_the_screen(
    analyzer, atlas_dir, two_hand_film
):
    from rasharp.scoring.atlas import load_atlas, split

    assert analyzer.scorer.screen is not None
    float_only = Analyzer(device="cpu", int8_screen=False)
    films = [h.image for h in split(load_atlas(atlas_dir))[1][6:9]] + [two_hand_film[0]]
    joints, stopped = graded_alike(analyzer, float_only, films)
    assert joints >= 60
    assert stopped >= joints / 3, f"only {stopped} of {joints} healthy joints stopped at the screen"


def test_no_screen_when_every_view_is_asked_for_or_it_was_made_from_another_grader(tmp_path):
    onnx = pytest.importorskip("onnx")
    assert (
        Scorer(WEIGHTS / SCORER_FILE, CPU, every_view=True, screen=WEIGHTS / SCREEN_FILE).screen
        is None
    )
    shutil.copy(WEIGHTS / "localizer.onnx", tmp_path / "localizer.onnx")
    # a twin of another version, and a grader file changed under the same version
    twin = onnx.load(str(WEIGHTS / SCREEN_FILE))
    next(e for e in twin.metadata_props if e.key == "quantized_from").value = "scorer-other"
    onnx.save(twin, str(tmp_path / SCREEN_FILE))
    shutil.copy(WEIGHTS / SCORER_FILE, tmp_path / SCORER_FILE)
    analyzer = Analyzer(tmp_path, device="cpu")
    assert analyzer.scorer.screen is None and "scorer-int8" not in analyzer.versions
    shutil.copy(WEIGHTS / SCREEN_FILE, tmp_path / SCREEN_FILE)
    assert Analyzer(tmp_path, device="cpu").scorer.screen is not None
    grader = onnx.load(str(WEIGHTS / SCORER_FILE))
    next(e for e in grader.metadata_props if e.key == "trained_on").value += " (retrained)"
    onnx.save(grader, str(tmp_path / SCORER_FILE))
    analyzer = Analyzer(tmp_path, device="cpu")
    assert analyzer.scorer.version == Analyzer(device="cpu").scorer.version
    assert analyzer.scorer.screen is None


def test_quantizing_writes_a_twin_that_grades_as_the_grader_within_a_few_hundredths(
    held_out_lesions, tmp_path
):
    pytest.importorskip("onnx")
    from rasharp.scoring.quantize import quantize_grader

    crops, jsn_graded = held_out_lesions
    target = tmp_path / SCREEN_FILE
    metadata = quantize_grader(WEIGHTS / SCORER_FILE, target, crops[::3])
    grader = Scorer(WEIGHTS / SCORER_FILE, CPU, every_view=True)
    twin = Scorer(target, CPU, every_view=True)
    assert metadata["quantized_from"] == grader.version == twin.version.removesuffix("-int8")
    assert twin.uncertain_below == grader.uncertain_below
    a, b = twin.grade_views(crops, jsn_graded)[0], grader.grade_views(crops, jsn_graded)[0]
    for kind in ("erosion", "jsn"):
        assert np.median(np.abs(a[kind] - b[kind]).max(1)) < 0.03, kind
        assert np.mean(a[kind].argmax(1) == b[kind].argmax(1)) >= 0.9, kind
    assert Scorer(WEIGHTS / SCORER_FILE, CPU, screen=target).screen is not None
