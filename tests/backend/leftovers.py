"""What a refused request must not leave behind: rows of an upload and files in storage."""

from __future__ import annotations

from sqlalchemy import func, select

from rasharp_service.config import get_settings
from rasharp_service.studies.models import Analysis, Patient, Radiograph, Study


def row_counts(db) -> tuple[int, ...]:
    """Studies, radiographs, analyses and patients in the database."""
    db.expire_all()
    return tuple(
        db.scalar(select(func.count()).select_from(t))
        for t in (Study, Radiograph, Analysis, Patient)
    )


def stored_files() -> list[str]:
    root = get_settings().storage_dir
    return (
        sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )
