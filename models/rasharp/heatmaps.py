"""Heatmap overlays: a radiograph in grey with a damage map laid over it in colour.

The overlay has the radiograph's own size, so it can be shown in place of the image. Map values
below ``FLOOR`` are left transparent; above it the colour runs from yellow (weak) to red (strong)
and grows more opaque with the value. The command line and the web viewer use the same colours.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from .imaging import to_uint8

FLOOR = 0.1
MAX_OPACITY = 0.6


def colour(values: np.ndarray) -> np.ndarray:
    """H x W in 0..1 -> H x W x 3 uint8 from yellow (low) through orange to red (high)."""
    v = np.clip(values, 0.0, 1.0)
    rgb = np.stack([np.full_like(v, 255.0), 230.0 * (1.0 - v), 40.0 * (1.0 - v)], axis=-1)
    return rgb.astype(np.uint8)


def opacity(values: np.ndarray) -> np.ndarray:
    """0 up to ``FLOOR``, rising to 1 at the strongest value."""
    return np.clip((values - FLOOR) / (1.0 - FLOOR), 0.0, 1.0)


def transparent_overlay(heat: np.ndarray) -> np.ndarray:
    """heat H x W 0..1 -> H x W x 4 uint8 on a clear background, for a viewer that lays it over
    the radiograph itself (and sets the overall opacity)."""
    alpha = np.round(opacity(heat) * 255.0).astype(np.uint8)
    return np.concatenate([colour(heat), alpha[..., None]], axis=-1)


def overlay(grey: np.ndarray, heat: np.ndarray) -> np.ndarray:
    """grey H x W uint8 (or float 0..1) and heat H x W 0..1 -> H x W x 3 uint8."""
    if grey.shape != heat.shape:
        raise ValueError(
            f"heatmap of size {heat.shape[::-1]} does not match the image {grey.shape[::-1]}"
        )
    if grey.dtype != np.uint8:
        grey = to_uint8(grey)
    base = np.repeat(grey[..., None], 3, axis=2).astype(np.float32)
    alpha = (opacity(heat) * MAX_OPACITY)[..., None]
    mixed = base * (1.0 - alpha) + colour(heat).astype(np.float32) * alpha
    return np.clip(mixed + 0.5, 0, 255).astype(np.uint8)


def write_overlays(
    grey, maps: dict[str, np.ndarray], directory: str | Path, stem: str
) -> dict[str, str]:
    """Write ``<stem>_<kind>.png`` for each map into ``directory``; returns kind -> path.

    ``grey`` is the radiograph (a :class:`~rasharp.imaging.Radiograph` or its pixels).
    """
    grey = getattr(grey, "pixels", grey)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, heat in maps.items():
        path = directory / f"{stem}_{kind}.png"
        Image.fromarray(overlay(grey, heat)).save(path)
        paths[kind] = str(path)
    return paths
