"""A reader's own work in a session: their queue, an item with their grades, grading, done."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasharp.scheme import GRADE_KINDS, GRADE_RANGES, JOINT_CODES, SIDES
from rasharp.scheme import joint as scheme_joint

from ..auth.models import User
from ..db import utcnow
from ..errors import Conflict, Invalid, NotFound
from ..studies.models import Joint, Study
from ..studies.reporting import visit_date
from ..studies.views import ordered
from .models import ReadingSession, SessionGrade, SessionItem, SessionRead
from .service import is_complete, is_reader


def my_reads(db: Session, session: ReadingSession, user: User) -> list[SessionRead]:
    if not is_reader(session, user):
        raise NotFound("session.not_a_reader", session_id=session.id)
    return list(
        db.scalars(
            select(SessionRead)
            .join(SessionItem)
            .where(SessionItem.session_id == session.id, SessionRead.user_id == user.id)
            .order_by(SessionRead.position)
        )
    )


def my_read(db: Session, session: ReadingSession, user: User, item_id: int) -> SessionRead:
    if not is_reader(session, user):
        raise NotFound("session.not_a_reader", session_id=session.id)
    read = db.scalar(
        select(SessionRead)
        .join(SessionItem)
        .where(
            SessionItem.session_id == session.id,
            SessionRead.item_id == item_id,
            SessionRead.user_id == user.id,
        )
    )
    if read is None:
        raise NotFound("session.item_not_found", item_id=item_id, session_id=session.id)
    return read


def _visit(session: ReadingSession, study: Study) -> dict:
    """Patient code and visit date, shown only when the session reads in chronological order."""
    if session.reading_order != "chronological":
        return {"patient_code": None, "visit_date": None}
    return {
        "patient_code": study.patient.code if study.patient else None,
        "visit_date": visit_date(study),
    }


def queue_view(db: Session, session: ReadingSession, user: User) -> list[dict]:
    reads = my_reads(db, session, user)
    studies = _studies(db, [r.item.study_id for r in reads])
    return [
        {
            "item_id": r.item_id,
            "position": r.position,
            "done": r.done_at is not None,
            **_visit(session, studies[r.item.study_id]),
        }
        for r in reads
    ]


def _studies(db: Session, study_ids: list[int]) -> dict[int, Study]:
    return {s.id: s for s in db.scalars(select(Study).where(Study.id.in_(study_ids))).unique()}


def item_study(db: Session, read: SessionRead) -> Study:
    study = db.get(Study, read.item.study_id)
    assert study is not None  # an item's study row stays, even when deleted
    return study


def item_view(db: Session, session: ReadingSession, read: SessionRead) -> dict:
    study = item_study(db, read)
    grades = {(g.side, g.code): g for g in read.grades}
    joints = ordered(db.scalars(select(Joint).where(Joint.analysis_id == read.item.analysis_id)))
    return {
        "item_id": read.item_id,
        "position": read.position,
        "done": read.done_at is not None,
        "width": study.radiograph.width,
        "height": study.radiograph.height,
        **_visit(session, study),
        "joints": [joint_view(session, j, grades[(j.side, j.code)]) for j in joints],
    }


def joint_view(session: ReadingSession, joint: Joint, grade: SessionGrade) -> dict:
    shown = session.show_model_grades
    return {
        "side": joint.side,
        "joint": joint.code,
        "present": joint.present,
        "x": joint.x,
        "y": joint.y,
        "model_erosion": joint.erosion_model if shown else None,
        "model_jsn": joint.jsn_model if shown else None,
        "erosion": grade.erosion,
        "jsn": grade.jsn,
    }


def _check_open(db: Session, session: ReadingSession) -> None:
    if is_complete(db, session):
        raise Conflict("session.complete", session_id=session.id)


def set_grade(
    db: Session,
    session: ReadingSession,
    read: SessionRead,
    side: str,
    code: str,
    kind: str,
    value: int,
) -> dict:
    if side not in SIDES:
        raise Invalid("joint.side_invalid", side=side, accepted=", ".join(SIDES))
    if code not in JOINT_CODES:
        raise Invalid("joint.unknown", joint=code, accepted=", ".join(JOINT_CODES))
    if kind not in GRADE_KINDS:
        raise Invalid("grade.kind_invalid", kind=kind, accepted=", ".join(GRADE_KINDS))
    if not scheme_joint(code).scores(kind):
        raise Invalid("grade.not_scored", joint=code, kind=kind)
    r = GRADE_RANGES[kind]
    if not r.contains(value):
        raise Invalid(
            "grade.out_of_range", joint=code, kind=kind, minimum=r.minimum, maximum=r.maximum
        )
    if read.done_at is not None:
        raise Conflict("session.read_done")
    joint = db.scalar(
        select(Joint).where(
            Joint.analysis_id == read.item.analysis_id, Joint.side == side, Joint.code == code
        )
    )
    grade = next((g for g in read.grades if (g.side, g.code) == (side, code)), None)
    if joint is None or grade is None or not joint.present:
        raise Invalid("session.joint_not_on_film", side=side, joint=code)
    setattr(grade, kind, value)
    db.commit()
    return joint_view(session, joint, grade)


def mark_done(db: Session, session: ReadingSession, read: SessionRead) -> None:
    _check_open(db, session)
    present = {
        (j.side, j.code)
        for j in db.scalars(
            select(Joint).where(Joint.analysis_id == read.item.analysis_id, Joint.present)
        )
    }
    missing = [
        f"{g.side} {g.code}"
        for g in sorted(read.grades, key=lambda g: (SIDES.index(g.side), JOINT_CODES.index(g.code)))
        if (g.side, g.code) in present
        and any(
            getattr(g, kind) is None for kind in GRADE_KINDS if scheme_joint(g.code).scores(kind)
        )
    ]
    if missing:
        raise Conflict("session.grades_missing", joints=", ".join(missing))
    if read.done_at is None:
        read.done_at = utcnow()
    db.commit()


def reopen(db: Session, session: ReadingSession, read: SessionRead) -> None:
    _check_open(db, session)
    read.done_at = None
    db.commit()
