"""Sending a study's results back to a PACS (STOW-RS): the one place results leave for one.

A film retrieved from this PACS is referenced by its original identifiers, from the site's
mapping (PacsOrigin), so that the results join the patient's study there; any other film is
sent with the de-identified identifiers it is stored with. Every send is logged (PacsSend).
"""

from __future__ import annotations

import io
import logging
import warnings

import pydicom
from pydicom.dataset import Dataset
from pydicom.uid import generate_uid
from sqlalchemy import select
from sqlalchemy.orm import Session

from rasharp.imaging import read_image

from ..audit import service as audit
from ..auth.models import User
from ..config import get_settings
from ..errors import Forbidden, Invalid, ServiceError
from ..storage import FileStore
from ..studies.joint_rows import done_analysis, joint_rows
from ..studies.models import Study
from .client import dicomweb_client, pacs_failure
from .documents import marked_film, measurement_report
from .models import PacsEndpoint, PacsOrigin, PacsSend

log = logging.getLogger(__name__)
DOCUMENTS = ("sr", "sc")  # the structured report, the secondary capture


def may_send(user: User) -> bool:
    return user.is_admin


def send_results(
    db: Session,
    storage: FileStore,
    user: User,
    endpoint: PacsEndpoint,
    study: Study,
    documents: list[str],
) -> PacsSend:
    """Build the chosen documents of a finished study and store them in the PACS."""
    if not may_send(user):
        raise Forbidden("pacs.send_admin_only")
    chosen = [d for d in DOCUMENTS if d in documents]
    unknown = sorted(set(documents) - set(DOCUMENTS))
    if unknown or not chosen:
        raise Invalid("pacs.documents_invalid", accepted=", ".join(DOCUMENTS))
    analysis = done_analysis(study)
    if study.radiograph is None or study.radiograph.format != "dicom":
        raise Invalid("pacs.send_needs_dicom", study_id=study.id)
    data = storage.read(study.radiograph.storage_key)
    with io.BytesIO(data) as buffer:
        source = pydicom.dcmread(buffer, force=True)
    origin = db.scalar(
        select(PacsOrigin).where(
            PacsOrigin.study_id == study.id, PacsOrigin.endpoint_id == endpoint.id
        )
    )
    if origin is not None:
        _reidentify(source, origin)
    _complete(source)
    rows = joint_rows(study)
    datasets: list[Dataset] = []
    with warnings.catch_warnings():
        # a patient code is a one-part name ("RA-0042"): highdicom warns, and that is expected
        warnings.filterwarnings("ignore", message=".*unlikely to represent the intended person")
        if "sr" in chosen:
            datasets.append(measurement_report(source, rows, analysis.model_versions or {}))
        if "sc" in chosen:
            datasets.append(marked_film(source, read_image(data).to_pil(), rows))
    record = PacsSend(
        study_id=study.id,
        endpoint_id=endpoint.id,
        endpoint_name=endpoint.name,
        user_id=user.id,
        documents=chosen,
        reidentified=origin is not None,
        succeeded=False,
    )
    db.add(record)
    try:
        dicomweb_client(endpoint, get_settings().secret_key).store_instances(datasets)
    except Exception as exc:  # requests and dicomweb-client raise several error types
        refusal = exc if isinstance(exc, ServiceError) else pacs_failure(endpoint, exc)
        log.warning("results of study %s not sent to PACS %s: %s", study.id, endpoint.id, exc)
        record.error = refusal.message
        db.commit()
        raise refusal from None
    record.succeeded = True
    db.commit()
    audit.record(
        db, user, "sent", study.id, endpoint=endpoint.name, documents=" + ".join(chosen).upper()
    )
    return record


# Type 2 attributes of the patient and study that the report and the marked film copy from the
# film: present, if empty, even when the film (or its de-identified copy) has none.
_COPIED_ATTRIBUTES = (
    "PatientName",
    "PatientID",
    "PatientBirthDate",
    "PatientSex",
    "StudyID",
    "StudyDate",
    "StudyTime",
    "AccessionNumber",
    "ReferringPhysicianName",
)


def _complete(source: Dataset) -> None:
    """What the documents need of a film that lacks it: empty type 2 attributes, and for a film
    without study or series UIDs, UIDs derived from its instance's, so that every send of its
    results lands in the same study."""
    for keyword in _COPIED_ATTRIBUTES:
        if keyword not in source:
            setattr(source, keyword, "")
    for keyword in ("StudyInstanceUID", "SeriesInstanceUID"):
        if not source.get(keyword):
            setattr(source, keyword, generate_uid(entropy_srcs=[source.SOPInstanceUID, keyword]))


def _reidentify(source: Dataset, origin: PacsOrigin) -> None:
    """The film as the PACS knows it: its own UIDs and patient."""
    source.StudyInstanceUID = origin.study_instance_uid
    source.SeriesInstanceUID = origin.series_instance_uid
    source.SOPInstanceUID = origin.sop_instance_uid
    source.PatientID = origin.patient_id
    source.PatientName = origin.patient_name
