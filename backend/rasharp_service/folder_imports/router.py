"""Folder imports for administrators: a folder of the server imported into the worklist."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from ..deps import AdminUser, RowId, SessionDep, admin_user
from ..errors import ErrorBody
from . import service
from .models import FolderImport

router = APIRouter(
    prefix="/folder-imports", tags=["folder-imports"], dependencies=[Depends(admin_user)]
)


class FolderImportIn(BaseModel):
    folder: str = Field(
        max_length=1000,
        description="a folder below RASHARP_IMPORT_ROOT: relative to it, or absolute inside it",
    )


class FolderImportOut(BaseModel):
    id: int
    folder: str
    status: str
    files_found: int | None = Field(description="None until the folder has been walked")
    files_done: int
    created: int
    skipped: int
    failed: int
    films_per_second: float | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ImportedFileOut(BaseModel):
    path: str = Field(description="relative to the imported folder")
    study_id: int | None
    message: ErrorBody | None


class FolderImportDetailOut(FolderImportOut):
    failures: list[ImportedFileOut]
    skipped_files: list[ImportedFileOut]


def _out(job: FolderImport) -> FolderImportOut:
    return FolderImportOut(
        id=job.id,
        folder=job.folder,
        status=job.status,
        files_found=job.files_found,
        files_done=job.files_done,
        created=job.created,
        skipped=job.skipped,
        failed=job.failed,
        films_per_second=service.films_per_second(job),
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.post("", response_model=FolderImportOut, status_code=status.HTTP_202_ACCEPTED)
def start_import(body: FolderImportIn, admin: AdminUser, db: SessionDep) -> FolderImportOut:
    """Import every film of a server folder (recursively: DICOM, PNG, JPEG) as a job: one study
    per film in the administrator's team, analysed like an upload. Films imported before are
    skipped."""
    return _out(service.start_import(db, admin, body.folder))


@router.get("", response_model=list[FolderImportOut])
def list_imports(admin: AdminUser, db: SessionDep) -> list[FolderImportOut]:
    """The team's folder imports, newest first, with their progress."""
    return [_out(job) for job in service.team_imports(db, admin.team_id)]


@router.get("/{import_id}", response_model=FolderImportDetailOut)
def get_import(import_id: RowId, admin: AdminUser, db: SessionDep) -> FolderImportDetailOut:
    """An import's progress, with the files that failed and those skipped, each saying why."""
    job = service.find_import(db, import_id, admin.team_id)

    def files(outcome: str) -> list[ImportedFileOut]:
        return [
            ImportedFileOut(
                path=f.path,
                study_id=f.study_id,
                message=ErrorBody(**f.message) if f.message else None,
            )
            for f in service.files_of(db, job, outcome)
        ]

    return FolderImportDetailOut(
        **_out(job).model_dump(), failures=files("failed"), skipped_files=files("skipped")
    )
