"""Training scenes for the localizer, composed from the atlas's real left hands.

A scene holds one hand, or two (a mirrored copy = right hand on the image's left, a left hand on
its right). A camera then either frames the whole scene at any orientation (what the first,
global pass sees, including films stored sideways or upside down) or one hand upright and tight
(what the refining pass sees). Film artefacts follow: contrast, gamma, noise, blur, borders and
burnt-in labels.
"""

from __future__ import annotations

import math
import string

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from . import geometry as g
from .atlas import AtlasHand
from .posing import crop_frame, up_angle

PRELOAD_MAX_SIDE = 900
SIGMA_CELLS = 1.5


class _Source:
    def __init__(self, hand: AtlasHand):
        image = Image.open(hand.image_path).convert("L")
        factor = min(1.0, PRELOAD_MAX_SIDE / max(image.size))
        size = (round(image.width * factor), round(image.height * factor))
        self.image = image.resize(size, Image.BOX)
        self.to_source = g.scale(factor)  # stored-image pixels -> preloaded pixels
        self.joints = g.apply(self.to_source, hand.joints())
        self.outline = g.apply(self.to_source, hand.outline())


class _PlacedHand:
    """A source hand placed in the scene: source pixels -> scene pixels, optional crop."""

    def __init__(self, source: _Source, matrix: np.ndarray, crop: tuple[int, int, int, int] | None):
        self.source, self.matrix, self.crop = source, matrix, crop

    def joints(self, to_output: np.ndarray) -> np.ndarray:
        return g.apply(to_output @ self.matrix, self.source.joints)

    def outline(self, to_output: np.ndarray) -> np.ndarray:
        return g.apply(to_output @ self.matrix, self.source.outline)


