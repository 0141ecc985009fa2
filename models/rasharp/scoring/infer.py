"""Grading localized joints with the exported joint grader (onnxruntime only, no torch).

Stages, each timed: crop (finger-axis aligned crops of every present joint, in every view the
grader averages), score (grade probabilities and uncertainty flags), heatmaps (each joint's
damage map placed back on the image) and measure (joint space width from the profile along
the finger axis).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from .. import jsw
from ..imaging import Radiograph
from ..onnx_metadata import onnx_metadata
from ..results import GradeResult, Hand, JointResult
from ..scheme import JOINTS_BY_CODE
from ..sessions import file_sha256, inference_session
from ..timing import Timer
from .crops import (
    CENTRE_SHIFT,
    CROP_PIXELS,
    CROP_SIDE,
    VIEW_OFFSETS,
    CropFrame,
    crop_frame,
    extract,
    extract_views,
    extract_views_per_pixel,
    finger_axis,
    hand_scale,
    sample_frames,
    view_frames,
    view_windows,
)
from .device_crops import CropSampler, JointViews

KINDS = ("erosion", "jsn")
# One run of the model grades this many joints (all their views). On the CPU, runs of 6 take
# about 4% less time than a two-hand film's 30 joints in one run, and the run's peak memory is
# some 190 MB instead of 760 MB (2-core machine, nothing else running); on a GPU, bigger runs
# keep it busy.
JOINTS_PER_RUN = 6
JOINTS_PER_GPU_RUN = 256
# A joint whose first view alone (both mirror images) gives each of its grades at least this
# probability keeps that view's grading; the others are graded from every view. The lowest
# threshold at which every view changed a grade or an uncertainty flag of at most 1 in 1,000
# simulated-lesion joints of calibration and training hands (both sources, 1,200 joints); on
# held-out lesions it changed none, and half the healthy joints stop at their first view
# (models/benchmarks/bench_first_view.py).
CONFIDENT_FIRST_VIEW = 0.96


@dataclass
class Prepared:
    """One film's joints ready for grading: the joints, their crop frames (frame, finger axis,
    knuckle span) and their crops (joints x views x side x side). With ``windows`` (each
    joint's averaged-down window and view frames, see ``crops.view_windows``) the crops hold
    each joint's first view only, and :meth:`every_view` cuts all views where they are needed.
    With ``film`` (the film's pixels) the crops are cut by the crop sampler when graded, and
    ``crops`` is None."""

    targets: list[JointResult]
    frames: list[tuple[CropFrame, np.ndarray, float]]
    crops: np.ndarray | None
    windows: list[tuple[np.ndarray, list[CropFrame]]] | None = None
    film: np.ndarray | None = None

    def every_view(self, index: np.ndarray) -> np.ndarray:
        """len(index) x V x S x S: every graded view of the joints at ``index``."""
        assert self.crops is not None, "crops cut by the sampler have no views here"
        if self.windows is None:
            return self.crops[index]
        return np.stack([sample_frames(*self.windows[i]) for i in index])


def _every_view_of(prepared: list[Prepared]):
    """Every view of the joints of several films, numbered as their crops concatenated (the
    indices ascending)."""
    starts = np.cumsum([0] + [len(p.targets) for p in prepared])

    def every_view(index: np.ndarray) -> np.ndarray:
        film = np.searchsorted(starts, index, side="right") - 1
        return np.concatenate(
            [prepared[f].every_view(index[film == f] - starts[f]) for f in np.unique(film)]
        )

    return every_view


class ScorerFileError(ValueError):
    """The scorer file is missing, unreadable or made for another crop geometry."""


class Scorer:
    def __init__(
        self,
        path: Path,
        providers: list[str],
        threads: int = 0,
        joints_per_run: int | None = None,
        legacy: bool = False,
        every_view: bool = False,
        screen: Path | None = None,
        sampler: Path | None = None,
    ):
        """``threads``: onnxruntime's CPU threads for this model (0: one per core).
        ``joints_per_run``: joints graded by one run of the model (all views of each);
        by default JOINTS_PER_RUN on the CPU and JOINTS_PER_GPU_RUN with CUDA.
        ``legacy``: crops sampled and graded as before rasharp 0.2 (for the benchmark).
        ``every_view``: every joint graded from all its views, even where its first view is
        confident (CONFIDENT_FIRST_VIEW); slower, for comparisons.
        ``screen``: the grader's int8 twin (``rasharp.scoring.quantize``), which grades the first
        views on the CPU; ignored with CUDA, with ``every_view`` and when it was made from
        another grader file (its version and SHA-256 are in the twin's metadata).
        ``sampler``: the crop sampler (``crop-sampler.onnx``), which cuts the crops on the
        grader's device instead of the CPU (``device_crops``); ignored with ``legacy``."""
        path = Path(path)
        if not path.exists():
            raise ScorerFileError(f"scorer model {path} not found")
        self.session = inference_session(path, providers, threads)
        self.on_cuda = self.session.get_providers()[0] == "CUDAExecutionProvider"
        self.legacy = legacy
        self.every_view = every_view or legacy
        self.joints_per_run = joints_per_run or (
            JOINTS_PER_GPU_RUN if self.on_cuda and not legacy else JOINTS_PER_RUN
        )
        meta = self.session.get_modelmeta().custom_metadata_map
        try:
            self.version = meta["version"]
            self.trained_on = meta.get("trained_on", "")
            self.uncertain_below = json.loads(meta["uncertain_below"])
            geometry = json.loads(meta["input"])
        except (KeyError, ValueError) as exc:
            raise ScorerFileError(
                f"{path} is not a rasharp joint grader (metadata {exc} missing)"
            ) from None
        if (
            geometry.get("crop_side_knuckle_spans") != CROP_SIDE
            or geometry.get("centre_shift_knuckle_spans") != CENTRE_SHIFT
            or geometry.get("shape", [None, None, None])[2] != CROP_PIXELS
        ):
            raise ScorerFileError(
                f"{path} was made for another crop geometry than this rasharp version"
            )
        # files made before grading averaged several views take exactly one crop per joint
        self.several_views = self.session.get_inputs()[0].shape[1] != 1
        self.screen = None  # an onnxruntime session of the int8 twin
        self.screen_version: str | None = None
        if screen is not None and self.several_views and not (self.on_cuda or self.every_view):
            self._load_screen(Path(screen), path, threads)
        self.sampler = (
            CropSampler(sampler, providers, threads)
            if sampler is not None and self.several_views and not legacy
            else None
        )

    def _load_screen(self, path: Path, grader: Path, threads: int) -> None:
        meta = onnx_metadata(path.read_bytes())
        made_from = meta.get("quantized_from"), meta.get("quantized_from_sha256")
        if made_from == (self.version, file_sha256(grader)):
            self.screen = inference_session(path, ["CPUExecutionProvider"], threads)
            self.screen_version = meta["version"]

    # -- the stages -------------------------------------------------------------------------
    def _frames(self, joints: list[JointResult], hands: list[Hand], targets: list[JointResult]):
        up = {h.side: h.up_angle_deg for h in hands}
        points: dict[str, dict[str, tuple[float, float]]] = {}
        for j in joints:
            if j.position is not None:
                points.setdefault(j.side, {})[j.joint] = j.position
        frames: list[tuple[CropFrame, np.ndarray, float] | None] = []
        for j in targets:
            pts = points.get(j.side, {})
            scale = hand_scale(pts)
            if scale is None and j.box is not None:
                scale = 2.8 * max(
                    j.box[2] - j.box[0], j.box[3] - j.box[1]
                )  # one joint ~ a third of a span
            if scale is None:
                frames.append(None)
                continue
            frame = crop_frame(j.joint, pts, j.side, scale, up.get(j.side, 0.0))
            axis = finger_axis(j.joint, pts, up.get(j.side, 0.0))
            frames.append((frame, axis, scale))
        return frames

    def _views(self, pixels: np.ndarray, frame: CropFrame, scale: float) -> np.ndarray:
        if not self.several_views:
            return extract(pixels, frame)[None]
        if self.legacy:
            return extract_views_per_pixel(pixels, frame, scale)
        return extract_views(pixels, frame, scale)

    def grade_views(
        self,
        crops: np.ndarray,
        jsn_graded: np.ndarray | None = None,
        every_view: Callable[[np.ndarray], np.ndarray] | None = None,
    ):
        """Probabilities and first-view class maps of N x V x S x S crops, by kind: each
        joint's first view first, then every view of the joints it leaves unsure.
        ``jsn_graded`` (N bools, all by default) says which joints have a JSN grade.
        ``every_view`` (indices -> their joints' views), when given, cuts the views that
        ``crops`` may lack (crops of the first views only)."""

        def cut(index: np.ndarray, first_only: bool):
            if first_only:
                return np.ascontiguousarray(crops[index, :1])
            return every_view(index) if every_view else crops[index]

        # single crops that have no other views to add are graded as they are
        as_they_are = crops.shape[1] == 1 and every_view is None
        return self._graded(len(crops), cut, jsn_graded, as_they_are)

    def _graded(self, count: int, cut, jsn_graded: np.ndarray | None, as_they_are: bool = False):
        """:meth:`grade_views` of ``count`` joints whose crops ``cut(index, first_only)`` gives
        (an array, or an OrtValue on the grader's device)."""
        everything = np.arange(count)
        if not self.several_views or self.every_view or as_they_are:
            outputs = self._in_runs(everything, cut, False, self.joints_per_run)
        else:
            outputs = self._in_runs(
                everything,
                cut,
                True,
                self.joints_per_run * len(VIEW_OFFSETS),
                self.screen or self.session,
            )
            unsure = np.flatnonzero(~self._confident(outputs[0], outputs[1], jsn_graded))
            if len(unsure):
                for output, graded in zip(
                    outputs, self._in_runs(unsure, cut, False, self.joints_per_run), strict=True
                ):
                    output[unsure] = graded
        erosion_p, jsn_p, erosion_map, jsn_map = outputs
        return {"erosion": erosion_p, "jsn": jsn_p}, {"erosion": erosion_map, "jsn": jsn_map}

    def _confident(self, erosion_p, jsn_p, jsn_graded) -> np.ndarray:
        """Joints whose grades all reach CONFIDENT_FIRST_VIEW, and their uncertainty thresholds
        (a grade that stops at its first view is never flagged)."""
        sure = {
            kind: p.max(1) >= max(CONFIDENT_FIRST_VIEW, self.uncertain_below[kind])
            for kind, p in (("erosion", erosion_p), ("jsn", jsn_p))
        }
        if jsn_graded is None:
            return sure["erosion"] & sure["jsn"]
        return sure["erosion"] & (sure["jsn"] | ~jsn_graded)

    def _in_runs(
        self, index: np.ndarray, cut, first_only: bool, per_run: int, session=None
    ) -> list[np.ndarray]:
        parts = [
            self._run_model(
                cut(index[start : start + per_run], first_only), session or self.session
            )
            for start in range(0, len(index), per_run)
        ]
        return [np.concatenate(outputs) for outputs in zip(*parts, strict=True)]

    def _run_model(self, crops, session) -> list[np.ndarray]:
        """The outputs of one run on ``crops``: an array, or an OrtValue the sampler left on
        the device."""
        if isinstance(crops, np.ndarray) and (not self.on_cuda or self.legacy):
            return session.run(None, {"crops": crops})
        # the crops are copied to the GPU once (or are there already) and the outputs read back
        # once, by onnxruntime's I/O binding, rather than per output
        binding = session.io_binding()
        if isinstance(crops, np.ndarray):
            binding.bind_cpu_input("crops", np.ascontiguousarray(crops, np.float32))
        else:
            binding.bind_ortvalue_input("crops", crops)
        for output in session.get_outputs():
            binding.bind_output(output.name, "cpu")
        session.run_with_iobinding(binding)
        return binding.copy_outputs_to_cpu()

    def _result(self, kind: str, probabilities: np.ndarray) -> GradeResult:
        top = int(np.argmax(probabilities))
        return GradeResult(
            top,
            [float(p) for p in probabilities],
            bool(probabilities[top] < self.uncertain_below[kind]),
        )

    def _fill(self, targets, probabilities) -> None:
        for i, j in enumerate(targets):
            j.erosion = self._result("erosion", probabilities["erosion"][i])
            j.jsn = (
                self._result("jsn", probabilities["jsn"][i])
                if JOINTS_BY_CODE[j.joint].scores("jsn")
                else None
            )

    def _measure(self, image: Radiograph, targets, frames, patient) -> None:
        for j, f in zip(targets, frames, strict=True):
            if not JOINTS_BY_CODE[j.joint].scores("jsn"):
                _set_width(
                    j,
                    jsw.JointSpaceWidth(
                        reason=f"{j.joint} has no joint space narrowing grade in this scheme"
                    ),
                )
                continue
            frame, axis, scale = f
            _set_width(
                j,
                jsw.measure(
                    image.pixels,
                    frame.centre,
                    axis,
                    scale,
                    image.pixel_spacing_mm,
                    code=j.joint,
                    mm_basis=image.pixel_spacing_basis,
                    patient=patient,
                ),
            )

    def prepare(self, image: Radiograph, hands, joints, targets, timer) -> Prepared:
        """The crops of every present joint of ``targets`` (the crop stage); joints without a
        crop size get no grade and say why."""
        targets = [j for j in targets if j.present]
        with timer.stage("crop"):
            frames = self._frames(joints, hands, targets)
            unscorable = [j for j, f in zip(targets, frames, strict=True) if f is None]
            kept = [(j, f) for j, f in zip(targets, frames, strict=True) if f is not None]
            crops, windows = None, None
            if self.sampler is None:  # else cut on the device when graded
                crops, windows = self._crops(image, [f for _, f in kept])
        for j in unscorable:
            j.erosion = j.jsn = None
            _set_width(
                j,
                jsw.JointSpaceWidth(
                    reason="too few joints of this hand were found to set the crop size"
                ),
            )
        film = image.pixels if self.sampler is not None else None
        return Prepared([k[0] for k in kept], [k[1] for k in kept], crops, windows, film)

    def _crops(self, image: Radiograph, frames: list[tuple[CropFrame, np.ndarray, float]]):
        """The crops of ``frames`` on the CPU: each joint's first view and the windows of the
        others, or every view (see Prepared)."""
        windows = None
        if self.several_views and not self.every_view:
            windows = [view_windows(image.pixels, f[0], f[2]) for f in frames]
            views = [sample_frames(small, in_window[:1]) for small, in_window in windows]
        else:
            views = [self._views(image.pixels, f[0], f[2]) for f in frames]
        crops = (
            np.stack(views).astype(np.float32, copy=False)
            if views
            else np.zeros((0, 1, CROP_PIXELS, CROP_PIXELS), np.float32)
        )
        return crops, windows

    def grade(self, prepared: list[Prepared]) -> list[tuple[dict, dict]]:
        """Grade the crops of several films together: (probabilities, maps) of each, by kind."""
        counts = [len(p.targets) for p in prepared]
        if not sum(counts):
            return [({}, {}) for _ in prepared]
        if self.sampler is not None:
            return _split(self._graded_on_device(prepared), counts)
        cropped = [p for p in prepared if p.targets]
        crops = [p.crops for p in cropped if p.crops is not None]
        if len({c.shape[1:] for c in crops}) == 1:
            probabilities, maps = self.grade_views(
                np.concatenate(crops),
                np.concatenate([_jsn_graded(p) for p in cropped]),
                _every_view_of(cropped),
            )
        else:  # films cropped with different numbers of views cannot share a run
            graded = [
                self.grade_views(p.crops, _jsn_graded(p), p.every_view)
                if p.targets and p.crops is not None
                else None
                for p in prepared
            ]
            return [g if g is not None else ({}, {}) for g in graded]
        return _split((probabilities, maps), counts)

    def _graded_on_device(self, prepared: list[Prepared]) -> tuple[dict, dict]:
        """Grade the joints of several films whose crops the sampler cuts on the device."""
        sampler = self.sampler
        assert sampler is not None
        cropped = [p for p in prepared if p.targets and p.film is not None]
        films = sampler.load([p.film for p in cropped if p.film is not None])
        joints = [
            JointViews(k, view_frames(frame, scale), frame.pixel_mm_factor)
            for k, p in enumerate(cropped)
            for frame, _, scale in p.frames
        ]

        def cut(index: np.ndarray, first_only: bool):
            return sampler.crops(films, [joints[i] for i in index], first_only)

        return self._graded(len(joints), cut, np.concatenate([_jsn_graded(p) for p in cropped]))

    def finish(
        self,
        image: Radiograph,
        prepared: Prepared,
        graded: tuple[dict, dict],
        heatmaps: bool,
        timer,
        patient=None,
    ) -> dict[str, np.ndarray]:
        """Fill in the grades, draw the heatmaps when asked, measure the joint space widths."""
        if not prepared.targets:
            return {}
        probabilities, maps = graded
        self._fill(prepared.targets, probabilities)
        out = {}
        if heatmaps:
            with timer.stage("heatmaps"):
                out = {
                    kind: self._heatmap(image, kind, prepared.targets, prepared.frames, maps[kind])
                    for kind in KINDS
                }
        with timer.stage("measure"):
            self._measure(image, prepared.targets, prepared.frames, patient)
        return out

    def _run(self, image: Radiograph, hands, joints, targets, heatmaps: bool, timer, patient=None):
        prepared = self.prepare(image, hands, joints, targets, timer)
        with timer.stage("score"):
            (graded,) = self.grade([prepared])
        return self.finish(image, prepared, graded, heatmaps, timer, patient)

    @staticmethod
    def _heatmap(image: Radiograph, kind: str, targets, frames, maps: np.ndarray) -> np.ndarray:
        """One kind's heatmap, drawn only at the joints graded for it (no JSN at CMC1)."""
        graded = [i for i, j in enumerate(targets) if JOINTS_BY_CODE[j.joint].scores(kind)]
        return place_heatmaps(
            image.height, image.width, [frames[i][0] for i in graded], maps[graded]
        )

    # -- the interface the pipeline calls ----------------------------------------------------
    def score(
        self,
        image: Radiograph,
        hands: list[Hand],
        joints: list[JointResult],
        heatmaps: bool,
        timer,
        patient=None,
    ) -> dict[str, np.ndarray]:
        """Grade and measure every present joint in place; full-size heatmaps when asked.
        ``patient`` (rasharp.reference.Patient) gives the sex and age for JSW z-scores."""
        return self._run(image, hands, joints, joints, heatmaps, timer, patient)

    def score_joints(
        self, image: Radiograph, joints: list[JointResult], targets: list[JointResult], patient=None
    ) -> None:
        """Grade only ``targets`` again (e.g. after a reader moved them)."""
        self._run(image, [], joints, targets, heatmaps=False, timer=Timer(), patient=patient)


def _split(graded: tuple[dict, dict], counts: list[int]) -> list[tuple[dict, dict]]:
    """Joints graded together, given back to their films (``counts`` joints each)."""
    probabilities, maps = graded
    out, start = [], 0
    for count in counts:
        part = slice(start, start + count)
        out.append(
            (
                {k: v[part] for k, v in probabilities.items()},
                {k: v[part] for k, v in maps.items()},
            )
        )
        start += count
    return out


def _jsn_graded(prepared: Prepared) -> np.ndarray:
    return np.array([JOINTS_BY_CODE[j.joint].scores("jsn") for j in prepared.targets], bool)


def _set_width(joint: JointResult, width: jsw.JointSpaceWidth) -> None:
    joint.jsw_px, joint.jsw_mm, joint.jsw_mm_basis = width.px, width.mm, width.mm_basis
    joint.jsw_relative, joint.jsw_z, joint.jsw_reason = width.relative, width.z, width.reason


@functools.cache
def edge_taper(size: int) -> np.ndarray:
    """A size x size weight: 1 over the middle half of the crop, falling as a half cosine to 0
    at its edges (a Tukey window in each direction)."""
    position = np.abs(np.arange(size) - (size - 1) / 2) / (size / 2)  # 0 at the centre, ~1 at edges
    fall = np.clip((position - 0.5) / 0.5, 0.0, 1.0)
    weight = (0.5 + 0.5 * np.cos(np.pi * fall)).astype(np.float32)
    return np.outer(weight, weight)


def place_heatmaps(
    height: int, width: int, frames: list[CropFrame], maps: np.ndarray
) -> np.ndarray:
    """Each crop's heatmap drawn back onto an image-sized float32 map (maximum where they overlap).
    Each fades out towards its crop's edges, so that no crop shows as a rectangle on the film."""
    canvas = np.zeros((height, width), np.float32)
    for frame, crop_heat in zip(frames, maps, strict=True):
        heat = crop_heat * edge_taper(crop_heat.shape[0])
        corners_x, corners_y = frame.to_image(
            np.array([0, frame.size - 1, 0, frame.size - 1]),
            np.array([0, 0, frame.size - 1, frame.size - 1]),
        )
        x0, x1 = max(0, int(corners_x.min())), min(width, int(np.ceil(corners_x.max())) + 1)
        y0, y1 = max(0, int(corners_y.min())), min(height, int(np.ceil(corners_y.max())) + 1)
        if x1 <= x0 or y1 <= y0:
            continue
        # crop coordinates are affine in image coordinates: (col, row) = A @ (x, y) + offset
        origin = np.array(frame.to_crop(np.array(x0), np.array(y0)), np.float64)
        step_x = np.array(frame.to_crop(np.array(x0 + 1), np.array(y0)), np.float64) - origin
        step_y = np.array(frame.to_crop(np.array(x0), np.array(y0 + 1)), np.float64) - origin
        # PIL samples at pixel centres (+0.5) on both sides
        offset = origin + 0.5 - 0.5 * step_x - 0.5 * step_y
        coefficients = (step_x[0], step_y[0], offset[0], step_x[1], step_y[1], offset[1])
        placed = Image.fromarray(np.ascontiguousarray(heat, np.float32)).transform(
            (x1 - x0, y1 - y0),
            Image.Transform.AFFINE,
            coefficients,
            resample=Image.Resampling.BILINEAR,
            fillcolor=0.0,
        )
        np.maximum(canvas[y0:y1, x0:x1], np.asarray(placed), out=canvas[y0:y1, x0:x1])
    return canvas
