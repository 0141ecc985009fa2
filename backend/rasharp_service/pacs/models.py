"""The hospital's PACS: its DICOMweb endpoints, retrieval jobs, the site's mapping back to the
original identifiers of retrieved films, and the log of every result sent back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow

AUTH_KINDS = ("none", "basic", "bearer")
IMPORT_STATUSES = ("queued", "running", "done", "failed")


class PacsEndpoint(Base):
    """A DICOMweb service of the site, set up by an administrator.

    The password or token is kept only encrypted (pacs.credentials), so that a dump of the
    database alone does not give access to the PACS.
    """

    __tablename__ = "pacs_endpoints"
    __table_args__ = (CheckConstraint("auth IN ('none', 'basic', 'bearer')", name="auth_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    base_url: Mapped[str] = mapped_column(String(500))
    # Path prefixes of the three services under base_url, where a PACS gives them different ones
    qido_prefix: Mapped[str | None] = mapped_column(String(100))
    wado_prefix: Mapped[str | None] = mapped_column(String(100))
    stow_prefix: Mapped[str | None] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(6), default="none")
    username: Mapped[str | None] = mapped_column(String(200))
    secret_encrypted: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PacsImport(Base):
    """A retrieval job: the chosen PACS studies, and what became of each of their films."""

    __tablename__ = "pacs_imports"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name="import_status_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("pacs_endpoints.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    # The PACS's StudyInstanceUIDs to retrieve; emptied once the job has finished.
    study_uids: Mapped[list] = mapped_column(JSONB, default=list)
    instances_total: Mapped[int] = mapped_column(Integer, default=0)
    # One entry per film handled, {"film": its number, "study_id": ..} or {"film": ..,
    # "error": .., "code": .., "params": ..}, and one per study whose films could not be listed
    results: Mapped[list] = mapped_column(JSONB, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Its last progress: a running job without any for long lost its worker (retrieval._claim)
    updated_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class PacsOrigin(Base):
    """The original identifiers of a retrieved film, as the PACS knows it.

    The site's mapping for sending results back: read only by pacs.send, never shown.
    """

    __tablename__ = "pacs_origins"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), unique=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("pacs_endpoints.id", ondelete="CASCADE"))
    study_instance_uid: Mapped[str] = mapped_column(String(64))
    series_instance_uid: Mapped[str] = mapped_column(String(64))
    sop_instance_uid: Mapped[str] = mapped_column(String(64))
    patient_id: Mapped[str] = mapped_column(String(64))
    patient_name: Mapped[str] = mapped_column(String(330))


class PacsSend(Base):
    """Every sending of results to a PACS: who, which study, where, what, and how it went."""

    __tablename__ = "pacs_sends"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    # The log outlives the connection: its name is kept, the link emptied when it is removed.
    endpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("pacs_endpoints.id", ondelete="SET NULL")
    )
    endpoint_name: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    documents: Mapped[list] = mapped_column(JSONB)  # "sr", "sc"
    reidentified: Mapped[bool] = mapped_column(Boolean)  # with the PACS's own identifiers
    succeeded: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
