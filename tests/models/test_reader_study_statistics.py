"""Reader-study statistics against published worked examples and independent implementations."""

import warnings

import numpy as np
import pandas as pd
import pingouin
import pytest
from sklearn.metrics import cohen_kappa_score

from rasharp.reader_agreement import (
    bland_altman,
    cohen_kappa,
    icc_2_1,
    smallest_detectable_change,
)
from rasharp.scoring.metrics import quadratic_weighted_kappa

# Shrout and Fleiss (1979), Table 2: six targets rated by four judges; ICC(2,1) = 0.29.
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
)

# Bland and Altman (1986), Lancet: peak expiratory flow (l/min) of 17 subjects by the Wright and
# the mini Wright meter (first readings); mean difference -2.1, SD 38.8, limits -78 to 74.
WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427]
MINI_WRIGHT = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451]


def pingouin_icc2(scores: np.ndarray) -> float:
    items, readers = np.indices(scores.shape)
    table = pd.DataFrame(
        {"item": items.ravel(), "reader": readers.ravel(), "score": scores.ravel()}
    )
    with warnings.catch_warnings():  # pingouin's own use of a pandas keyword being retired
        warnings.simplefilter("ignore")
        icc = pingouin.intraclass_corr(table, targets="item", raters="reader", ratings="score")
    # pingouin names ICC(2,1) after what it measures: absolute agreement, one reader
    return float(icc.set_index("Type").loc["ICC(A,1)", "ICC"])


def test_icc_matches_shrout_and_fleiss():
    assert icc_2_1(SHROUT_FLEISS) == pytest.approx(0.29, abs=0.005)


@pytest.mark.parametrize("seed", range(5))
def test_icc_matches_pingouin_on_reader_totals(seed):
    rng = np.random.default_rng(seed)
    truth = rng.gamma(2.0, 20.0, size=40)  # totals of 40 films
    bias = rng.normal(0, 3, size=3)  # one reader scores higher than another
    scores = truth[:, None] + bias[None, :] + rng.normal(0, 4, size=(40, 3))
    assert icc_2_1(scores) == pytest.approx(pingouin_icc2(scores), abs=1e-9)


def test_icc_leaves_out_films_a_reader_did_not_score():
    scores = SHROUT_FLEISS.astype(float)
    with_gap = np.vstack([scores, [np.nan, 3, 4, 5]])
    assert icc_2_1(with_gap) == pytest.approx(icc_2_1(scores))


def test_icc_falls_when_a_reader_scores_systematically_higher():
    rng = np.random.default_rng(1)
    truth = rng.uniform(0, 100, size=30)
    agreeing = np.stack([truth, truth + rng.normal(0, 2, 30)], axis=1)
    shifted = agreeing + np.array([0.0, 25.0])
    assert icc_2_1(agreeing) > 0.99
    assert icc_2_1(shifted) < 0.8


def test_bland_altman_matches_the_published_example():
    limits = bland_altman(WRIGHT, MINI_WRIGHT)
    assert limits.n == 17
    assert limits.bias == pytest.approx(-2.1, abs=0.05)
    assert limits.sd == pytest.approx(38.8, abs=0.05)
    assert limits.lower == pytest.approx(-78, abs=0.5)
    assert limits.upper == pytest.approx(74, abs=0.5)


def test_bland_altman_by_hand():
    limits = bland_altman([10, 12, 15, 20], [9, 12, 13, 17])  # differences 1, 0, 2, 3
    sd = np.std([1, 0, 2, 3], ddof=1)
    assert (limits.bias, limits.sd) == pytest.approx((1.5, sd))
    assert (limits.lower, limits.upper) == pytest.approx((1.5 - 1.96 * sd, 1.5 + 1.96 * sd))


def test_bland_altman_refuses_too_few_pairs():
    with pytest.raises(ValueError, match="at least two pairs"):
        bland_altman([1.0, np.nan], [2.0, 3.0])


def test_smallest_detectable_change_of_two_readers_is_the_published_formula():
    # changes of the total between two visits of five patients, by two readers
    changes = np.array([[4, 2], [0, 1], [7, 8], [2, 0], [10, 7]], float)
    differences = changes[:, 0] - changes[:, 1]
    expected = 1.96 * np.std(differences, ddof=1) / np.sqrt(2 * 2)
    assert smallest_detectable_change(changes) == pytest.approx(expected)


def test_smallest_detectable_change_shrinks_with_more_readers():
    rng = np.random.default_rng(3)
    true_change = rng.gamma(1.5, 3.0, size=400)
    error = 3.0  # each reader's measurement error of a change
    two = true_change[:, None] + rng.normal(0, error, size=(400, 2))
    four = true_change[:, None] + rng.normal(0, error, size=(400, 4))
    # SD of a difference between two readers is error * sqrt(2): SDC = 1.96 * error / sqrt(k)
    assert smallest_detectable_change(two) == pytest.approx(1.96 * error / np.sqrt(2), rel=0.1)
    assert smallest_detectable_change(four) == pytest.approx(1.96 * error / 2, rel=0.1)


@pytest.mark.parametrize("classes", [5, 6])
def test_kappas_match_scikit_learn(classes):
    rng = np.random.default_rng(classes)
    a = rng.integers(0, classes, size=300)
    b = np.clip(a + rng.integers(-1, 2, size=300), 0, classes - 1)
    assert cohen_kappa(a, b, classes) == pytest.approx(cohen_kappa_score(a, b))
    assert quadratic_weighted_kappa(a, b, classes) == pytest.approx(
        cohen_kappa_score(a, b, weights="quadratic")
    )


def test_cohen_kappa_by_hand():
    # 2x2 case: observed 0.7; expected 0.5*0.6 + 0.5*0.4 = 0.5; kappa (0.7-0.5)/0.5 = 0.4
    a = [0] * 5 + [1] * 5
    b = [0, 0, 0, 0, 1, 0, 0, 1, 1, 1]
    assert cohen_kappa(a, b, 2) == pytest.approx(0.4)
