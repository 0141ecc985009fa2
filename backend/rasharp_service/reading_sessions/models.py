"""Reading sessions: several readers grade the same studies, each on their own, for a report of
their agreement. A session's grades are its own rows: they never change the studies' grades."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rasharp.scheme import GRADE_RANGES

from ..auth.models import User
from ..db import Base, utcnow

ORDERS = ("random", "chronological")


class ReadingSession(Base):
    __tablename__ = "reading_sessions"
    __table_args__ = (
        CheckConstraint("reading_order IN ('random', 'chronological')", name="order_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    show_model_grades: Mapped[bool] = mapped_column(Boolean)
    reading_order: Mapped[str] = mapped_column(String(13))
    blind_to_each_other: Mapped[bool] = mapped_column(Boolean)

    readers: Mapped[list[SessionReader]] = relationship(
        order_by="SessionReader.id", cascade="all, delete-orphan", lazy="selectin"
    )
    items: Mapped[list[SessionItem]] = relationship(
        order_by="SessionItem.id", cascade="all, delete-orphan"
    )


class SessionReader(Base):
    __tablename__ = "reading_session_readers"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("reading_sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship(lazy="joined")


class SessionItem(Base):
    """One study in a session, with the analysis whose joints the readers grade. Readers know
    it by this row's id only, never the study's."""

    __tablename__ = "reading_session_items"
    __table_args__ = (UniqueConstraint("session_id", "study_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("reading_sessions.id", ondelete="CASCADE"), index=True
    )
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id"), index=True)
    # a deleted study's results go, and with them its reads in sessions
    analysis_id: Mapped[int] = mapped_column(ForeignKey("analyses.id", ondelete="CASCADE"))


class SessionRead(Base):
    """One reader's read of one item: where it stands in their queue, and whether it is done."""

    __tablename__ = "reading_session_reads"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("reading_session_items.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    position: Mapped[int]  # 1-based place in this reader's queue
    done_at: Mapped[datetime | None]

    item: Mapped[SessionItem] = relationship(lazy="joined")
    grades: Mapped[list[SessionGrade]] = relationship(
        order_by="SessionGrade.id", cascade="all, delete-orphan"
    )


class SessionGrade(Base):
    """A reader's grades of one joint in a session (empty until given, unless the session starts
    from the model's grades)."""

    __tablename__ = "reading_session_grades"
    __table_args__ = (
        UniqueConstraint("read_id", "side", "code"),
        CheckConstraint("side IN ('left', 'right')", name="side_known"),
        *(
            CheckConstraint(f"{kind} BETWEEN {r.minimum} AND {r.maximum}", name=f"{kind}_range")
            for kind, r in GRADE_RANGES.items()
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    read_id: Mapped[int] = mapped_column(
        ForeignKey("reading_session_reads.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(5))
    code: Mapped[str] = mapped_column(String(8))
    erosion: Mapped[int | None] = mapped_column(SmallInteger)
    jsn: Mapped[int | None] = mapped_column(SmallInteger)


class Adjudication(Base):
    """The grade an administrator settled on where readers differed by more than one grade; it
    replaces the consensus of that joint in the report."""

    __tablename__ = "reading_session_adjudications"
    __table_args__ = (
        UniqueConstraint("item_id", "side", "code", "kind"),
        CheckConstraint("kind IN ('erosion', 'jsn')", name="kind_known"),
        CheckConstraint("side IN ('left', 'right')", name="side_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("reading_session_items.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(5))
    code: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(7))
    value: Mapped[int] = mapped_column(SmallInteger)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
