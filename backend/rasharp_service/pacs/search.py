"""Searching a PACS for hand radiographs (QIDO-RS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydicom.dataset import Dataset

from ..errors import Invalid, ServiceError
from .client import dicomweb_client, pacs_failure
from .models import PacsEndpoint

MODALITIES = ("CR", "DX")  # computed and digital radiography
MAX_RESULTS = 100
_STUDY_FIELDS = [
    "StudyInstanceUID",
    "PatientID",
    "PatientName",
    "StudyDate",
    "StudyDescription",
    "ModalitiesInStudy",
    "NumberOfStudyRelatedInstances",
]


@dataclass
class SearchFilters:
    patient_id: str | None = None
    patient_name: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    modality: str | None = None  # CR or DX; None: both
    body_part: str | None = None  # e.g. HAND; None: any


@dataclass
class StudyFound:
    study_uid: str
    patient_id: str
    patient_name: str
    study_date: date | None
    description: str
    modalities: list[str]
    instances: int | None


def search_studies(
    endpoint: PacsEndpoint, filters: SearchFilters, secret_key: str
) -> list[StudyFound]:
    """The PACS's CR/DX studies matching the filters, newest first."""
    if filters.modality is not None and filters.modality not in MODALITIES:
        raise Invalid(
            "pacs.modality_invalid", modality=filters.modality, accepted=", ".join(MODALITIES)
        )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise Invalid("pacs.dates_reversed")
    client = dicomweb_client(endpoint, secret_key)
    found: dict[str, StudyFound] = {}
    try:
        for modality in [filters.modality] if filters.modality else MODALITIES:
            query = {**_query(filters), "ModalitiesInStudy": modality}
            for item in client.search_for_studies(
                search_filters=query, fields=_STUDY_FIELDS, limit=MAX_RESULTS
            ):
                study = _study_found(Dataset.from_json(item))
                if study.study_uid and study.study_uid not in found:
                    found[study.study_uid] = study
        if filters.body_part:
            found = {
                uid: study
                for uid, study in found.items()
                if client.search_for_series(
                    uid, search_filters={"BodyPartExamined": filters.body_part.upper()}
                )
            }
    except ServiceError:
        raise
    except Exception as exc:  # requests and dicomweb-client raise several error types
        raise pacs_failure(endpoint, exc) from None
    return sorted(found.values(), key=lambda s: s.study_date or date.min, reverse=True)


def _query(filters: SearchFilters) -> dict[str, str]:
    query = {}
    if filters.patient_id and filters.patient_id.strip():
        query["PatientID"] = filters.patient_id.strip()
    if filters.patient_name and filters.patient_name.strip():
        name = filters.patient_name.strip()
        # "kowalska anna" finds Kowalska^Anna^Maria: words in order, anything around them
        wildcards = "*" in name or "?" in name
        query["PatientName"] = name if wildcards else "*" + "*".join(name.split()) + "*"
    if filters.date_from or filters.date_to:
        start = filters.date_from.strftime("%Y%m%d") if filters.date_from else ""
        end = filters.date_to.strftime("%Y%m%d") if filters.date_to else ""
        query["StudyDate"] = f"{start}-{end}"
    return query


def _study_found(ds: Dataset) -> StudyFound:
    modalities = ds.get("ModalitiesInStudy") or []
    if isinstance(modalities, str):
        modalities = [modalities]
    count = ds.get("NumberOfStudyRelatedInstances")
    return StudyFound(
        study_uid=str(ds.get("StudyInstanceUID", "")),
        patient_id=str(ds.get("PatientID", "")),
        patient_name=str(ds.get("PatientName", "")),
        study_date=dicom_date(ds.get("StudyDate")),
        description=str(ds.get("StudyDescription", "")),
        modalities=[str(m) for m in modalities],
        instances=int(count) if count not in (None, "") else None,
    )


def dicom_date(value: object) -> date | None:
    """A DICOM DA (YYYYMMDD), or None when absent or not a date."""
    text = str(value or "").strip()
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None
    except ValueError:
        return None
