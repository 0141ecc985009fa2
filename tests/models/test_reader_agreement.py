"""Multi-reader labels: Dawid-Skene consensus and agreement statistics."""

import numpy as np
import pytest

from rasharp.reader_agreement import (
    MISSING,
    agreement,
    dawid_skene,
    exact_agreement,
    fleiss_kappa,
    majority_vote,
    within_one_agreement,
)
from rasharp.scoring.metrics import balanced_accuracy, quadratic_weighted_kappa

K = 5


def careful(accuracy):
    """Right with ``accuracy``, otherwise one grade off either way."""
    m = np.zeros((K, K))
    for k in range(K):
        m[k, k] = accuracy
        neighbours = [g for g in (k - 1, k + 1) if 0 <= g < K]
        for g in neighbours:
            m[k, g] += (1 - accuracy) / len(neighbours)
    return m


def overcalling(accuracy):
    """Right with ``accuracy``, otherwise one grade too high (too low at the top grade)."""
    m = np.zeros((K, K))
    for k in range(K):
        m[k, k] = accuracy
        m[k, k + 1 if k + 1 < K else k - 1] += 1 - accuracy
    return m


def synthetic_readers(confusions, items=4000, seed=0):
    rng = np.random.default_rng(seed)
    truth = rng.choice(K, size=items, p=[0.35, 0.2, 0.2, 0.15, 0.1])
    labels = np.stack([[rng.choice(K, p=c[t]) for t in truth] for c in confusions], axis=1)
    return truth, labels


def test_dawid_skene_recovers_reader_confusions_and_beats_majority_vote():
    confusions = [careful(0.85), overcalling(0.7), overcalling(0.65), careful(0.75)]
    truth, labels = synthetic_readers(confusions)
    result = dawid_skene(labels, K)
    assert np.abs(result.confusion - np.array(confusions)).max() < 0.06
    assert np.abs(result.prevalence - np.bincount(truth, minlength=K) / len(truth)).max() < 0.03
    ds_accuracy = np.mean(result.grades == truth)
    vote_accuracy = np.mean(majority_vote(labels, K) == truth)
    assert ds_accuracy > vote_accuracy + 0.02
    assert np.allclose(result.posterior.sum(axis=1), 1.0)


def test_dawid_skene_copes_with_missing_grades():
    confusions = [careful(0.9), careful(0.8), overcalling(0.6)]
    truth, labels = synthetic_readers(confusions, items=3000, seed=1)
    rng = np.random.default_rng(2)
    holes = rng.random(labels.shape) < 0.2
    holes[:, 0] &= ~holes.all(axis=1)  # every item keeps at least one grade
    labels = np.where(holes, MISSING, labels)
    labels[(labels == MISSING).all(axis=1), 0] = truth[(labels == MISSING).all(axis=1)]
    result = dawid_skene(labels, K)
    assert np.mean(result.grades == truth) > 0.85


def test_bad_reader_tables_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="0-4"):
        dawid_skene(np.array([[0, 7]]), K)
    with pytest.raises(ValueError, match="at least one"):
        dawid_skene(np.array([[MISSING, MISSING]]), K)
    with pytest.raises(ValueError, match="items x readers"):
        dawid_skene(np.array([1, 2, 3]), K)


def test_fleiss_kappa_matches_the_textbook_example():
    # Fleiss (1971) style example as tabulated on Wikipedia: 10 items, 14 raters, 5 categories
    counts = np.array(
        [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]
    )
    labels = np.array([np.repeat(np.arange(5), row) for row in counts])
    assert fleiss_kappa(labels, 5) == pytest.approx(0.210, abs=0.001)


def test_agreement_statistics():
    a = np.array([0, 1, 2, 3, 4, 0, 1])
    b = np.array([0, 1, 3, 3, 2, 0, MISSING])
    assert exact_agreement(a, b) == pytest.approx(4 / 6)
    assert within_one_agreement(a, b) == pytest.approx(5 / 6)
    assert quadratic_weighted_kappa(a, a, K) == pytest.approx(1.0)
    assert quadratic_weighted_kappa(a[:6], b[:6], K) < 1.0
    table = agreement({"reader 1": a, "reader 2": b, "model": a}, K)
    pair = next(p for p in table["pairs"] if p["a"] == "reader 1" and p["b"] == "model")
    assert pair["exact"] == 1.0 and pair["qwk"] == pytest.approx(1.0)
    assert len(table["pairs"]) == 3
    assert -1.0 <= table["fleiss_kappa"] <= 1.0


def test_balanced_accuracy_weighs_grades_equally():
    truth = np.array([0] * 90 + [1] * 10)
    always_zero = np.zeros(100, int)
    assert np.mean(always_zero == truth) == 0.9
    assert balanced_accuracy(truth, always_zero) == pytest.approx(0.5)
