from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow

STATES = ("candidate", "promoted", "retired")


class ModelVersion(Base):
    """A folder of model files in the storage (``models/<version>/<file>``), for the whole
    deployment: every team's analyses use the one promoted version."""

    __tablename__ = "model_versions"
    __table_args__ = (
        # Exactly one promoted version at a time: a second one is refused by the database.
        Index(
            "ix_model_versions_one_promoted",
            "state",
            unique=True,
            postgresql_where=text("state = 'promoted'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="candidate")
    files: Mapped[dict] = mapped_column(JSONB)  # file name -> SHA-256
    components: Mapped[dict] = mapped_column(JSONB, default=dict)  # e.g. {"localizer": "1.0.0"}
    metrics: Mapped[dict] = mapped_column(JSONB, default=dict)
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("dataset_snapshots.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("model_versions.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: CLI
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    promoted_at: Mapped[datetime | None]


class ModelChange(Base):
    """One promotion or roll-back: who, when, from which version to which. Only ever added."""

    __tablename__ = "model_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))  # promoted, rolled_back
    version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id"))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("model_versions.id"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: automatic
    at: Mapped[datetime] = mapped_column(default=utcnow)
