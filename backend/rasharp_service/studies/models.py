"""Patients, radiographs, studies, analyses, joints, grade edits and heatmaps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rasharp.scheme import GRADE_RANGES

from ..auth.models import User
from ..db import Base, utcnow
from ..errors import Param, english

ANALYSIS_STATUSES = ("queued", "running", "done", "failed")


class Patient(Base):
    """A pseudonymous patient of one team: no names, only the team's own code."""

    __tablename__ = "patients"
    __table_args__ = (
        UniqueConstraint("team_id", "code"),
        CheckConstraint("sex IN ('F', 'M', 'X')", name="sex_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    sex: Mapped[str | None] = mapped_column(String(1))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Radiograph(Base):
    """An image file, stored once by the SHA-256 of its bytes whoever uploads it."""

    __tablename__ = "radiographs"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    storage_key: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(10))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int]
    height: Mapped[int]
    pixel_spacing_mm: Mapped[float | None] = mapped_column(Float)
    dicom_metadata: Mapped[dict | None] = mapped_column(JSONB, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Study(Base):
    """One upload by a team: a radiograph of a patient and its analyses."""

    __tablename__ = "studies"
    __table_args__ = (
        CheckConstraint("requested_side IN ('auto', 'left', 'right')", name="requested_side_known"),
        CheckConstraint(
            "reader_pixel_spacing_mm > 0 AND reader_pixel_spacing_mm <= 2",
            name="reader_pixel_spacing_plausible",
        ),
        # the worklist: a team's studies newest first (read backwards)
        Index("ix_studies_team_id_created_at_id", "team_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"), index=True)
    # None once the study was deleted (the radiograph goes unless another study holds it)
    radiograph_id: Mapped[int | None] = mapped_column(ForeignKey("radiographs.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    original_name: Mapped[str] = mapped_column(String(255))
    requested_side: Mapped[str] = mapped_column(String(5), default="auto")
    visit_date: Mapped[date | None]  # when the film was taken, as the reader gives it
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Millimetres per pixel a reader set (a known distance on the film, or typed); it outranks
    # the film's own spacing for this study's widths in millimetres. Per study, not on the
    # radiograph: another team may upload the same file and calibrate it otherwise.
    reader_pixel_spacing_mm: Mapped[float | None] = mapped_column(Float)
    # A deleted study stays as this row, with its history, for the audit; nothing else of it.
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A reader marked the study reviewed: its grades and joint positions are final, and it is
    # training data (rasharp.snapshots). Reopening it clears both.
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    patient: Mapped[Patient | None] = relationship(lazy="joined")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id], lazy="joined")
    radiograph: Mapped[Radiograph] = relationship(lazy="joined")
    analyses: Mapped[list[Analysis]] = relationship(back_populates="study", order_by="Analysis.id")

    @property
    def analysis(self) -> Analysis | None:
        return self.analyses[-1] if self.analyses else None


class Analysis(Base):
    __tablename__ = "analyses"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status_known"),
        # the recovery's scan of unfinished analyses reads only these few rows
        Index(
            "ix_analyses_status_active",
            "status",
            postgresql_where=text("status IN ('queued', 'running')"),
        ),
        # a study's latest analysis (read backwards)
        Index("ix_analyses_study_id_id", "study_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The worker process (worker.heartbeat.worker_id) that runs it, while it is running.
    worker: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)  # in English; the code says it in any language
    error_code: Mapped[str | None] = mapped_column(String(40))  # errors.MESSAGES
    error_params: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")
    model_versions: Mapped[dict] = mapped_column(JSONB, default=dict)
    timings_ms: Mapped[dict] = mapped_column(JSONB, default=dict)
    hands: Mapped[list] = mapped_column(JSONB, default=list)
    # rasharp.scope's warnings: why the grades of the film, or of one hand, may not hold
    scope_warnings: Mapped[list] = mapped_column(JSONB, default=list, server_default="[]")
    # What a re-analysis changed of the model's grades: [{side, joint, kind, old, new}]
    model_changes: Mapped[list] = mapped_column(JSONB, default=list, server_default="[]")
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    def fail(self, code: str, **params: Param) -> None:
        """Failed, and why: the English sentence and its code and values for translation."""
        self.status, self.finished_at, self.worker = "failed", utcnow(), None
        self.error = english(code, params)[:2000]
        self.error_code, self.error_params = code, params

    study: Mapped[Study] = relationship(back_populates="analyses")
    joints: Mapped[list[Joint]] = relationship(
        back_populates="analysis", order_by="Joint.id", cascade="all, delete-orphan"
    )
    heatmaps: Mapped[list[Heatmap]] = relationship(
        order_by="Heatmap.kind", cascade="all, delete-orphan"
    )


class Joint(Base):
    """One joint of one hand: the model's output (kept as it came) and the current values.

    ``*_model`` columns hold the model's grades at the current position (after a re-score);
    ``erosion`` / ``jsn`` are the values a reader sees and may edit; ``model_output`` is the
    analysis's original output that a reset returns to.
    """

    __tablename__ = "joints"
    __table_args__ = (
        # deferrable: the joints of two hands swap sides in one transaction (corrections.set_hand_side)
        UniqueConstraint("analysis_id", "side", "code", deferrable=True, initially="IMMEDIATE"),
        CheckConstraint("side IN ('left', 'right')", name="side_known"),
        # one column per grade kind (erosion, jsn); a changed range needs a migration
        *(
            CheckConstraint(f"{kind} BETWEEN {r.minimum} AND {r.maximum}", name=f"{kind}_range")
            for kind, r in GRADE_RANGES.items()
        ),
        # the recovery's scan of pending re-scores reads only these few rows
        Index("ix_joints_rescore_pending", "id", postgresql_where=text("rescore_pending")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[str] = mapped_column(String(5))
    code: Mapped[str] = mapped_column(String(8))
    present: Mapped[bool] = mapped_column(Boolean)
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    box: Mapped[list | None] = mapped_column(JSONB)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    erosion_model: Mapped[int | None] = mapped_column(SmallInteger)
    erosion_probabilities: Mapped[list] = mapped_column(JSONB, default=list)
    erosion_uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    erosion: Mapped[int | None] = mapped_column(SmallInteger)
    jsn_model: Mapped[int | None] = mapped_column(SmallInteger)
    jsn_probabilities: Mapped[list] = mapped_column(JSONB, default=list)
    jsn_uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    jsn: Mapped[int | None] = mapped_column(SmallInteger)
    # A reader confirmed the current grade as it is; an edit or a reset clears it (an edited
    # grade counts as reviewed by itself).
    erosion_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    jsn_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    jsw_mm: Mapped[float | None] = mapped_column(Float)
    jsw_px: Mapped[float | None] = mapped_column(Float)
    jsw_mm_basis: Mapped[str | None] = mapped_column(String(8))  # "detector" or "anatomy"
    jsw_relative: Mapped[float | None] = mapped_column(Float)  # width / bone width at the joint
    jsw_z: Mapped[float | None] = mapped_column(Float)  # against adult reference values
    jsw_reason: Mapped[str | None] = mapped_column(Text)
    # why an absent joint is absent: "outside_film" (cut off by its edge) or "not_found"
    absent: Mapped[str | None] = mapped_column(String(12))
    moved: Mapped[bool] = mapped_column(Boolean, default=False)
    rescore_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    # Increases with every move, so that only the newest re-score is applied.
    move_count: Mapped[int] = mapped_column(Integer, default=0)
    # When the pending re-score was sent, and the worker process running it (None while queued),
    # so that the re-score of a worker that died, or one the queue lost, is sent again.
    rescore_queued_at: Mapped[datetime | None]
    rescore_worker: Mapped[str | None] = mapped_column(String(200))
    model_output: Mapped[dict] = mapped_column(JSONB, deferred=True)  # read only by a reset

    analysis: Mapped[Analysis] = relationship(back_populates="joints")


class GradeEdit(Base):
    """Append-only history of every change a reader made: grade, position or reset."""

    __tablename__ = "grade_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    side: Mapped[str | None] = mapped_column(String(5))
    joint_code: Mapped[str | None] = mapped_column(String(8))
    # erosion, jsn, position, reset, pixel_spacing; confirm (new_value {kind: grade}); reviewed,
    # reopened
    field: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[dict | int | None] = mapped_column(JSONB)
    new_value: Mapped[dict | int | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Heatmap(Base):
    __tablename__ = "heatmaps"
    __table_args__ = (UniqueConstraint("analysis_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    storage_key: Mapped[str] = mapped_column(String(300))
    width: Mapped[int]
    height: Mapped[int]