class SceneMaker:
    def __init__(self, hands: list[AtlasHand], size: int = 224, stride: int = 4, seed: int = 0):
        self.sources = [_Source(h) for h in hands]
        self.size, self.stride = size, stride
        self.rng = np.random.default_rng(seed)
        self.font = ImageFont.load_default()

    # scenes ---------------------------------------------------------------------------------
    def _scene(self) -> tuple[list[_PlacedHand], tuple[float, float, float, float]]:
        rng = self.rng
        if rng.random() < 0.55:
            source = self.sources[rng.integers(len(self.sources))]
            mirror = rng.random() < 0.5
            w, h = source.image.size
            matrix = (g.translate(w, 0) @ g.scale(-1, 1)) if mirror else np.eye(3)
            return [_PlacedHand(source, matrix, None)], (0, 0, w, h)
        first, second = rng.choice(len(self.sources), 2, replace=rng.random() < 0.2)
        placed, x_cursor, boxes = [], 0.0, []
        span_first = None
        order = (True, False) if rng.random() < 0.85 else (False, True)  # right hand on the left
        for source_index, mirror in zip((first, second), order, strict=True):
            source = self.sources[source_index]
            lo = source.outline.min(axis=0)
            hi = source.outline.max(axis=0)
            margin = (hi - lo) * rng.uniform(0.04, 0.15, 2)
            x0, y0 = np.maximum(lo - margin, 0)
            x1, y1 = np.minimum(hi + margin * np.array([1, 2.5]), source.image.size)
            span = np.linalg.norm(source.joints[10] - source.joints[13])
            relative = 1.0 if span_first is None else span_first / span * rng.uniform(0.9, 1.1)
            span_first = span_first or span
            matrix = g.scale(relative) @ g.translate(-x0, -y0)
            if mirror:
                matrix = g.translate((x1 - x0) * relative, 0) @ g.scale(-1, 1) @ matrix
            dy = rng.uniform(-0.1, 0.1) * (y1 - y0) * relative
            matrix = g.translate(x_cursor, dy) @ matrix
            crop = (int(x0), int(y0), math.ceil(x1), math.ceil(y1))
            placed.append(_PlacedHand(source, matrix, crop))
            boxes.append((x_cursor, dy, x_cursor + (x1 - x0) * relative, dy + (y1 - y0) * relative))
            x_cursor += (x1 - x0) * relative * (1.0 + rng.uniform(0.0, 0.25))
        boxes = np.array(boxes)
        return placed, (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max())

    # cameras --------------------------------------------------------------------------------
    def _global_camera(self, bounds) -> np.ndarray:
        rng = self.rng
        x0, y0, x1, y1 = bounds
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        angle = rng.uniform(-30, 30)
        if rng.random() < 0.35:
            angle += 90 * rng.integers(1, 4)
        a = math.radians(angle)
        w, h = x1 - x0, y1 - y0
        rotated_w = abs(w * math.cos(a)) + abs(h * math.sin(a))
        rotated_h = abs(w * math.sin(a)) + abs(h * math.cos(a))
        zoom = self.size / max(rotated_w, rotated_h) * rng.uniform(0.75, 1.08)
        if rng.random() < 0.12:
            zoom *= rng.uniform(1.2, 1.8)  # partial view: some joints leave the frame
        shift = rng.uniform(-0.08, 0.08, 2) * self.size
        return (
            g.translate(self.size / 2 + shift[0], self.size / 2 + shift[1])
            @ g.rotate(angle)
            @ g.scale(zoom)
            @ g.translate(*-centre)
        )

    def _hand_camera(self, hand: _PlacedHand) -> np.ndarray:
        """Upright, tight framing of one hand, as the refining pass crops it."""
        rng = self.rng
        joints = hand.joints(np.eye(3))
        angle = up_angle(joints)
        upright = g.rotate(-angle)
        pts = g.apply(upright, joints)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        centre_upright, extent = crop_frame(lo, hi)
        centre = g.apply(np.linalg.inv(upright), centre_upright)[0]
        zoom = self.size / extent * rng.uniform(0.88, 1.12)
        if rng.random() < 0.1:
            zoom *= rng.uniform(1.2, 1.6)
        shift = rng.uniform(-0.06, 0.06, 2) * self.size
        residual = rng.uniform(-12, 12)
        return (
            g.translate(self.size / 2 + shift[0], self.size / 2 + shift[1])
            @ g.rotate(residual - angle)
            @ g.scale(zoom)
            @ g.translate(*-centre)
        )

    # rendering ------------------------------------------------------------------------------
    def sample(self) -> tuple[np.ndarray, np.ndarray]:
        rng = self.rng
        placed, bounds = self._scene()
        if rng.random() < 0.4:
            camera = self._hand_camera(placed[rng.integers(len(placed))])
        else:
            camera = self._global_camera(bounds)
        background = float(rng.uniform(0, 90))
        canvas = Image.new("L", (self.size, self.size), int(background))
        for hand in placed:
            source = hand.source.image if hand.crop is None else hand.source.image.crop(hand.crop)
            matrix = camera @ hand.matrix
            if hand.crop is not None:
                matrix = matrix @ g.translate(hand.crop[0], hand.crop[1])
            rendered = g.warp(source, matrix, (self.size, self.size), fill=0)
            footprint = g.warp(
                Image.new("L", source.size, 255), matrix, (self.size, self.size), fill=0
            )
            canvas.paste(rendered, (0, 0), footprint)
        image = self._film_artefacts(canvas)
        targets = self._targets(placed, camera)
        return image, targets

    def _targets(self, placed: list[_PlacedHand], camera: np.ndarray) -> np.ndarray:
        cells = self.size // self.stride
        to_cells = np.linalg.inv(g.cells_to_pixels(self.stride))
        maps = np.zeros((16, cells, cells), dtype=np.float32)
        yy, xx = np.mgrid[0:cells, 0:cells].astype(np.float32)
        for hand in placed:
            joints = hand.joints(camera)
            for index, (x, y) in enumerate(joints):
                if not (0 <= x < self.size and 0 <= y < self.size):
                    continue  # out of frame: the model must report it absent
                cx, cy = g.apply(to_cells, [[x, y]])[0]
                blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * SIGMA_CELLS**2))
                np.maximum(maps[index], blob, out=maps[index])
            hull = g.convex_hull(g.apply(to_cells, hand.outline(camera)))
            mask = Image.new("L", (cells, cells), 0)
            ImageDraw.Draw(mask).polygon([tuple(p) for p in hull], fill=255)
            np.maximum(maps[15], np.asarray(mask, dtype=np.float32) / 255.0, out=maps[15])
        return maps

    def _film_artefacts(self, canvas: Image.Image) -> np.ndarray:
        rng = self.rng
        draw = ImageDraw.Draw(canvas)
        for _ in range(rng.integers(0, 3)):  # burnt-in labels and markers
            x, y = rng.integers(0, self.size - 20, 2)
            text = "".join(
                rng.choice(list(string.ascii_uppercase + string.digits), rng.integers(1, 6))
            )
            if rng.random() < 0.5:
                draw.rectangle(
                    [x, y, x + rng.integers(8, 40), y + rng.integers(6, 20)],
                    fill=int(rng.integers(150, 256)),
                )
            draw.text((x, y), text, fill=int(rng.integers(180, 256)), font=self.font)
        if rng.random() < 0.3:  # collimator borders
            side = rng.integers(4)
            width = int(rng.integers(4, self.size // 6))
            box = [
                (0, 0, width, self.size),
                (0, 0, self.size, width),
                (self.size - width, 0, self.size, self.size),
                (0, self.size - width, self.size, self.size),
            ][side]
            draw.rectangle(box, fill=int(rng.choice([0, 255, rng.integers(0, 256)])))
        if rng.random() < 0.3:
            canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
        pixels = np.asarray(canvas, dtype=np.float32) / 255.0
        low, high = np.percentile(pixels, (1, 99.5))
        if rng.random() < 0.7 and high > low:
            pixels = np.clip((pixels - low) / (high - low), 0, 1)
        pixels = pixels ** rng.uniform(0.6, 1.6)
        pixels = pixels * rng.uniform(0.7, 1.15) + rng.uniform(-0.1, 0.1)
        pixels = pixels + rng.normal(0, rng.uniform(0, 0.04), pixels.shape)
        return np.clip(pixels, 0, 1).astype(np.float32)
