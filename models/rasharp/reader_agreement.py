"""Several readers' grades of the same joints: Dawid-Skene consensus and agreement statistics.

Also the statistics of reader studies on continuous scores (totals): ICC(2,1), Bland-Altman
limits and the smallest detectable change of a score between two visits.

Grades are integer arrays of shape (items, readers); a missing grade is -1. Dawid-Skene (1979)
estimates each reader's confusion matrix (how often a reader says grade l when the truth is k)
and the grade prevalence by expectation-maximisation, then gives every item the posterior over
true grades. Unlike a majority vote it trusts careful readers more than careless ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scoring.metrics import quadratic_weighted_kappa

MISSING = -1


@dataclass
class Consensus:
    posterior: np.ndarray  # items x classes
    confusion: np.ndarray  # readers x classes (truth) x classes (reader's grade)
    prevalence: np.ndarray  # classes
    iterations: int

    @property
    def grades(self) -> np.ndarray:
        return self.posterior.argmax(axis=1)


def _check(labels, classes: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.ndim != 2:
        raise ValueError(f"grades must be a table items x readers, not shape {labels.shape}")
    labels = labels.astype(np.int64)
    bad = (labels != MISSING) & ((labels < 0) | (labels >= classes))
    if bad.any():
        raise ValueError(
            f"grades must be 0-{classes - 1} or {MISSING} for missing; found {labels[bad][0]}"
        )
    if (labels == MISSING).all(axis=1).any():
        raise ValueError("every item needs at least one reader's grade")
    return labels


def majority_vote(labels, classes: int) -> np.ndarray:
    """Most frequent grade per item; ties go to the median of the tied grades (rounded down)."""
    labels = _check(labels, classes)
    out = np.empty(len(labels), np.int64)
    for i, row in enumerate(labels):
        counts = np.bincount(row[row != MISSING], minlength=classes)
        tied = np.flatnonzero(counts == counts.max())
        out[i] = tied[(len(tied) - 1) // 2]
    return out


def dawid_skene(
    labels,
    classes: int,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
    smoothing: float = 0.01,
) -> Consensus:
    labels = _check(labels, classes)
    items, readers = labels.shape
    onehot = np.zeros((items, readers, classes))
    seen = labels != MISSING
    onehot[(*np.nonzero(seen), labels[seen])] = 1.0
    posterior = onehot.sum(axis=1)  # start from the vote shares
    posterior /= posterior.sum(axis=1, keepdims=True)
    previous = -np.inf
    for iteration in range(1, max_iterations + 1):  # noqa: B007 (the count is returned)
        # M-step: prevalence and each reader's confusion from the current posteriors
        prevalence = (posterior.sum(axis=0) + smoothing) / (items + classes * smoothing)
        confusion = np.einsum("ik,irl->rkl", posterior, onehot) + smoothing
        confusion /= confusion.sum(axis=2, keepdims=True)
        # E-step: posterior of every item's true grade
        log_like = np.log(prevalence)[None, :] + np.einsum("irl,rkl->ik", onehot, np.log(confusion))
        peak = log_like.max(axis=1, keepdims=True)
        posterior = np.exp(log_like - peak)
        total = posterior.sum(axis=1, keepdims=True)
        posterior /= total
        likelihood = float(np.sum(np.log(total) + peak))
        if abs(likelihood - previous) < tolerance * max(1.0, abs(likelihood)):
            break
        previous = likelihood
    return Consensus(posterior, confusion, prevalence, iteration)


def exact_agreement(a, b) -> float:
    a, b = _pair(a, b)
    return float(np.mean(a == b)) if a.size else float("nan")


def within_one_agreement(a, b) -> float:
    a, b = _pair(a, b)
    return float(np.mean(np.abs(a - b) <= 1)) if a.size else float("nan")


def _pair(a, b):
    a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
    if a.shape != b.shape:
        raise ValueError(f"grade lists differ in length ({a.size} and {b.size})")
    both = (a != MISSING) & (b != MISSING)
    return a[both], b[both]


def fleiss_kappa(labels, classes: int) -> float:
    """Fleiss' kappa over items graded by the same number of readers (others are left out)."""
    labels = _check(labels, classes)
    counts = np.stack([(labels == k).sum(axis=1) for k in range(classes)], axis=1)
    raters = counts.sum(axis=1)
    n = int(np.bincount(raters).argmax())
    counts = counts[raters == n]
    if n < 2 or len(counts) == 0:
        raise ValueError("Fleiss' kappa needs at least two readers per item")
    p_item = ((counts * (counts - 1)).sum(axis=1)) / (n * (n - 1))
    p_class = counts.sum(axis=0) / counts.sum()
    expected = float((p_class**2).sum())
    if expected >= 1.0:
        return 1.0
    return float((p_item.mean() - expected) / (1.0 - expected))


