"""The model registry for administrators: versions, promotion, roll-back and their history.
The registry belongs to the deployment: every team's analyses use the promoted version."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from ..auth.models import User
from ..datasets.models import DatasetSnapshot
from ..deps import AdminUser, SessionDep, admin_user
from ..storage import get_storage
from . import service
from .models import ModelChange, ModelVersion

router = APIRouter(prefix="/models", tags=["models"], dependencies=[Depends(admin_user)])

VersionName = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._-]+$")]


class SnapshotRef(BaseModel):
    id: int
    version: int
    name: str


class ModelVersionOut(BaseModel):
    version: str
    state: Literal["candidate", "promoted", "retired"]
    files: dict[str, str] = Field(description="file name -> SHA-256")
    components: dict[str, str | None] = Field(description="each ONNX model's own version")
    metrics: dict
    snapshot: SnapshotRef | None
    parent: str | None
    registered_by: str | None
    registered_at: datetime
    promoted_by: str | None
    promoted_at: datetime | None


class ModelChangeOut(BaseModel):
    action: Literal["promoted", "rolled_back"]
    version: str
    previous: str | None
    by: str | None
    at: datetime


def _username(db: Session, user_id: int | None) -> str | None:
    user = db.get(User, user_id) if user_id is not None else None
    return user.username if user else None


def _version_name(db: Session, version_id: int | None) -> str | None:
    found = db.get(ModelVersion, version_id) if version_id is not None else None
    return found.version if found else None


def _out(db: Session, v: ModelVersion) -> ModelVersionOut:
    snapshot = db.get(DatasetSnapshot, v.snapshot_id) if v.snapshot_id else None
    return ModelVersionOut(
        version=v.version,
        state=v.state,
        files=v.files,
        components=v.components,
        metrics=v.metrics,
        snapshot=SnapshotRef.model_validate(snapshot, from_attributes=True) if snapshot else None,
        parent=_version_name(db, v.parent_id),
        registered_by=_username(db, v.registered_by_id),
        registered_at=v.registered_at,
        promoted_by=_username(db, v.promoted_by_id),
        promoted_at=v.promoted_at,
    )


def _change_out(db: Session, change: ModelChange) -> ModelChangeOut:
    return ModelChangeOut(
        action=change.action,
        version=_version_name(db, change.version_id) or "",
        previous=_version_name(db, change.previous_id),
        by=_username(db, change.by_id),
        at=change.at,
    )


@router.get("", response_model=list[ModelVersionOut])
def list_versions(db: SessionDep) -> list[ModelVersionOut]:
    """Every version, newest first (the shipped weights are registered on first use)."""
    service.ensure_shipped(db, get_storage())
    return [_out(db, v) for v in service.versions(db)]


@router.get("/history", response_model=list[ModelChangeOut])
def history(db: SessionDep) -> list[ModelChangeOut]:
    """Every promotion and roll-back, newest first: who, when, from which version."""
    return [_change_out(db, c) for c in service.changes(db)]


@router.post("/{version}/promote", response_model=ModelVersionOut)
def promote(version: VersionName, user: AdminUser, db: SessionDep) -> ModelVersionOut:
    """Workers analyse with this candidate from their next job on; the version promoted
    before is retired."""
    return _out(db, service.promote(db, version, user))


@router.post("/{version}/rollback", response_model=ModelVersionOut)
def roll_back(version: VersionName, user: AdminUser, db: SessionDep) -> ModelVersionOut:
    """Return to a version promoted before."""
    return _out(db, service.roll_back(db, version, user))
