"""Result types of the inference pipeline and their JSON form (the `rasharp predict` contract)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import RESEARCH_ONLY


@dataclass
class GradeResult:
    score: int
    probabilities: list[float]
    uncertain: bool = False

    def to_json(self) -> dict:
        return {
            "score": self.score,
            "probabilities": [round(float(p), 4) for p in self.probabilities],
            "uncertain": self.uncertain,
        }


@dataclass
class JointResult:
    side: str  # "left" | "right"
    joint: str  # scheme code, e.g. "PIP2"
    x: float | None = None  # pixel coordinates in the original image; None when absent
    y: float | None = None
    box: list[float] | None = None  # [x0, y0, x1, y1]
    confidence: float = 0.0
    erosion: GradeResult | None = None
    jsn: GradeResult | None = None
    jsw_px: float | None = None
    jsw_mm: float | None = None
    jsw_mm_basis: str | None = None  # "detector" (ImagerPixelSpacing) or "anatomy" (PixelSpacing)
    jsw_relative: float | None = None  # width / width of the proximal bone at the joint
    jsw_z: float | None = None  # z-score against adult reference values (rasharp.reference)
    jsw_reason: str | None = None  # why the width, or any of its figures, is absent
    # why an absent joint is absent: "outside_film" (cut off by the film's edge) or "not_found"
    absent: str | None = None

    @property
    def present(self) -> bool:
        return self.x is not None

    @property
    def position(self) -> tuple[float, float] | None:
        return None if self.x is None or self.y is None else (self.x, self.y)

    def to_json(self) -> dict:
        def r(v):
            return None if v is None else round(float(v), 2)

        return {
            "side": self.side,
            "joint": self.joint,
            "present": self.present,
            "x": r(self.x),
            "y": r(self.y),
            "box": None if self.box is None else [r(v) for v in self.box],
            "confidence": round(float(self.confidence), 4),
            "erosion": None if self.erosion is None else self.erosion.to_json(),
            "jsn": None if self.jsn is None else self.jsn.to_json(),
            "jsw_px": r(self.jsw_px),
            "jsw_mm": None if self.jsw_mm is None else round(float(self.jsw_mm), 3),
            "jsw_mm_basis": self.jsw_mm_basis,
            "jsw_relative": None
            if self.jsw_relative is None
            else round(float(self.jsw_relative), 3),
            "jsw_z": r(self.jsw_z),
            "jsw_reason": self.jsw_reason,
            "absent": None if self.present else (self.absent or "not_found"),
        }


@dataclass
class Hand:
    side: str
    box: list[float]  # [x0, y0, x1, y1] in original image pixels
    side_source: str = "thumb"  # "thumb" (decided from the image) or "user"
    up_angle_deg: float = 0.0  # direction the fingers point, 0 = up, clockwise positive

    def to_json(self) -> dict:
        return {
            "side": self.side,
            "box": [round(float(v), 1) for v in self.box],
            "side_source": self.side_source,
            "up_angle_deg": round(float(self.up_angle_deg), 1),
        }


@dataclass(frozen=True)
class ScopeWarning:
    """Why the grades of a film, or of one hand, may not hold (rasharp.scope)."""

    code: str
    side: str | None = None
    params: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"code": self.code, "side": self.side, "params": dict(self.params)}


@dataclass
class Analysis:
    width: int
    height: int
    pixel_spacing_mm: float | None
    hands: list[Hand]
    joints: list[JointResult]
    models: dict[str, str | None]
    timings_ms: dict[str, float]
    heatmaps: dict[str, np.ndarray] = field(default_factory=dict)  # kind -> HxW float 0..1
    heatmap_paths: dict[str, str] = field(default_factory=dict)
    pixel_spacing_basis: str | None = None  # "detector" or "anatomy" (see rasharp.imaging)
    warnings: list[ScopeWarning] = field(default_factory=list)  # see rasharp.scope

    def joint(self, side: str, code: str) -> JointResult | None:
        return next((j for j in self.joints if j.side == side and j.joint == code), None)

    def to_json(self, image: str) -> dict:
        out = {
            "image": image,
            "width": self.width,
            "height": self.height,
            "pixel_spacing_mm": self.pixel_spacing_mm,
            "pixel_spacing_basis": self.pixel_spacing_basis,
            "hands": [h.to_json() for h in self.hands],
            "joints": [j.to_json() for j in self.joints],
            "model": dict(self.models),
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "warnings": [w.to_json() for w in self.warnings],
            "notice": RESEARCH_ONLY,
        }
        if self.heatmap_paths:
            out["heatmaps"] = dict(self.heatmap_paths)
        return out
