"""Whether a film is one the grades can be trusted on: warnings shown with the study.

The grader learnt posteroanterior (PA) films of whole hands with a usable exposure. Each check
looks at what the localizer found and at the film's grey levels inside each hand:

- ``joints_not_imaged``: joints cut off by the film's edge (graded as absent, not as healthy);
- ``partial_hand``: too few of a hand's joints could be graded for its totals to mean much;
- ``not_pa_view``: the knuckles are bunched together, as on an oblique or lateral view;
- ``poor_exposure``: the hand is burnt out, too dark or has too little contrast;
- ``immature_skeleton``: open growth plates beside most joints, as in a child: the grades and
  joint space widths assume an adult's bones;
- ``burned_in_annotation``: the DICOM header says identifying text may be burned into the
  pixels, which de-identification of the header cannot remove (for the whole film).

The thresholds sit well outside what the atlas's PA films show (see ``python -m
rasharp.scope_check``, which reports how often each warning fires on real films).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .appearance import count_growth_plates
from .imaging import Radiograph, to_uint8
from .results import Hand, JointResult, ScopeWarning
from .scheme import JOINT_CODES, JOINT_INDEX, KNUCKLE_SPAN
from .scoring.crops import finger_axis, hand_scale
from .simulator import joint_region

# Every warning this module gives, by code (the service and the UI translate them).
CODES = (
    "joints_not_imaged",
    "partial_hand",
    "not_pa_view",
    "poor_exposure",
    "immature_skeleton",
    "burned_in_annotation",
)
EXPOSURE_PROBLEMS = ("too_bright", "too_dark", "low_contrast")

# A hand with fewer graded joints than this gets a warning: its totals leave out too much.
MIN_GRADED_JOINTS = 12
# Knuckle span (MCP2-MCP5) over the middle finger's proximal phalanx (MCP3-PIP3): 1.21 at the
# least, median 1.48, over the atlas's 110 PA hands. An oblique view brings it down with the
# cosine of its angle; below this the hand is turned by some 40 degrees or more.
MIN_SPAN_TO_PHALANX = 0.9
# A hand is judged immature when this share of its joints, of at least MIN_JOINTS_JUDGED whose
# bone ends could be measured, shows an open growth plate (the simulator's physis finder,
# rasharp.appearance). On the atlas's and rsna-hands' children and adolescents the share is 0.9
# and 0.8 at the median, and the warning fires on 66% and 55% of hands; adults' films could not
# be tried (none in ../shared), so how often it fires on them is not known.
MIN_OPEN_SHARE = 0.8
MIN_JOINTS_JUDGED = 8
# Share of the hand's pixels at the ends of the grey scale, and the grey-level range (2nd to
# 98th percentile, 0-255) inside the hand, beyond which its bones cannot be read.
MAX_CLIPPED_SHARE = 0.25
MIN_GREY_RANGE = 40


def assess(image: Radiograph, hands: list[Hand], joints: list[JointResult]) -> list[ScopeWarning]:
    """The warnings for one analysed film, hand by hand."""
    warnings: list[ScopeWarning] = []
    if str(image.metadata.get("BurnedInAnnotation", "")).strip().upper() == "YES":
        warnings.append(ScopeWarning("burned_in_annotation", None, {}))
    for side in dict.fromkeys(hand.side for hand in hands):  # the results keep one hand a side
        own = [j for j in joints if j.side == side]
        warnings += _joint_coverage(side, own)
        view = _not_pa(side, own)
        if view:
            warnings.append(view)
        exposure = _exposure(image, side, own)
        if exposure:
            warnings.append(exposure)
        immature = _immature(image, side, own)
        if immature:
            warnings.append(immature)
    return warnings


def _joint_coverage(side: str, joints: list[JointResult]) -> list[ScopeWarning]:
    warnings = []
    cut_off = [j.joint for j in joints if not j.present and j.absent == "outside_film"]
    if cut_off:
        warnings.append(ScopeWarning("joints_not_imaged", side, {"joints": cut_off}))
    graded = sum(1 for j in joints if j.present)
    if graded < MIN_GRADED_JOINTS:
        warnings.append(
            ScopeWarning("partial_hand", side, {"graded": graded, "total": len(JOINT_CODES)})
        )
    return warnings


def _not_pa(side: str, joints: list[JointResult]) -> ScopeWarning | None:
    points = np.full((len(JOINT_CODES), 2), np.nan)
    for j in joints:
        if j.present:
            points[JOINT_INDEX[j.joint]] = (j.x, j.y)
    mcp2, mcp5, mcp3, pip3 = (points[JOINT_INDEX[c]] for c in (*KNUCKLE_SPAN, "MCP3", "PIP3"))
    if np.isnan([mcp2, mcp5, mcp3, pip3]).any():
        return None
    phalanx = float(np.linalg.norm(mcp3 - pip3))
    ratio = float(np.linalg.norm(mcp2 - mcp5)) / phalanx if phalanx > 0 else 0.0
    if ratio >= MIN_SPAN_TO_PHALANX:
        return None
    return ScopeWarning("not_pa_view", side, {"span_to_phalanx": round(ratio, 2)})


def _exposure(image: Radiograph, side: str, joints: list[JointResult]) -> ScopeWarning | None:
    figures = exposure_figures(image, joints)
    if figures is None:
        return None
    if figures["white"] > MAX_CLIPPED_SHARE:
        problem = "too_bright"  # under-exposed or saturated: bone and soft tissue white alike
    elif figures["black"] > MAX_CLIPPED_SHARE:
        problem = "too_dark"  # over-exposed (burnt out)
    elif figures["range"] < MIN_GREY_RANGE:
        problem = "low_contrast"
    else:
        return None
    return ScopeWarning("poor_exposure", side, {"problem": problem})


def exposure_figures(image: Radiograph, joints: list[JointResult]) -> dict[str, float] | None:
    """Grey levels around the hand's joints (bone and soft tissue, little background): the
    shares at white and at black, and the 2nd-98th percentile range (0-255)."""
    around = [  # only the boxes are converted, not the whole film
        to_uint8(image.pixels[max(int(y0), 0) : int(y1) + 1, max(int(x0), 0) : int(x1) + 1]).ravel()
        for x0, y0, x1, y1 in (j.box for j in joints if j.present and j.box is not None)
    ]
    values = np.concatenate(around) if around else np.empty(0, np.uint8)
    if values.size == 0:
        return None
    low, high = np.percentile(values, [2, 98])
    return {
        "white": float(np.mean(values >= 250)),
        "black": float(np.mean(values <= 5)),
        "range": float(high - low),
    }


def _growth_plates(image: Radiograph, joints: list[JointResult]) -> Iterator[bool | None]:
    """For each present joint: whether an open growth plate lies beside it (None when its bone
    ends could not be measured)."""
    points = {j.joint: (j.x, j.y) for j in joints if j.present}
    scale = hand_scale(points)
    for code, point in points.items():
        if not scale:
            yield None
            continue
        region = joint_region(image.pixels, code, point, finger_axis(code, points), scale, None)
        yield count_growth_plates(image.pixels, region, code) > 0 if region.f.measured else None


def _immature(image: Radiograph, side: str, joints: list[JointResult]) -> ScopeWarning | None:
    present = sum(j.present for j in joints)
    found = judged = 0
    for looked, is_open in enumerate(_growth_plates(image, joints), start=1):
        if is_open is not None:
            judged, found = judged + 1, found + is_open
        left = present - looked
        # stop once even open plates at every joint left would not do: an adult's hand takes a
        # few joints, not all
        if _not_immature(found + left, judged + left):
            return None
    if _not_immature(found, judged):  # no joint at all
        return None
    return ScopeWarning("immature_skeleton", side, {"open": found, "judged": judged})


def _not_immature(found: int, judged: int) -> bool:
    return judged < MIN_JOINTS_JUDGED or found < MIN_OPEN_SHARE * judged
