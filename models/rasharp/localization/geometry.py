"""2-D affine helpers shared by training and inference (3 x 3 matrices, points as N x 2)."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike
from PIL import Image


def translate(dx: float, dy: float) -> np.ndarray:
    return np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], dtype=np.float64)


def scale(sx: float, sy: float | None = None) -> np.ndarray:
    return np.diag([sx, sx if sy is None else sy, 1.0])


def rotate(degrees: float) -> np.ndarray:
    """Rotation about the origin, clockwise on screen (y points down) for positive angles."""
    a = math.radians(degrees)
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]], dtype=np.float64)


def apply(matrix: np.ndarray, points: ArrayLike) -> np.ndarray:
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return points @ matrix[:2, :2].T + matrix[:2, 2]


def linear_scale(matrix: np.ndarray) -> float:
    """Mean scale factor of the matrix (output pixels per input pixel)."""
    return math.sqrt(abs(np.linalg.det(matrix[:2, :2])))


def warp(
    image: Image.Image, matrix: np.ndarray, size: tuple[int, int], fill: int = 0
) -> Image.Image:
    """Render ``image`` through ``matrix`` (input -> output pixels) into an image of ``size``.

    Strong downscaling first reduces the source by an integer box filter so that the bilinear
    sampling does not alias fine bone edges.
    """
    factor = int(1.0 / max(linear_scale(matrix), 1e-6) / 1.5)
    if factor >= 2:
        image = image.reduce(factor)
        matrix = matrix @ scale(factor)
    inverse = np.linalg.inv(matrix)
    coefficients = tuple(inverse[:2, :].reshape(-1))
    return image.transform(
        size,
        Image.Transform.AFFINE,
        coefficients,
        resample=Image.Resampling.BILINEAR,
        fillcolor=fill,
    )


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Monotone-chain convex hull, counter-clockwise, of N x 2 points."""
    pts = sorted(map(tuple, np.asarray(points, dtype=np.float64)))
    if len(pts) <= 2:
        return np.array(pts)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple] = []
    upper: list[tuple] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1])


def cells_to_pixels(stride: int) -> np.ndarray:
    """Heatmap cell coordinates -> network input pixel coordinates (cell centres)."""
    return translate(0.5 * stride - 0.5, 0.5 * stride - 0.5) @ scale(stride)
