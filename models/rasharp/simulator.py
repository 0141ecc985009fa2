"""Lesion simulator: draws rheumatoid joint damage of a chosen grade onto a real radiograph.

Everything happens in the joint's own frame: ``s`` runs along the finger (distal positive,
zero at the middle of the joint space) and ``t`` across it, both in image pixels. The joint
space is found on the untouched image with the same profile method that measures joint space
width (:mod:`rasharp.jsw`), so the simulator knows the gap it starts from and the gap it leaves.

Joint space narrowing (JSN, Sharp/van der Heijde 0-4) is a smooth local warp that pulls the
distal bone towards the proximal one by the share of the gap lost:

====  =====================================================================================
1     focal: one half of the joint loses 45-65% of its gap, the other half almost nothing
2     generalised, 35-50% of the gap lost
3     generalised, 62-85% lost; or 35-50% lost with subluxation (distal bone shifted sideways
      by 30-50% of the bone's half-width)
4     ankylosis: the gap closes and a band of bone bridges it
====  =====================================================================================

Erosions (0-5) are cortical defects ("bare areas") at the joint margins where bone is replaced
by soft tissue: a blob with a ragged outline whose size grows with the grade, from one
discrete marginal defect (1) through larger and several defects (2-3) to destruction of more
than half of one bone end (4) and collapse of the whole bone end (5).

Defects and bridges are drawn with soft edges (blurred masks) and given the image's own grain
(noise matched to the local noise level), so that their edges look like the rest of the
radiograph. Everything is drawn from a ``numpy.random.Generator``: the same seed gives the
same lesion.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from . import jsw
from .imaging import read_image, to_uint8
from .scheme import EROSION, JOINTS_BY_CODE, JSN
from .scoring.atlas import load_atlas
from .scoring.crops import (
    CENTRE_SHIFT,
    crop_frame,
    extract,
    finger_axis,
    hand_scale,
    sample_bilinear,
)

# bone half-width at the joint, in knuckle spans (hands of the atlas, measured by eye)
BONE_HALF_WIDTH = {"IP": 0.065, "DIP": 0.055, "PIP": 0.068, "MCP": 0.085, "CMC": 0.08}
# Healthy adult joint space width in knuckle spans (MCP2-MCP5, about 60 mm in adults): the
# reference widths of domain.md (PIP II-V 1.0-1.4 mm, MCP about 1.5 mm; DIP and thumb IP, which
# it does not give, taken a little narrower than PIP). Children's gaps are wider (cartilage).
ADULT_GAP = {"IP": 1.1 / 60, "DIP": 1.0 / 60, "PIP": 1.2 / 60, "MCP": 1.5 / 60, "CMC": 1.5 / 60}
# Spread between healthy adults of the gap relative to the hand's size: the SD of 0.2 mm (of
# 1.2 mm) in domain.md is mostly body size, which the knuckle span takes out
ADULT_GAP_SPREAD = 0.08
FALL = 0.08  # length over which a narrowing warp fades out distally, in knuckle spans
NOMINAL_GAP = 0.027  # joint space width in knuckle spans when none can be measured
JSN_LOSS = {0: (0.0, 0.0), 1: (0.45, 0.65), 2: (0.35, 0.50), 3: (0.62, 0.85), 4: (1.0, 1.0)}
# erosion defect radius in bone half-widths, and how many defects
EROSION_SIZE = {
    1: ((0.28, 0.38), 1),
    2: ((0.48, 0.60), 1),
    3: ((0.62, 0.78), 2),
    4: ((1.00, 1.20), 1),
    5: ((1.45, 1.75), 1),
}


@dataclass
class JointLesion:
    """What was drawn at one joint, including the gap the simulator started from and left."""

    erosion: int
    jsn: int
    gap_before_px: float | None
    gap_after_px: float | None  # along the middle of the joint; None when no gap was measurable
    subluxation: bool = False
    eroded_bone: str | None = None  # "proximal" or "distal"


@dataclass
class JointFrame:
    centre: np.ndarray  # image x, y of the middle of the joint space
    axis: np.ndarray  # unit vector towards distal
    normal: np.ndarray  # unit vector across the finger
    gap: float  # joint space width, px
    half_width: float  # bone half-width, px
    scale: float  # knuckle span, px
    measured: bool


def _frame(pixels, point, axis, code, scale, centre_shift) -> JointFrame:
    axis = np.asarray(axis, np.float64) / np.hypot(*axis)
    centre = np.asarray(point, np.float64) - axis * centre_shift * scale
    measured = True
    try:
        space = jsw.find_joint_space(pixels, centre, axis, scale)
        centre = centre + axis * space.centre
        gap = space.width
    except jsw.NoJointSpace:
        gap, measured = NOMINAL_GAP * scale, False
    half = BONE_HALF_WIDTH[JOINTS_BY_CODE[code].group] * scale
    return JointFrame(centre, axis, np.array([-axis[1], axis[0]]), gap, half, scale, measured)


def blur(mask: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur (edges repeated)."""
    if sigma <= 0.3:
        return mask
    radius = max(1, int(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    pad = np.pad(mask, radius, mode="edge")
    h, w = mask.shape
    rows = sum(k[i] * pad[:, i : i + w] for i in range(len(k)))
    return sum(k[i] * rows[i : i + h, :] for i in range(len(k)))


def smoothstep(x):
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


class Region:
    """The image window around a joint with each pixel's (s, t) joint coordinates."""

    def __init__(self, pixels: np.ndarray, f: JointFrame, reach: float):
        h, w = pixels.shape
        cx, cy = f.centre
        self.x0, self.x1 = max(0, int(cx - reach)), min(w, int(cx + reach) + 1)
        self.y0, self.y1 = max(0, int(cy - reach)), min(h, int(cy + reach) + 1)
        self.f = f

    # computed when first asked for: looking for growth plates needs neither
    @functools.cached_property
    def _offsets(self) -> tuple[np.ndarray, np.ndarray]:
        yy, xx = np.mgrid[self.y0 : self.y1, self.x0 : self.x1].astype(np.float32)
        return xx - np.float32(self.f.centre[0]), yy - np.float32(self.f.centre[1])

    @functools.cached_property
    def s(self) -> np.ndarray:
        dx, dy = self._offsets
        return dx * np.float32(self.f.axis[0]) + dy * np.float32(self.f.axis[1])

    @functools.cached_property
    def t(self) -> np.ndarray:
        dx, dy = self._offsets
        return dx * np.float32(self.f.normal[0]) + dy * np.float32(self.f.normal[1])

    def to_xy(self, s, t):
        f = self.f
        return (
            f.centre[0] + s * f.axis[0] + t * f.normal[0],
            f.centre[1] + s * f.axis[1] + t * f.normal[1],
        )


def _narrow(pixels, region: Region, grade: int, rng) -> tuple[float, bool]:
    """Warp the distal bone towards the proximal one; returns (gap lost at t=0, subluxation)."""
    f = region.f
    g, b = f.gap, f.half_width
    s, t = region.s, region.t
    subluxation = grade == 3 and rng.random() < 0.35
    if grade == 1:
        side = rng.choice([-1.0, 1.0])
        high, low = rng.uniform(*JSN_LOSS[1]), rng.uniform(0.0, 0.1)
        across = smoothstep((side * t / b + 1.0) / 2.0)  # 0 on one side, 1 on the other
        loss = low + (high - low) * across
        loss_centre = (high + low) / 2.0
    else:
        lo, hi = (0.35, 0.50) if subluxation else JSN_LOSS[grade]
        loss = np.full_like(s, rng.uniform(lo, hi))
        loss_centre = float(loss.flat[0])
    lateral = rng.choice([-1.0, 1.0]) * rng.uniform(0.3, 0.5) * b if subluxation else 0.0
    _move_distal_bone(pixels, region, loss, lateral)
    if grade == 4:  # what is left of the gap lies just distal to the proximal bone
        remaining = g - loss_centre * g
        _bridge(pixels, region, rng, centre=-g / 2 + remaining / 2, half_height=remaining / 2 + 3.0)
    return loss_centre * g, subluxation


def _move_distal_bone(pixels, region: Region, loss, lateral: float = 0.0) -> None:
    """Shift the distal bone end by ``loss`` x gap towards the proximal one (negative: away) and
    ``lateral`` pixels across, fading out distally and to the sides; the proximal bone stays."""
    f = region.f
    g, b = f.gap, f.half_width
    s, t = region.s, region.t
    shift = loss * g
    new_edge = g / 2 - shift
    ramp_len = np.maximum(new_edge + g / 2, 0.75)  # output span that shows the remaining gap
    fall = max(4.0 * g, FALL * f.scale)  # length over which the distal bone returns to rest
    inside_gap = np.clip((s + g / 2) / ramp_len, 0.0, 1.0)
    beyond = 1.0 - smoothstep((s - new_edge) / fall)
    weight = np.where(s < new_edge, inside_gap, beyond)
    weight = weight * (1.0 - smoothstep((np.abs(t) - 1.5 * b) / (1.2 * b)))
    s_in = s + shift * weight
    t_in = t.copy()
    if lateral:
        ramp = max(g, 0.8 * b)
        distal_part = smoothstep((s + ramp / 2) / ramp) * (1.0 - smoothstep((s - new_edge) / fall))
        t_in = t + lateral * distal_part * (1.0 - smoothstep((np.abs(t) - 1.5 * b) / b))
    x, y = region.to_xy(s_in, t_in)
    window = pixels[region.y0 : region.y1, region.x0 : region.x1]
    warped = sample_bilinear(pixels, x.astype(np.float32), y.astype(np.float32), fill=0.0)
    pixels[region.y0 : region.y1, region.x0 : region.x1] = np.where(weight > 0, warped, window)


def local_levels(window: np.ndarray, region: Region) -> tuple[float, float, float]:
    """(bone brightness, soft-tissue brightness, noise level) near the joint."""
    b = region.f.half_width
    near = np.abs(region.s) < 2.5 * b
    bone = window[near & (np.abs(region.t) < 0.6 * b)]
    soft = window[near & (np.abs(region.t) > 1.15 * b) & (np.abs(region.t) < 1.5 * b)]
    bone_level = float(np.percentile(bone, 60)) if bone.size else float(window.max())
    soft_level = float(np.percentile(soft, 50)) if soft.size else float(window.min())
    detail = window - blur(window, 1.5)
    return (
        bone_level,
        min(soft_level, bone_level),
        float(np.std(detail[near])) if near.any() else 0.01,
    )


def grain(shape, level, rng, sigma=0.8):
    return blur(rng.standard_normal(shape, dtype=np.float32), sigma) * np.float32(level * 2.0)


def _bridge(pixels, region: Region, rng, centre: float, half_height: float):
    """Ankylosis: fill what is left of the joint space with bone."""
    f = region.f
    window = pixels[region.y0 : region.y1, region.x0 : region.x1]
    _, _, noise = local_levels(window, region)
    beside = (np.abs(region.s - centre) < 4.0 * half_height + 6.0) & (
        np.abs(region.t) < 0.6 * f.half_width
    )
    bone = float(np.percentile(window[beside], 80))  # as bright as the bone ends it joins
    band = (np.abs(region.s - centre) < half_height) & (
        np.abs(region.t) < rng.uniform(0.7, 0.95) * f.half_width
    )
    mask = blur(band.astype(np.float32), 1.5)
    target = bone * rng.uniform(1.0, 1.04) + grain(window.shape, noise, rng)
    window[:] = window + mask * (np.maximum(target, window) - window)


def _ragged_blob(region: Region, cs, ct, radius, rng) -> np.ndarray:
    ds, dt = region.s - cs, region.t - ct
    angle = np.arctan2(dt, ds)
    wobble = sum(
        rng.uniform(0.04, 0.12) * np.cos(k * angle + rng.uniform(0, 2 * np.pi)) for k in (2, 3, 5)
    )
    r = np.hypot(ds, dt) / (radius * (1.0 + wobble))
    return 1.0 - smoothstep((r - 0.85) / 0.3)


def _erode(pixels, region: Region, grade: int, rng) -> str:
    """Carve bare areas from one bone end near the joint; returns which bone."""
    f = region.f
    g, b = f.gap, f.half_width
    bone_sign = rng.choice([-1.0, 1.0])  # -1 proximal bone head, +1 distal bone base
    edge = bone_sign * g / 2  # articular surface of that bone
    (r_lo, r_hi), count = EROSION_SIZE[grade]
    mask = np.zeros_like(region.s)
    if grade <= 3:
        if grade >= 2 and rng.random() < 0.4:
            count += 1
        sides = rng.permutation([-1.0, 1.0])
        for k in range(count):
            radius = rng.uniform(r_lo, r_hi) * b * (0.8 if k else 1.0)
            side = sides[k % 2]
            ct = side * b * rng.uniform(0.75, 0.95)  # at the joint margin (bare area)
            cs = edge + bone_sign * radius * rng.uniform(0.35, 0.7)
            mask = np.maximum(mask, _ragged_blob(region, cs, ct, radius, rng))
    else:
        # more than half of the bone end (4) or the whole bone end (5) destroyed
        depth = rng.uniform(r_lo, r_hi) * b
        ct = (
            rng.uniform(-0.3, 0.3) * b
            if grade == 5
            else rng.choice([-1.0, 1.0]) * b * rng.uniform(0.2, 0.45)
        )
        width = b * (1.5 if grade == 5 else rng.uniform(0.9, 1.15))
        ds = bone_sign * (region.s - edge)
        angle_t = (region.t - ct) / width
        ragged = sum(
            rng.uniform(0.05, 0.12) * np.sin(k * angle_t + rng.uniform(0, 6.3)) for k in (5, 9)
        )
        rim = depth * (1.0 - 0.35 * angle_t**2) * (1.0 + ragged)
        inside = (ds > -0.5 * g) & (ds < rim) & (np.abs(angle_t) < 1.0)
        mask = blur(inside.astype(np.float64), 0.003 * f.scale)
    mask = mask * (np.abs(region.t) < 1.6 * b) * (bone_sign * (region.s - edge) > -0.5 * g - 1.0)
    window = pixels[region.y0 : region.y1, region.x0 : region.x1]
    bone, soft, noise = local_levels(window, region)
    mask = blur(mask, 0.8) * rng.uniform(0.75, 0.9)
    eroded = soft + rng.uniform(0.1, 0.3) * (bone - soft) + grain(window.shape, noise, rng)
    window[:] = window + mask * (np.minimum(eroded, window) - window)
    return "distal" if bone_sign > 0 else "proximal"


def joint_region(
    pixels, code: str, point, axis, scale: float, centre_shift: float | None
) -> Region:
    """The joint's frame (its gap measured on ``pixels``) and the window any lesion stays in."""
    shift = CENTRE_SHIFT[JOINTS_BY_CODE[code].group] if centre_shift is None else centre_shift
    f = _frame(pixels, point, axis, code, scale, shift)
    return Region(
        pixels, f, reach=max(2.7 * f.half_width, f.gap + max(4.0 * f.gap, FALL * scale)) + 4.0
    )


def simulate_joint(
    pixels: np.ndarray,
    code: str,
    point,
    axis,
    scale: float,
    erosion: int,
    jsn: int,
    rng: np.random.Generator,
    centre_shift: float | None = None,
) -> JointLesion:
    """Draw the lesion in place on ``pixels`` (float32 0..1, bone bright) at one joint.

    ``point`` is the annotated joint position, ``axis`` the finger's distal direction and
    ``scale`` the hand's knuckle span in pixels.
    """
    joint = JOINTS_BY_CODE[code]
    if not EROSION.contains(erosion):
        raise ValueError(
            f"erosion grade must be {EROSION.minimum}-{EROSION.maximum}, not {erosion}"
        )
    if not JSN.contains(jsn):
        raise ValueError(f"JSN grade must be {JSN.minimum}-{JSN.maximum}, not {jsn}")
    if jsn and not joint.scores("jsn"):
        raise ValueError(f"{code} has no JSN grade in this scheme")
    region = joint_region(pixels, code, point, axis, scale, centre_shift)
    f = region.f
    lesion = JointLesion(erosion, jsn, f.gap if f.measured else None, None)
    lost = 0.0
    if jsn:
        lost, lesion.subluxation = _narrow(pixels, region, jsn, rng)
    if erosion:
        lesion.eroded_bone = _erode(pixels, region, erosion, rng)
    if f.measured and jsn < 4:
        lesion.gap_after_px = f.gap - lost
    np.clip(pixels, 0.0, 1.0, out=pixels)
    return lesion


def vary_joint_space(
    pixels: np.ndarray,
    code: str,
    point,
    axis,
    scale: float,
    change: float,
    centre_shift: float | None = None,
) -> None:
    """Make the joint space wider by the share ``change`` of its width (negative: narrower), in
    place, with the warp that narrowing uses: the healthy variation between people that a reader
    does not call narrowing (about a tenth of the gap), so that grade 0 is not learnt from one
    width per hand."""
    region = joint_region(pixels, code, point, axis, scale, centre_shift)
    if not region.f.measured or not change:
        return
    _move_distal_bone(pixels, region, np.float32(-change))
    np.clip(pixels, 0.0, 1.0, out=pixels)


def adult_gap_px(code: str, scale: float, rng: np.random.Generator) -> float:
    """A healthy adult joint space width for ``code`` in a hand of knuckle span ``scale`` px,
    drawn around the reference value with the spread between healthy adults."""
    spread = float(np.clip(rng.normal(0.0, ADULT_GAP_SPREAD), -0.2, 0.2))
    return ADULT_GAP[JOINTS_BY_CODE[code].group] * scale * float(np.exp(spread))


def set_joint_space(
    pixels: np.ndarray,
    code: str,
    point,
    axis,
    scale: float,
    width_px: float,
    centre_shift: float | None = None,
) -> bool:
    """Warp the joint space to ``width_px`` (healthy: no lesion is drawn); False when no joint
    space could be measured to start from."""
    region = joint_region(pixels, code, point, axis, scale, centre_shift)
    if not region.f.measured:
        return False
    _move_distal_bone(pixels, region, np.float32(1.0 - width_px / region.f.gap))
    np.clip(pixels, 0.0, 1.0, out=pixels)
    return True


def grade_sheet(image_path, points: dict, code: str, seed: int = 0, tile: int = 192):
    """A picture of one joint at every erosion grade (top row) and every JSN grade (bottom row)."""
    pixels = read_image(image_path).pixels
    scale = hand_scale(points)
    axis = finger_axis(code, points)
    frame = crop_frame(code, points, "left", scale, size=tile)
    sheet = Image.new("L", (max(EROSION.classes, JSN.classes) * tile, 2 * tile + 40), 255)
    draw = ImageDraw.Draw(sheet)
    for row, (kind, grades) in enumerate((("erosion", EROSION), ("JSN", JSN))):
        for grade in range(grades.minimum, grades.maximum + 1):
            img = pixels.copy()
            if grade:
                rng = np.random.default_rng(seed + grade)
                simulate_joint(
                    img,
                    code,
                    points[code],
                    axis,
                    scale,
                    grade if kind == "erosion" else 0,
                    grade if kind == "JSN" else 0,
                    rng,
                )
            crop = to_uint8(extract(img, frame))
            x, y = grade * tile, row * (tile + 20) + 20
            sheet.paste(Image.fromarray(crop), (x, y))
            draw.text((x + 4, y - 16), f"{kind} {grade}", fill=0)
    return sheet


if __name__ == "__main__":  # python -m rasharp.simulator OUT.png [ATLAS_IMAGE_NAME] [JOINT]
    out = sys.argv[1]
    name = sys.argv[2] if len(sys.argv) > 2 else None
    code = sys.argv[3] if len(sys.argv) > 3 else "PIP3"
    hands = load_atlas()
    hand = next((h for h in hands if h.image.name == name), hands[3])
    grade_sheet(hand.image, hand.points, code).save(out)
    print(f"{out}: {code} of atlas image {hand.image.name}")
