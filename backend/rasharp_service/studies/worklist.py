"""The worklist: one page of a team's studies with status and totals, in one SQL query.

The page is chosen first (newest first, by the index on team and date); only its studies' latest
analyses and joints are read, and the totals are summed by PostgreSQL with the scheme's rules
(which joints score which grade, which count in the original SvdH method) given as code lists.
"""

from __future__ import annotations

import operator
from functools import reduce

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from rasharp.scheme import GRADE_KINDS, JOINTS, SIDES

from .models import Analysis, Joint, Patient, Study

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_OFFSET = 100_000

_SCORED = {kind: [j.code for j in JOINTS if j.scores(kind)] for kind in GRADE_KINDS}
_SVDH = {
    kind: [j.code for j in JOINTS if j.scores(kind) and kind in j.svdh_comparable]
    for kind in GRADE_KINDS
}


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _team_studies(team_id: int, patient_code: str | None) -> Select:
    query = select(Study.id).where(Study.team_id == team_id, Study.deleted_at.is_(None))
    if patient_code:
        query = query.join(Patient, Patient.id == Study.patient_id).where(
            Patient.code.ilike(f"%{escape_like(patient_code)}%")
        )
    return query


def list_page(
    db: Session, team_id: int, patient_code: str | None, limit: int, offset: int
) -> tuple[list[dict], int]:
    """The page's study summaries (as the API shows them) and how many studies match in all."""
    page = (
        _team_studies(team_id, patient_code)
        .add_columns(Study.patient_id, Study.original_name, Study.created_at, Study.visit_date)
        .order_by(Study.created_at.desc(), Study.id.desc())
        .limit(limit)
        .offset(offset)
        .cte("page")
    )
    latest = (
        select(
            Analysis.id,
            Analysis.status,
            Analysis.error,
            Analysis.error_code,
            Analysis.error_params,
            Analysis.hands,
        )
        .where(Analysis.study_id == page.c.id)
        .order_by(Analysis.id.desc())
        .limit(1)
        .lateral("latest")
    )
    sums = [
        func.coalesce(func.sum(getattr(Joint, kind)).filter(Joint.code.in_(codes)), 0).label(
            f"{prefix}{kind}"
        )
        for prefix, scheme in (("", _SCORED), ("svdh_", _SVDH))
        for kind, codes in scheme.items()
    ]
    # graded: grades that have a value; reviewed: of those, confirmed or changed by a reader
    graded = [func.count(getattr(Joint, kind)) for kind in GRADE_KINDS]
    reviewed = [
        func.count().filter(
            getattr(Joint, kind).is_not(None),
            getattr(Joint, f"{kind}_confirmed")
            | getattr(Joint, kind).is_distinct_from(getattr(Joint, f"{kind}_model")),
        )
        for kind in GRADE_KINDS
    ]
    grades = (
        select(
            *sums,
            reduce(operator.add, graded).label("grades_total"),
            reduce(operator.add, reviewed).label("grades_reviewed"),
        )
        .where(Joint.analysis_id == latest.c.id, latest.c.status == "done")
        .lateral("grades")
    )
    rows = db.execute(
        select(
            page.c.id,
            page.c.patient_id,
            Patient.code.label("patient_code"),
            page.c.original_name,
            page.c.created_at,
            page.c.visit_date,
            func.coalesce(latest.c.status, "queued").label("status"),
            latest.c.error,
            latest.c.error_code,
            latest.c.error_params,
            latest.c.hands,
            grades,
        )
        .select_from(page)
        .outerjoin(Patient, Patient.id == page.c.patient_id)
        .outerjoin(latest, literal(True))
        .outerjoin(grades, literal(True))
        .order_by(page.c.created_at.desc(), page.c.id.desc())
    ).mappings()
    items = [_summary(row) for row in rows]
    total = db.scalar(
        select(func.count()).select_from(_team_studies(team_id, patient_code).subquery())
    )
    return items, total or 0


def _summary(row) -> dict:
    done = row["status"] == "done"
    totals = None
    if done:
        totals = {name: row[name] for kind in GRADE_KINDS for name in (kind, f"svdh_{kind}")}
        totals["total"] = sum(row[kind] for kind in GRADE_KINDS)
        totals["svdh_total"] = sum(row[f"svdh_{kind}"] for kind in GRADE_KINDS)
    return {
        "id": row["id"],
        "patient_id": row["patient_id"],
        "patient_code": row["patient_code"],
        "original_name": row["original_name"],
        "created_at": row["created_at"],
        "visit_date": row["visit_date"],
        "status": row["status"],
        "error": row["error"],
        "error_code": row["error_code"],
        "error_params": row["error_params"] or {},
        "totals": totals,
        "sides": [side for side in SIDES if done and side in {h["side"] for h in row["hands"]}],
        "grades_reviewed": row["grades_reviewed"] if done else None,
        "grades_total": row["grades_total"] if done else None,
    }
