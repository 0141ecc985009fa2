from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import CurrentUser, RowId, SessionDep
from ..studies.worklist import MAX_OFFSET, MAX_PAGE_SIZE, PAGE_SIZE
from . import service
from .schemas import PatientChange, PatientDetail, PatientList, PatientSummary, Visit
from .sdc import progression_sdc

router = APIRouter(prefix="/patients", tags=["patients"])
VisitDate = Annotated[date, Query(description="a visit's date, YYYY-MM-DD")]


def visit_out(visit: service.Visit) -> Visit:
    return Visit(
        date=visit.date,
        date_source=visit.date_source,
        hands=[hand.__dict__ for hand in visit.hands],
        totals=visit.totals,
        edited=visit.edited,
    )


@router.get("", response_model=PatientList)
def list_patients(
    user: CurrentUser,
    db: SessionDep,
    code: Annotated[
        str | None, Query(max_length=64, description="part of the patient code, any case")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> PatientList:
    """The team's patients that have studies, by code."""
    patients, count = service.team_patients(db, user.team_id, code, limit, offset)
    visits = service.visits_by_patient(db, patients)
    sdc, sdc_source = progression_sdc(db, user.team_id)
    items = []
    for patient in patients:
        dated = visits[patient.id]
        items.append(
            PatientSummary(
                id=patient.id,
                code=patient.code,
                birth_year=patient.birth_year,
                sex=patient.sex,
                visits=len(dated),
                first_visit=dated[0].date if dated else None,
                last_visit=dated[-1].date if dated else None,
                latest_total=dated[-1].totals["total"] if dated else None,
                progression=service.progressed(dated, sdc),
            )
        )
    return PatientList(
        items=items, limit=limit, offset=offset, total=count, sdc=sdc, sdc_source=sdc_source
    )


@router.get("/{patient_id}", response_model=PatientDetail)
def patient_detail(patient_id: RowId, user: CurrentUser, db: SessionDep) -> PatientDetail:
    """The patient and their visits, oldest first."""
    patient = service.find_patient(db, patient_id, user.team_id)
    visits = service.visits_by_patient(db, [patient])[patient.id]
    sdc, sdc_source = progression_sdc(db, user.team_id)
    return PatientDetail(
        id=patient.id,
        code=patient.code,
        birth_year=patient.birth_year,
        sex=patient.sex,
        visits=[visit_out(v) for v in visits],
        sdc=sdc,
        sdc_source=sdc_source,
    )


@router.get("/{patient_id}/change", response_model=PatientChange)
def patient_change(
    patient_id: RowId,
    user: CurrentUser,
    db: SessionDep,
    from_: Annotated[date, Query(alias="from", description="the earlier visit's date")],
    to: VisitDate,
) -> PatientChange:
    """Per joint and in total, how the grades changed from one visit to a later one."""
    patient = service.find_patient(db, patient_id, user.team_id)
    visits = service.visits_by_patient(db, [patient])[patient.id]
    before, after = service.two_visits(visits, from_, to, patient.id)
    change = service.change_between(before, after)
    sdc, sdc_source = progression_sdc(db, user.team_id)
    return PatientChange(
        patient_id=patient.id,
        before=visit_out(before),
        after=visit_out(after),
        sdc=sdc,
        sdc_source=sdc_source,
        progression=change["totals_change"]["total"] > sdc,
        **change,
    )
