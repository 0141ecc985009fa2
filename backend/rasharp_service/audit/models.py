from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow

# What is recorded: a study opened (at most once per reader and study in a window), a study's
# CSV or PDF, or a team-wide export, downloaded, results sent to a PACS, a server folder
# imported (its studies are those the import lists), and a training run started on a dataset
# snapshot.
AUDIT_ACTIONS = ("opened", "exported", "sent", "imported", "training_started")


class AuditEvent(Base):
    """Who did what with which study, and when. Rows are only ever added."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_team_at", "team_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    study_id: Mapped[int | None] = mapped_column(ForeignKey("studies.id"), index=True)
    details: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")
    at: Mapped[datetime] = mapped_column(default=utcnow)
