from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, StrictInt
from typing_extensions import TypeAliasType

from rasharp.scheme import GRADE_KINDS, JOINT_CODES, SIDES

from ..errors import ErrorBody

# Named enums of the OpenAPI document (components/schemas), so the generated UI client has them.
# Their values come from the scheme at run time, which a static type checker cannot follow.
if TYPE_CHECKING:
    Side: TypeAlias = str
    JointCode: TypeAlias = str
    GradeKind: TypeAlias = str
else:
    Side = TypeAliasType("Side", Literal[SIDES])
    JointCode = TypeAliasType("JointCode", Literal[JOINT_CODES])
    GradeKind = TypeAliasType("GradeKind", Literal[GRADE_KINDS])


class StudyCreated(BaseModel):
    study_id: int
    status: str


class ArchiveMember(BaseModel):
    """What became of one file of an uploaded archive."""

    name: str = Field(description="The file's path inside the archive")
    outcome: Literal["created", "skipped", "refused"]
    study_id: int | None = None
    status: str | None = Field(None, description="The created study's analysis")
    patient_code: str | None = None
    visit_date: date | None = None
    dicom_study: int | None = Field(
        None, description="Which DICOM study of the archive (1, 2, ... by StudyInstanceUID)"
    )
    dicom_series: int | None = Field(None, description="Which series of that DICOM study")
    message: ErrorBody | None = Field(
        None, description="Why it was skipped or refused (or why its analysis could not be queued)"
    )


class ArchiveCreated(BaseModel):
    created: int
    skipped: int
    refused: int
    members: list[ArchiveMember]


class Totals(BaseModel):
    erosion: int
    jsn: int
    total: int
    svdh_erosion: int
    svdh_jsn: int
    svdh_total: int


class Grade(BaseModel):
    value: int | None = Field(
        description="the current grade (the model's unless a reader changed it)"
    )
    model: int | None = Field(description="the model's grade at the joint's current position")
    probabilities: list[float]
    uncertain: bool = Field(
        description="the model is unsure in a way worth a second look (rasharp.uncertainty)"
    )
    edited: bool
    confirmed: bool = Field(description="a reader confirmed the current grade as it is")
    reviewed: bool = Field(description="confirmed or edited by a reader")


class JointOut(BaseModel):
    side: Side
    joint: JointCode
    present: bool
    absent: Literal["outside_film", "not_found"] | None = Field(
        description="why an absent joint is absent: cut off by the film's edge, or not found on "
        "it; null when present, or for analyses made before this was told"
    )
    x: float | None
    y: float | None
    box: list[float] | None
    confidence: float
    erosion: Grade | None
    jsn: Grade | None = Field(description="null for joints without a narrowing grade (CMC1)")
    jsw_px: float | None = Field(description="joint space width in image pixels")
    jsw_mm: float | None = Field(description="joint space width in millimetres")
    jsw_mm_basis: Literal["detector", "anatomy", "reader"] | None = Field(
        description="where the millimetres apply: at the detector (ImagerPixelSpacing, magnified "
        "some 5-10%), at the anatomy (PixelSpacing), or at the spacing a reader set on the study"
    )
    jsw_relative: float | None = Field(
        description="joint space width / width of the bone at the joint"
    )
    jsw_z: float | None = Field(description="z-score of jsw_mm against adult reference values")
    jsw_reason: str | None = Field(description="why the width, or any of its figures, is absent")
    moved: bool
    pending: bool = Field(description="true while a re-score after a move is queued")


class StudySummary(BaseModel):
    id: int
    patient_id: int | None = Field(description="the patient's page: /api/patients/{patient_id}")
    patient_code: str | None
    original_name: str
    created_at: datetime
    visit_date: date | None
    status: Literal["queued", "running", "done", "failed"]
    error: str | None = Field(description="why the analysis failed, in English")
    error_code: str | None = Field(
        description="the same as a code of the refusals' list (ErrorBody), for translation"
    )
    error_params: dict[str, str | int | float] = Field(description="the values it names")
    totals: Totals | None
    sides: list[Side] = Field(description="the hands found on the film, right first")
    grades_reviewed: int | None = Field(description="grades a reader confirmed or edited")
    grades_total: int | None = Field(description="grades the film has (null until scored)")


