"""A reader's pixel spacing for a study: typed, or a known distance drawn on the film."""

from __future__ import annotations

import math

from sqlalchemy.orm import Session

from ..auth.models import User
from ..errors import Invalid
from .events import publish_study_change
from .joint_rows import check_open
from .models import GradeEdit, Study

# Hand films: some 0.05-0.2 mm per pixel from a detector, coarser for a scanned or reduced copy.
MAX_PIXEL_SPACING_MM = 2.0
MIN_CALIBRATION_PX = 10.0  # a shorter line is too imprecise to calibrate with


def set_pixel_spacing(
    db: Session,
    study: Study,
    user: User,
    mm_per_pixel: float | None,
    distance_mm: float | None = None,
    start: tuple[float, float] | None = None,
    end: tuple[float, float] | None = None,
) -> Study:
    """Calibrate the study: millimetres per pixel typed, or a known distance between two points."""
    check_open(study)
    typed = mm_per_pixel is not None
    drawn = distance_mm is not None or start is not None or end is not None
    if typed == drawn:
        raise Invalid("spacing.one_way")
    measured: dict = {}
    if drawn:
        if distance_mm is None or start is None or end is None:
            raise Invalid("spacing.line_incomplete")
        radiograph = study.radiograph
        for x, y in (start, end):
            if not (0 <= x <= radiograph.width and 0 <= y <= radiograph.height):
                raise Invalid(
                    "spacing.point_outside",
                    x=f"{x:g}",
                    y=f"{y:g}",
                    width=radiograph.width,
                    height=radiograph.height,
                )
        pixels = math.hypot(end[0] - start[0], end[1] - start[1])
        if pixels < MIN_CALIBRATION_PX:
            raise Invalid(
                "spacing.line_too_short",
                pixels=f"{pixels:.1f}",
                minimum=f"{MIN_CALIBRATION_PX:g}",
            )
        if not (math.isfinite(distance_mm) and distance_mm > 0):
            raise Invalid("spacing.distance_invalid", distance=f"{distance_mm:g}")
        mm_per_pixel = distance_mm / pixels
        measured = {"distance_mm": distance_mm, "pixels": round(pixels, 1)}
    assert mm_per_pixel is not None
    if not (math.isfinite(mm_per_pixel) and 0 < mm_per_pixel <= MAX_PIXEL_SPACING_MM):
        raise Invalid(
            "spacing.implausible",
            mm_per_pixel=f"{mm_per_pixel:.4g}",
            maximum=f"{MAX_PIXEL_SPACING_MM:g}",
        )
    return _record_spacing(db, study, user, {"mm_per_pixel": round(mm_per_pixel, 6), **measured})


def clear_pixel_spacing(db: Session, study: Study, user: User) -> Study:
    """Back to the film's own spacing (none for most JPEG and PNG files)."""
    check_open(study)
    if study.reader_pixel_spacing_mm is None:
        return study
    return _record_spacing(db, study, user, None)


def _record_spacing(db: Session, study: Study, user: User, new: dict | None) -> Study:
    old = study.reader_pixel_spacing_mm
    study.reader_pixel_spacing_mm = None if new is None else new["mm_per_pixel"]
    db.add(
        GradeEdit(
            study_id=study.id,
            user_id=user.id,
            field="pixel_spacing",
            old_value=None if old is None else {"mm_per_pixel": old},
            new_value=new,
        )
    )
    db.commit()
    status = study.analysis.status if study.analysis else "queued"
    publish_study_change(study.team_id, study.id, status)
    return study
