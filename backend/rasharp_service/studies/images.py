"""Display images: the radiograph as an 8-bit PNG and heatmaps as coloured transparent overlays."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from rasharp.heatmaps import transparent_overlay
from rasharp.imaging import read_image

from ..storage import FileStore
from .models import Radiograph


def display_png(storage: FileStore, radiograph: Radiograph) -> bytes:
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
    """RGBA overlay of the radiograph's size in the heatmap colours of ``rasharp.heatmaps``."""
    heatmap = Image.open(io.BytesIO(heatmap_png)).convert("L")
    if heatmap.size != (width, height):
        heatmap = heatmap.resize((width, height), Image.Resampling.BILINEAR)
    values = np.asarray(heatmap, dtype=np.float32) / 255.0
    out = io.BytesIO()
    Image.fromarray(transparent_overlay(values), mode="RGBA").save(
        out, format="PNG", compress_level=1
    )
    return out.getvalue()
