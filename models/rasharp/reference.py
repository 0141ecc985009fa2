"""Adult reference values of joint space width and the z-score of a measured width against them.

Values from docs/domain.md ("Reference values"), for research use:

* PIP II-V (Pfeil et al., Acad Radiol 2007, 869 healthy subjects, computer-aided): mean (SD)
  in mm by sex and age, women 1.2 (0.2) at 21-35 falling to 1.0 (0.2-0.3) from 51 on, men 1.4
  (0.2) at 21-25, 1.3 to 40, 1.2 to 55, 1.1 to 80 and 0.9-1.0 after; by finger (all ages)
  women II/III/IV/V 1.2/1.2/1.1/1.0, men 1.4/1.4/1.2/1.1.
* MCP: about 1.40 mm, SD 0.25 (hand-OA controls), men about 11% wider than women.

Assumed where the sources leave gaps:

* the PIP mean of a finger is the age band's mean times that finger's share of the by-finger
  mean (e.g. a woman's PIP V at 60: 1.0 x 1.0/1.125 mm);
* women at 36-50 lie between the bands around them (1.1 mm, SD 0.2); a range of SDs
  ("0.2-0.3") is taken as its middle (0.25); men over 80 as 0.95 mm; an SD not given is 0.25;
* adults are 18 and over; 18-20 use the youngest band (21-25 / 21-35);
* MCP II-V: women 1.40 / 1.055 = 1.33 mm and men 1.33 x 1.11 = 1.47 mm (a 1.40 mm mean for
  equal numbers of both), SD 0.25 for both, no age trend; the thumb's MCP, the DIPs and the
  thumb's IP have no reference values here, so no z-score;
* the z-score uses the millimetre figure as it comes: a width at the detector (DICOM
  ImagerPixelSpacing) is some 5-10% wider than at the anatomy, which moves z by up to about
  +0.5 at PIP; the result says which basis its millimetres use.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

ADULT_AGE = 18

# (last age of the band, mean mm, SD mm), bands in order
PIP_BY_AGE = {
    "F": ((35, 1.2, 0.2), (50, 1.1, 0.2), (200, 1.0, 0.25)),
    "M": ((25, 1.4, 0.2), (40, 1.3, 0.25), (55, 1.2, 0.25), (80, 1.1, 0.25), (200, 0.95, 0.25)),
}
PIP_BY_FINGER = {"F": {2: 1.2, 3: 1.2, 4: 1.1, 5: 1.0}, "M": {2: 1.4, 3: 1.4, 4: 1.2, 5: 1.1}}
MCP_MEAN = {"F": 1.40 / 1.055, "M": 1.40 / 1.055 * 1.11}
MCP_SD = 0.25


@dataclass
class Patient:
    """What the z-score needs to know about the patient; anything may be unknown."""

    sex: str | None = None  # "F" or "M"
    birth_year: int | None = None
    study_year: int | None = None  # year the radiograph was taken

    @classmethod
    def of(cls, sex=None, birth_year=None, study_date=None) -> Patient:
        """From loose values: sex in any case ("f", "male"), the study as a year, date or ISO text."""
        return cls(
            _sex(sex), None if birth_year in (None, "") else int(birth_year), _year(study_date)
        )

    @property
    def age(self) -> int | None:
        """Age in whole years at the study (within a year: only the years are known)."""
        if self.birth_year is None or self.study_year is None:
            return None
        return self.study_year - self.birth_year


def _sex(value) -> str | None:
    text = str(value or "").strip().upper()[:1]
    return text if text in ("F", "M") else None


def _year(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.year
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def normal_width(code: str, sex: str, age: int) -> tuple[float, float] | None:
    """(mean, SD) in mm of a healthy adult's joint space at ``code``; None when not known."""
    if sex not in ("F", "M") or age < ADULT_AGE:
        return None
    if code.startswith("PIP"):
        finger = int(code[3:])
        mean, sd = next((m, s) for last, m, s in PIP_BY_AGE[sex] if age <= last)
        by_finger = PIP_BY_FINGER[sex]
        return mean * by_finger[finger] / (sum(by_finger.values()) / len(by_finger)), sd
    if code in ("MCP2", "MCP3", "MCP4", "MCP5"):
        return MCP_MEAN[sex], MCP_SD
    return None


def z_score(
    mm: float | None, code: str, patient: Patient | None
) -> tuple[float | None, str | None]:
    """(z-score of ``mm`` against the adult reference, reason when there is none)."""
    if mm is None:
        return None, "no width in millimetres (pixel spacing unknown)"
    if patient is None or patient.sex is None or patient.age is None:
        return None, "no z-score: the patient's sex and age are needed"
    if patient.age < ADULT_AGE:
        return None, "no z-score: reference values are for adults"
    reference = normal_width(code, patient.sex, patient.age)
    if reference is None:
        return None, f"no z-score: no reference values for {code}"
    mean, sd = reference
    return (mm - mean) / sd, None


NO_RELATIVE = "no relative width: the bone's edges were not clear"
NO_SPACING = "pixel spacing unknown: width given in pixels only"


def in_millimetres(
    px: float,
    relative_known: bool,
    pixel_spacing_mm: float | None,
    code: str | None,
    patient: Patient | None,
) -> tuple[float | None, float | None, str | None]:
    """(mm, z-score, reason for what is missing) of a width of ``px`` image pixels.

    Shared by the measurement (the film's own spacing) and the service (a spacing the reader
    set later), so that both say the same about what is missing.
    """
    reasons = [] if relative_known else [NO_RELATIVE]
    mm = z = None
    if pixel_spacing_mm is None:
        reasons.append(NO_SPACING)
    else:
        mm = px * pixel_spacing_mm
        if code is not None:
            z, why = z_score(mm, code, patient)
            if why:
                reasons.append(why)
    return mm, z, "; ".join(reasons) or None
