"""Folder imports: a folder of the server imported by an administrator, and each of its files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, utcnow
from ..studies.models import Study

IMPORT_STATUSES = ("queued", "running", "done", "failed")
FILE_OUTCOMES = ("created", "skipped", "failed")


class FolderImport(Base):
    """One import job: the folder, its progress, and who asked for it (the studies are theirs,
    in their team)."""

    __tablename__ = "folder_imports"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name="folder_import_status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    folder: Mapped[str] = mapped_column(String(1000))  # relative to RASHARP_IMPORT_ROOT
    status: Mapped[str] = mapped_column(String(10), default="queued")
    # The worker process running it: a running import whose worker's heartbeat stopped is
    # queued again by the job recovery, and goes on from the first file not yet recorded.
    worker: Mapped[str | None] = mapped_column(String(200))
    files_found: Mapped[int | None] = mapped_column()  # None until the folder has been walked
    files_done: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    # files_done when the current run started: its speed counts only its own files
    done_at_start: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class FolderImportFile(Base):
    """What became of one file of an import. A created film's content hash is unique in the
    team: the same film, found again by this import or any later one, is skipped."""

    __tablename__ = "folder_import_files"
    __table_args__ = (
        CheckConstraint(
            "outcome IN ('created', 'skipped', 'failed')", name="folder_import_outcome_known"
        ),
        Index("ix_folder_import_files_import_path", "import_id", "path", unique=True),
        Index(
            "ix_folder_import_files_team_film",
            "team_id",
            "sha256",
            unique=True,
            postgresql_where=text("outcome = 'created'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("folder_imports.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    path: Mapped[str] = mapped_column(String(1000))  # relative to the imported folder
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))  # of the file as found, not as stored
    outcome: Mapped[str] = mapped_column(String(10))
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id", ondelete="SET NULL"))
    message: Mapped[dict | None] = mapped_column(JSONB)  # detail, code, params: why skipped/failed
    at: Mapped[datetime] = mapped_column(default=utcnow)

    study: Mapped[Study | None] = relationship()
