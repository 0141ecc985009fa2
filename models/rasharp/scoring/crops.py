"""Finger-axis aligned joint crops, shared by training, the simulator and inference.

Every joint is cut out as a square whose "up" is the finger's distal direction, so the joint
space always runs horizontally across the crop with the distal bone above it. The crop's size
follows the hand's knuckle span (distance MCP2-MCP5), so crops of big and small hands look alike.
Right hands are mirrored so that every crop shows the thumb side on the same side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..scheme import FINGER_CHAINS, JOINTS_BY_CODE

CROP_PIXELS = 96
# crop side and how far the crop centre sits proximal of the annotated point, in knuckle spans
CROP_SIDE = {"IP": 0.36, "DIP": 0.30, "PIP": 0.34, "MCP": 0.42, "CMC": 0.44}
CENTRE_SHIFT = {"IP": 0.0, "DIP": 0.0, "PIP": 0.005, "MCP": 0.03, "CMC": 0.03}
# Each joint is graded on several views whose position, angle and size differ as much as the
# localizer's errors do, and their grades are averaged, so one unlucky crop does not decide the
# grade: (turn in degrees, zoom, shift along the finger, shift across it in knuckle spans).
VIEW_OFFSETS = (
    (0.0, 0.0, 0.0, 0.0),
    (5.0, 0.04, 0.006, 0.006),
    (-5.0, 0.04, -0.006, -0.006),
    (5.0, -0.04, -0.006, 0.006),
    (-5.0, -0.04, 0.006, -0.006),
)
# image pixels per crop pixel above which the film is averaged down before sampling
MAX_SAMPLING_STEP = 1.25
VIEW_MARGIN = 0.2  # the window averaged for a crop reaches this share of its side beyond it
# typical knuckle span as a multiple of the MCP3-PIP3 distance, used when MCP2 or MCP5 is missing
_SPAN_PER_PROXIMAL_PHALANX = 1.15


@dataclass(frozen=True)
class CropFrame:
    """Maps crop pixels to image pixels: image = centre + (col - c) * across + (c - row) * along."""

    centre: tuple[float, float]
    along: tuple[float, float]  # image-pixel vector of one crop pixel towards distal
    across: tuple[float, float]  # image-pixel vector of one crop pixel to the crop's right
    size: int = CROP_PIXELS

    @property
    def matrix(self) -> np.ndarray:
        """2 x 3: image (x, y) = matrix @ (col, row, 1), what :meth:`to_image` computes."""
        half = (self.size - 1) / 2.0
        (cx, cy), (ax, ay), (rx, ry) = self.centre, self.along, self.across
        return np.array(
            [[rx, -ax, cx - half * (rx - ax)], [ry, -ay, cy - half * (ry - ay)]], np.float64
        )

    @property
    def pixel_mm_factor(self) -> float:
        """Image pixels per crop pixel."""
        return float(np.hypot(*self.along))

    def to_image(self, cols: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        half = (self.size - 1) / 2.0
        u = np.asarray(cols, np.float32) - half
        v = half - np.asarray(rows, np.float32)
        x = self.centre[0] + u * self.across[0] + v * self.along[0]
        y = self.centre[1] + u * self.across[1] + v * self.along[1]
        return x, y

    def to_crop(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx = np.asarray(x, np.float32) - self.centre[0]
        dy = np.asarray(y, np.float32) - self.centre[1]
        a2 = self.along[0] ** 2 + self.along[1] ** 2
        u = (dx * self.across[0] + dy * self.across[1]) / a2
        v = (dx * self.along[0] + dy * self.along[1]) / a2
        half = (self.size - 1) / 2.0
        return u + half, half - v


def sample_bilinear(
    pixels: np.ndarray, x: np.ndarray, y: np.ndarray, fill: float = 0.0
) -> np.ndarray:
    """Bilinear samples of a 2-D image at float coordinates; ``fill`` outside the image."""
    h, w = pixels.shape
    floor_x, floor_y = np.floor(x), np.floor(y)
    x0, y0 = floor_x.astype(np.int64), floor_y.astype(np.int64)
    # a float32 coordinate's fraction is exact in float32: no float64 detour needed
    fx = (x - floor_x).astype(np.float32, copy=False)
    fy = (y - floor_y).astype(np.float32, copy=False)
    inside = (x0 >= 0) & (y0 >= 0) & (x0 < w - 1) & (y0 < h - 1)
    xc = np.clip(x0, 0, w - 2)
    yc = np.clip(y0, 0, h - 2)
    if pixels.flags.c_contiguous:  # the four neighbours by flat index: much faster than [y, x]
        flat, at = pixels.ravel(), yc * w + xc
        top = flat.take(at) * (1 - fx) + flat.take(at + 1) * fx
        bottom = flat.take(at + w) * (1 - fx) + flat.take(at + w + 1) * fx
    else:
        top = pixels[yc, xc] * (1 - fx) + pixels[yc, xc + 1] * fx
        bottom = pixels[yc + 1, xc] * (1 - fx) + pixels[yc + 1, xc + 1] * fx
    out = (top * (1 - fy) + bottom * fy).astype(np.float32, copy=False)
    return out if inside.all() else np.where(inside, out, np.float32(fill))


def hand_scale(points: dict[str, tuple[float, float]]) -> float | None:
    """Knuckle span of one hand in image pixels (MCP2-MCP5), estimated from a finger if needed."""
    if "MCP2" in points and "MCP5" in points:
        return float(np.hypot(*np.subtract(points["MCP2"], points["MCP5"])))
    for finger in (3, 4, 2, 5):
        a, b = f"MCP{finger}", f"PIP{finger}"
        if a in points and b in points:
            return _SPAN_PER_PROXIMAL_PHALANX * float(np.hypot(*np.subtract(points[a], points[b])))
    return None


def _unit(vector) -> np.ndarray | None:
    v = np.asarray(vector, np.float64)
    n = float(np.hypot(*v))
    return None if n < 1e-6 else v / n


def finger_axis(
    code: str, points: dict[str, tuple[float, float]], up_angle_deg: float = 0.0
) -> np.ndarray:
    """Unit vector (image x, y) pointing distally along the finger of joint ``code``.

    Taken from the neighbouring joints of the same finger; the hand's up direction when the
    finger has no other joint in view.
    """
    chain = FINGER_CHAINS[JOINTS_BY_CODE[code].finger]
    i = chain.index(code)
    proximal = next((chain[k] for k in range(i - 1, -1, -1) if chain[k] in points), None)
    distal = next((chain[k] for k in range(i + 1, len(chain)) if chain[k] in points), None)
    here = np.asarray(points[code], np.float64)
    candidates = []
    if proximal is not None:
        candidates.append(_unit(here - np.asarray(points[proximal])))
    if distal is not None:
        candidates.append(_unit(np.asarray(points[distal]) - here))
    directions = [d for d in candidates if d is not None]
    if directions:
        axis = _unit(np.sum(directions, axis=0))
        if axis is not None:
            return axis
    angle = np.deg2rad(up_angle_deg)
    return np.array([np.sin(angle), -np.cos(angle)])


def crop_frame(
    code: str,
    points: dict[str, tuple[float, float]],
    side: str,
    scale: float,
    up_angle_deg: float = 0.0,
    size: int = CROP_PIXELS,
) -> CropFrame:
    group = JOINTS_BY_CODE[code].group
    axis = finger_axis(code, points, up_angle_deg)
    step = CROP_SIDE[group] * scale / size
    centre = np.asarray(points[code], np.float64) - axis * CENTRE_SHIFT[group] * scale
    along = axis * step
    # across = axis rotated 90 degrees clockwise on screen (x right, y down) for a left hand
    across = np.array([-axis[1], axis[0]]) * step
    if side == "right":
        across = -across
    return CropFrame(
        (float(centre[0]), float(centre[1])),
        (float(along[0]), float(along[1])),
        (float(across[0]), float(across[1])),
        size,
    )


def _sample(pixels: np.ndarray, frame: CropFrame) -> np.ndarray:
    rows, cols = np.mgrid[0 : frame.size, 0 : frame.size]
    x, y = frame.to_image(cols, rows)
    return sample_bilinear(pixels, x, y)


def _reduced(pixels: np.ndarray, frames: list[CropFrame]) -> tuple[np.ndarray, list[CropFrame]]:
    """The image region under ``frames`` averaged down so that one crop pixel spans about one
    image pixel, and the frames in its coordinates.

    Bilinear sampling at a step of several image pixels skips most of them: a high-resolution
    film would give grainy, aliased crops unlike those of a lower-resolution one. Averaging
    first makes a crop of the same joint look alike at any resolution.
    """
    reference = frames[0]  # the others (graded views) lie around it: same window, same averaging
    step = reference.pixel_mm_factor
    if step <= MAX_SAMPLING_STEP:
        return pixels, frames
    h, w = pixels.shape
    xs, ys = reference.to_image(
        np.array([0, reference.size - 1, 0, reference.size - 1]),
        np.array([0, 0, reference.size - 1, reference.size - 1]),
    )
    margin = VIEW_MARGIN * reference.size * step + 3
    x0, y0 = max(0, int(xs.min() - margin)), max(0, int(ys.min() - margin))
    x1, y1 = min(w, int(np.ceil(xs.max() + margin))), min(h, int(np.ceil(ys.max() + margin)))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return pixels, frames
    out_w, out_h = max(2, round((x1 - x0) / step)), max(2, round((y1 - y0) / step))
    kx, ky = (x1 - x0) / out_w, (y1 - y0) / out_h
    region = Image.fromarray(np.ascontiguousarray(pixels[y0:y1, x0:x1], np.float32))
    small = np.asarray(region.resize((out_w, out_h), Image.Resampling.BOX), np.float32)
    moved = []
    for f in frames:  # pixel centres: image x <-> (x - x0 + 0.5) / kx - 0.5
        centre = ((f.centre[0] - x0 + 0.5) / kx - 0.5, (f.centre[1] - y0 + 0.5) / ky - 0.5)
        moved.append(
            CropFrame(
                centre,
                (f.along[0] / kx, f.along[1] / ky),
                (f.across[0] / kx, f.across[1] / ky),
                f.size,
            )
        )
    return small, moved


def sample_frames(pixels: np.ndarray, frames: list[CropFrame]) -> np.ndarray:
    """F x S x S: the bilinear crops of ``frames`` (0 outside the image), as :func:`_sample`
    gives them to within float rounding, by Pillow's affine transform of the window under them.
    """
    corners = [
        f.to_image(
            np.array([0, f.size - 1, 0, f.size - 1]), np.array([0, 0, f.size - 1, f.size - 1])
        )
        for f in frames
    ]
    xs = np.concatenate([c[0] for c in corners])
    ys = np.concatenate([c[1] for c in corners])
    h, w = pixels.shape
    x0, y0 = max(0, int(np.floor(xs.min())) - 2), max(0, int(np.floor(ys.min())) - 2)
    x1, y1 = min(w, int(np.ceil(xs.max())) + 3), min(h, int(np.ceil(ys.max())) + 3)
    out = np.zeros((len(frames), frames[0].size, frames[0].size), np.float32)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return out
    window = Image.fromarray(np.ascontiguousarray(pixels[y0:y1, x0:x1], np.float32), mode="F")
    for k, f in enumerate(frames):
        # Pillow maps output pixel centres (col + 0.5, row + 0.5) to input positions whose pixel
        # centres lie at + 0.5 as well
        m = f.matrix
        shift = 0.5 - 0.5 * (m[:, 0] + m[:, 1]) - (x0, y0)
        coefficients = (*m[0, :2], m[0, 2] + shift[0], *m[1, :2], m[1, 2] + shift[1])
        out[k] = np.asarray(
            window.transform(
                (f.size, f.size),
                Image.Transform.AFFINE,
                coefficients,
                resample=Image.Resampling.BILINEAR,
                fillcolor=0.0,
            ),
            np.float32,
        )
    if x0 == 0 or y0 == 0 or x1 == w or y1 == h:
        # at the film's edge: Pillow also samples the outer half pixel, _sample does not
        rows, cols = np.mgrid[0 : frames[0].size, 0 : frames[0].size]
        for k, f in enumerate(frames):
            x, y = f.to_image(cols, rows)
            out[k][(x < 0) | (y < 0) | (x >= w - 1) | (y >= h - 1)] = 0.0
    return out


def extract(pixels: np.ndarray, frame: CropFrame) -> np.ndarray:
    """The crop of ``frame``, averaged down first where the film is finer than the crop."""
    small, moved = _reduced(pixels, [frame])
    return sample_frames(small, moved)[0]


def view_frames(frame: CropFrame, scale: float) -> list[CropFrame]:
    """The frames of every graded view of a joint (see VIEW_OFFSETS); the first is ``frame``."""
    along_unit = np.asarray(frame.along) / np.hypot(*frame.along)
    across_unit = np.asarray(frame.across) / np.hypot(*frame.across)
    views = []
    for turn_deg, zoom, shift_along, shift_across in VIEW_OFFSETS:
        a = np.deg2rad(turn_deg)
        turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]]) * (1.0 + zoom)
        along, across = turn @ np.asarray(frame.along), turn @ np.asarray(frame.across)
        centre = (
            np.asarray(frame.centre)
            + (shift_along * along_unit + shift_across * across_unit) * scale
        )
        views.append(
            CropFrame(
                (float(centre[0]), float(centre[1])),
                (float(along[0]), float(along[1])),
                (float(across[0]), float(across[1])),
                frame.size,
            )
        )
    return views


def view_windows(
    pixels: np.ndarray, frame: CropFrame, scale: float
) -> tuple[np.ndarray, list[CropFrame]]:
    """The window under every graded view of a joint, averaged down, and the views' frames in
    it: what :func:`extract_views` samples, kept to sample some views now and others later."""
    return _reduced(pixels, view_frames(frame, scale))


def extract_views(pixels: np.ndarray, frame: CropFrame, scale: float) -> np.ndarray:
    """V x S x S: the crops of every graded view of a joint."""
    return sample_frames(*view_windows(pixels, frame, scale))


def extract_views_per_pixel(pixels: np.ndarray, frame: CropFrame, scale: float) -> np.ndarray:
    """:func:`extract_views` as rasharp sampled crops before :func:`sample_frames` (each pixel
    interpolated in numpy); kept to check that both give the same crops and grades."""
    small, views = _reduced(pixels, view_frames(frame, scale))
    return np.stack([_sample(small, view) for view in views])
