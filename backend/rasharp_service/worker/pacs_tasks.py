"""Worker job: retrieve chosen studies from a PACS into analysis."""

from __future__ import annotations

from ..db import new_session
from ..pacs.retrieval import run_import
from ..storage import get_storage
from .celery_app import PACS_IMPORT_TASK, celery_app


@celery_app.task(name=PACS_IMPORT_TASK)
def pacs_import(job_id: int) -> None:
    with new_session() as db:
        run_import(db, get_storage(), job_id)