def agreement(graders: dict[str, np.ndarray], classes: int) -> dict:
    """Pairwise exact, within-one and quadratic-weighted kappa, and Fleiss' kappa over all."""
    names = list(graders)
    pairs = []
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = _pair(graders[first], graders[second])
            pairs.append(
                {
                    "a": first,
                    "b": second,
                    "n": int(a.size),
                    "exact": exact_agreement(a, b),
                    "within_one": within_one_agreement(a, b),
                    "qwk": quadratic_weighted_kappa(a, b, classes),
                }
            )
    table = np.stack([np.asarray(graders[n], np.int64) for n in names], axis=1)
    return {
        "pairs": pairs,
        "fleiss_kappa": fleiss_kappa(table, classes) if len(names) > 1 else None,
    }


def cohen_kappa(a, b, classes: int) -> float:
    """Unweighted Cohen's kappa of two readers (pairs with a missing grade left out)."""
    a, b = _pair(a, b)
    if not a.size:
        return float("nan")
    observed = float(np.mean(a == b))
    expected = float(np.sum(np.bincount(a, minlength=classes) * np.bincount(b, minlength=classes)))
    expected /= a.size**2
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def _complete_scores(scores) -> np.ndarray:
    scores = np.asarray(scores, np.float64)
    if scores.ndim != 2 or scores.shape[1] < 2:
        raise ValueError(f"scores must be a table items x readers (2 or more), not {scores.shape}")
    return scores[~np.isnan(scores).any(axis=1)]  # items every reader scored


def _two_way_mean_squares(scores: np.ndarray) -> tuple[float, float, float]:
    """Mean squares of items (rows), readers (columns) and the residual of a two-way ANOVA."""
    n, k = scores.shape
    grand = scores.mean()
    ss_items = k * float(np.sum((scores.mean(axis=1) - grand) ** 2))
    ss_readers = n * float(np.sum((scores.mean(axis=0) - grand) ** 2))
    ss_residual = float(np.sum((scores - grand) ** 2)) - ss_items - ss_readers
    return ss_items / (n - 1), ss_readers / (k - 1), ss_residual / ((n - 1) * (k - 1))


def icc_2_1(scores) -> float:
    """ICC(2,1) (Shrout and Fleiss): two-way random effects, absolute agreement, one reader.

    `scores` is items x readers (NaN for missing; such items are left out). Readers who score
    systematically higher lower it, which is what a reader study wants to know.
    """
    scores = _complete_scores(scores)
    n, k = scores.shape
    if n < 2:
        raise ValueError("ICC needs at least two items scored by every reader")
    items, readers, residual = _two_way_mean_squares(scores)
    denominator = items + (k - 1) * residual + k * (readers - residual) / n
    return float((items - residual) / denominator) if denominator > 0 else float("nan")


@dataclass
class BlandAltman:
    bias: float  # mean of a - b
    sd: float  # standard deviation of a - b
    lower: float  # 95% limits of agreement: bias -/+ 1.96 sd
    upper: float
    n: int


def bland_altman(a, b) -> BlandAltman:
    """Mean difference and 95% limits of agreement of two readers' scores (NaN pairs left out)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape:
        raise ValueError(f"score lists differ in length ({a.size} and {b.size})")
    difference = (a - b)[~(np.isnan(a) | np.isnan(b))]
    if difference.size < 2:
        raise ValueError("Bland-Altman limits need at least two pairs of scores")
    bias, sd = float(difference.mean()), float(difference.std(ddof=1))
    return BlandAltman(bias, sd, bias - 1.96 * sd, bias + 1.96 * sd, int(difference.size))


def smallest_detectable_change(changes) -> float:
    """Smallest detectable change of a score between two visits, read by several readers.

    `changes` is patients x readers: each reader's change of the score. With two readers this is
    1.96 x SD of the readers' differences of change / sqrt(2 x readers) (Bruynesteyn 2005); with
    more, the SD of a difference between two readers comes from the residual of a two-way ANOVA
    (sqrt(2 x residual mean square)), which is the same figure for two.
    """
    changes = _complete_scores(changes)
    n, k = changes.shape
    if n < 2:
        raise ValueError("the smallest detectable change needs at least two patients' changes")
    residual = _two_way_mean_squares(changes)[2]
    return float(1.96 * np.sqrt(2.0 * residual) / np.sqrt(2.0 * k))
