"""The cohort export: one row per patient and visit, with every hand grade in RA2 DREAM's wide
columns (``LH_pip_E__2``), each with its source (``LH_pip_E__2_source``: model or reader), the
visit's totals and their change since the patient's previous visit.

Cells are made spreadsheet-safe as in the study export (csv_export.spreadsheet_safe).
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasharp.ra2dream_columns import hand_column
from rasharp.scheme import GRADE_KINDS, JOINTS, SIDES

from ..patients.service import Visit, change_between, visits_by_patient
from ..studies.models import Patient
from .csv_export import spreadsheet_safe

TOTALS = ("erosion", "jsn", "total", "svdh_erosion", "svdh_jsn", "svdh_total")
GRADE_COLUMNS = [
    (side, joint.code, kind, hand_column(side, joint.code, kind))
    for side in SIDES
    for joint in JOINTS
    for kind in GRADE_KINDS
    if joint.scores(kind)
]
COLUMNS = [
    "Patient_ID",
    "birth_year",
    "sex",
    "visit_date",
    "visit_date_source",
    "visit_number",
    *(f"{side}_study_id" for side in SIDES),
    *(name for *_, column in GRADE_COLUMNS for name in (column, f"{column}_source")),
    *TOTALS,
    *(f"{name}_change" for name in TOTALS),
]


def cohort_csv(db: Session, team_id: int) -> str:
    patients = list(
        db.scalars(select(Patient).where(Patient.team_id == team_id).order_by(Patient.code))
    )
    visits = visits_by_patient(db, patients)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for patient in patients:
        previous: Visit | None = None
        for number, visit in enumerate(visits[patient.id], start=1):
            row = _visit_row(visit, previous)
            row.update(
                Patient_ID=patient.code,
                birth_year=patient.birth_year or "",
                sex=patient.sex or "",
                visit_number=number,
            )
            writer.writerow({column: spreadsheet_safe(value) for column, value in row.items()})
            previous = visit
    return out.getvalue()


def _visit_row(visit: Visit, previous: Visit | None) -> dict:
    row: dict = {"visit_date": visit.date.isoformat(), "visit_date_source": visit.date_source}
    studies = {hand.side: hand.study_id for hand in visit.hands}
    for side in SIDES:
        row[f"{side}_study_id"] = studies.get(side, "")
    for side, code, kind, column in GRADE_COLUMNS:
        grade = visit.grades.get((side, code), {}).get(kind)
        if grade is None or grade.value is None:
            row[column] = row[f"{column}_source"] = ""
        else:
            row[column], row[f"{column}_source"] = grade.value, grade.source
    totals = visit.totals
    change = change_between(previous, visit)["totals_change"] if previous else {}
    for name in TOTALS:
        row[name] = totals[name]
        row[f"{name}_change"] = change.get(name, "")
    return row
