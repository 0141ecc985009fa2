"""Joint space width from the intensity profile across the joint, along the finger's axis.

The profile is the mean brightness of a narrow band through the middle of the joint, sampled
every half pixel along the finger. The joint space is the dark valley between the two bright
bone ends nearest to the joint's position; its edges are where the profile falls and climbs most
steeply between the valley floor and each bone (the cortical margins). Steepest slope rather
than half depth, because the blurred edges of a narrow joint space overlap and raise its floor,
which pushes half-depth points outwards: a 3-pixel gap would read half as wide again. Widths
come in image pixels and, when the pixel spacing is known, millimetres.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from .reference import in_millimetres
from .scheme import JOINTS_BY_CODE
from .scoring.crops import sample_bilinear

STEP = 0.5  # profile sample spacing in image pixels
SEARCH = 0.07  # how far from the expected joint centre the valley may lie, in knuckle spans
REACH = 0.06  # how far beyond the valley each bone's brightness is looked for, in knuckle spans
BAND = 0.012  # half-width of the band averaged across the finger, in knuckle spans
MIN_DEPTH = 0.025  # a valley shallower than this (on the 0..1 brightness scale) is no joint space
NO_VALLEY = "no joint space visible along the finger axis (bones fused, overlapping or too faint)"


@dataclass
class JointSpace:
    """A measured joint space; positions along the axis, in image pixels from the centre given."""

    proximal_edge: float
    distal_edge: float
    depth: float

    @property
    def width(self) -> float:
        return self.distal_edge - self.proximal_edge

    @property
    def centre(self) -> float:
        return (self.distal_edge + self.proximal_edge) / 2.0


class NoJointSpace(ValueError):
    """The profile shows no joint space; the message says why."""


def axis_profile(
    pixels: np.ndarray, centre, axis, half_length: float, band: float
) -> tuple[np.ndarray, np.ndarray]:
    """Positions s (image px, distal positive) and the mean brightness of the band at each."""
    axis = np.asarray(axis, np.float64)
    normal = np.array([-axis[1], axis[0]])
    s = np.arange(-half_length, half_length + STEP / 2, STEP)
    t = np.linspace(-band, band, 9)
    ss, tt = s[None, :], t[:, None]  # broadcast to the 9 x len(s) grid
    x = centre[0] + ss * axis[0] + tt * normal[0]
    y = centre[1] + ss * axis[1] + tt * normal[1]
    h, w = pixels.shape
    if x.min() < 0 or y.min() < 0 or x.max() > w - 2 or y.max() > h - 2:
        raise NoJointSpace("the joint lies too close to the image border to measure")
    return s, sample_bilinear(pixels, x.astype(np.float32), y.astype(np.float32)).mean(axis=0)


def _smooth(values: np.ndarray, sigma_samples: float) -> np.ndarray:
    radius = max(1, int(3 * sigma_samples))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma_samples) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(values, radius, mode="edge")
    return np.convolve(padded, kernel, mode="valid")


def _steepest(s: np.ndarray, slope: np.ndarray, start: int, stop: int) -> float:
    """Position of the largest ``slope`` between indices start and stop, to a fraction of a step."""
    k = start + int(np.argmax(slope[start : stop + 1]))
    offset = 0.0
    if start < k < stop:
        a, b, c = slope[k - 1], slope[k], slope[k + 1]
        curvature = a - 2.0 * b + c
        if curvature < 0:
            offset = 0.5 * (a - c) / curvature
    return float(s[k] + offset * STEP)


@dataclass
class Valley:
    """A candidate joint space on the profile: the space it would measure and how it scores."""

    space: JointSpace
    floor: float  # position of the valley's lowest point, image px from the centre given
    score: float  # depth, less for valleys far from the centre


_reused: contextvars.ContextVar[dict | None] = contextvars.ContextVar("joint_spaces", default=None)


@contextmanager
def reused_joint_spaces():
    """Within this block, the profile along a joint is read once per film: the scope check and
    the measurement look for the same joint space (the films must not change meanwhile)."""
    token = _reused.set({})
    try:
        yield
    finally:
        _reused.reset(token)


def _valleys(pixels: np.ndarray, centre, axis, scale: float):
    """(positions, smoothed profile, candidates as (floor index, left peak, right peak, depth,
    score)); the same answer again within :func:`reused_joint_spaces`."""
    known = _reused.get()
    if known is None:
        return _find_valleys(pixels, centre, axis, scale)
    # positions agree to a millionth of a pixel: the callers derive them in different orders
    key = (id(pixels), *(round(float(v), 6) for v in (*centre, *axis, scale)))
    if key not in known:
        known[key] = (pixels, _find_valleys(pixels, centre, axis, scale))
    return known[key][1]


def _find_valleys(pixels: np.ndarray, centre, axis, scale: float):
    search, reach = SEARCH * scale, REACH * scale
    s, raw = axis_profile(pixels, centre, axis, search + reach, BAND * scale)
    p = _smooth(raw, sigma_samples=0.7 / STEP)
    inner = np.flatnonzero(np.abs(s) <= search)[1:-1]
    floors = inner[(p[inner] <= p[inner - 1]) & (p[inner] <= p[inner + 1])]
    # every local minimum at once: its highest neighbours within ``reach`` on either side
    offset = s[None, :] - s[floors][:, None]
    near = np.abs(offset) <= reach
    left, right = near & (offset < 0), near & (offset > 0)
    left_peaks = np.where(left, p[None, :], -np.inf).argmax(axis=1)
    right_peaks = np.where(right, p[None, :], -np.inf).argmax(axis=1)
    found = []
    for k in np.flatnonzero(left.any(axis=1) & right.any(axis=1)):
        i, left_peak, right_peak = floors[k], left_peaks[k], right_peaks[k]
        depth = min(p[left_peak], p[right_peak]) - p[i]
        score = depth * (1.0 - 0.5 * abs(s[i]) / search)  # prefer deep valleys near the centre
        found.append((i, left_peak, right_peak, depth, score))
    return s, p, found


def _space(
    s: np.ndarray,
    p: np.ndarray,
    left_peak: int,
    right_peak: int,
    depth: float,
    slope: np.ndarray | None = None,
) -> JointSpace:
    """``slope``: np.gradient(p, STEP), when the caller has it already."""
    floor = left_peak + int(np.argmin(p[left_peak : right_peak + 1]))
    if slope is None:
        slope = np.gradient(p, STEP)
    proximal = _steepest(s, -slope, left_peak, floor)
    distal = _steepest(s, slope, floor, right_peak)
    return JointSpace(proximal, distal, float(depth))


def valleys(pixels: np.ndarray, centre, axis, scale: float) -> list[Valley]:
    """Every valley deep enough to be a joint space, best first (the first is what
    :func:`find_joint_space` measures); raises NoJointSpace at the image border."""
    s, p, found = _valleys(pixels, centre, axis, scale)
    kept = [v for v in found if v[3] >= MIN_DEPTH]
    order = sorted(range(len(kept)), key=lambda k: -kept[k][4])  # stable: ties keep profile order
    slope = np.gradient(p, STEP)
    return [
        Valley(
            _space(s, p, kept[k][1], kept[k][2], kept[k][3], slope),
            float(s[kept[k][0]]),
            float(kept[k][4]),
        )
        for k in order
    ]


def find_joint_space(pixels: np.ndarray, centre, axis, scale: float) -> JointSpace:
    """The joint space nearest to ``centre`` along ``axis``; raises NoJointSpace if none."""
    s, p, found = _valleys(pixels, centre, axis, scale)
    best, best_score = None, -np.inf
    for _, left_peak, right_peak, depth, score in found:
        if depth >= MIN_DEPTH and score > best_score:
            best, best_score = (left_peak, right_peak, depth), score
    if best is None:
        raise NoJointSpace(NO_VALLEY)
    return _space(s, p, *best)


# -- is the width right? -------------------------------------------------------------------
# Typical healthy joint space in knuckle spans (median on the hand atlas, steepest-slope edges)
TYPICAL_GAP = {"DIP": 0.020, "PIP": 0.023, "MCP": 0.030, "IP": 0.026}
MAX_GAP_RATIO = 2.5  # a width over this multiple of the typical gap is another structure's valley
MAX_RELATIVE = {"DIP": 0.6, "PIP": 0.6, "MCP": 0.8, "IP": 0.65}  # width / bone width at most
AMBIGUOUS = 0.9  # a second, different valley scoring this share of the best makes the choice unsure
MIN_SHARE_OF_BONE = 0.2  # a valley shallower than this share of the bone's contrast is too faint
MIN_PX = 3.0  # narrower than this the blurred edges merge: width not resolved
# The bone width is measured across the finger this far proximal of the joint space (knuckle
# spans; the metacarpal head is round, so further back) over a band BONE_BAND long
BONE_AT = {"DIP": 0.0125, "PIP": 0.0125, "IP": 0.0125, "MCP": 0.04}
BONE_BAND = 0.0075
BONE_REACH = 0.17  # how far to either side of the axis the bone's edges are looked for
BONE_RANGE = (0.04, 0.30)  # bone widths outside this many knuckle spans are not believed


@dataclass
class Bone:
    """The proximal bone just proximal of the joint space, measured across the finger."""

    width: float  # px, between the steepest edges
    contrast: float  # bone brightness above the soft tissue beside it (0..1 scale)


def _outer_edge(outward_fall: np.ndarray, indices: np.ndarray) -> int:
    """From the middle outwards: the first slope peak reaching half the largest on this side."""
    values = outward_fall[indices]
    k = int(np.argmax(values >= 0.5 * values.max()))
    while k + 1 < len(indices) and values[k + 1] >= values[k]:
        k += 1
    return int(indices[k])


def bone_width(
    pixels: np.ndarray, centre, axis, scale: float, at: float, group: str
) -> Bone | None:
    """Width of the proximal bone across the finger, ``at`` (px along the axis) being the joint
    space's proximal edge; None when its edges cannot be told from the soft tissue."""
    axis = np.asarray(axis, np.float64)
    normal = np.array([-axis[1], axis[0]])
    behind = at - BONE_AT[group] * scale
    centre = np.asarray(centre, np.float64) + axis * behind
    try:
        t, raw = axis_profile(pixels, centre, normal, BONE_REACH * scale, BONE_BAND * scale / 2)
    except NoJointSpace:
        return None
    p = _smooth(raw, sigma_samples=0.004 * scale / STEP)
    slope = np.gradient(p, STEP)
    middle, inner = len(t) // 2, max(1, int(0.015 * scale / STEP))
    if middle - inner < 2 or middle + inner > len(t) - 3:
        return None
    low = _outer_edge(slope, np.arange(middle - inner, -1, -1))
    high = _outer_edge(-slope, np.arange(middle + inner, len(t)))
    width = float(t[high] - t[low])
    if not BONE_RANGE[0] * scale <= width <= BONE_RANGE[1] * scale:
        return None
    rim = max(2, int(0.02 * scale / STEP))
    soft = np.concatenate([p[max(0, low - rim) : low], p[high + 1 : high + 1 + rim]])
    bone = p[low : high + 1]
    if not soft.size:
        return None
    return Bone(width, float(np.median(bone) - np.median(soft)))


