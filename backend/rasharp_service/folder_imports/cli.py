"""`rasharp-admin import-folder`: a server folder imported by the worker, as from the UI."""

from __future__ import annotations

import sys
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..auth.service import user_named
from ..errors import ServiceError
from .models import FolderImport
from .service import files_of, films_per_second, record_import, send_import

POLL_S = 1.0


def import_folder(db: Session, path: str, username: str | None, wait: bool) -> int:
    user = _administrator(db, username)
    if user is None:
        return 1
    try:
        job = record_import(db, user, path)
    except ServiceError as refusal:
        print(f"rasharp-admin: {refusal.message}", file=sys.stderr)
        return 2
    try:
        send_import(job.id)
    except Exception as exc:  # kombu raises several connection error types
        print(
            f"rasharp-admin: the job queue is not reachable ({type(exc).__name__}); a running "
            "worker sends queued imports again within a minute or so",
            file=sys.stderr,
        )
    print(f"folder import {job.id} of {job.folder} queued for team {user.team.name}")
    return _follow(db, job) if wait else 0


def _administrator(db: Session, username: str | None) -> User | None:
    if username is not None:
        user = user_named(db, username)
        if user is None or not user.is_admin or not user.is_active:
            print(f"rasharp-admin: no active administrator named {username!r}", file=sys.stderr)
            return None
        return user
    admins = db.scalars(select(User).where(User.is_admin, User.is_active)).all()
    if len(admins) != 1:
        print(
            f"rasharp-admin: there are {len(admins)} administrators; say whose team gets the "
            "studies with --user NAME",
            file=sys.stderr,
        )
        return None
    return admins[0]


def _follow(db: Session, job: FolderImport) -> int:
    """Print the progress until the import finishes; then its failures."""
    last = None
    while True:
        db.refresh(job)
        line = _progress_line(job)
        if line != last:
            print(line, flush=True)
            last = line
        if job.status in ("done", "failed"):
            break
        time.sleep(POLL_S)
    for failure in files_of(db, job, "failed"):
        print(f"failed: {failure.path}: {(failure.message or {}).get('detail', '')}")
    if job.status == "failed":
        print(f"rasharp-admin: the import failed: {job.error}", file=sys.stderr)
        return 1
    return 0


def _progress_line(job: FolderImport) -> str:
    found = "?" if job.files_found is None else job.files_found
    speed = films_per_second(job)
    rate = f", {speed} films/s" if speed else ""
    return (
        f"{job.status}: {job.files_done} of {found} files: {job.created} created, "
        f"{job.skipped} skipped, {job.failed} failed{rate}"
    )
