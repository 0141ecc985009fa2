"""Disagreements of more than one grade between readers, and the grades that settle them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasharp.scheme import GRADE_RANGES

from ..auth.models import User
from ..errors import Forbidden, Invalid
from .consensus import SessionData, Unit, session_data
from .models import Adjudication, ReadingSession


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