def _rival(found: list[Valley]) -> Valley | None:
    """The best-scoring other valley whose floor lies outside the first valley's joint space
    (any other valley when the first one's edges do not even enclose its own floor)."""
    space = found[0].space

    def inside(position: float) -> bool:
        return space.proximal_edge - 1.0 <= position <= space.distal_edge + 1.0

    for v in found[1:]:
        if not inside(v.floor) or not inside(found[0].floor):
            return v
    return None


def doubt(found: list[Valley], bone: Bone | None, scale: float, group: str | None) -> str | None:
    """Why the best valley's width should not be given, or None when it looks right."""
    space = found[0].space
    rival = _rival(found)
    if rival is not None and rival.score >= AMBIGUOUS * found[0].score:
        return "joint space unclear: two gaps of similar depth along the finger, not measured"
    if space.width < MIN_PX:
        return "joint space too narrow for this film to resolve (under 3 pixels), not measured"
    if bone is not None and space.depth < MIN_SHARE_OF_BONE * bone.contrast:
        return "joint space too faint against the bone to measure reliably"
    if group in TYPICAL_GAP and space.width > MAX_GAP_RATIO * TYPICAL_GAP[group] * scale:
        return "measured gap far wider than this joint's usual width: probably another structure, not measured"
    if (
        group in MAX_RELATIVE
        and bone is not None
        and space.width > MAX_RELATIVE[group] * bone.width
    ):
        return "measured gap too wide for the width of the bone: probably another structure, not measured"
    return None


