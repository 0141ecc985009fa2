from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response, status

from ..deps import AcceptedUser, CurrentUser, RowId, SessionDep
from ..storage import get_storage
from ..studies import images
from . import reads, service
from .models import ReadingSession
from .schemas import (
    QueueEntry,
    SessionCreate,
    SessionGradeChange,
    SessionItemOut,
    SessionJoint,
    SessionOut,
)

router = APIRouter(prefix="/reading-sessions", tags=["reading sessions"])
PNG: dict[str, Any] = {"content": {"image/png": {}}}


def visible_session(session_id: RowId, user: CurrentUser, db: SessionDep) -> ReadingSession:
    return service.find_session(db, session_id, user)


VisibleSession = Annotated[ReadingSession, Depends(visible_session)]


@router.post("", response_model=SessionOut, status_code=status.HTTP_201_CREATED)
def create_session(body: SessionCreate, user: AcceptedUser, db: SessionDep) -> dict:
    """Administrators only: the chosen analysed studies, read by each chosen reader."""
    session = service.create_session(
        db,
        user,
        body.name,
        body.study_ids,
        body.reader_ids,
        body.show_model_grades,
        body.order,
        body.blind_to_each_other,
    )
    return service.session_view(db, session, user)


@router.get("", response_model=list[SessionOut])
def list_sessions(user: CurrentUser, db: SessionDep) -> list[dict]:
    return [service.session_view(db, s, user) for s in service.visible_sessions(db, user)]


@router.get("/{session_id}", response_model=SessionOut)
def get_session(session: VisibleSession, user: CurrentUser, db: SessionDep) -> dict:
    return service.session_view(db, session, user)


@router.get("/{session_id}/queue", response_model=list[QueueEntry])
def my_queue(session: VisibleSession, user: CurrentUser, db: SessionDep) -> list[dict]:
    return reads.queue_view(db, session, user)


@router.get("/{session_id}/items/{item_id}", response_model=SessionItemOut)
def my_item(session: VisibleSession, item_id: RowId, user: CurrentUser, db: SessionDep) -> dict:
    """The item with my grades only; the model's grades only where the session shows them."""
    return reads.item_view(db, session, reads.my_read(db, session, user, item_id))


@router.get("/{session_id}/items/{item_id}/image", response_class=Response, responses={200: PNG})
def item_image(
    session: VisibleSession, item_id: RowId, user: CurrentUser, db: SessionDep
) -> Response:
    study = reads.item_study(db, reads.my_read(db, session, user, item_id))
    return Response(
        images.display_png(get_storage(), study.radiograph),
        media_type="image/png",
        headers={"Cache-Control": "private, max-age=86400"},
    )


@router.put("/{session_id}/items/{item_id}/grades", response_model=SessionJoint)
def grade_joint(
    session: VisibleSession,
    item_id: RowId,
    body: SessionGradeChange,
    user: AcceptedUser,
    db: SessionDep,
) -> dict:
    read = reads.my_read(db, session, user, item_id)
    return reads.set_grade(db, session, read, body.side, body.joint, body.kind, body.value)


@router.post("/{session_id}/items/{item_id}/done", response_model=QueueEntry)
def mark_done(session: VisibleSession, item_id: RowId, user: AcceptedUser, db: SessionDep) -> dict:
    """Refused while a joint on the film lacks a grade."""
    reads.mark_done(db, session, reads.my_read(db, session, user, item_id))
    return _queue_entry(db, session, user, item_id)


@router.post("/{session_id}/items/{item_id}/reopen", response_model=QueueEntry)
def reopen(session: VisibleSession, item_id: RowId, user: AcceptedUser, db: SessionDep) -> dict:
    """Undo done, while the session is open."""
    reads.reopen(db, session, reads.my_read(db, session, user, item_id))
    return _queue_entry(db, session, user, item_id)


def _queue_entry(db, session: ReadingSession, user, item_id: int) -> dict:
    return next(e for e in reads.queue_view(db, session, user) if e["item_id"] == item_id)
