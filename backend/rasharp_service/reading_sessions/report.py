"""A session's figures: the agreement of readers (and of the model with them) by grade and by
total score, and a team's own smallest detectable change."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from rasharp.reader_agreement import (
    bland_altman,
    cohen_kappa,
    exact_agreement,
    fleiss_kappa,
    icc_2_1,
    smallest_detectable_change,
    within_one_agreement,
)
from rasharp.scheme import GRADE_KINDS, GRADE_RANGES
from rasharp.scoring.metrics import quadratic_weighted_kappa

from .consensus import SessionData, session_data
from .models import ReadingSession
from .service import is_complete


def _number(value: float | None) -> float | None:
    """JSON has no NaN: an undefined figure (e.g. kappa of readers who all gave one grade) is
    null."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 4)


def _pairs(names: list[tuple[int, str]]) -> list[tuple[tuple[int, str], tuple[int, str]]]:
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]


def report(data: SessionData) -> dict:
    return {
        "complete": data.complete,
        "readers": [{"id": r, "name": n} for r, n in data.readers],
        "per_kind": {kind: _kind_agreement(data, kind) for kind in GRADE_KINDS},
        "totals": _totals_agreement(data),
        "model": _model_agreement(data),
        "disagreements": sum(u.disagrees for u in data.units),
        "adjudicated": sum(u.adjudicated is not None for u in data.units),
    }


def _kind_agreement(data: SessionData, kind: str) -> dict:
    classes = GRADE_RANGES[kind].classes
    units = [u for u in data.units if u.kind == kind]
    pairs = []
    for (a, a_name), (b, b_name) in _pairs(data.readers):
        both = [u for u in units if a in u.grades and b in u.grades]
        first, second = [u.grades[a] for u in both], [u.grades[b] for u in both]
        pairs.append(
            {
                "a": a_name,
                "b": b_name,
                "kappa": _number(cohen_kappa(first, second, classes)) if both else None,
                "qwk": _number(quadratic_weighted_kappa(first, second, classes)) if both else None,
            }
        )
    reader_ids = [r for r, _ in data.readers]
    full = [[u.grades[r] for r in reader_ids] for u in units if len(u.grades) == len(reader_ids)]
    fleiss = _number(fleiss_kappa(full, classes)) if len(reader_ids) > 1 and full else None
    return {"kappa_pairs": pairs, "fleiss_kappa": fleiss}


def reader_totals(data: SessionData) -> dict[int, dict[int, int]]:
    """item id -> reader's user id -> total score (erosion + JSN) of the film, for the items
    every reader has finished."""
    reader_ids = {r for r, _ in data.readers}
    totals: dict[int, dict[int, int]] = {
        item_id: dict.fromkeys(reader_ids, 0)
        for item_id, info in data.items.items()
        if info.done_by >= reader_ids
    }
    for unit in data.units:
        if unit.item_id in totals:
            for reader, grade in unit.grades.items():
                totals[unit.item_id][reader] += grade
    return totals


def _totals_agreement(data: SessionData) -> dict:
    reader_ids = [r for r, _ in data.readers]
    totals = reader_totals(data)
    scores = np.array([[t[r] for r in reader_ids] for t in totals.values()], dtype=float)
    enough = len(reader_ids) > 1 and len(scores) > 1
    limits = []
    for (a, a_name), (b, b_name) in _pairs(data.readers):
        ba = (
            bland_altman(scores[:, reader_ids.index(a)], scores[:, reader_ids.index(b)])
            if len(scores) > 1
            else None
        )
        limits.append(
            {
                "a": a_name,
                "b": b_name,
                "bias": _number(ba.bias) if ba else None,
                "lower": _number(ba.lower) if ba else None,
                "upper": _number(ba.upper) if ba else None,
            }
        )
    return {
        "icc_2_1": _number(icc_2_1(scores)) if enough else None,
        "bland_altman": limits,
        "sdc_of_change": _number(sdc_of_change(data, totals)),
    }


def changes_between_visits(data: SessionData, totals: dict[int, dict[int, int]]) -> np.ndarray:
    """Each reader's change of the total from one visit of a patient to the next (rows: pairs of
    consecutive visits, columns: readers)."""
    reader_ids = [r for r, _ in data.readers]
    visits: dict[int, list[int]] = defaultdict(list)
    for item_id in totals:
        patient = data.items[item_id].patient_id
        if patient is not None:
            visits[patient].append(item_id)
    rows = []
    for item_ids in visits.values():
        item_ids.sort(key=lambda i: (data.items[i].visit_date, i))
        for earlier, later in itertools.pairwise(item_ids):
            rows.append([totals[later][r] - totals[earlier][r] for r in reader_ids])
    return np.array(rows, dtype=float).reshape(len(rows), len(reader_ids))


def sdc_of_change(data: SessionData, totals: dict[int, dict[int, int]]) -> float | None:
    """Smallest detectable change of the total; None without two readers of two visits."""
    changes = changes_between_visits(data, totals)
    if changes.shape[1] < 2 or changes.shape[0] < 2:
        return None
    return smallest_detectable_change(changes)


def _model_agreement(data: SessionData) -> list[dict]:
    rows = []
    against = [*data.readers, (None, "consensus")]
    for kind in GRADE_KINDS:
        units = [u for u in data.units if u.kind == kind and u.model is not None]
        for reader, name in against:
            graded = [u for u in units if reader is None or reader in u.grades]
            truth = [u.consensus if reader is None else u.grades[reader] for u in graded]
            model = [u.model for u in graded]
            rows.append(
                {
                    "against": name,
                    "kind": kind,
                    "qwk": _number(
                        quadratic_weighted_kappa(truth, model, GRADE_RANGES[kind].classes)
                    )
                    if graded
                    else None,
                    "exact": _number(exact_agreement(truth, model)) if graded else None,
                    "within_one": _number(within_one_agreement(truth, model)) if graded else None,
                }
            )
    return rows


def site_sdc(db: Session, team_id: int) -> float | None:
    """The team's own smallest detectable change of the total score, from its complete sessions
    that hold two visits of a patient read by two or more readers (their SDCs pooled as
    variances, weighted by pairs of visits); None when there are none."""
    weighted, pairs = 0.0, 0
    for session in db.scalars(select(ReadingSession).where(ReadingSession.team_id == team_id)):
        if len(session.readers) < 2 or not is_complete(db, session):
            continue
        data = session_data(db, session)
        totals = reader_totals(data)
        sdc = sdc_of_change(data, totals)
        if sdc is None or not math.isfinite(sdc):
            continue
        n = len(changes_between_visits(data, totals))
        weighted, pairs = weighted + n * sdc**2, pairs + n
    return math.sqrt(weighted / pairs) if pairs else None
