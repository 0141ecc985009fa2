"""A session's figures: Dawid-Skene consensus per joint, adjudication of disagreements, and the
agreement of readers (and of the model) by grade and by total score.

Only finished reads count. A unit is one grade kind of one joint on one film: its readers'
grades, the model's, and the consensus (an adjudicated grade outranks Dawid-Skene's).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from rasharp.reader_agreement import (
    MISSING,
    bland_altman,
    cohen_kappa,
    dawid_skene,
    exact_agreement,
    fleiss_kappa,
    icc_2_1,
    smallest_detectable_change,
    within_one_agreement,
)
from rasharp.scheme import GRADE_KINDS, GRADE_RANGES, JOINT_CODES, SIDES
from rasharp.scheme import joint as scheme_joint
from rasharp.scoring.metrics import quadratic_weighted_kappa

from ..auth.models import User
from ..errors import Forbidden, Invalid
from ..studies.models import Joint, Study
from ..studies.reporting import visit_date
from .models import Adjudication, ReadingSession, SessionItem, SessionRead
from .service import is_complete

# Readers differing by more than this many grades on a joint is a disagreement to adjudicate.
DISAGREEMENT_GAP = 1


@dataclass
class Unit:
    item_id: int
    side: str
    joint: str
    kind: str
    grades: dict[int, int]  # reader's user id -> grade
    model: int | None
    consensus: int = 0  # Dawid-Skene's, or the adjudicated grade
    estimated: int = 0  # Dawid-Skene's
    adjudicated: int | None = None

    @property
    def disagrees(self) -> bool:
        values = self.grades.values()
        return len(values) > 1 and max(values) - min(values) > DISAGREEMENT_GAP


@dataclass
class ItemInfo:
    study_id: int
    patient_id: int | None
    patient_code: str | None
    visit_date: date
    done_by: set[int] = field(default_factory=set)


@dataclass
class SessionData:
    session: ReadingSession
    complete: bool
    readers: list[tuple[int, str]]  # (user id, name), in the session's order
    items: dict[int, ItemInfo]
    units: list[Unit]

    def name(self, user_id: int) -> str:
        return dict(self.readers)[user_id]


def _item_info(study: Study) -> ItemInfo:
    patient = study.patient
    return ItemInfo(
        study_id=study.id,
        patient_id=study.patient_id,
        patient_code=None if patient is None else patient.code,
        visit_date=visit_date(study),
    )


def check_report_allowed(db: Session, session: ReadingSession, user: User) -> None:
    if not user.is_admin and not is_complete(db, session):
        raise Forbidden("session.report_not_yet", session_id=session.id)


def session_data(db: Session, session: ReadingSession) -> SessionData:
    readers = [(r.user_id, r.user.username) for r in session.readers]
    session_items = list(session.items)
    studies = {
        s.id: s
        for s in db.scalars(
            select(Study).where(Study.id.in_([i.study_id for i in session_items]))
        ).unique()
    }
    items = {i.id: _item_info(studies[i.study_id]) for i in session_items}
    grades: dict[tuple[int, str, str, str], dict[int, int]] = defaultdict(dict)
    done_reads = db.scalars(
        select(SessionRead)
        .join(SessionItem)
        .where(SessionItem.session_id == session.id, SessionRead.done_at.is_not(None))
    )
    for read in done_reads:
        items[read.item_id].done_by.add(read.user_id)
        for g in read.grades:
            for kind in GRADE_KINDS:
                value = getattr(g, kind)
                if value is not None:
                    grades[(read.item_id, g.side, g.code, kind)][read.user_id] = value
    analysis_items = {i.analysis_id: i.id for i in session_items}
    joints = db.scalars(
        select(Joint).where(Joint.analysis_id.in_(list(analysis_items)), Joint.present)
    )
    units = [
        Unit(
            analysis_items[j.analysis_id],
            j.side,
            j.code,
            kind,
            grades[(analysis_items[j.analysis_id], j.side, j.code, kind)],
            getattr(j, f"{kind}_model"),
        )
        for j in joints
        for kind in GRADE_KINDS
        if scheme_joint(j.code).scores(kind)
        and grades.get((analysis_items[j.analysis_id], j.side, j.code, kind))
    ]
    units.sort(key=lambda u: (u.item_id, SIDES.index(u.side), JOINT_CODES.index(u.joint), u.kind))
    data = SessionData(session, is_complete(db, session), readers, items, units)
    _settle_consensus(db, data)
    return data


def _settle_consensus(db: Session, data: SessionData) -> None:
    adjudicated = {
        (a.item_id, a.side, a.code, a.kind): a.value
        for a in db.scalars(
            select(Adjudication).join(SessionItem).where(SessionItem.session_id == data.session.id)
        )
    }
    reader_ids = [r for r, _ in data.readers]
    for kind in GRADE_KINDS:
        units = [u for u in data.units if u.kind == kind]
        if not units:
            continue
        table = [[u.grades.get(r, MISSING) for r in reader_ids] for u in units]
        estimated = dawid_skene(table, GRADE_RANGES[kind].classes).grades
        for unit, grade in zip(units, estimated, strict=True):
            unit.estimated = int(grade)
            unit.adjudicated = adjudicated.get((unit.item_id, unit.side, unit.joint, kind))
            unit.consensus = unit.estimated if unit.adjudicated is None else unit.adjudicated


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


def disagreements(data: SessionData) -> list[dict]:
    return [_disagreement(data, u) for u in data.units if u.disagrees]


def _disagreement(data: SessionData, unit: Unit) -> dict:
    return {
        "item_id": unit.item_id,
        "side": unit.side,
        "joint": unit.joint,
        "kind": unit.kind,
        "grades": {data.name(r): g for r, g in unit.grades.items()},
        "consensus": unit.estimated,
        "adjudicated": unit.adjudicated,
    }


def adjudicate(
    db: Session,
    session: ReadingSession,
    user: User,
    item_id: int,
    side: str,
    code: str,
    kind: str,
    value: int,
) -> dict:
    if not user.is_admin:
        raise Forbidden("session.admin_only")
    data = session_data(db, session)
    unit = next(
        (
            u
            for u in data.units
            if (u.item_id, u.side, u.joint, u.kind) == (item_id, side, code, kind) and u.disagrees
        ),
        None,
    )
    if unit is None:
        raise Invalid(
            "session.not_a_disagreement", item_id=item_id, side=side, joint=code, kind=kind
        )
    r = GRADE_RANGES[kind]
    if not r.contains(value):
        raise Invalid(
            "grade.out_of_range", joint=code, kind=kind, minimum=r.minimum, maximum=r.maximum
        )
    existing = db.scalar(
        select(Adjudication).where(
            Adjudication.item_id == item_id,
            Adjudication.side == side,
            Adjudication.code == code,
            Adjudication.kind == kind,
        )
    )
    if existing is None:
        db.add(
            Adjudication(
                item_id=item_id, side=side, code=code, kind=kind, value=value, by_id=user.id
            )
        )
    else:
        existing.value, existing.by_id = value, user.id
    db.commit()
    unit.adjudicated = value
    return _disagreement(data, unit)


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
