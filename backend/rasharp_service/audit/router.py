"""The audit log for administrators."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from ..deps import AdminUser, SessionDep, admin_user
from . import service

router = APIRouter(prefix="/audit", tags=["audit"])

AuditAction = Literal["opened", "exported", "sent", "imported", "training_started"]


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    user_id: int
    username: str
    action: AuditAction
    study_id: int | None
    details: dict[str, str | int | float | bool | None]


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    limit: int
    offset: int
    total: int


@router.get("", response_model=AuditPage, dependencies=[Depends(admin_user)])
def audit_events(
    user: AdminUser,
    db: SessionDep,
    study_id: Annotated[int | None, Query(ge=1)] = None,
    user_id: Annotated[int | None, Query(ge=1)] = None,
    action: AuditAction | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AuditPage:
    """Who opened, exported or sent which of the team's studies, and when; newest first."""
    rows, total = service.events(db, user.team_id, study_id, user_id, action, limit, offset)
    items = [
        AuditEventOut(
            id=event.id,
            at=event.at,
            user_id=event.user_id,
            username=username,
            action=event.action,
            study_id=event.study_id,
            details=event.details,
        )
        for event, username in rows
    ]
    return AuditPage(items=items, limit=limit, offset=offset, total=total)
