"""Judging grader files on validation films through the pipeline's own ONNX grading (the
snapshot's stored joint positions, every graded view), against the reference grades."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..imaging import read_image
from ..reader_agreement import icc_2_1
from ..results import JointResult
from ..scheme import GRADE_KINDS, GRADE_RANGES, JOINTS_BY_CODE
from ..scoring.infer import Scorer
from ..scoring.metrics import balanced_accuracy, quadratic_weighted_kappa
from ..snapshots import SnapshotFilm
from ..timing import Timer
from .truth import Key, Truth

Predictions = dict[Key, dict[str, int]]


def grade_films(
    scorers: dict[str, Path],
    films: list[SnapshotFilm],
    images: Path,
    each_film: Callable[[int], None] = lambda _done: None,
) -> dict[str, Predictions]:
    """Every present joint of ``films`` graded by each scorer file, as the service grades it."""
    loaded = {name: Scorer(path, ["CPUExecutionProvider"]) for name, path in scorers.items()}
    out: dict[str, Predictions] = {name: {} for name in scorers}
    for index, film in enumerate(films):
        image = read_image(images / film.image)
        for name, scorer in loaded.items():
            joints = [
                JointResult(j.side, j.joint, j.x, j.y, j.box)
                for j in film.joints
                if j.present and j.x is not None and j.y is not None
            ]
            scorer.score(image, [], joints, heatmaps=False, timer=Timer())
            for j in joints:
                grades = {
                    kind: getattr(j, kind).score
                    for kind in GRADE_KINDS
                    if getattr(j, kind) is not None
                }
                if grades:
                    out[name][(film.film, j.side, j.joint)] = grades
        each_film(index + 1)
    return out


def _figures(truth: np.ndarray, predicted: np.ndarray, classes: int) -> dict:
    if not truth.size:
        return {
            "balanced_accuracy": None,
            "within_one": None,
            "exact": None,
            "qwk": None,
            "joints": 0,
        }
    return {
        "balanced_accuracy": balanced_accuracy(truth, predicted),
        "within_one": float(np.mean(np.abs(truth - predicted) <= 1)),
        "exact": float(np.mean(truth == predicted)),
        "qwk": quadratic_weighted_kappa(truth, predicted, classes),
        "joints": int(truth.size),
    }


def kind_metrics(predicted: Predictions, truth: Truth, films: set[str], kind: str) -> dict:
    """Figures of one grade kind over the joints with a reference grade, and per joint group;
    ``unscored`` counts joints with a reference grade that the model gave no grade."""
    pairs, groups, unscored = [], [], 0
    for key, grades in truth.grades.items():
        if key[0] not in films or kind not in grades:
            continue
        if kind not in predicted.get(key, {}):
            unscored += 1
            continue
        pairs.append((grades[kind], predicted[key][kind]))
        groups.append(JOINTS_BY_CODE[key[2]].group)
    classes = GRADE_RANGES[kind].classes
    table = np.array(pairs, np.int64).reshape(-1, 2)
    group_names = np.array(groups)
    report = _figures(table[:, 0], table[:, 1], classes)
    report["unscored"] = unscored
    report["groups"] = {
        group: _figures(table[group_names == group, 0], table[group_names == group, 1], classes)
        for group in dict.fromkeys(groups)
    }
    return report


def totals_icc(predicted: Predictions, truth: Truth, films: set[str], kinds) -> float | None:
    """ICC(2,1) of per-film totals (the grades of ``kinds`` summed over the joints graded by
    both) of the model against the reference grades."""
    totals: dict[str, list[float]] = {}
    for key, grades in truth.grades.items():
        if key[0] not in films:
            continue
        film = totals.setdefault(key[0], [0.0, 0.0])  # model, reference
        for kind in kinds:
            if kind in grades and kind in predicted.get(key, {}):
                film[0] += predicted[key][kind]
                film[1] += grades[kind]
    if len(totals) < 2:
        return None
    value = icc_2_1(np.array(list(totals.values())))
    return None if math.isnan(value) else value


def model_metrics(predicted: Predictions, truth: Truth, films: set[str]) -> dict:
    return {
        "films": sorted({key[0] for key in predicted if key[0] in films}),
        **{kind: kind_metrics(predicted, truth, films, kind) for kind in GRADE_KINDS},
        "totals_icc": totals_icc(predicted, truth, films, GRADE_KINDS),
        "totals_icc_by_kind": {
            kind: totals_icc(predicted, truth, films, (kind,)) for kind in GRADE_KINDS
        },
    }
