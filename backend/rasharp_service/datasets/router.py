"""Dataset snapshots for administrators: reviewed studies frozen as training data."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field

from ..audit import service as audit
from ..auth.models import Team
from ..deps import AdminUser, RowId, SessionDep, admin_user
from ..storage import get_storage
from . import service

router = APIRouter(prefix="/datasets", tags=["datasets"], dependencies=[Depends(admin_user)])


class SnapshotCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class SnapshotOut(BaseModel):
    id: int
    version: int
    name: str
    created_at: datetime
    films: int
    readers: int
    sha256: str = Field(description="the manifest's checksum over every file of the snapshot")


def _out(snapshot) -> SnapshotOut:
    return SnapshotOut.model_validate(snapshot, from_attributes=True)


@router.post("", response_model=SnapshotOut, status_code=status.HTTP_201_CREATED)
def create_snapshot(body: SnapshotCreate, user: AdminUser, db: SessionDep) -> SnapshotOut:
    """Freeze the team's reviewed studies: images, joint positions, final grades and every
    reader's grades, with checksums (see rasharp.snapshots)."""
    team = db.get_one(Team, user.team_id)
    return _out(service.create_snapshot(db, get_storage(), team, user, body.name))


@router.get("", response_model=list[SnapshotOut])
def list_snapshots(user: AdminUser, db: SessionDep) -> list[SnapshotOut]:
    return [_out(s) for s in service.snapshots(db, user.team_id)]


@router.get(
    "/{snapshot_id}/download",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
def download_snapshot(snapshot_id: RowId, user: AdminUser, db: SessionDep) -> Response:
    snapshot = service.find_snapshot(db, user.team_id, snapshot_id)
    data = get_storage().read(snapshot.storage_key)
    audit.record(db, user, "exported", None, what="dataset", version=snapshot.version)
    filename = f"rasharp-dataset-v{snapshot.version}.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
