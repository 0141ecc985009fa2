"""Dataset snapshots of a team's reviewed studies: made, listed and read back as a ZIP."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rasharp.snapshots import write_snapshot

from ..auth.models import Team, User
from ..db import utcnow
from ..errors import Invalid, NotFound
from ..storage import FileStore
from ..studies.models import Analysis, Study
from .labels import image_name, snapshot_film
from .models import DatasetSnapshot


def reviewed_studies(db: Session, team_id: int) -> list[Study]:
    done = select(Analysis.study_id).where(Analysis.status == "done")
    return list(
        db.scalars(
            select(Study)
            .where(
                Study.team_id == team_id,
                Study.reviewed_at.is_not(None),
                Study.deleted_at.is_(None),
                Study.id.in_(done),
            )
            .order_by(Study.id)
        )
    )


def create_snapshot(
    db: Session, storage: FileStore, team: Team, user: User | None, name: str
) -> DatasetSnapshot:
    """Freeze the team's reviewed studies; refused when there are none."""
    studies = reviewed_studies(db, team.id)
    if not studies:
        raise Invalid("dataset.nothing_reviewed")
    version = (
        db.scalar(
            select(func.max(DatasetSnapshot.version)).where(DatasetSnapshot.team_id == team.id)
        )
        or 0
    ) + 1
    films = [snapshot_film(db, study) for study in studies]
    images = {image_name(s): storage.read(s.radiograph.storage_key) for s in studies}
    created_at = utcnow()
    with tempfile.TemporaryDirectory(prefix="rasharp-snapshot-") as work:
        folder = Path(work) / "snapshot"
        manifest = write_snapshot(
            folder, films, images, name, version, team.name, created_at.isoformat()
        )
        archive = _zipped(folder)
    key = f"datasets/{team.id}/v{version}-{manifest['sha256'][:12]}.zip"
    storage.write(key, archive)
    snapshot = DatasetSnapshot(
        team_id=team.id,
        version=version,
        name=name,
        created_by_id=user.id if user else None,
        created_at=created_at,
        films=len(films),
        readers=len(manifest["readers"]),
        sha256=manifest["sha256"],
        storage_key=key,
    )
    db.add(snapshot)
    try:
        db.commit()
    except BaseException:
        db.rollback()
        storage.delete(key)
        raise
    return snapshot


def snapshots(db: Session, team_id: int) -> list[DatasetSnapshot]:
    return list(
        db.scalars(
            select(DatasetSnapshot)
            .where(DatasetSnapshot.team_id == team_id)
            .order_by(DatasetSnapshot.version.desc())
        )
    )


def find_snapshot(db: Session, team_id: int, snapshot_id: int) -> DatasetSnapshot:
    snapshot = db.get(DatasetSnapshot, snapshot_id)
    if snapshot is None or snapshot.team_id != team_id:
        raise NotFound("dataset.not_found", snapshot_id=snapshot_id)
    return snapshot


def _zipped(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return out.getvalue()
