from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Query, Response, status
from sqlalchemy.orm import Session

from ..auth.models import User
from ..deps import AcceptedUser, CurrentUser, RowId, SessionDep
from ..errors import Forbidden
from ..exports.labels import Language, language_from
from ..storage import get_storage
from ..studies import images
from . import adjudication, consensus, files, reads, report, service
from .models import ReadingSession
from .schemas import (
    AdjudicationIn,
    Disagreement,
    QueueEntry,
    SessionCreate,
    SessionGradeChange,
    SessionItemOut,
    SessionJoint,
    SessionOut,
    SessionReport,
)

router = APIRouter(prefix="/reading-sessions", tags=["reading-sessions"])
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


def _queue_entry(db: Session, session: ReadingSession, user: User, item_id: int) -> dict:
    return next(e for e in reads.queue_view(db, session, user) if e["item_id"] == item_id)


def _report_data(db: Session, session: ReadingSession, user: User) -> consensus.SessionData:
    consensus.check_report_allowed(db, session, user)
    return consensus.session_data(db, session)


def _attachment(filename: str) -> dict[str, str]:
    return {
        "Content-Disposition": f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    }


@router.get("/{session_id}/report", response_model=SessionReport)
def session_report(session: VisibleSession, user: CurrentUser, db: SessionDep) -> dict:
    """Agreement of the readers and of the model, for administrators; for the session's readers
    once every read is done."""
    return report.report(_report_data(db, session, user))


@router.get(
    "/{session_id}/report.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def session_report_csv(session: VisibleSession, user: AcceptedUser, db: SessionDep) -> Response:
    figures = report.report(_report_data(db, session, user))
    return Response(
        files.report_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"rasharp-session-{session.id}-report.csv"),
    )


@router.get(
    "/{session_id}/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def session_report_pdf(
    session: VisibleSession,
    user: AcceptedUser,
    db: SessionDep,
    lang: Annotated[Language | None, Query(description="the report's language")] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Under the research-use notice, like a study's PDF."""
    data = _report_data(db, session, user)
    pdf = files.report_pdf(data, report.report(data), lang or language_from(accept_language))
    return Response(
        pdf,
        media_type="application/pdf",
        headers=_attachment(f"rasharp-session-{session.id}-report.pdf"),
    )


@router.get(
    "/{session_id}/reads.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def session_reads_csv(session: VisibleSession, user: AcceptedUser, db: SessionDep) -> Response:
    """Every finished read's grades, one row per reader, item, joint and kind, with the model's
    grade and the consensus."""
    return Response(
        files.reads_csv(_report_data(db, session, user)),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"rasharp-session-{session.id}-reads.csv"),
    )


@router.get("/{session_id}/disagreements", response_model=list[Disagreement])
def disagreements(session: VisibleSession, user: CurrentUser, db: SessionDep) -> list[dict]:
    """Administrators only: joints where finished reads differ by more than one grade."""
    if not user.is_admin:
        raise Forbidden("session.admin_only")
    return adjudication.disagreements(consensus.session_data(db, session))


@router.put("/{session_id}/disagreements", response_model=Disagreement)
def adjudicate(
    session: VisibleSession, body: AdjudicationIn, user: AcceptedUser, db: SessionDep
) -> dict:
    """Administrators only: the settled grade replaces the consensus of that joint."""
    return adjudication.adjudicate(
        db, session, user, body.item_id, body.side, body.joint, body.kind, body.value
    )