@dataclass
class JointSpaceWidth:
    """What :func:`measure` found; ``reason`` says why any figure is absent."""

    px: float | None = None  # image pixels
    mm: float | None = None
    mm_basis: str | None = None  # "detector" (ImagerPixelSpacing) or "anatomy" (PixelSpacing)
    relative: float | None = None  # width / width of the proximal bone at the joint
    z: float | None = None  # against adult reference values (rasharp.reference)
    reason: str | None = None
    bone_px: float | None = None  # width of the proximal bone


def measure(
    pixels: np.ndarray,
    centre,
    axis,
    scale: float | None,
    pixel_spacing_mm: float | None = None,
    *,
    code: str | None = None,
    mm_basis: str | None = None,
    patient=None,
) -> JointSpaceWidth:
    """The joint space width at ``centre``, or none with the reason.

    ``code`` (e.g. "PIP3") enables the checks that need the joint group and the z-score;
    ``mm_basis`` says where ``pixel_spacing_mm`` applies ("detector" or "anatomy");
    ``patient`` (:class:`rasharp.reference.Patient`) gives the sex and age for the z-score.
    """
    if scale is None or scale <= 0:
        return JointSpaceWidth(
            reason="hand size unknown (too few joints found to set the measuring scale)"
        )
    group = JOINTS_BY_CODE[code].group if code in JOINTS_BY_CODE else None
    try:
        found = valleys(pixels, centre, axis, scale)
    except NoJointSpace as exc:
        return JointSpaceWidth(reason=str(exc))
    if not found:
        return JointSpaceWidth(reason=NO_VALLEY)
    space = found[0].space
    bone = (
        bone_width(pixels, centre, axis, scale, space.proximal_edge, group)
        if group in BONE_AT
        else None
    )
    why = doubt(found, bone, scale, group)
    if why is not None:
        return JointSpaceWidth(reason=why, bone_px=None if bone is None else bone.width)
    out = JointSpaceWidth(px=space.width, bone_px=None if bone is None else bone.width)
    if bone is not None:
        out.relative = space.width / bone.width
    out.mm, out.z, out.reason = in_millimetres(
        space.width, bone is not None, pixel_spacing_mm, code, patient
    )
    if out.mm is not None:
        out.mm_basis = mm_basis
    return out
