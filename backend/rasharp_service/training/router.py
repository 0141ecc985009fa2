"""Training runs for administrators: fine-tune the promoted model on a dataset snapshot, follow
the run's progress, cancel it, read its evaluation (the candidate beside the version in use)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..auth.models import User
from ..datasets.models import DatasetSnapshot
from ..deps import AdminUser, RowId, SessionDep, admin_user
from ..registry.models import ModelVersion
from ..storage import get_storage
from . import service
from .models import TrainingRun

router = APIRouter(prefix="/training-runs", tags=["training"], dependencies=[Depends(admin_user)])

MAX_STEPS = 100_000
MAX_TIME_LIMIT_S = 7 * 24 * 3600


class TrainingRunCreate(BaseModel):
    snapshot_id: int = Field(ge=1, le=2**31 - 1, description="a dataset snapshot of your team")
    steps: int = Field(600, ge=1, le=MAX_STEPS, description="optimiser steps of the grader")
    localizer: bool = Field(False, description="also fine-tune the localizer")
    time_limit_s: float | None = Field(
        None, gt=0, le=MAX_TIME_LIMIT_S, description="stop training early after this long"
    )


class TrainingConfig(BaseModel):
    steps: int
    localizer: bool
    time_limit_s: float | None


class TrainingProgress(BaseModel):
    phase: str | None = Field(None, description="preparing, training, evaluating, exporting")
    step: int | None = None
    total: int | None = None
    loss: float | None = None
    validation: dict[str, float | None] | None = None
    eta_s: float | None = Field(None, description="estimated seconds left")
    updated_at: datetime | None = None


class SnapshotRef(BaseModel):
    id: int
    version: int
    name: str
    films: int


class TrainingRunOut(BaseModel):
    id: int
    state: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    snapshot: SnapshotRef
    base_version: str
    config: TrainingConfig
    progress: TrainingProgress
    report: dict | None = Field(description="the evaluation: candidate and in-use metrics")
    candidate_version: str | None
    candidate_state: Literal["candidate", "promoted", "retired"] | None
    error: str | None
    started_by: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    cancel_requested: bool


def _out(db: Session, run: TrainingRun) -> TrainingRunOut:
    snapshot = db.get_one(DatasetSnapshot, run.snapshot_id)
    base = db.get_one(ModelVersion, run.base_version_id)
    candidate = db.get(ModelVersion, run.candidate_version_id) if run.candidate_version_id else None
    starter = db.get(User, run.started_by_id) if run.started_by_id else None
    return TrainingRunOut(
        id=run.id,
        state=run.state,
        snapshot=SnapshotRef.model_validate(snapshot, from_attributes=True),
        base_version=base.version,
        config=TrainingConfig.model_validate(run.config),
        progress=TrainingProgress.model_validate(run.progress or {}),
        report=run.report,
        candidate_version=candidate.version if candidate else None,
        candidate_state=candidate.state if candidate else None,
        error=run.error,
        started_by=starter.username if starter else None,
        created_at=run.created_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
        cancel_requested=run.cancel_requested,
    )


@router.post("", response_model=TrainingRunOut, status_code=status.HTTP_201_CREATED)
def start_run(body: TrainingRunCreate, user: AdminUser, db: SessionDep) -> TrainingRunOut:
    """Queue a fine-tuning of the promoted version on one of your team's snapshots; its output
    becomes a candidate version. One run at a time (409 while another is queued or running)."""
    run = service.start_run(
        db, get_storage(), body.snapshot_id, body.steps, body.localizer, body.time_limit_s, user
    )
    audit.record(
        db,
        user,
        "training_started",
        None,
        run=run.id,
        snapshot=run.snapshot_id,
        steps=body.steps,
        localizer=body.localizer,
    )
    return _out(db, run)


@router.get("", response_model=list[TrainingRunOut])
def list_runs(db: SessionDep) -> list[TrainingRunOut]:
    """The latest runs, newest first."""
    service.check_trainers(db)
    return [_out(db, run) for run in service.runs(db)]


@router.get("/{run_id}", response_model=TrainingRunOut)
def get_run(run_id: RowId, db: SessionDep) -> TrainingRunOut:
    service.check_trainers(db)
    return _out(db, service.find_run(db, run_id))


@router.post("/{run_id}/cancel", response_model=TrainingRunOut)
def cancel_run(run_id: RowId, db: SessionDep) -> TrainingRunOut:
    """Stop a queued or running run: it ends cancelled and registers no version."""
    return _out(db, service.cancel_run(db, run_id))
