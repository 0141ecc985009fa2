"""Joints and studies as the API, the CSV and the PDF show them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rasharp.reference import Patient, in_millimetres
from rasharp.scheme import GRADE_KINDS, JOINT_INDEX, SIDES, totals
from rasharp.scheme import joint as scheme_joint
from rasharp.uncertainty import worth_review

from .models import Joint, Study

SIDE_ORDER = {side: i for i, side in enumerate(SIDES)}


def ordered(joints: Iterable[Joint]) -> list[Joint]:
    """Right hand then left, each in the scheme's row order."""
    return sorted(joints, key=lambda j: (SIDE_ORDER.get(j.side, 9), JOINT_INDEX.get(j.code, 99)))


def grade_view(joint: Joint, kind: str) -> dict | None:
    if not scheme_joint(joint.code).scores(kind):
        return None
    value, model = getattr(joint, kind), getattr(joint, f"{kind}_model")
    probabilities = getattr(joint, f"{kind}_probabilities") or []
    confirmed = bool(getattr(joint, f"{kind}_confirmed"))
    return {
        "value": value,
        "model": model,
        "probabilities": probabilities,
        "uncertain": worth_review(model, probabilities, bool(getattr(joint, f"{kind}_uncertain"))),
        "edited": value != model,
        "confirmed": confirmed,
        "reviewed": confirmed or value != model,
    }


@dataclass(frozen=True)
class ReaderSpacing:
    """A reader's calibration of a study and the patient its z-scores are measured against."""

    mm_per_pixel: float
    patient: Patient


_FILM_DATES = ("StudyDate", "AcquisitionDate", "ContentDate", "SeriesDate")


def reader_spacing(study: Study) -> ReaderSpacing | None:
    """The study's calibration by a reader, if one was set."""
    if study.reader_pixel_spacing_mm is None:
        return None
    metadata = study.radiograph.dicom_metadata or {}
    film_date = next((metadata[k] for k in _FILM_DATES if metadata.get(k)), study.created_at)
    p = study.patient
    patient = Patient.of(p.sex if p else None, p.birth_year if p else None, film_date)
    return ReaderSpacing(study.reader_pixel_spacing_mm, patient)


def width_view(joint: Joint, spacing: ReaderSpacing | None) -> dict:
    """The joint space width's figures: as measured, or in millimetres at the reader's spacing."""
    if spacing is None or joint.jsw_px is None:
        return {
            "jsw_mm": joint.jsw_mm,
            "jsw_mm_basis": joint.jsw_mm_basis,
            "jsw_z": joint.jsw_z,
            "jsw_reason": joint.jsw_reason,
        }
    mm, z, reason = in_millimetres(
        joint.jsw_px,
        joint.jsw_relative is not None,
        spacing.mm_per_pixel,
        joint.code,
        spacing.patient,
    )
    return {
        "jsw_mm": None if mm is None else round(mm, 3),
        "jsw_mm_basis": "reader",
        "jsw_z": None if z is None else round(z, 2),
        "jsw_reason": reason,
    }


def joint_view(joint: Joint, spacing: ReaderSpacing | None = None) -> dict:
    return {
        "side": joint.side,
        "joint": joint.code,
        "present": joint.present,
        "absent": None if joint.present else joint.absent,
        "x": joint.x,
        "y": joint.y,
        "box": joint.box,
        "confidence": joint.confidence,
        "erosion": grade_view(joint, "erosion"),
        "jsn": grade_view(joint, "jsn"),
        "jsw_px": joint.jsw_px,
        "jsw_relative": joint.jsw_relative,
        **width_view(joint, spacing),
        "moved": joint.moved,
        "pending": joint.rescore_pending,
    }


def totals_of(grades: list[tuple[str, str, int | None, int | None]]) -> dict:
    """Totals from (side, code, erosion, jsn) of the current grades."""
    return totals({(side, code): {"erosion": e, "jsn": n} for side, code, e, n in grades})


def study_summary(study: Study, study_totals: dict | None, grades: list[dict] | None) -> dict:
    """``grades``: the views of every grade of a finished study (None before)."""
    analysis = study.analysis
    return {
        "id": study.id,
        "patient_id": study.patient_id,
        "patient_code": study.patient.code if study.patient else None,
        "original_name": study.original_name,
        "created_at": study.created_at,
        "visit_date": study.visit_date,
        "status": analysis.status if analysis else "queued",
        "error": analysis.error if analysis else None,
        "error_code": analysis.error_code if analysis else None,
        "error_params": analysis.error_params if analysis else {},
        "totals": study_totals,
        "sides": sorted(
            {hand["side"] for hand in (analysis.hands if analysis and grades is not None else [])},
            key=lambda side: SIDE_ORDER.get(side, 9),
        ),
        "grades_reviewed": None if grades is None else sum(g["reviewed"] for g in grades),
        "grades_total": None if grades is None else len(grades),
    }


def study_detail(study: Study, joints: Sequence, heatmap_kinds: list[str]) -> dict:
    """The study as the API shows it; ``joints`` may be plain rows with the Joint columns."""
    analysis = study.analysis
    radiograph = study.radiograph
    done = analysis is not None and analysis.status == "done"
    joints = ordered(joints) if done else []
    spacing = reader_spacing(study) if done else None
    views = [joint_view(j, spacing) for j in joints]
    grades = [
        v[kind] for v in views for kind in GRADE_KINDS if v[kind] and v[kind]["value"] is not None
    ]
    detail = study_summary(
        study,
        totals_of([(j.side, j.code, j.erosion, j.jsn) for j in joints]) if done else None,
        grades if done else None,
    )
    detail.update(
        {
            "patient_birth_year": study.patient.birth_year if study.patient else None,
            "patient_sex": study.patient.sex if study.patient else None,
            "requested_side": study.requested_side,
            "format": radiograph.format,
            "width": radiograph.width,
            "height": radiograph.height,
            "pixel_spacing_mm": radiograph.pixel_spacing_mm,
            "reader_pixel_spacing_mm": study.reader_pixel_spacing_mm,
            "reviewed_at": study.reviewed_at,
            "reviewed_by": study.reviewed_by.username if study.reviewed_by else None,
            "models": analysis.model_versions if analysis else {},
            "model_changes": analysis.model_changes if analysis else [],
            "timings_ms": analysis.timings_ms if analysis else {},
            "queued_at": analysis.queued_at if analysis else None,
            "started_at": analysis.started_at if analysis else None,
            "finished_at": analysis.finished_at if analysis else None,
            "hands": analysis.hands if analysis is not None and done else [],
            "warnings": analysis.scope_warnings if analysis is not None and done else [],
            "joints": views,
            "heatmaps": heatmap_kinds if done else [],
        }
    )
    return detail
