from __future__ import annotations

import logging

from celery.exceptions import TimeoutError as CeleryTimeout
from fastapi import APIRouter, Depends, Response
from starlette.concurrency import run_in_threadpool

from ..deps import SettingsDep, TeamStudy, accepted_user
from ..errors import ServiceError, Unavailable
from ..storage import get_storage
from ..studies.joint_rows import done_analysis
from ..worker.celery_app import REPORT_TASK, celery_app
from .csv_export import study_csv

log = logging.getLogger(__name__)
router = APIRouter(prefix="/studies", tags=["exports"])


def _filename(study, ext: str) -> str:
    return f"rasharp-study-{study.id}.{ext}"


@router.get(
    "/{study_id}/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    dependencies=[Depends(accepted_user)],
)
def export_csv(study: TeamStudy) -> Response:
    done_analysis(study)
    return Response(
        study_csv(study),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename(study, "csv")}"'},
    )


@router.get(
    "/{study_id}/export.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
    dependencies=[Depends(accepted_user)],
)
async def export_pdf(study: TeamStudy, settings: SettingsDep) -> Response:
    """The PDF is rendered by a worker on the `cpu` queue; this waits for it."""
    done_analysis(study)
    try:
        job = celery_app.send_task(REPORT_TASK, args=[study.id], ignore_result=False, retry=False)
        key = await run_in_threadpool(job.get, timeout=settings.report_timeout_s)
    except CeleryTimeout:
        raise Unavailable(
            f"The report was not ready within {settings.report_timeout_s} s: "
            "the workers are busy or not running. Please try again."
        ) from None
    except ServiceError:
        raise
    except Exception:
        # The worker's error names files and internals: it goes to the log, not to the user.
        log.exception("the report of study %s could not be made", study.id)
        raise Unavailable(
            f"The report of study {study.id} could not be made; the error has been logged. "
            "Please try again later or tell the administrator."
        ) from None
    storage = get_storage()
    pdf = storage.read(key)
    storage.delete(key)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_filename(study, "pdf")}"'},
    )
