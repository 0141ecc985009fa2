"""What the PDF report of a study holds (built here, laid out by exports.pdf)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from rasharp.imaging import read_image
from rasharp.scheme import GRADE_KINDS

from ..storage import FileStore
from .joint_rows import done_analysis, joint_rows
from .models import Study
from .report import EditedGrade, StudyReport
from .service import history
from .views import totals_of


def visit_date(study: Study) -> date:
    return dated_visit(study)[0]


def dated_visit(study: Study) -> tuple[date, str]:
    """When the film was taken, and how that is known: the visit date the reader gave
    ("visit_date"); else the day the film was taken (DICOM StudyDate, YYYYMMDD; "dicom"); else
    the upload day ("upload")."""
    if study.visit_date is not None:
        return study.visit_date, "visit_date"
    metadata = study.radiograph.dicom_metadata if study.radiograph is not None else None
    taken = str((metadata or {}).get("StudyDate") or "")
    try:
        return datetime.strptime(taken, "%Y%m%d").date(), "dicom"
    except ValueError:
        return study.created_at.date(), "upload"


def study_report(db: Session, storage: FileStore, study: Study) -> StudyReport:
    """Everything the PDF report shows of a finished study."""
    analysis = done_analysis(study)
    rows = joint_rows(study)
    radiograph = study.radiograph
    return StudyReport(
        study_id=study.id,
        original_name=study.original_name,
        patient_code=study.patient.code if study.patient else None,
        visit_date=visit_date(study),
        uploaded=study.created_at,
        analysed=analysis.finished_at,
        models=analysis.model_versions or {},
        image_format=radiograph.format,
        width=radiograph.width,
        height=radiograph.height,
        pixel_spacing_mm=study.reader_pixel_spacing_mm or radiograph.pixel_spacing_mm,
        picture=read_image(storage.read(radiograph.storage_key)).to_pil(),
        joints=rows,
        totals=totals_of(
            [(r["side"], r["joint"], _current(r["erosion"]), _current(r["jsn"])) for r in rows]
        ),
        edited_grades=_edited_grades(db, study, rows),
        warnings=analysis.scope_warnings or [],
    )


def last_readers(db: Session, study: Study) -> dict[tuple[str, str], str]:
    """Who last changed each joint (a grade, its position, or a reset), by (side, joint)."""
    readers: dict[tuple[str, str], str] = {}
    for edit, username in reversed(history(db, study)):
        if edit.field == "reset" and isinstance(edit.new_value, dict):
            for key in edit.new_value:
                side, _, code = key.partition(" ")
                readers[(side, code)] = username
        elif edit.side and edit.joint_code:
            readers[(edit.side, edit.joint_code)] = username
    return readers


def _current(grade: dict | None) -> int | None:
    return None if grade is None else grade["value"]


def _edited_grades(db: Session, study: Study, rows: list[dict]) -> list[EditedGrade]:
    last_change = {}
    for edit, username in reversed(history(db, study)):
        if edit.field in GRADE_KINDS:
            last_change[(edit.side, edit.joint_code, edit.field)] = (username, edit.created_at)
    edited = []
    for row in rows:
        for kind in GRADE_KINDS:
            grade = row[kind]
            if grade is None or not grade["edited"]:
                continue
            by, at = last_change.get((row["side"], row["joint"], kind), ("?", None))
            edited.append(
                EditedGrade(row["side"], row["joint"], kind, grade["model"], grade["value"], by, at)
            )
    return edited
