"""Retrieving chosen PACS studies into analysis (WADO-RS), as a job on the worker.

Every film goes through studies.service.create_study, like an upload, so it is stored
de-identified; only its original identifiers are kept apart (PacsOrigin), for the send-back.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import timedelta

import pydicom
from pydicom.dataset import Dataset
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..auth.models import User
from ..config import get_settings
from ..db import utcnow
from ..errors import Invalid, ServiceError, Unavailable
from ..storage import FileStore
from ..studies.models import Study
from ..studies.service import check_visit_date, create_study, enqueue_analysis
from ..worker.celery_app import PACS_IMPORT_TASK, celery_app
from .client import dicomweb_client, pacs_failure
from .models import PacsEndpoint, PacsImport, PacsOrigin
from .search import MODALITIES, dicom_date

log = logging.getLogger(__name__)
MAX_STUDIES = 50
# Longer than one film can take (its PACS requests time out after client.TIMEOUT_S each).
STALE_AFTER = timedelta(minutes=5)
_UID = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def start_import(
    db: Session, user: User, endpoint: PacsEndpoint, study_uids: list[str]
) -> PacsImport:
    """Queue the retrieval of the chosen studies; the worker imports their CR/DX films."""
    uids = list(dict.fromkeys(uid.strip() for uid in study_uids))
    if not uids:
        raise Invalid("pacs.no_studies")
    if len(uids) > MAX_STUDIES:
        raise Invalid("pacs.too_many_studies", maximum=MAX_STUDIES)
    for uid in uids:
        if len(uid) > 64 or not _UID.match(uid):
            raise Invalid("pacs.uid_invalid", uid=uid[:80])
    job = PacsImport(
        endpoint_id=endpoint.id, team_id=user.team_id, user_id=user.id, study_uids=uids
    )
    db.add(job)
    db.commit()
    try:
        celery_app.send_task(PACS_IMPORT_TASK, args=[job.id], ignore_result=True, retry=False)
    except Exception as exc:  # kombu raises several connection error types
        job.status, job.error, job.finished_at = "failed", type(exc).__name__, utcnow()
        db.commit()
        raise Unavailable("pacs.queue_unreachable", error=type(exc).__name__) from None
    return job


def run_import(db: Session, storage: FileStore, job_id: int) -> bool:
    """The worker's side: list the films of each study, then retrieve and import them one by
    one. A film that fails is reported in the job's results; the others go on.

    A job given back to the queue (its worker died) goes on from the first film not yet
    handled. False while another worker is still making progress on it: the job is to be
    looked at again later, when it has either finished or gone stale.
    """
    job = db.get(PacsImport, job_id)
    if job is None or job.status in ("done", "failed"):
        return True
    if not _claim(db, job):
        return False
    endpoint = db.get(PacsEndpoint, job.endpoint_id)
    user = db.get(User, job.user_id)
    if endpoint is None or user is None:
        _finish(db, job, "failed")
        return True
    try:
        client = dicomweb_client(endpoint, get_settings().secret_key)
    except ServiceError as exc:
        _finish(db, job, "failed", exc.message)
        return True
    handled = [r for r in job.results if "film" in r]  # by an earlier, interrupted run
    done = {r["film"] for r in handled}
    films: list[tuple[str, str, str]] = []
    listing_failures = []
    for study_uid in job.study_uids:
        try:
            films += _films_of(client, study_uid)
        except Exception as exc:
            listing_failures.append(_failure(_as_refusal(endpoint, exc)))
    job.results = [*listing_failures, *handled]
    job.instances_total = len(films) + len(listing_failures)
    job.updated_at = utcnow()
    db.commit()
    for number, (study_uid, series_uid, sop_uid) in enumerate(films):
        if number in done:
            continue
        try:
            dataset = client.retrieve_instance(study_uid, series_uid, sop_uid)
            study = import_dicom(db, storage, user, endpoint, _file_bytes(dataset))
            outcome: dict = {"study_id": study.id}
        except Exception as exc:
            db.rollback()
            log.warning("PACS import %s: a film failed: %s", job.id, type(exc).__name__)
            outcome = _failure(_as_refusal(endpoint, exc))
        job.results = [*job.results, {**outcome, "film": number}]
        job.updated_at = utcnow()
        db.commit()
    _finish(db, job, "done")
    return True


def _claim(db: Session, job: PacsImport) -> bool:
    """Take a queued job, or a running one that has made no progress for STALE_AFTER_S (its
    worker died); by a conditional update, so that only one worker takes it."""
    stale = job.updated_at is not None and utcnow() - job.updated_at > STALE_AFTER
    if not (job.status == "queued" or (job.status == "running" and stale)):
        return False
    taken = db.execute(
        update(PacsImport)
        .where(
            PacsImport.id == job.id,
            PacsImport.status == job.status,
            PacsImport.updated_at.is_not_distinct_from(job.updated_at),
        )
        .values(status="running", updated_at=utcnow())
    )
    db.commit()
    db.refresh(job)
    return getattr(taken, "rowcount", 0) == 1


def import_dicom(
    db: Session, storage: FileStore, user: User, endpoint: PacsEndpoint, data: bytes
) -> Study:
    """One retrieved film into analysis: de-identified by create_study (the patient's code is
    the keyed hash of its PatientID), dated by its StudyDate, its original identifiers kept
    apart for the send-back."""
    with io.BytesIO(data) as buffer:
        original = pydicom.dcmread(buffer, stop_before_pixels=True, force=True)
    study = create_study(db, storage, user, data, f"{endpoint.name}.dcm", None, "auto")
    taken = dicom_date((study.radiograph.dicom_metadata or {}).get("StudyDate"))
    try:
        check_visit_date(taken)
        study.visit_date = taken  # as stored: shifted when the site shifts dates
    except ServiceError:
        pass  # a film dated in the future keeps no visit date; its reader can set one
    db.add(
        PacsOrigin(
            study_id=study.id,
            endpoint_id=endpoint.id,
            study_instance_uid=str(original.get("StudyInstanceUID", "")),
            series_instance_uid=str(original.get("SeriesInstanceUID", "")),
            sop_instance_uid=str(original.get("SOPInstanceUID", "")),
            patient_id=str(original.get("PatientID", "")),
            patient_name=str(original.get("PatientName", "")),
        )
    )
    db.commit()
    enqueue_analysis(db, study.analyses[-1])
    return study


def _films_of(client, study_uid: str) -> list[tuple[str, str, str]]:
    """(study, series, instance) UIDs of the study's CR and DX images."""
    films = []
    for item in client.search_for_series(study_uid):
        series = Dataset.from_json(item)
        if str(series.get("Modality", "")) not in MODALITIES:
            continue
        series_uid = str(series.SeriesInstanceUID)
        for instance in client.search_for_instances(study_uid, series_uid):
            films.append((study_uid, series_uid, str(Dataset.from_json(instance).SOPInstanceUID)))
    return films


