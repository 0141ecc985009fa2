"""Simulated training and validation crops: real joints with lesions of known grade.

Each sample is one joint of one real hand (hand atlas or rsna-hands) with an erosion and a JSN
grade drawn at random, simulated on a copy of the image around the joint (made adult first for
most joints, see :class:`Recipe`), then cut out as a finger-axis aligned crop whose position,
angle and size are jittered as much as the localizer's errors would move them, at the film's
resolution or a lower one, with or without the qualities of digitised films.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..appearance import adult_joint, close_growth_plates, degrade_film
from ..imaging import read_image
from ..scheme import GRADE_RANGES, JOINT_CODES, JOINTS_BY_CODE
from ..simulator import (
    adult_gap_px,
    joint_region,
    set_joint_space,
    simulate_joint,
    vary_joint_space,
)
from .atlas import AtlasHand
from .crops import (
    CROP_PIXELS,
    CropFrame,
    crop_frame,
    extract,
    extract_views,
    finger_axis,
    hand_scale,
)

IGNORE = -100  # label of a grade that does not exist at this joint (JSN of CMC1)
# healthy joint spaces of training crops are made up to this share wider or narrower (half of them)
NATURAL_VARIATION = 0.12
# defaults of training: most joints adult, digitised-film qualities on half of the crops, films
# down to a knuckle span of 120 px (a hand about 300 px across)
ADULT_SHARE = 0.6
FILM_SHARE = 0.5
MIN_SPAN_PX = 120.0


def _grade_prior(kind: str, healthy: float = 0.30) -> tuple[float, ...]:
    """Share of each grade among simulated joints: ``healthy`` at 0, the rest spread evenly."""
    damaged = GRADE_RANGES[kind].classes - 1
    return (healthy, *[(1.0 - healthy) / damaged] * damaged)


EROSION_PRIOR = _grade_prior("erosion")
JSN_PRIOR = _grade_prior("jsn")


@dataclass
class CropSet:
    crops: np.ndarray  # N x S x S uint8, or N x V x S x S with every graded view of each joint
    erosion: np.ndarray  # N int64
    jsn: np.ndarray  # N int64, IGNORE where the joint has no JSN grade
    joint: np.ndarray  # N int64 index into JOINT_CODES
    image: np.ndarray  # N int64 index of the source image

    def save(self, path) -> None:
        np.savez_compressed(
            path,
            crops=self.crops,
            erosion=self.erosion,
            jsn=self.jsn,
            joint=self.joint,
            image=self.image,
        )

    @classmethod
    def load(cls, path) -> CropSet:
        with np.load(path) as data:
            return cls(*(data[k] for k in ("crops", "erosion", "jsn", "joint", "image")))

    def subset(self, index) -> CropSet:
        """The samples at ``index`` (indices or a boolean mask)."""
        index = np.asarray(index)
        index = index if index.dtype == bool else index.astype(np.int64)
        return CropSet(
            *(getattr(self, k)[index] for k in ("crops", "erosion", "jsn", "joint", "image"))
        )

    @classmethod
    def concatenate(cls, sets: list[CropSet]) -> CropSet:
        return cls(
            *(
                np.concatenate([getattr(s, k) for s in sets])
                for k in ("crops", "erosion", "jsn", "joint", "image")
            )
        )


def jitter(
    frame: CropFrame,
    scale: float,
    rng: np.random.Generator,
    shift: float = 0.015,
    angle_deg: float = 8.0,
    zoom: float = 0.08,
) -> CropFrame:
    """The frame moved, turned and resized as much as localization errors would."""
    a = np.deg2rad(rng.uniform(-angle_deg, angle_deg))
    k = 1.0 + rng.uniform(-zoom, zoom)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    along = rot @ np.asarray(frame.along) * k
    across = rot @ np.asarray(frame.across) * k
    centre = np.asarray(frame.centre) + rng.uniform(-shift, shift, 2) * scale
    # plain floats, as crop_frame gives them: NumPy scalars would make extract compute in float64
    return CropFrame(
        tuple(map(float, centre)), tuple(map(float, along)), tuple(map(float, across)), frame.size
    )


@dataclass(frozen=True)
class Recipe:
    """How the crops around a drawn lesion are made, beyond the lesion itself.

    ``adult_share`` of the joints are made adult first: growth plates closed, sometimes
    periarticular osteopenia and thicker cortices, and the healthy gap set to an adult width;
    their narrowing is then drawn from that adult gap, so that it is judged against adult joint
    spaces. The other joints keep their own (children's) gap, varied by up to
    ``natural_variation`` either way, and are narrowed from it: a reader judges a child's joint,
    whose open growth plates show, against a child's gap.
    With ``adult_share``, hands with open growth plates (the younger) get up to half fewer crops.
    ``film_share`` of the crops get the qualities of digitised archives (JPEG, grain, markers),
    and ``min_span_px``, when set, makes films of lower resolution: the knuckle span is drawn
    log-uniformly between it and the film's own (a third of the crops stay at full resolution).
    """

    lesions: bool = True
    jitter_frames: bool = True
    natural_variation: float = 0.0
    adult_share: float = 0.0
    film_share: float = 0.0
    min_span_px: float | None = None
    graded_views: bool = False
    resolution: float = 1.0  # the whole film at this share of its resolution (evaluation)


def _resolution_factor(scale: float, recipe: Recipe, rng: np.random.Generator) -> float:
    """How many times smaller the film is drawn (1: as stored)."""
    factor = 1.0 / recipe.resolution
    if recipe.min_span_px and scale / factor > recipe.min_span_px and rng.random() > 1 / 3:
        span = np.exp(rng.uniform(np.log(recipe.min_span_px), np.log(scale / factor)))
        factor = scale / span
    return factor


def _at_resolution(
    window: np.ndarray, frame: CropFrame, factor: float
) -> tuple[np.ndarray, CropFrame]:
    """The window as a film ``factor`` times smaller would show it, and the frame on it."""
    if factor <= 1.0:
        return window, frame
    h, w = window.shape
    size = (max(8, round(w / factor)), max(8, round(h / factor)))
    kx, ky = w / size[0], h / size[1]
    small = np.asarray(Image.fromarray(window).resize(size, Image.Resampling.BOX), np.float32)
    centre = ((frame.centre[0] + 0.5) / kx - 0.5, (frame.centre[1] + 0.5) / ky - 0.5)
    return small, CropFrame(
        centre,
        (frame.along[0] / kx, frame.along[1] / ky),
        (frame.across[0] / kx, frame.across[1] / ky),
        frame.size,
    )


def open_growth_plates(pixels: np.ndarray, hand: AtlasHand, scale: float) -> float:
    """Share of the hand's joints with an open growth plate beside them (0: an adult hand)."""
    found, scratch = 0, pixels.copy()
    for code in JOINT_CODES:
        region = joint_region(
            pixels, code, hand.points[code], finger_axis(code, hand.points), scale, None
        )
        if region.f.measured:
            found += close_growth_plates(scratch, region, code) > 0
            window = (slice(region.y0, region.y1), slice(region.x0, region.x1))
            scratch[window] = pixels[window]  # the next joint is judged on the film as it is
    return found / len(JOINT_CODES)


def _healthy_start(img, code, point, axis, scale, recipe: Recipe, adult: bool, rng) -> None:
    """The joint as the lesion starts from: made adult, or a child's gap varied as between people."""
    if adult:
        adult_joint(img, joint_region(img, code, point, axis, scale, None), rng, code)
        if JOINTS_BY_CODE[code].scores("jsn"):
            set_joint_space(img, code, point, axis, scale, adult_gap_px(code, scale, rng))
    elif recipe.natural_variation and JOINTS_BY_CODE[code].scores("jsn") and rng.random() < 0.5:
        vary_joint_space(
            img,
            code,
            point,
            axis,
            scale,
            rng.uniform(-recipe.natural_variation, recipe.natural_variation),
        )


def simulate_hand(
    hand: AtlasHand,
    image_index: int,
    variants: int,
    rng: np.random.Generator,
    recipe: Recipe = Recipe(),
    size: int = CROP_PIXELS,
) -> CropSet:
    """About ``variants`` crops per joint of one hand, each with freshly drawn grades (older
    hands, with fewer open growth plates, get more); with ``recipe.graded_views`` every view the
    grader averages is cut around each (jittered) crop."""
    pixels = read_image(hand.image).pixels
    scale = hand_scale(hand.points)
    if recipe.adult_share:
        variants = max(1, round(variants * (1.0 - 0.5 * open_growth_plates(pixels, hand, scale))))
    crops, erosion, jsn, joints = [], [], [], []
    pad = int(0.4 * scale)
    for code in JOINT_CODES:
        x, y = hand.points[code]
        x0, y0 = max(0, int(x) - pad), max(0, int(y) - pad)
        window = pixels[y0 : int(y) + pad, x0 : int(x) + pad]
        local = {c: (px - x0, py - y0) for c, (px, py) in hand.points.items()}
        axis = finger_axis(code, local)
        base = crop_frame(code, local, hand.side, scale, size=size)
        has_jsn = JOINTS_BY_CODE[code].scores("jsn")
        for _ in range(variants):
            e = int(rng.choice(len(EROSION_PRIOR), p=EROSION_PRIOR)) if recipe.lesions else 0
            j = int(rng.choice(len(JSN_PRIOR), p=JSN_PRIOR)) if recipe.lesions and has_jsn else 0
            img = window.copy()
            adult = rng.random() < recipe.adult_share
            _healthy_start(img, code, local[code], axis, scale, recipe, adult, rng)
            if e or j:
                simulate_joint(img, code, local[code], axis, scale, e, j, rng)
            frame = jitter(base, scale, rng) if recipe.jitter_frames else base
            factor = _resolution_factor(scale, recipe, rng)
            img, frame = _at_resolution(img, frame, factor)
            if rng.random() < recipe.film_share:
                img = degrade_film(img, rng, p_resolution=0.2)
            crop = (
                extract_views(img, frame, scale / factor)
                if recipe.graded_views
                else extract(img, frame)
            )
            crops.append(np.clip(crop * 255.0 + 0.5, 0, 255).astype(np.uint8))
            erosion.append(e)
            jsn.append(j if has_jsn else IGNORE)
            joints.append(JOINT_CODES.index(code))
    n = len(crops)
    return CropSet(
        np.stack(crops), np.array(erosion), np.array(jsn), np.array(joints), np.full(n, image_index)
    )


def simulate_hands(
    hands: list[AtlasHand],
    variants: int,
    seed: int,
    recipe: Recipe = Recipe(),
    progress=None,
    workers: int = 1,
    first_index: int = 0,
) -> CropSet:
    """Crops of every hand; each hand draws from its own stream of ``seed``, so the result is the
    same whatever the number of worker processes. Images are numbered from ``first_index``."""
    streams = np.random.SeedSequence(seed).spawn(len(hands))
    jobs = [
        (hand, first_index + i, variants, stream, recipe)
        for i, (hand, stream) in enumerate(zip(hands, streams, strict=True))
    ]
    sets = []
    with ProcessPoolExecutor(workers) if workers > 1 else nullcontext() as pool:
        results = pool.map(_simulate_job, jobs) if pool else map(_simulate_job, jobs)
        for done, crop_set in enumerate(results, start=1):
            sets.append(crop_set)
            if progress:
                progress(done, len(hands))
    return CropSet.concatenate(sets)


def _simulate_job(job) -> CropSet:
    hand, index, variants, stream, recipe = job
    return simulate_hand(hand, index, variants, np.random.default_rng(stream), recipe)
