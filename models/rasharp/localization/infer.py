"""Joint localization with onnxruntime: a global pass finds the hands, an upright crop of each
hand refines its joints. Needs only numpy, Pillow and onnxruntime."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ..imaging import Radiograph
from ..results import Hand, JointResult
from ..scheme import FINGER_CHAINS, JOINT_CODES, JOINT_INDEX, JOINTS
from ..sessions import inference_session
from ..timing import Timer
from . import geometry as g
from .peaks import HandPeaks, find_hands, peaks_near
from .posing import crop_frame, hand_side, knuckle_span, up_angle

# Joint box side as a share of the knuckle span, per row group of the table.
BOX_SHARE = {"IP": 0.20, "DIP": 0.17, "PIP": 0.21, "MCP": 0.26, "CMC": 0.26}
REFINE_ROUNDS = 2
# How far from its first-look position a joint may be found again, in knuckle spans.
SEARCH_RADIUS_SPANS = 0.3
# Joints nearer than this to the film's edge (in knuckle spans) are reported absent.
EDGE_MARGIN_SPANS = 0.08
# Length of a finger's distal step (middle phalanx; the thumb's proximal phalanx) as a share of
# the step before it (proximal phalanx; first metacarpal): median 0.63 and 0.67, 5th-95th
# percentile 0.56-0.74, on the atlas's landmarks.
DISTAL_STEP = 0.65


@dataclass
class _Candidate:
    joints: np.ndarray  # 15 x 2 image pixels, NaN when absent
    confidence: np.ndarray  # 15
    outline: np.ndarray  # hand-region pixels, image coordinates (N x 2)


class Localizer:
    def __init__(self, path: Path, providers: list[str], threads: int = 0, legacy: bool = False):
        """``threads``: onnxruntime's CPU threads for this model (0: one per core);
        ``legacy``: post-processing as before rasharp 0.2 (for the benchmark)."""
        self.legacy = legacy
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"localizer weights not found: {path}")
        self.session = inference_session(path, providers, threads)
        meta = self.session.get_modelmeta().custom_metadata_map
        if json.loads(meta["joints"]) != list(JOINT_CODES):
            raise ValueError(f"{path} was trained for another joint scheme: {meta['joints']}")
        self.version = meta["version"]
        self.size = int(meta["input_size"])
        self.stride = int(meta["stride"])
        self.to_pixels = g.cells_to_pixels(self.stride)

    def _run(self, crops: list[Image.Image]) -> np.ndarray:
        batch = np.stack([np.asarray(c, dtype=np.float32) / 255.0 for c in crops])[:, None]
        return self.session.run(None, {"image": batch})[0]

    def locate(
        self, image: Radiograph, side: str = "auto", timer=None
    ) -> tuple[list[Hand], list[JointResult]]:
        if side not in ("auto", "left", "right"):
            raise ValueError(f"side must be auto, left or right, not {side!r}")
        timer = timer or Timer()
        with timer.stage("localize_overview"):
            picture = image.to_pil(cached=not self.legacy)
            overview = self._overview_matrix(image.width, image.height)
            maps = self._run([g.warp(picture, overview, (self.size, self.size))])[0]
            candidates = [
                self._to_image(peaks, overview) for peaks in find_hands(maps, legacy=self.legacy)
            ]
        with timer.stage("localize_refine"):
            attempts = [self._refine(picture, c) for c in candidates]
            refined = [c for c in attempts if c is not None]
        refined.sort(key=lambda c: np.nanmean(c.joints[:, 0]))  # left to right in the image
        hands, joints = [], []
        for candidate in refined:
            hand = self._describe(candidate, image)
            if side != "auto" and len(refined) == 1:
                hand.side, hand.side_source = side, "user"
            found = self._joint_results(candidate, hand.side, image.width, image.height)
            hand.box = _enclosing(hand.box, [j.box for j in found if j.box is not None], image)
            hands.append(hand)
            joints.extend(found)
        return hands, joints

    def _overview_matrix(self, width: int, height: int) -> np.ndarray:
        zoom = self.size / max(width, height)
        return (
            g.translate(self.size / 2, self.size / 2)
            @ g.scale(zoom)
            @ g.translate(-width / 2, -height / 2)
        )

    def _to_image(self, peaks: HandPeaks, matrix: np.ndarray) -> _Candidate:
        back = np.linalg.inv(matrix) @ self.to_pixels
        joints = np.full((len(JOINT_CODES), 2), np.nan)
        present = ~np.isnan(peaks.points[:, 0])
        joints[present] = g.apply(back, peaks.points[present])
        return _Candidate(joints, peaks.confidence, g.apply(back, peaks.region))

    def _refine(self, picture: Image.Image, candidate: _Candidate) -> _Candidate | None:
        """Look again at the hand through an upright crop; repeat if the crop was off."""
        for _ in range(REFINE_ROUNDS):
            angle = up_angle(candidate.joints)
            if angle is None or np.count_nonzero(~np.isnan(candidate.joints[:, 0])) < 3:
                return None
            matrix = self._crop_matrix(candidate.joints, angle)
            maps = self._run([g.warp(picture, matrix, (self.size, self.size))])[0]
            to_cells = np.linalg.inv(self.to_pixels) @ matrix
            centre = g.apply(np.linalg.inv(self.to_pixels), [[self.size / 2, self.size / 2]])[0]
            hands_found = find_hands(maps, keep_nearest=centre, legacy=self.legacy)
            if not hands_found:
                return None
            expected = np.full_like(candidate.joints, np.nan)
            known = ~np.isnan(candidate.joints[:, 0])
            expected[known] = g.apply(to_cells, candidate.joints[known])
            span = knuckle_span(expected) or self.size / self.stride / 4
            peaks = peaks_near(maps[:-1], expected, SEARCH_RADIUS_SPANS * span, hands_found[0])
            candidate = self._to_image(peaks, matrix)
            new_angle = up_angle(candidate.joints)
            if new_angle is not None and abs(_angle_difference(new_angle, angle)) < 20:
                break
        return candidate

    def _crop_matrix(self, joints: np.ndarray, angle: float) -> np.ndarray:
        upright = g.rotate(-angle)
        present = joints[~np.isnan(joints[:, 0])]
        pts = g.apply(upright, present)
        centre_upright, extent = crop_frame(pts.min(axis=0), pts.max(axis=0))
        return (
            g.translate(self.size / 2, self.size / 2)
            @ g.scale(self.size / extent)
            @ upright
            @ g.translate(*-g.apply(np.linalg.inv(upright), centre_upright)[0])
        )

    def _describe(self, candidate: _Candidate, image: Radiograph) -> Hand:
        angle = up_angle(candidate.joints) or 0.0
        side = hand_side(candidate.joints) or "left"
        lo = np.clip(candidate.outline.min(axis=0), 0, [image.width - 1, image.height - 1])
        hi = np.clip(candidate.outline.max(axis=0), 0, [image.width - 1, image.height - 1])
        return Hand(side=side, box=[*lo.tolist(), *hi.tolist()], up_angle_deg=angle)

    def _joint_results(
        self, candidate: _Candidate, side: str, width: int, height: int
    ) -> list[JointResult]:
        results = []
        # A crop may reach past the film's edge: a joint found there, or so close to the edge
        # that its joint space is cut off, is not reported.
        margin = EDGE_MARGIN_SPANS * (knuckle_span(candidate.joints) or 0.0)

        def on_film(point: np.ndarray) -> bool:
            x, y = point
            return bool(margin <= x < width - margin and margin <= y < height - margin)

        for index, code in enumerate(JOINT_CODES):
            point = candidate.joints[index]
            if np.isnan(point).any():
                point = _extrapolated(candidate.joints, code)
            result = JointResult(side=side, joint=code)
            if point is None:
                result.absent = "not_found"
            elif on_film(point) and not np.isnan(candidate.joints[index]).any():
                result.x, result.y = float(point[0]), float(point[1])
                result.confidence = float(candidate.confidence[index])
            else:
                result.absent = "not_found" if on_film(point) else "outside_film"
            results.append(result)
        for result in results:
            if result.present:
                result.box = self.joint_box(results, result)
        return results

    def joint_box(self, joints: list[JointResult], target: JointResult) -> list[float]:
        """A box of about one joint's size, centred slightly proximal of the annotated point
        (which sits on the base of the distal bone)."""
        same_hand = np.full((len(JOINT_CODES), 2), np.nan)
        for j in joints:
            if j.side == target.side and j.present:
                same_hand[JOINT_INDEX[j.joint]] = (j.x, j.y)
        span = knuckle_span(same_hand) or 100.0
        angle = up_angle(same_hand) or 0.0
        half = BOX_SHARE[JOINTS[JOINT_INDEX[target.joint]].group] * span / 2
        towards_wrist = -np.array([np.sin(np.radians(angle)), -np.cos(np.radians(angle))])
        cx, cy = np.array([target.x, target.y]) + towards_wrist * half * 0.4
        return [cx - half, cy - half, cx + half, cy + half]


def _enclosing(box: list[float], boxes: list[list[float]], image: Radiograph) -> list[float]:
    """The hand's box grown to hold every joint box, kept on the film."""
    corners = np.array([box, *boxes], dtype=np.float64)
    x0, y0 = np.maximum(corners[:, :2].min(axis=0), 0)
    x1, y1 = np.minimum(corners[:, 2:].max(axis=0), [image.width - 1, image.height - 1])
    return [float(x0), float(y0), float(x1), float(y1)]


def _angle_difference(a: float, b: float) -> float:
    return (a - b + 180.0) % 360.0 - 180.0


def _extrapolated(joints: np.ndarray, code: str) -> np.ndarray | None:
    """Where a joint the model did not find should be, continuing its finger's line from the
    two joints nearest to it; None when that line is not known. It tells a joint cut off by the
    film's edge from one the model missed on the film."""
    chain = next(c for c in FINGER_CHAINS.values() if code in c)
    known = [joints[JOINT_INDEX[c]] for c in chain]
    position = chain.index(code)
    if position == 2 and not np.isnan(known[0]).any() and not np.isnan(known[1]).any():
        return known[1] + (known[1] - known[0]) * DISTAL_STEP
    if position == 0 and not np.isnan(known[1]).any() and not np.isnan(known[2]).any():
        return known[1] + (known[1] - known[2]) / DISTAL_STEP
    return None