def _file_bytes(dataset: Dataset) -> bytes:
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _as_refusal(endpoint: PacsEndpoint, exc: Exception) -> ServiceError:
    return exc if isinstance(exc, ServiceError) else pacs_failure(endpoint, exc)


def _failure(exc: ServiceError) -> dict:
    return {"error": exc.message, "code": exc.code, "params": exc.params}


def _finish(db: Session, job: PacsImport, status: str, error: str | None = None) -> None:
    job.status, job.error, job.finished_at = status, error, utcnow()
    job.study_uids = []  # the PACS's identifiers are not kept longer than the job needs them
    db.commit()


def fail_import(db: Session, job_id: int, error: str) -> None:
    job = db.get(PacsImport, job_id)
    if job is not None:
        _finish(db, job, "failed", error)


def import_progress(job: PacsImport) -> dict:
    failed = [r for r in job.results if "study_id" not in r]  # each has its refusal
    return {
        "id": job.id,
        "endpoint_id": job.endpoint_id,
        "status": job.status,
        "instances_total": job.instances_total,
        "instances_done": len(job.results),
        "imported_study_ids": [r["study_id"] for r in job.results if "study_id" in r],
        "failures": [
            {"detail": r["error"], "code": r["code"], "params": r["params"]} for r in failed
        ],
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }
