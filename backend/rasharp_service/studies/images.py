"""Display images: the radiograph as an 8-bit PNG and heatmaps as coloured transparent overlays."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from rasharp.imaging import read_image

from ..storage import Storage
from .models import Radiograph

# Colour ramp for heatmaps: transparent blue for low values through yellow to opaque red.
_RAMP = np.array([[0, 0, 255], [0, 255, 255], [255, 255, 0], [255, 0, 0]], dtype=np.float32)


def display_png(storage: Storage, radiograph: Radiograph) -> bytes:
    """The radiograph windowed to 8 bits (bone bright), made once and kept in storage."""
    key = f"display/{radiograph.sha256}.png"
    if storage.exists(key):
        return storage.read(key)
    image = read_image(storage.read(radiograph.storage_key))
    out = io.BytesIO()
    image.to_pil().save(out, format="PNG", compress_level=1)
    png = out.getvalue()
    storage.write(key, png)
    return png


def overlay_png(heatmap_png: bytes, width: int, height: int) -> bytes:
    """RGBA overlay of the radiograph's size: colour from the ramp, opacity rising with the
    value (zero is clear)."""
    heatmap = Image.open(io.BytesIO(heatmap_png)).convert("L")
    if heatmap.size != (width, height):
        heatmap = heatmap.resize((width, height), Image.Resampling.BILINEAR)
    values = np.asarray(heatmap, dtype=np.float32) / 255.0
    position = values * (len(_RAMP) - 1)
    low = np.clip(np.floor(position).astype(int), 0, len(_RAMP) - 2)
    frac = (position - low)[..., None]
    rgb = _RAMP[low] * (1 - frac) + _RAMP[low + 1] * frac
    alpha = np.clip(values * 1.6, 0, 1) * 200
    rgba = np.concatenate([rgb, alpha[..., None]], axis=-1).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgba, mode="RGBA").save(out, format="PNG", compress_level=1)
    return out.getvalue()
