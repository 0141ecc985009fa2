"""Crops of a snapshot's films at their stored joint positions: jittered single crops to train
on, and every graded view (as the pipeline cuts them) to calibrate and validate with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..imaging import read_image
from ..scheme import JOINT_CODES, JOINTS_BY_CODE
from ..scoring.crops import (
    CROP_PIXELS,
    VIEW_OFFSETS,
    crop_frame,
    extract,
    extract_views,
    hand_scale,
)
from ..scoring.simdata import IGNORE, CropSet, jitter
from ..scoring.sources import IMPORTED_IMAGE_OFFSET
from ..snapshots import SnapshotFilm
from .truth import Key, Truth


def hand_points(film: SnapshotFilm) -> dict[str, dict[str, tuple[float, float]]]:
    """side -> joint -> position of every present joint with a position."""
    points: dict[str, dict[str, tuple[float, float]]] = {}
    for j in film.joints:
        if j.present and j.x is not None and j.y is not None:
            points.setdefault(j.side, {})[j.joint] = (j.x, j.y)
    return points


def _graded_joints(film: SnapshotFilm, truth: Truth):
    """(joint, its hand's points, knuckle span, grades) of every joint with a reference grade
    whose hand gives a crop size."""
    points = hand_points(film)
    for j in film.joints:
        grades = truth.grades.get((film.film, j.side, j.joint))
        hand = points.get(j.side, {})
        if not grades or j.joint not in hand:
            continue
        scale = hand_scale(hand)
        if scale is not None:
            yield j, hand, scale, grades


def _labels(code: str, grades: dict[str, int]) -> tuple[int, int]:
    jsn = grades.get("jsn", IGNORE) if JOINTS_BY_CODE[code].scores("jsn") else IGNORE
    return grades.get("erosion", IGNORE), jsn


def _crop_set(crops, labels, codes, images, shape) -> CropSet:
    if not crops:
        return CropSet(
            np.zeros((0, *shape), np.uint8),
            *(np.zeros(0, np.int64) for _ in range(4)),
        )
    stack = np.clip(np.stack(crops) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    erosion, jsn = (np.array(column, np.int64) for column in zip(*labels, strict=True))
    return CropSet(stack, erosion, jsn, np.array(codes, np.int64), np.array(images, np.int64))


def training_crops(
    films: list[SnapshotFilm],
    images: Path,
    truth: Truth,
    variants: int,
    seed: int,
    each_film: Callable[[int], None] = lambda _done: None,
) -> CropSet:
    """``variants`` crops of every graded joint: the first where the marker is, the others moved,
    turned and resized as much as the localizer errs (the grader meets such crops at work)."""
    rng = np.random.default_rng(seed)
    crops, labels, codes, owners = [], [], [], []
    for index, film in enumerate(films):
        pixels = read_image(images / film.image).pixels
        for j, hand, scale, grades in _graded_joints(film, truth):
            frame = crop_frame(j.joint, hand, j.side, scale)
            for variant in range(variants):
                crops.append(extract(pixels, jitter(frame, scale, rng) if variant else frame))
                labels.append(_labels(j.joint, grades))
                codes.append(JOINT_CODES.index(j.joint))
                owners.append(IMPORTED_IMAGE_OFFSET + index)
        each_film(index + 1)
    return _crop_set(crops, labels, codes, owners, (CROP_PIXELS, CROP_PIXELS))


def view_crops(
    films: list[SnapshotFilm],
    images: Path,
    truth: Truth,
    each_film: Callable[[int], None] = lambda _done: None,
) -> tuple[CropSet, list[Key]]:
    """Every graded view of each graded joint (N x V x S x S), and the joints' keys."""
    crops, labels, codes, owners, keys = [], [], [], [], []
    for index, film in enumerate(films):
        pixels = read_image(images / film.image).pixels
        for j, hand, scale, grades in _graded_joints(film, truth):
            crops.append(extract_views(pixels, crop_frame(j.joint, hand, j.side, scale), scale))
            labels.append(_labels(j.joint, grades))
            codes.append(JOINT_CODES.index(j.joint))
            owners.append(IMPORTED_IMAGE_OFFSET + index)
            keys.append((film.film, j.side, j.joint))
        each_film(index + 1)
    return _crop_set(
        crops, labels, codes, owners, (len(VIEW_OFFSETS), CROP_PIXELS, CROP_PIXELS)
    ), keys
