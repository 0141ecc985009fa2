from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow

STATES = ("queued", "running", "succeeded", "failed", "cancelled")
ACTIVE_STATES = ("queued", "running")


class TrainingRun(Base):
    """One fine-tuning of a base model version on a dataset snapshot, run by the trainer
    process (rasharp_service.trainer); on success its output is a candidate model version."""

    __tablename__ = "training_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("dataset_snapshots.id"))
    base_version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id"))
    config: Mapped[dict] = mapped_column(JSONB)  # steps, localizer, time_limit_s
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    # phase, step, total, loss, validation, eta_s, updated_at: the trainer's latest report
    progress: Mapped[dict] = mapped_column(JSONB, default=dict)
    report: Mapped[dict | None] = mapped_column(JSONB)  # the fine-tuning's evaluation
    candidate_version_id: Mapped[int | None] = mapped_column(ForeignKey("model_versions.id"))
    error: Mapped[str | None] = mapped_column(String(2000))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the CLI
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    trainer: Mapped[str | None] = mapped_column(String(200))  # the trainer process running it