class StudyList(BaseModel):
    items: list[StudySummary]
    limit: int
    offset: int
    total: int = Field(description="how many studies match, on all pages")


class ScopeWarningOut(BaseModel):
    """Why the grades of this film, or of one hand, may not hold (see rasharp.scope)."""

    code: Literal[
        "joints_not_imaged",
        "partial_hand",
        "not_pa_view",
        "poor_exposure",
        "immature_skeleton",
        "burned_in_annotation",
    ]
    side: Side | None
    params: dict[str, str | int | float | list[str]] = Field(
        description="joints_not_imaged: joints; partial_hand: graded, total; not_pa_view: "
        "span_to_phalanx; poor_exposure: problem (too_bright, too_dark or low_contrast); "
        "immature_skeleton: open, judged (joints with an open growth plate, of those measured); "
        "burned_in_annotation: none (the whole film)"
    )


class ModelGradeChange(BaseModel):
    side: Side
    joint: JointCode
    kind: GradeKind
    old: int | None = Field(description="the grade of the model before the re-analysis")
    new: int | None = Field(description="the grade of the model it was re-analysed with")


class StudyDetail(StudySummary):
    patient_birth_year: int | None
    patient_sex: Literal["F", "M", "X"] | None
    requested_side: str
    format: str
    width: int
    height: int
    pixel_spacing_mm: float | None = Field(description="the film's own, from its DICOM header")
    reader_pixel_spacing_mm: float | None = Field(
        description="set by a reader on this study; outranks the film's own for widths in mm"
    )
    models: dict[str, str | None] = Field(
        description="each model's version, and the model registry's version ('registry')"
    )
    model_changes: list[ModelGradeChange] = Field(
        description="the model grades the last re-analysis changed (readers' grades stay)"
    )
    timings_ms: dict[str, float]
    queued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    hands: list[dict]
    warnings: list[ScopeWarningOut] = Field(
        description="why the grades may not hold: out of the grader's scope"
    )
    joints: list[JointOut]
    heatmaps: list[str]
    reviewed_at: datetime | None = Field(
        description="when a reader marked the study reviewed: grades and positions final"
    )
    reviewed_by: str | None


class GradeChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    erosion: StrictInt | None = None
    jsn: StrictInt | None = None


class StudyDetailsChange(BaseModel):
    """Only the fields sent change; null empties a field."""

    model_config = ConfigDict(extra="forbid")

    patient_code: str | None = Field(default=None, max_length=64)
    birth_year: StrictInt | None = None
    sex: Literal["F", "M", "X"] | None = None
    visit_date: date | None = Field(default=None, description="when the film was taken")


class HandSideChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    side: Side = Field(description="the hand's true side; with two hands they swap")


class GradeConfirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: GradeKind


class PositionChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: float
    y: float


class ResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    side: Side | None = None
    joint: JointCode | None = None


class FilmPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: float
    y: float


class PixelSpacingChange(BaseModel):
    """Either millimetres per pixel, or a known distance between two points on the film."""

    model_config = ConfigDict(extra="forbid")

    mm_per_pixel: float | None = Field(default=None, description="typed by the reader")
    distance_mm: float | None = Field(
        default=None, description="the true length of the line from start to end"
    )
    start: FilmPoint | None = Field(default=None, description="in image pixels")
    end: FilmPoint | None = None


class ResetDone(BaseModel):
    changed_joints: int


class HistoryEntry(BaseModel):
    id: int
    created_at: datetime
    user: str
    side: Side | None
    joint: JointCode | None
    field: (
        GradeKind
        | Literal[
            "position",
            "reset",
            "pixel_spacing",
            "confirm",
            "details",
            "side",
            "deleted",
            "reviewed",
            "reopened",
            "reanalysed",
        ]
    )
    old_value: dict | int | None
    new_value: dict | int | None
