"""Grading metrics: balanced, exact and within-one accuracy, quadratic-weighted kappa, confusion."""

from __future__ import annotations

import numpy as np


def confusion(truth, predicted, classes: int) -> np.ndarray:
    """classes x classes counts, rows = truth, columns = prediction."""
    m = np.zeros((classes, classes), np.int64)
    np.add.at(m, (np.asarray(truth, np.int64), np.asarray(predicted, np.int64)), 1)
    return m


def balanced_accuracy(truth, predicted) -> float:
    """Mean recall over the grades present in ``truth``."""
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    recalls = [np.mean(predicted[truth == g] == g) for g in np.unique(truth)]
    return float(np.mean(recalls)) if recalls else float("nan")


def quadratic_weighted_kappa(a, b, classes: int) -> float:
    a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
    observed = confusion(a, b, classes).astype(np.float64)
    n = observed.sum()
    if n == 0:
        return float("nan")
    expected = np.outer(observed.sum(1), observed.sum(0)) / n
    i, j = np.indices((classes, classes))
    weights = (i - j) ** 2 / max(classes - 1, 1) ** 2
    denominator = (weights * expected).sum()
    if denominator == 0:
        return 1.0 if (weights * observed).sum() == 0 else 0.0
    return float(1.0 - (weights * observed).sum() / denominator)


def grading_report(truth, predicted, classes: int) -> dict:
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    return {
        "n": int(truth.size),
        "balanced_accuracy": balanced_accuracy(truth, predicted),
        "exact_accuracy": float(np.mean(truth == predicted)) if truth.size else float("nan"),
        "within_one_accuracy": float(np.mean(np.abs(truth - predicted) <= 1))
        if truth.size
        else float("nan"),
        "qwk": quadratic_weighted_kappa(truth, predicted, classes),
        "confusion": confusion(truth, predicted, classes).tolist(),
    }


def flag_report(probabilities: np.ndarray, labels: np.ndarray, threshold: float) -> dict:
    """How the uncertainty flag behaves on graded joints: share flagged, accuracy of the rest,
    share of all errors that carry the flag."""
    flagged = probabilities.max(1) < threshold
    wrong = probabilities.argmax(1) != labels
    return {
        "n": len(labels),
        "flagged": float(flagged.mean()) if len(labels) else 0.0,
        "unflagged_accuracy": float(1 - wrong[~flagged].mean()) if (~flagged).any() else None,
        "errors_flagged": float(flagged[wrong].mean()) if wrong.any() else None,
    }
