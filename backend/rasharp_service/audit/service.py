"""The audit log: recording and reading who opened, exported or sent which study."""

from __future__ import annotations

import time
from collections.abc import Sequence
from threading import Lock

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from ..auth.models import User
from .models import AuditEvent

# A study page asks for the study again after every change: one "opened" per reader and study
# in this window (per API process) keeps the log readable.
OPENED_WINDOW_S = 30 * 60

_last_opened: dict[tuple[int, int], float] = {}
_last_opened_lock = Lock()


def record(db: Session, user: User, action: str, study_id: int | None = None, **details) -> None:
    db.add(
        AuditEvent(
            team_id=user.team_id, user_id=user.id, action=action, study_id=study_id, details=details
        )
    )
    db.commit()


def record_opened(db: Session, user: User, study_id: int) -> None:
    now = time.monotonic()
    with _last_opened_lock:
        last = _last_opened.get((user.id, study_id))
        if last is not None and now - last < OPENED_WINDOW_S:
            return
        _last_opened[(user.id, study_id)] = now
    record(db, user, "opened", study_id)


def forget_opened() -> None:
    """For tests: the next opening of any study is recorded again."""
    with _last_opened_lock:
        _last_opened.clear()


def events(
    db: Session,
    team_id: int,
    study_id: int | None,
    user_id: int | None,
    action: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Row[AuditEvent, str]], int]:
    """A page of the team's events, newest first, with each one's username, and the total."""
    where = [AuditEvent.team_id == team_id]
    if study_id is not None:
        where.append(AuditEvent.study_id == study_id)
    if user_id is not None:
        where.append(AuditEvent.user_id == user_id)
    if action is not None:
        where.append(AuditEvent.action == action)
    total = db.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
    rows = db.execute(
        select(AuditEvent, User.username)
        .join(User, User.id == AuditEvent.user_id)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total
