"""Worker job: retrieve chosen studies from a PACS into analysis."""

from __future__ import annotations

import logging

from ..db import new_session
from ..pacs.retrieval import STALE_AFTER, fail_import, run_import
from ..storage import get_storage
from .celery_app import PACS_IMPORT_TASK, celery_app

log = logging.getLogger(__name__)


@celery_app.task(name=PACS_IMPORT_TASK, bind=True, max_retries=None)
def pacs_import(self, job_id: int) -> None:
    with new_session() as db:
        try:
            handled = run_import(db, get_storage(), job_id)
        except Exception as exc:  # the job shows as failed rather than running for ever
            log.exception("PACS retrieval %s failed", job_id)
            db.rollback()
            fail_import(db, job_id, type(exc).__name__)
            return
    if not handled:
        # Given back by the broker while another worker still runs it (or before its worker's
        # death shows): looked at again once it would have gone stale.
        raise self.retry(countdown=STALE_AFTER.total_seconds())
