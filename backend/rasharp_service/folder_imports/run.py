"""Folder imports, the worker's side: walk the folder and make one study per film.

Every film goes through studies.service.create_study, like an upload (stored de-identified,
within the upload limit, one analysis on the gpu queue), and the same rules as a ZIP archive's
files decide what is skipped (studies.archives.file_verdict). Each file's outcome is saved in
the transaction that creates its study, so a worker that dies mid-import leaves every film
either imported and recorded or not at all; the import, queued again by the job recovery, goes
on from the first file not yet recorded. A created film's content hash is unique in the team:
the same film found again, by a later import of the same folder or another, is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rasharp.cohort.films import find_films

from ..auth.models import User
from ..config import get_settings
from ..db import utcnow
from ..errors import Invalid, ServiceError, TooLarge, Unavailable, error_body
from ..storage import FileStore
from ..studies.archives import file_verdict, is_system_file
from ..studies.models import Study
from ..studies.service import create_study, enqueue_analysis
from .models import FolderImport, FolderImportFile
from .paths import checked_folder, import_root, is_inside

log = logging.getLogger(__name__)
PATH_LENGTH = 1000  # of a file's path as recorded (FolderImportFile.path)


class _Skipped(Exception):
    def __init__(self, code: str, **params: str | int):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class _File:
    path: str  # relative to the imported folder
    size_bytes: int = 0
    sha256: str | None = None


def run_import(db: Session, storage: FileStore, job_id: int, worker_id: str | None) -> None:
    """Import the folder's films, unless the job is finished or another worker holds it."""
    if not _claim(db, job_id, worker_id):
        return
    job = db.get(FolderImport, job_id)
    if job is None:
        return
    user = db.get(User, job.user_id)
    if user is None:
        _finish(db, job, "failed", "the user who started the import no longer exists")
        return
    try:
        root = import_root()
        folder, _ = checked_folder(root, job.folder)
    except ServiceError as refusal:
        _finish(db, job, "failed", refusal.message)
        return
    found = find_films([str(folder)])
    paths = sorted(found.films + found.other_files)
    job.files_found, job.updated_at = len(paths), utcnow()
    db.commit()
    handled = set(
        db.scalars(select(FolderImportFile.path).where(FolderImportFile.import_id == job.id))
    )
    for path in paths:
        relative = Path(os.path.relpath(path, folder)).as_posix()
        if relative[:PATH_LENGTH] not in handled:
            _import_file(db, storage, job, user, root, path, relative)
    _finish(db, job, "done")


def _claim(db: Session, job_id: int, worker_id: str | None) -> bool:
    """Take a queued import for this worker, by a conditional update: only one worker runs it.
    A running import whose worker died is queued again by the job recovery first."""
    now = utcnow()
    taken = db.scalar(
        update(FolderImport)
        .where(FolderImport.id == job_id, FolderImport.status == "queued")
        .values(
            status="running",
            worker=worker_id,
            started_at=now,
            updated_at=now,
            done_at_start=FolderImport.files_done,
        )
        .returning(FolderImport.id)
    )
    db.commit()
    return taken is not None


def _import_file(
    db: Session,
    storage: FileStore,
    job: FolderImport,
    user: User,
    root: Path,
    path: str,
    relative: str,
) -> None:
    """One file: a study made, or skipped or failed, saying why; recorded either way."""
    file = _File(relative[:PATH_LENGTH])
    try:
        data = _film_bytes(db, job, root, path, file)
        study = create_study(
            db,
            storage,
            user,
            data,
            os.path.basename(path),
            None,
            "auto",
            dated_by_film=True,
            recorded_with=lambda made: _record(db, job, file, "created", study=made),
        )
    except _Skipped as skip:
        db.rollback()
        _record(db, job, file, "skipped", error_body(skip.code, name=relative, **skip.params))
    except ServiceError as refusal:
        db.rollback()
        _record(db, job, file, "failed", refusal.body())
    except IntegrityError:  # the same film was imported at the same moment by another import
        db.rollback()
        _record(db, job, file, "skipped", _already_imported(db, job, file))
    except Exception as exc:  # create_study has undone its writes; the other files go on
        db.rollback()
        log.exception("folder import %s: %r could not be stored", job.id, relative)
        body = error_body("folder_import.file_failed", name=relative, error=type(exc).__name__)
        _record(db, job, file, "failed", body)
    else:
        # A queue that is down leaves the study's analysis failed, as an upload's would.
        with contextlib.suppress(Unavailable):
            enqueue_analysis(db, study.analyses[-1])
        return
    db.commit()


def _film_bytes(db: Session, job: FolderImport, root: Path, path: str, file: _File) -> bytes:
    """The file's bytes, once it is known to be a film not imported before."""
    if is_system_file(file.path):
        raise _Skipped("archive.skipped_system_file")
    real = os.path.realpath(path)
    if not is_inside(real, root):
        raise _Skipped("folder_import.skipped_outside_root")
    limit = get_settings().max_upload_bytes
    try:
        file.size_bytes = os.path.getsize(real)
        if file.size_bytes > limit:
            megabytes = limit // (1024 * 1024)
            raise TooLarge("archive.member_too_large", name=file.path, megabytes=megabytes)
        with open(real, "rb") as opened:
            data = opened.read(limit + 1)
    except OSError as exc:
        raise Invalid("folder_import.unreadable", name=file.path, problem=str(exc)) from None
    file.sha256 = hashlib.sha256(data).hexdigest()
    earlier = _earlier_study(db, job, file)
    if earlier is not None:
        raise _Skipped("folder_import.skipped_already_imported", study_id=earlier)
    verdict = file_verdict(os.path.basename(path), data)
    if verdict.skip is not None:
        code, params = verdict.skip
        raise _Skipped(code, **params)
    return data


def _earlier_study(db: Session, job: FolderImport, file: _File) -> int | str | None:
    """The study made of the same film by an earlier import ("deleted" if it is gone)."""
    row = db.execute(
        select(FolderImportFile.study_id).where(
            FolderImportFile.team_id == job.team_id,
            FolderImportFile.sha256 == file.sha256,
            FolderImportFile.outcome == "created",
        )
    ).first()
    if row is None:
        return None
    return row.study_id if row.study_id is not None else "deleted"


def _already_imported(db: Session, job: FolderImport, file: _File) -> dict:
    earlier = _earlier_study(db, job, file) or "?"
    return error_body("folder_import.skipped_already_imported", name=file.path, study_id=earlier)


def _record(
    db: Session,
    job: FolderImport,
    file: _File,
    outcome: str,
    message: dict | None = None,
    study: Study | None = None,
) -> None:
    """Add the file's row and count it on the job (committed by the caller)."""
    db.add(
        FolderImportFile(
            import_id=job.id,
            team_id=job.team_id,
            path=file.path,
            size_bytes=file.size_bytes,
            sha256=file.sha256,
            outcome=outcome,
            study=study,
            message=message,
        )
    )
    job.files_done += 1
    setattr(job, outcome, getattr(job, outcome) + 1)
    job.updated_at = utcnow()


def _finish(db: Session, job: FolderImport, status: str, error: str | None = None) -> None:
    job.status, job.error, job.worker = status, error, None
    job.finished_at = job.updated_at = utcnow()
    db.commit()


def fail_import(db: Session, job_id: int, error: str) -> None:
    job = db.get(FolderImport, job_id)
    if job is not None and job.status not in ("done", "failed"):
        _finish(db, job, "failed", error)
