"""Corrections after the upload: a study's details, its hands' sides, its deletion; with history."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session, undefer

from rasharp.scheme import SIDES

from ..auth.models import User
from ..db import utcnow
from ..errors import Forbidden, Invalid, NotFound
from ..storage import FileStore
from .events import publish_study_change
from .joint_rows import open_analysis
from .models import GradeEdit, Joint, Patient, Study
from .service import check_visit_date, checked_patient, patient_id_for


def _details(study: Study) -> dict:
    patient = study.patient
    return {
        "patient_code": patient.code if patient else None,
        "birth_year": patient.birth_year if patient else None,
        "sex": patient.sex if patient else None,
        "visit_date": study.visit_date.isoformat() if study.visit_date else None,
    }


def update_details(db: Session, study: Study, user: User, changes: dict) -> Study:
    """Change the patient code, birth year, sex or visit date; the history keeps old and new.

    Birth year and sex belong to the patient, so they change for every study of that patient;
    a new patient code moves the study to that patient (made if the team has none by it), whose
    own birth year and sex come with it unless given too.
    """
    before = _details(study)
    code = changes["patient_code"] if "patient_code" in changes else before["patient_code"]
    code = checked_patient(code, changes.get("birth_year"), changes.get("sex"))
    if "visit_date" in changes:
        check_visit_date(changes["visit_date"])
        study.visit_date = changes["visit_date"]
    patient_id = patient_id_for(db, study.team_id, code, None, None)
    study.patient = None if patient_id is None else db.get(Patient, patient_id)
    if study.patient is not None:
        for name in ("birth_year", "sex"):
            if name in changes:
                setattr(study.patient, name, changes[name])
    after = _details(study)
    changed = [name for name in before if before[name] != after[name]]
    if changed:
        db.add(
            GradeEdit(
                study_id=study.id,
                user_id=user.id,
                field="details",
                old_value={name: before[name] for name in changed},
                new_value={name: after[name] for name in changed},
            )
        )
    db.commit()
    if changed:
        status = study.analysis.status if study.analysis else "queued"
        publish_study_change(study.team_id, study.id, status)
    return study


def set_hand_side(db: Session, study: Study, user: User, side: str, new_side: str) -> None:
    """Say that the hand found as ``side`` is the ``new_side`` hand; with two hands they swap."""
    if new_side not in SIDES:
        raise Invalid("joint.side_invalid", side=new_side, accepted=", ".join(SIDES))
    analysis = open_analysis(study)
    joints = list(
        db.scalars(
            select(Joint)
            .where(Joint.analysis_id == analysis.id)
            .options(undefer(Joint.model_output))
            .with_for_update()
        )
    )
    if not any(j.side == side for j in joints):
        raise NotFound("study.hand_not_found", side=side)
    if new_side == side:
        return
    swapped = any(j.side == new_side for j in joints)
    swap = {side: new_side, new_side: side}
    db.execute(text("SET CONSTRAINTS uq_joints_analysis_id_side_code DEFERRED"))
    for joint in joints:
        joint.side = swap.get(joint.side, joint.side)
        joint.model_output = {**joint.model_output, "side": joint.side}
    analysis.hands = [
        {**hand, "side": swap.get(hand["side"], hand["side"])} for hand in analysis.hands
    ]
    if study.requested_side != "auto":
        study.requested_side = swap.get(study.requested_side, study.requested_side)
    db.add(
        GradeEdit(
            study_id=study.id,
            user_id=user.id,
            field="side",
            old_value={"side": side},
            new_value={"side": new_side, "swapped": swapped},
        )
    )
    db.commit()
    publish_study_change(study.team_id, study.id, "done")


def delete_study(db: Session, storage: FileStore, study: Study, user: User) -> None:
    """Delete the study's results, files and (unless another study holds it) radiograph; the
    study stays as a row with who deleted it and when, and its history, for the audit."""
    if not user.is_admin:
        raise Forbidden("study.delete_admin_only")
    radiograph = study.radiograph
    keys = [h.storage_key for a in study.analyses for h in a.heatmaps]
    keys += [key.replace("heatmaps/", "overlays/", 1) for key in keys]
    db.add(
        GradeEdit(
            study_id=study.id,
            user_id=user.id,
            field="deleted",
            old_value={**_details(study), "original_name": study.original_name},
            new_value=None,
        )
    )
    for analysis in list(study.analyses):
        db.delete(analysis)
    study.deleted_at, study.deleted_by_id = utcnow(), user.id
    study.radiograph_id = None
    db.flush()
    still_used = db.scalar(select(Study.id).where(Study.radiograph_id == radiograph.id).limit(1))
    if still_used is None:
        keys += [radiograph.storage_key, f"display/{radiograph.sha256}.png"]
        db.delete(radiograph)
    db.commit()
    for key in keys:
        if storage.exists(key):
            storage.delete(key)
    publish_study_change(study.team_id, study.id, "deleted")
