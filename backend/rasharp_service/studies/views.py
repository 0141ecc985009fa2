"""Joints and studies as the API, the CSV and the PDF show them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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


def joint_view(joint: Joint) -> dict:
    return {
        "side": joint.side,
        "joint": joint.code,
        "present": joint.present,
        "x": joint.x,
        "y": joint.y,
        "box": joint.box,
        "confidence": joint.confidence,
        "erosion": grade_view(joint, "erosion"),
        "jsn": grade_view(joint, "jsn"),
        "jsw_mm": joint.jsw_mm,
        "jsw_mm_basis": joint.jsw_mm_basis,
        "jsw_relative": joint.jsw_relative,
        "jsw_z": joint.jsw_z,
        "jsw_reason": joint.jsw_reason,
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
        "patient_code": study.patient.code if study.patient else None,
        "original_name": study.original_name,
        "created_at": study.created_at,
        "visit_date": study.visit_date,
        "status": analysis.status if analysis else "queued",
        "error": analysis.error if analysis else None,
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
    views = [joint_view(j) for j in joints]
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
            "models": analysis.model_versions if analysis else {},
            "timings_ms": analysis.timings_ms if analysis else {},
            "queued_at": analysis.queued_at if analysis else None,
            "started_at": analysis.started_at if analysis else None,
            "finished_at": analysis.finished_at if analysis else None,
            "hands": analysis.hands if analysis is not None and done else [],
            "joints": views,
            "heatmaps": heatmap_kinds if done else [],
        }
    )
    return detail
