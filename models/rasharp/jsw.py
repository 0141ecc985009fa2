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

from dataclasses import dataclass

import numpy as np

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


def axis_profile(pixels: np.ndarray, centre, axis, scale: float, half_length: float,
                 band: float) -> tuple[np.ndarray, np.ndarray]:
    """Positions s (image px, distal positive) and the mean brightness of the band at each."""
    axis = np.asarray(axis, np.float64)
    normal = np.array([-axis[1], axis[0]])
    s = np.arange(-half_length, half_length + STEP / 2, STEP)
    t = np.linspace(-band, band, 9)
    ss, tt = np.meshgrid(s, t)
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
    k = start + int(np.argmax(slope[start:stop + 1]))
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


def _valleys(pixels: np.ndarray, centre, axis, scale: float):
    """(positions, smoothed profile, candidates as (floor index, left peak, right peak, depth, score))."""
    search, reach = SEARCH * scale, REACH * scale
    s, raw = axis_profile(pixels, centre, axis, scale, search + reach, BAND * scale)
    p = _smooth(raw, sigma_samples=0.7 / STEP)
    inner = np.flatnonzero(np.abs(s) <= search)
    found = []
    for i in inner[1:-1]:
        if not (p[i] <= p[i - 1] and p[i] <= p[i + 1]):
            continue
        near = np.abs(s - s[i]) <= reach
        left = np.flatnonzero(near & (s < s[i]))
        right = np.flatnonzero(near & (s > s[i]))
        if not left.size or not right.size:
            continue
        left_peak, right_peak = left[np.argmax(p[left])], right[np.argmax(p[right])]
        depth = min(p[left_peak], p[right_peak]) - p[i]
        score = depth * (1.0 - 0.5 * abs(s[i]) / search)  # prefer deep valleys near the centre
        found.append((i, left_peak, right_peak, depth, score))
    return s, p, found


def _space(s: np.ndarray, p: np.ndarray, left_peak: int, right_peak: int, depth: float) -> JointSpace:
    floor = left_peak + int(np.argmin(p[left_peak:right_peak + 1]))
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
    return [Valley(_space(s, p, kept[k][1], kept[k][2], kept[k][3]), float(s[kept[k][0]]), float(kept[k][4]))
            for k in order]


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


def measure(pixels: np.ndarray, centre, axis, scale: float | None,
            pixel_spacing_mm: float | None) -> tuple[float | None, float | None, str | None]:
    """(width in px, width in mm, reason when not measured) of the joint space at ``centre``."""
    if scale is None or scale <= 0:
        return None, None, "hand size unknown (too few joints found to set the measuring scale)"
    try:
        space = find_joint_space(pixels, centre, axis, scale)
    except NoJointSpace as exc:
        return None, None, str(exc)
    mm = None if pixel_spacing_mm is None else space.width * pixel_spacing_mm
    return space.width, mm, None
