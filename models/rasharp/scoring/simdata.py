"""Simulated training and validation crops: atlas joints with lesions of known grade.

Each sample is one joint of one atlas image with an erosion and a JSN grade drawn at random,
simulated on a copy of the image around the joint, then cut out as a finger-axis aligned crop
whose position, angle and size are jittered as much as the localizer's errors would move them.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np

from ..imaging import read_image
from ..scheme import JOINT_CODES, JOINTS_BY_CODE
from ..simulator import simulate_joint, vary_joint_space
from .atlas import AtlasHand
from .crops import CROP_PIXELS, CropFrame, crop_frame, extract, extract_views, finger_axis, hand_scale

IGNORE = -100  # label of a grade that does not exist at this joint (JSN of CMC1)
EROSION_PRIOR = (0.30, 0.14, 0.14, 0.14, 0.14, 0.14)
JSN_PRIOR = (0.30, 0.175, 0.175, 0.175, 0.175)
# healthy joint spaces of training crops are made up to this share wider or narrower (half of them)
NATURAL_VARIATION = 0.12


@dataclass
class CropSet:
    crops: np.ndarray  # N x S x S uint8, or N x V x S x S with every graded view of each joint
    erosion: np.ndarray  # N int64
    jsn: np.ndarray  # N int64, IGNORE where the joint has no JSN grade
    joint: np.ndarray  # N int64 index into JOINT_CODES
    image: np.ndarray  # N int64 index of the source image

    def save(self, path) -> None:
        np.savez_compressed(path, crops=self.crops, erosion=self.erosion, jsn=self.jsn,
                            joint=self.joint, image=self.image)

    @classmethod
    def load(cls, path) -> "CropSet":
        with np.load(path) as data:
            return cls(*(data[k] for k in ("crops", "erosion", "jsn", "joint", "image")))

    def subset(self, index) -> "CropSet":
        """The samples at ``index`` (indices or a boolean mask)."""
        index = np.asarray(index)
        index = index if index.dtype == bool else index.astype(np.int64)
        return CropSet(*(getattr(self, k)[index] for k in ("crops", "erosion", "jsn", "joint", "image")))

    @classmethod
    def concatenate(cls, sets: list["CropSet"]) -> "CropSet":
        return cls(*(np.concatenate([getattr(s, k) for s in sets])
                     for k in ("crops", "erosion", "jsn", "joint", "image")))


def jitter(frame: CropFrame, scale: float, rng: np.random.Generator, shift: float = 0.015,
           angle_deg: float = 8.0, zoom: float = 0.08) -> CropFrame:
    """The frame moved, turned and resized as much as localization errors would."""
    a = np.deg2rad(rng.uniform(-angle_deg, angle_deg))
    k = 1.0 + rng.uniform(-zoom, zoom)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    along = rot @ np.asarray(frame.along) * k
    across = rot @ np.asarray(frame.across) * k
    centre = np.asarray(frame.centre) + rng.uniform(-shift, shift, 2) * scale
    # plain floats, as crop_frame gives them: NumPy scalars would make extract compute in float64
    return CropFrame(tuple(map(float, centre)), tuple(map(float, along)), tuple(map(float, across)),
                     frame.size)


def simulate_hand(hand: AtlasHand, image_index: int, variants: int, rng: np.random.Generator,
                  size: int = CROP_PIXELS, lesions: bool = True, jitter_frames: bool = True,
                  natural_variation: float = 0.0, graded_views: bool = False) -> CropSet:
    """``variants`` crops per joint of one atlas hand, each with freshly drawn grades; with
    ``graded_views`` every view the grader averages is cut around each (jittered) crop."""
    pixels = read_image(hand.image).pixels
    scale = hand_scale(hand.points)
    crops, erosion, jsn, joints = [], [], [], []
    pad = int(0.4 * scale)
    for code in JOINT_CODES:
        x, y = hand.points[code]
        x0, y0 = max(0, int(x) - pad), max(0, int(y) - pad)
        window = pixels[y0:int(y) + pad, x0:int(x) + pad]
        local = {c: (px - x0, py - y0) for c, (px, py) in hand.points.items()}
        axis = finger_axis(code, local)
        base = crop_frame(code, local, hand.side, scale, size=size)
        has_jsn = JOINTS_BY_CODE[code].scores("jsn")
        for _ in range(variants):
            e = int(rng.choice(6, p=EROSION_PRIOR)) if lesions else 0
            j = int(rng.choice(5, p=JSN_PRIOR)) if lesions and has_jsn else 0
            img = window.copy()
            if has_jsn and natural_variation and rng.random() < 0.5:
                vary_joint_space(img, code, local[code], axis, scale,
                                 rng.uniform(-natural_variation, natural_variation))
            if e or j:
                simulate_joint(img, code, local[code], axis, scale, e, j, rng)
            frame = jitter(base, scale, rng) if jitter_frames else base
            crop = extract_views(img, frame, scale) if graded_views else extract(img, frame)
            crops.append(np.clip(crop * 255.0 + 0.5, 0, 255).astype(np.uint8))
            erosion.append(e)
            jsn.append(j if has_jsn else IGNORE)
            joints.append(JOINT_CODES.index(code))
    n = len(crops)
    return CropSet(np.stack(crops), np.array(erosion), np.array(jsn), np.array(joints),
                   np.full(n, image_index))


def simulate_hands(hands: list[AtlasHand], variants: int, seed: int, lesions: bool = True,
                   jitter_frames: bool = True, progress=None, workers: int = 1,
                   natural_variation: float = 0.0, graded_views: bool = False) -> CropSet:
    """Crops of every hand; each hand draws from its own stream of ``seed``, so the result is the
    same whatever the number of worker processes."""
    streams = np.random.SeedSequence(seed).spawn(len(hands))
    jobs = [(hand, i, variants, stream, lesions, jitter_frames, natural_variation, graded_views)
            for i, (hand, stream) in enumerate(zip(hands, streams))]
    sets = []
    with ProcessPoolExecutor(workers) if workers > 1 else nullcontext() as pool:
        results = pool.map(_simulate_job, jobs) if pool else map(_simulate_job, jobs)
        for done, crop_set in enumerate(results, start=1):
            sets.append(crop_set)
            if progress:
                progress(done, len(hands))
    return CropSet.concatenate(sets)


def _simulate_job(job) -> CropSet:
    hand, index, variants, stream, lesions, jitter_frames, natural_variation, graded_views = job
    return simulate_hand(hand, index, variants, np.random.default_rng(stream), lesions=lesions,
                         jitter_frames=jitter_frames, natural_variation=natural_variation,
                         graded_views=graded_views)
