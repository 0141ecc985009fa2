from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class DatasetSnapshot(Base):
    """A team's reviewed studies frozen for training (rasharp.snapshots), stored as one ZIP."""

    __tablename__ = "dataset_snapshots"
    __table_args__ = (UniqueConstraint("team_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the CLI
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    films: Mapped[int]
    readers: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))  # the manifest's checksum over every file
    storage_key: Mapped[str] = mapped_column(String(300))
