"""A session's finished reads as units, each with its consensus.

Only finished reads count. A unit is one grade kind of one joint on one film: its readers'
grades, the model's, and the consensus: Dawid-Skene's estimate from all readers, unless an
administrator adjudicated the joint.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasharp.reader_agreement import (
    MISSING,
    dawid_skene,
)
from rasharp.scheme import GRADE_KINDS, GRADE_RANGES, JOINT_CODES, SIDES
from rasharp.scheme import joint as scheme_joint

from ..auth.models import User
from ..errors import Forbidden
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
