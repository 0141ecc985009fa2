"""The reading sessions API's bodies (the contract the UI builds against)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictInt, StringConstraints, field_validator

from ..studies.schemas import GradeKind, JointCode, Side

DB_INT_MAX = 2**31 - 1
RowIdValue = Field(ge=1, le=DB_INT_MAX)


class SessionCreate(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    study_ids: list[str] = Field(
        max_length=2000, description="the studies' ids, as text (numbers are taken too)"
    )
    reader_ids: list[int] = Field(max_length=100)
    show_model_grades: bool = False
    order: Literal["random", "chronological"] = "random"
    blind_to_each_other: bool = True

    @field_validator("study_ids", mode="before")
    @classmethod
    def ids_as_text(cls, value: object) -> object:
        return [str(v) for v in value] if isinstance(value, list) else value


class ReaderProgress(BaseModel):
    id: int
    name: str
    done: int
    total: int


class SessionOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    status: Literal["open", "complete"]
    show_model_grades: bool
    order: Literal["random", "chronological"]
    blind_to_each_other: bool
    study_count: int
    readers: list[ReaderProgress] = Field(description="a blinded reader sees only their own entry")


class QueueEntry(BaseModel):
    item_id: int = Field(description="the session's own id of the item, not the study's")
    position: int
    done: bool
    patient_code: str | None = Field(description="null when the session reads in random order")
    visit_date: date | None = Field(description="null when the session reads in random order")


class SessionJoint(BaseModel):
    side: Side
    joint: JointCode
    present: bool
    x: float | None
    y: float | None
    model_erosion: int | None = Field(description="null when the session hides the model")
    model_jsn: int | None
    erosion: int | None = Field(description="my grade")
    jsn: int | None


class SessionItemOut(BaseModel):
    item_id: int
    position: int
    done: bool
    width: int
    height: int
    patient_code: str | None
    visit_date: date | None
    joints: list[SessionJoint]


class SessionGradeChange(BaseModel):
    side: Side
    joint: JointCode
    kind: GradeKind
    value: StrictInt


class KappaPair(BaseModel):
    a: str
    b: str
    kappa: float | None
    qwk: float | None


class KindAgreement(BaseModel):
    kappa_pairs: list[KappaPair]
    fleiss_kappa: float | None


class BlandAltmanPair(BaseModel):
    a: str
    b: str
    bias: float | None
    lower: float | None
    upper: float | None


class TotalsAgreement(BaseModel):
    icc_2_1: float | None
    bland_altman: list[BlandAltmanPair]
    sdc_of_change: float | None = Field(
        description="smallest detectable change of the total; null without two visits of a patient"
    )


class ModelAgreement(BaseModel):
    against: str = Field(description='a reader\'s name, or "consensus"')
    kind: GradeKind
    qwk: float | None
    exact: float | None
    within_one: float | None


class ReaderName(BaseModel):
    id: int
    name: str


class SessionReport(BaseModel):
    complete: bool
    readers: list[ReaderName]
    per_kind: dict[str, KindAgreement]
    totals: TotalsAgreement
    model: list[ModelAgreement]
    disagreements: int
    adjudicated: int = Field(description="disagreements an administrator has settled")


class Disagreement(BaseModel):
    item_id: int
    side: Side
    joint: JointCode
    kind: GradeKind
    grades: dict[str, int]
    consensus: int
    adjudicated: int | None


class AdjudicationIn(BaseModel):
    item_id: int = RowIdValue
    side: Side
    joint: JointCode
    kind: GradeKind
    value: StrictInt
