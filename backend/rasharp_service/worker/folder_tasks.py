"""Worker job: import a folder of the server, one study per film."""

from __future__ import annotations

import logging

from ..db import new_session
from ..folder_imports.run import fail_import, run_import
from ..storage import get_storage
from .celery_app import FOLDER_IMPORT_TASK, celery_app
from .heartbeat import this_worker

log = logging.getLogger(__name__)


@celery_app.task(name=FOLDER_IMPORT_TASK)
def folder_import(job_id: int) -> None:
    with new_session() as db:
        try:
            run_import(db, get_storage(), job_id, this_worker())
        except Exception as exc:  # the import shows as failed rather than running for ever
            log.exception("folder import %s failed", job_id)
            db.rollback()
            fail_import(db, job_id, type(exc).__name__)
