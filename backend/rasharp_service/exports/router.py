from __future__ import annotations

import logging
import re
from datetime import date
from typing import Annotated
from urllib.parse import quote

from celery.exceptions import TimeoutError as CeleryTimeout
from fastapi import APIRouter, Depends, Header, Query, Response
from starlette.concurrency import run_in_threadpool

from ..audit import service as audit
from ..deps import AcceptedUser, SessionDep, SettingsDep, TeamStudy, accepted_user
from ..errors import ServiceError, Unavailable
from ..storage import get_storage
from ..studies.joint_rows import done_analysis
from ..studies.reporting import last_readers, visit_date
from ..worker.celery_app import REPORT_TASK, celery_app
from .cohort_csv import cohort_csv
from .csv_export import study_csv
from .labels import Language, language_from

log = logging.getLogger(__name__)
router = APIRouter(prefix="/studies", tags=["exports"])
cohort_router = APIRouter(prefix="/exports", tags=["exports"])

LanguageQuery = Annotated[
    Language | None,
    Query(description="The report's language; without it, the first of Accept-Language it speaks."),
]
AcceptLanguage = Annotated[str | None, Header(include_in_schema=False)]
_UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")


def export_filename(study, ext: str) -> str:
    """rasharp-<patient code>-<visit date>-study-<id>.<ext>: the code kept as typed, with
    anything but letters, digits, dot and dash made an underscore."""
    code = _UNSAFE_IN_NAME.sub("_", study.patient.code).strip("_.") if study.patient else ""
    parts = ["rasharp", code or "no-code", visit_date(study).isoformat(), f"study-{study.id}"]
    return "-".join(parts) + f".{ext}"


def _attachment(filename: str) -> dict[str, str]:
    """The name as UTF-8 (RFC 6266), with an ASCII fallback for older clients."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_")
    return {
        "Content-Disposition": f'attachment; filename="{fallback}"; '
        f"filename*=UTF-8''{quote(filename)}"
    }


@router.get(
    "/{study_id}/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    dependencies=[Depends(accepted_user)],
)
def export_csv(study: TeamStudy, user: AcceptedUser, db: SessionDep) -> Response:
    done_analysis(study)
    audit.record(db, user, "exported", study.id, format="csv")
    return Response(
        study_csv(study, last_readers(db, study)),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(export_filename(study, "csv")),
    )


@cohort_router.get(
    "/cohort.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}}
)
def export_cohort_csv(user: AcceptedUser, db: SessionDep) -> Response:
    """One row per patient and visit: every grade in RA2 DREAM's columns with its source
    (model or reader), the totals and their change since the previous visit."""
    filename = f"rasharp-cohort-{date.today().isoformat()}.csv"
    table = cohort_csv(db, user.team_id)
    audit.record(db, user, "exported", None, what="cohort", format="csv")
    return Response(
        table,
        media_type="text/csv; charset=utf-8",
        headers=_attachment(filename),
    )


@router.get(
    "/{study_id}/export.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
    dependencies=[Depends(accepted_user)],
)
async def export_pdf(
    study: TeamStudy,
    user: AcceptedUser,
    db: SessionDep,
    settings: SettingsDep,
    lang: LanguageQuery = None,
    accept_language: AcceptLanguage = None,
) -> Response:
    """The PDF is rendered by a worker on the `cpu` queue; this waits for it."""
    done_analysis(study)
    language = lang or language_from(accept_language)
    try:
        job = celery_app.send_task(
            REPORT_TASK, args=[study.id, language], ignore_result=False, retry=False
        )
        key = await run_in_threadpool(job.get, timeout=settings.report_timeout_s)
    except CeleryTimeout:
        raise Unavailable("export.report_timeout", seconds=settings.report_timeout_s) from None
    except ServiceError:
        raise
    except Exception:
        # The worker's error names files and internals: it goes to the log, not to the user.
        log.exception("the report of study %s could not be made", study.id)
        raise Unavailable("export.report_failed", study_id=study.id) from None
    storage = get_storage()
    pdf = storage.read(key)
    storage.delete(key)
    await run_in_threadpool(
        audit.record, db, user, "exported", study.id, format="pdf", language=language
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers=_attachment(export_filename(study, "pdf")),
    )
