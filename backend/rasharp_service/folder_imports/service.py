"""Folder imports, the API's side: start one (a job on the cpu queue), list them, and their
progress."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..auth.models import User
from ..db import utcnow
from ..errors import Forbidden, NotFound, Unavailable
from ..worker.celery_app import FOLDER_IMPORT_TASK, celery_app
from .models import FolderImport, FolderImportFile
from .paths import checked_folder, import_root

LISTED_IMPORTS = 50
LISTED_FILES = 500  # failures (and skipped files) shown with an import; the counts are complete


def start_import(db: Session, user: User, folder: str) -> FolderImport:
    """Queue the import of a folder below the import root, for the user's team; a queue that
    is down fails the import, saying why."""
    job = record_import(db, user, folder)
    try:
        send_import(job.id)
    except Exception as exc:  # kombu raises several connection error types
        job.status, job.error, job.finished_at = "failed", type(exc).__name__, utcnow()
        db.commit()
        raise Unavailable("folder_import.queue_unreachable", error=type(exc).__name__) from None
    return job


def record_import(db: Session, user: User, folder: str) -> FolderImport:
    """The import, recorded (and audited) but not yet sent: a queued import that is in no
    queue is sent by the workers' job recovery within a minute or so."""
    if not user.is_admin:
        raise Forbidden("auth.admin_only")
    _, relative = checked_folder(import_root(), folder)
    job = FolderImport(team_id=user.team_id, user_id=user.id, folder=relative)
    db.add(job)
    db.commit()
    audit.record(db, user, "imported", None, folder=relative, folder_import=job.id)
    return job


def send_import(job_id: int) -> None:
    celery_app.send_task(FOLDER_IMPORT_TASK, args=[job_id], ignore_result=True, retry=False)


def team_imports(db: Session, team_id: int) -> Sequence[FolderImport]:
    return db.scalars(
        select(FolderImport)
        .where(FolderImport.team_id == team_id)
        .order_by(FolderImport.id.desc())
        .limit(LISTED_IMPORTS)
    ).all()


def find_import(db: Session, import_id: int, team_id: int) -> FolderImport:
    job = db.get(FolderImport, import_id)
    if job is None or job.team_id != team_id:
        raise NotFound("folder_import.import_not_found", import_id=import_id)
    return job


def files_of(db: Session, job: FolderImport, outcome: str) -> Sequence[FolderImportFile]:
    return db.scalars(
        select(FolderImportFile)
        .where(FolderImportFile.import_id == job.id, FolderImportFile.outcome == outcome)
        .order_by(FolderImportFile.id)
        .limit(LISTED_FILES)
    ).all()


def films_per_second(job: FolderImport) -> float | None:
    """The speed of the current (or last) run: its files over its time."""
    if job.started_at is None or job.updated_at is None:
        return None
    seconds = (job.updated_at - job.started_at).total_seconds()
    done = job.files_done - job.done_at_start
    return round(done / seconds, 2) if seconds > 0 and done > 0 else None
