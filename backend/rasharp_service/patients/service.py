"""A patient's visits from the team's analysed studies, and the change between two visits.

A visit is one date: the date a reader gave the study, else the film's DICOM StudyDate, else the
upload day. Both hands may come on separate films of that day; where one hand is on two films of
the same day, the later upload counts. Grades are as they stand: a reader's edit over the
model's grade.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from rasharp.scheme import GRADE_KINDS, JOINTS, SIDES, totals

from ..errors import Invalid, NotFound
from ..studies.models import Analysis, Joint, Patient, Radiograph, Study
from ..studies.reporting import dated_visit
from ..studies.worklist import escape_like

# weakest first: a visit's date is only as sure as its least sure film
DATE_SOURCES = ("upload", "dicom", "visit_date")


@dataclass(frozen=True)
class Grade:
    value: int | None
    source: str  # "model", or "reader" where a reader changed the model's grade


@dataclass(frozen=True)
class Hand:
    side: str
    study_id: int
    date_source: str
    edited: bool


@dataclass
class Visit:
    date: date
    hands: list[Hand] = field(default_factory=list)
    # (side, joint code) -> grade kind -> grade
    grades: dict[tuple[str, str], dict[str, Grade]] = field(default_factory=dict)

    @property
    def date_source(self) -> str:
        return min((h.date_source for h in self.hands), key=DATE_SOURCES.index)

    @property
    def edited(self) -> bool:
        return any(h.edited for h in self.hands)

    @property
    def totals(self) -> dict[str, int]:
        return totals(_values(self.grades))

    def put_hand(self, hand: Hand, grades: dict[tuple[str, str], dict[str, Grade]]) -> None:
        """A hand's film and grades; a later film of the same hand that day replaces the earlier."""
        self.hands = sorted(
            [h for h in self.hands if h.side != hand.side] + [hand],
            key=lambda h: SIDES.index(h.side),
        )
        self.grades = {key: g for key, g in self.grades.items() if key[0] != hand.side}
        self.grades.update(grades)


def find_patient(db: Session, patient_id: int, team_id: int) -> Patient:
    """The patient if the team has them; another team's patient does not exist for this user."""
    patient = db.get(Patient, patient_id)
    if patient is None or patient.team_id != team_id:
        raise NotFound("patient.not_found", patient_id=patient_id)
    return patient


def team_patients(
    db: Session, team_id: int, code: str | None, limit: int, offset: int
) -> tuple[list[Patient], int]:
    """A page of the team's patients that have studies, by code, and how many match in all."""
    query = select(Patient).where(
        Patient.team_id == team_id,
        select(Study.id).where(Study.patient_id == Patient.id, Study.deleted_at.is_(None)).exists(),
    )
    if code:
        query = query.where(Patient.code.ilike(f"%{escape_like(code)}%"))
    count = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = db.scalars(query.order_by(Patient.code, Patient.id).limit(limit).offset(offset))
    return list(page), count


def visits_by_patient(db: Session, patients: list[Patient]) -> dict[int, list[Visit]]:
    """Each patient's visits, oldest first, from one read of their studies."""
    studies = db.scalars(
        select(Study)
        .where(Study.patient_id.in_([p.id for p in patients]), Study.deleted_at.is_(None))
        .options(
            joinedload(Study.radiograph).undefer(Radiograph.dicom_metadata),
            selectinload(Study.analyses).selectinload(Analysis.joints),
        )
        .order_by(Study.created_at, Study.id)
    ).unique()
    by_patient: dict[int, list[Study]] = defaultdict(list)
    for study in studies:
        if study.patient_id is not None:
            by_patient[study.patient_id].append(study)
    return {p.id: visits_of(by_patient[p.id]) for p in patients}


def visits_of(studies: list[Study]) -> list[Visit]:
    """The visits of one patient's studies (given oldest upload first), oldest visit first."""
    visits: dict[date, Visit] = {}
    for study in studies:
        analysis = study.analysis
        if analysis is None or analysis.status != "done":
            continue
        day, source = dated_visit(study)
        for side in SIDES:
            joints = [j for j in analysis.joints if j.side == side]
            if not joints:
                continue
            grades = _current_grades(joints)
            edited = any(g.source == "reader" for kinds in grades.values() for g in kinds.values())
            visit = visits.setdefault(day, Visit(day))
            visit.put_hand(Hand(side, study.id, source, edited), grades)
    return [visits[day] for day in sorted(visits)]


def visit_on(visits: list[Visit], day: date, patient_id: int) -> Visit:
    for visit in visits:
        if visit.date == day:
            return visit
    raise NotFound(
        "patient.visit_not_found",
        patient_id=patient_id,
        date=day.isoformat(),
        accepted=", ".join(v.date.isoformat() for v in visits) or "none",
    )


def two_visits(visits: list[Visit], before: date, after: date, patient_id: int):
    """The visits on the two dates, the earlier first."""
    if before == after:
        raise Invalid("patient.same_visit", date=before.isoformat())
    if before > after:
        raise Invalid("patient.visits_reversed", before=before.isoformat(), after=after.isoformat())
    return visit_on(visits, before, patient_id), visit_on(visits, after, patient_id)


def change_between(before: Visit, after: Visit) -> dict:
    """Both grades and their change per side and joint, and the change of the totals over the
    grades present at both visits."""
    joints: list[dict] = []
    common_before: dict[tuple[str, str], dict[str, int | None]] = {}
    common_after: dict[tuple[str, str], dict[str, int | None]] = {}
    for side in SIDES:
        for joint in JOINTS:
            key = (side, joint.code)
            row: dict = {"side": side, "joint": joint.code}
            for kind in GRADE_KINDS:
                if not joint.scores(kind):
                    row[kind] = None
                    continue
                old = _value(before, key, kind)
                new = _value(after, key, kind)
                row[kind] = {"before": old, "after": new, "change": None}
                if old is not None and new is not None:
                    row[kind]["change"] = new - old
                    common_before.setdefault(key, {})[kind] = old
                    common_after.setdefault(key, {})[kind] = new
            joints.append(row)
    old_totals, new_totals = totals(common_before), totals(common_after)
    return {
        "joints": joints,
        "compared_sides": [s for s in SIDES if any(key[0] == s for key in common_after)],
        "totals_change": {name: new_totals[name] - old_totals[name] for name in new_totals},
    }


def progressed(visits: list[Visit], sdc: float) -> bool:
    """Whether the total changed by more than the SDC from the first visit to the last."""
    if len(visits) < 2:
        return False
    return change_between(visits[0], visits[-1])["totals_change"]["total"] > sdc


def _current_grades(joints: list[Joint]) -> dict[tuple[str, str], dict[str, Grade]]:
    """Each joint's grades as they stand, and whether each is the model's or a reader's."""
    return {
        (j.side, j.code): {
            kind: Grade(
                getattr(j, kind),
                "model" if getattr(j, kind) == getattr(j, f"{kind}_model") else "reader",
            )
            for kind in GRADE_KINDS
        }
        for j in joints
    }


def _value(visit: Visit, key: tuple[str, str], kind: str) -> int | None:
    grade = visit.grades.get(key, {}).get(kind)
    return None if grade is None else grade.value


def _values(grades: dict[tuple[str, str], dict[str, Grade]]) -> dict:
    return {key: {kind: g.value for kind, g in kinds.items()} for key, kinds in grades.items()}
