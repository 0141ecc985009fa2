"""A reviewed study as a snapshot film: joints, final grades and every reader's last grades."""

from __future__ import annotations

from pathlib import PurePosixPath

from sqlalchemy.orm import Session

from rasharp.scheme import GRADE_KINDS
from rasharp.snapshots import SnapshotFilm, SnapshotJoint

from ..studies.joint_rows import done_analysis
from ..studies.models import Study
from ..studies.reporting import visit_date
from ..studies.service import history

Cell = tuple[str | None, str | None, str]  # side, joint, grade kind


def snapshot_film(db: Session, study: Study) -> SnapshotFilm:
    """The reviewer signed off every final grade; a reader who changed a grade before keeps
    the last value they gave it."""
    reviewer = study.reviewed_by.username if study.reviewed_by else "?"
    last_given: dict[Cell, dict[str, int]] = {}
    last_editor: dict[Cell, str] = {}
    last_mover: dict[tuple[str | None, str | None], str] = {}
    for edit, username in reversed(history(db, study)):  # oldest first: later values win
        if edit.field == "position":
            last_mover[(edit.side, edit.joint_code)] = username
        elif edit.field in GRADE_KINDS and isinstance(edit.new_value, int):
            cell = (edit.side, edit.joint_code, edit.field)
            last_given.setdefault(cell, {})[username] = edit.new_value
            last_editor[cell] = username
    joints = []
    for joint in sorted(done_analysis(study).joints, key=lambda j: (j.side, j.id)):
        final: dict[str, int | None] = {}
        source: dict[str, str] = {}
        readers: dict[str, dict[str, int]] = {}
        for kind in GRADE_KINDS:
            value, model = getattr(joint, kind), getattr(joint, f"{kind}_model")
            if value is None and model is None:
                continue  # a grade this joint does not have (CMC1's narrowing)
            final[kind] = value
            cell = (joint.side, joint.code, kind)
            source[kind] = last_editor.get(cell, "?") if value != model else "model"
            for name, v in last_given.get(cell, {}).items():
                readers.setdefault(name, {})[kind] = v
            if value is not None and joint.present:
                readers.setdefault(reviewer, {})[kind] = value
        joints.append(
            SnapshotJoint(
                joint.side,
                joint.code,
                bool(joint.present),
                joint.x,
                joint.y,
                list(joint.box) if joint.box else None,
                final,
                source,
                readers,
                # a reset puts the marker back where the model put it and clears ``moved``
                position_source=last_mover.get((joint.side, joint.code), "?")
                if joint.moved
                else "model",
            )
        )
    return SnapshotFilm(
        film=str(study.id),
        image=image_name(study),
        patient=study.patient.code if study.patient else None,
        visit_date=visit_date(study).isoformat(),
        reviewed_by=reviewer,
        joints=joints,
    )


def image_name(study: Study) -> str:
    suffix = PurePosixPath(study.radiograph.storage_key).suffix or ".bin"
    return f"{study.id}{suffix}"
