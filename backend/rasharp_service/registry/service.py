"""The model registry: versions of the scoring models, for the whole deployment.

A version is a folder of files in the storage (``models/<version>/<file>``) with each file's
SHA-256. Exactly one version is promoted at a time; workers load it before their next job.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

import rasharp
from rasharp.onnx_metadata import onnx_metadata

from ..auth.models import User
from ..config import get_settings
from ..datasets.models import DatasetSnapshot
from ..db import utcnow
from ..errors import Invalid, NotFound
from ..storage import FileStore
from .models import ModelChange, ModelVersion

SHIPPED = "shipped"
REQUIRED_FILE = "localizer.onnx"  # what an Analyzer cannot load without
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# One registry change at a time (promotions, roll-backs, the first registration).
_REGISTRY_LOCK = 0x7261736D  # "rasm"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_key(version: str, name: str) -> str:
    return f"models/{version}/{name}"


def shipped_folder() -> Path:
    """The weights this installation ships: RASHARP_MODEL_DIR, else the rasharp library's."""
    configured = get_settings().model_dir
    return configured or Path(rasharp.__file__).resolve().parent.parent / "weights"


def components(files: dict[str, bytes]) -> dict[str, str | None]:
    """Each ONNX model's own version (as Analyzer.versions gives it), by the file's stem."""
    found: dict[str, str | None] = {}
    for name, data in sorted(files.items()):
        if name.endswith(".onnx"):
            try:
                found[name.removesuffix(".onnx")] = onnx_metadata(data).get("version")
            except ValueError as exc:
                raise Invalid("model.file_not_onnx", name=name, error=str(exc)) from exc
    return found


def _lock(db: Session) -> None:
    db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REGISTRY_LOCK})


def _check_files(files: dict[str, bytes]) -> None:
    for name in files:
        if not FILE_NAME.fullmatch(name):
            raise Invalid("model.file_name_invalid", name=name)
    if REQUIRED_FILE not in files:
        raise Invalid("model.file_missing", required=REQUIRED_FILE, names=", ".join(files) or "-")


def _store(
    db: Session,
    storage: FileStore,
    version: ModelVersion,
    files: dict[str, bytes],
    then: Callable[[ModelVersion], None] | None = None,
):
    for name, data in files.items():
        storage.write(file_key(version.version, name), data)
    db.add(version)
    try:
        db.flush()
        if version.state == "promoted":
            db.add(ModelChange(action="promoted", version_id=version.id, at=version.promoted_at))
        if then is not None:
            then(version)
        db.commit()
    except BaseException:
        db.rollback()
        for name in files:
            storage.delete(file_key(version.version, name))
        raise


def ensure_shipped(db: Session, storage: FileStore) -> None:
    """Register and promote the shipped weights when the registry is still empty."""
    if db.scalar(select(ModelVersion.id).limit(1)) is not None:
        return
    _lock(db)
    if db.scalar(select(ModelVersion.id).limit(1)) is not None:
        db.rollback()
        return
    folder = shipped_folder()
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    files = {name: data for name, data in files.items() if FILE_NAME.fullmatch(name)}
    _check_files(files)
    now = utcnow()
    version = ModelVersion(
        version=SHIPPED,
        state="promoted",
        files={name: sha256(data) for name, data in files.items()},
        components=components(files),
        metrics={},
        promoted_at=now,
        registered_at=now,
    )
    _store(db, storage, version, files)


def register_version(
    db: Session,
    storage: FileStore,
    files: dict[str, bytes],
    metrics: dict | None = None,
    snapshot_id: int | None = None,
    parent: str | None = None,
    user: User | None = None,
    then: Callable[[ModelVersion], None] | None = None,
) -> ModelVersion:
    """Store a candidate version (a training job's output, or files trained elsewhere).
    ``parent``: the version it was fine-tuned from; None: the promoted one. ``then`` changes
    other rows in the same transaction (a training run linked to its candidate): when it
    raises, nothing is registered and the files are deleted again."""
    _check_files(files)
    if metrics is not None and not isinstance(metrics, dict):
        raise Invalid("model.metrics_invalid")
    ensure_shipped(db, storage)
    parent_version = find_version(db, parent) if parent else promoted(db)
    if snapshot_id is not None and db.get(DatasetSnapshot, snapshot_id) is None:
        raise NotFound("model.snapshot_not_found", snapshot_id=snapshot_id)
    number = (db.scalar(select(func.max(ModelVersion.id))) or 0) + 1
    version = ModelVersion(
        version=f"v{number}",
        state="candidate",
        files={name: sha256(data) for name, data in files.items()},
        components=components(files),
        metrics=metrics or {},
        snapshot_id=snapshot_id,
        parent_id=parent_version.id if parent_version else None,
        registered_by_id=user.id if user else None,
    )
    _store(db, storage, version, files, then)
    return version


def find_version(db: Session, version: str) -> ModelVersion:
    found = db.scalar(select(ModelVersion).where(ModelVersion.version == version))
    if found is None:
        raise NotFound("model.not_found", version=version)
    return found


def promoted(db: Session) -> ModelVersion | None:
    return db.scalar(select(ModelVersion).where(ModelVersion.state == "promoted"))


def versions(db: Session) -> list[ModelVersion]:
    return list(db.scalars(select(ModelVersion).order_by(ModelVersion.id.desc())))


def changes(db: Session) -> list[ModelChange]:
    return list(db.scalars(select(ModelChange).order_by(ModelChange.id.desc())))


def promote(db: Session, version: str, user: User) -> ModelVersion:
    """Make a candidate the promoted version; the one promoted before is retired."""
    return _switch(db, version, user, "promoted")


def roll_back(db: Session, version: str, user: User) -> ModelVersion:
    """Return to a version that was promoted before (and is retired now)."""
    return _switch(db, version, user, "rolled_back")


def _switch(db: Session, version: str, user: User, action: str) -> ModelVersion:
    _lock(db)
    target = find_version(db, version)
    if action == "promoted" and target.state != "candidate":
        raise Invalid("model.not_candidate", version=version, state=target.state)
    if action == "rolled_back" and (target.state != "retired" or target.promoted_at is None):
        raise Invalid("model.never_promoted", version=version, state=target.state)
    previous = promoted(db)
    if previous is not None:
        previous.state = "retired"
        db.flush()  # the unique index allows one promoted row: retire first
    now = utcnow()
    target.state, target.promoted_by_id, target.promoted_at = "promoted", user.id, now
    db.add(
        ModelChange(
            action=action,
            version_id=target.id,
            previous_id=previous.id if previous else None,
            by_id=user.id,
            at=now,
        )
    )
    db.commit()
    return target


def fetch_version(storage: FileStore, version: str, files: dict[str, str], cache: Path) -> Path:
    """The version's folder in the local cache, each file checked against its SHA-256 (fetched
    from the storage when missing or different). ValueError when the storage's copy differs."""
    folder = cache / version
    folder.mkdir(parents=True, exist_ok=True)
    for name, expected in files.items():
        path = folder / name
        if path.is_file() and sha256(path.read_bytes()) == expected:
            continue
        data = storage.read(file_key(version, name))
        if sha256(data) != expected:
            raise ValueError(f"{file_key(version, name)} does not match its SHA-256 {expected}")
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    return folder
