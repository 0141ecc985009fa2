from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from ..studies.schemas import JointCode, Side, Totals
from .sdc import SdcSource

DateSource = Literal["visit_date", "dicom", "upload"]
DATE_SOURCE_HELP = (
    "how the date is known: the visit date a reader gave the study, the film's DICOM "
    "StudyDate, or (neither known) the upload day"
)


class VisitHand(BaseModel):
    side: Side
    study_id: int
    date_source: DateSource = Field(description=DATE_SOURCE_HELP)
    edited: bool = Field(description="a reader changed some of this hand's grades")


class Visit(BaseModel):
    date: date
    date_source: DateSource = Field(description="the least sure of its hands' date sources")
    hands: list[VisitHand] = Field(description="one analysed study per hand, right first")
    totals: Totals
    edited: bool = Field(description="a reader changed some grades of this visit")


class PatientSummary(BaseModel):
    id: int
    code: str
    birth_year: int | None
    sex: str | None = Field(description="F, M or X")
    visits: int = Field(description="dates with an analysed study")
    first_visit: date | None
    last_visit: date | None
    latest_total: int | None = Field(description="the total of the last visit")
    progression: bool = Field(
        description="the total changed by more than the SDC from the first visit to the last"
    )


class PatientList(BaseModel):
    items: list[PatientSummary]
    limit: int
    offset: int
    total: int = Field(description="how many patients match, on all pages")
    sdc: float
    sdc_source: SdcSource


class PatientDetail(BaseModel):
    id: int
    code: str
    birth_year: int | None
    sex: str | None = Field(description="F, M or X")
    visits: list[Visit] = Field(description="oldest first")
    sdc: float = Field(description="smallest detectable change of the total score")
    sdc_source: SdcSource = Field(
        description="site: measured in the team's reading sessions; default: RASHARP_PROGRESSION_SDC"
    )


class GradeBetweenVisits(BaseModel):
    before: int | None
    after: int | None
    change: int | None = Field(description="after - before; null unless both are graded")


class JointChange(BaseModel):
    side: Side
    joint: JointCode
    erosion: GradeBetweenVisits | None
    jsn: GradeBetweenVisits | None = Field(description="null where the joint has no JSN grade")


class PatientChange(BaseModel):
    patient_id: int
    before: Visit
    after: Visit
    compared_sides: list[Side] = Field(description="the hands graded at both visits")
    joints: list[JointChange]
    totals_change: Totals = Field(
        description="change of each total over the grades present at both visits"
    )
    sdc: float
    sdc_source: SdcSource
    progression: bool = Field(description="the total changed by more than the SDC")
