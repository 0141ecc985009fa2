"""A study's PDF report as plain data: built by the service, laid out by ``exports.pdf``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PIL.Image import Image


@dataclass
class EditedGrade:
    """A current grade a reader changed, with who made the last change and when."""

    side: str
    joint: str
    kind: str  # "erosion" or "jsn"
    model: int | None
    value: int | None
    by: str  # "?" when the history has no change of this grade
    at: datetime | None


@dataclass
class StudyReport:
    study_id: int
    original_name: str
    patient_code: str | None
    visit_date: date  # the film's date (DICOM StudyDate), else the upload's
    uploaded: datetime
    analysed: datetime | None
    models: dict[str, str | None]
    image_format: str
    width: int
    height: int
    pixel_spacing_mm: float | None
    picture: Image  # the radiograph, for the thumbnail
    joints: list[dict]  # rows as the API shows them, right hand then left
    totals: dict  # of the current grades
    edited_grades: list[EditedGrade]
    warnings: list[dict]  # rasharp.scope's, as the analysis keeps them
