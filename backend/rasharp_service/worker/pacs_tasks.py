"""Worker job: retrieve chosen studies from a PACS into analysis."""

from __future__ import annotations

import logging

from ..db import new_session
from ..pacs.retrieval import fail_import, run_import
from ..storage import get_storage
from .celery_app import PACS_IMPORT_TASK, celery_app

log = logging.getLogger(__name__)


@celery_app.task(name=PACS_IMPORT_TASK)
def pacs_import(job_id: int) -> None:
    with new_session() as db:
        try:
            run_import(db, get_storage(), job_id)
        except Exception as exc:  # the job shows as failed rather than running for ever
            log.exception("PACS retrieval %s failed", job_id)
            db.rollback()
            fail_import(db, job_id, type(exc).__name__)
