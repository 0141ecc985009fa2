"""Grading localized joints with the exported joint grader (onnxruntime only, no torch).

Stages, each timed: crop (finger-axis aligned crops of every present joint, in every view the
grader averages), score (grade probabilities and uncertainty flags), heatmaps (each joint's
damage map placed back on the image) and measure (joint space width from the profile along
the finger axis).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
from PIL import Image

from .. import jsw
from ..imaging import Radiograph
from ..results import GradeResult, Hand, JointResult
from ..scheme import JOINTS_BY_CODE
from ..timing import Timer
from .crops import (
    CENTRE_SHIFT,
    CROP_PIXELS,
    CROP_SIDE,
    CropFrame,
    crop_frame,
    extract,
    extract_views,
    finger_axis,
    hand_scale,
)

KINDS = ("erosion", "jsn")
JOINTS_PER_RUN = 6


class ScorerFileError(ValueError):
    """The scorer file is missing, unreadable or made for another crop geometry."""


class Scorer:
    def __init__(self, path: Path, providers: list[str], threads: int = 0):
        """``threads``: onnxruntime's CPU threads for this model (0: one per core)."""
        import onnxruntime as ort

        path = Path(path)
        if not path.exists():
            raise ScorerFileError(f"scorer model {path} not found")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=providers)
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
        return (
            extract_views(pixels, frame, scale)
            if self.several_views
            else extract(pixels, frame)[None]
        )

    def _grade(self, crops: np.ndarray):
        # a few joints per run: all views of a film at once would take the worker's peak memory
        # from about 0.4 to 1 GB to save some 7% of the time
        parts = [
            self.session.run(None, {"crops": crops[start : start + JOINTS_PER_RUN]})
            for start in range(0, len(crops), JOINTS_PER_RUN)
        ]
        erosion_p, jsn_p, erosion_map, jsn_map = (
            np.concatenate(outputs) for outputs in zip(*parts, strict=True)
        )
        return {"erosion": erosion_p, "jsn": jsn_p}, {"erosion": erosion_map, "jsn": jsn_map}

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

    def _run(self, image: Radiograph, hands, joints, targets, heatmaps: bool, timer, patient=None):
        targets = [j for j in targets if j.present]
        with timer.stage("crop"):
            frames = self._frames(joints, hands, targets)
            unscorable = [j for j, f in zip(targets, frames, strict=True) if f is None]
            kept = [(j, f) for j, f in zip(targets, frames, strict=True) if f is not None]
            views = [self._views(image.pixels, f[0], f[2]) for _, f in kept]
        for j in unscorable:
            j.erosion = j.jsn = None
            _set_width(
                j,
                jsw.JointSpaceWidth(
                    reason="too few joints of this hand were found to set the crop size"
                ),
            )
        if not kept:
            return {}
        targets, frames = [k[0] for k in kept], [k[1] for k in kept]
        with timer.stage("score"):
            probabilities, maps = self._grade(np.stack(views).astype(np.float32))
            self._fill(targets, probabilities)
        out = {}
        if heatmaps:
            with timer.stage("heatmaps"):
                out = {
                    kind: self._heatmap(image, kind, targets, frames, maps[kind]) for kind in KINDS
                }
        with timer.stage("measure"):
            self._measure(image, targets, frames, patient)
        return out

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
