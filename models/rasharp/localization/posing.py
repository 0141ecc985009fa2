"""Hand pose from joint positions: which way the fingers point, and how big the hand is."""

from __future__ import annotations

import math

import numpy as np

from ..scheme import JOINT_INDEX

_MCP = [JOINT_INDEX[f"MCP{f}"] for f in range(2, 6)]
_PIP = [JOINT_INDEX[f"PIP{f}"] for f in range(2, 6)]
_DIP = [JOINT_INDEX[f"DIP{f}"] for f in range(2, 6)]
_THUMB = [JOINT_INDEX[c] for c in ("IP1", "MCP1", "CMC1")]


def _mean(points: np.ndarray, rows: list[int]) -> np.ndarray | None:
    chosen = points[rows]
    chosen = chosen[~np.isnan(chosen[:, 0])]
    return chosen.mean(axis=0) if len(chosen) else None


def up_angle(joints: np.ndarray) -> float | None:
    """Direction the fingers point, degrees clockwise from image-up; joints is 15 x 2 (NaN = absent)."""
    for proximal, distal in ((_MCP, _PIP), (_MCP, _DIP), (_PIP, _DIP)):
        a, b = _mean(joints, proximal), _mean(joints, distal)
        if a is not None and b is not None and np.linalg.norm(b - a) > 1e-6:
            dx, dy = b - a
            return math.degrees(math.atan2(dx, -dy))
    return None


def knuckle_span(joints: np.ndarray) -> float | None:
    """Distance MCP2-MCP5, or an estimate of it from other joints when one is missing."""
    mcp2, mcp5 = joints[JOINT_INDEX["MCP2"]], joints[JOINT_INDEX["MCP5"]]
    if not (np.isnan(mcp2).any() or np.isnan(mcp5).any()):
        return float(np.linalg.norm(mcp2 - mcp5))
    present = joints[~np.isnan(joints[:, 0])]
    if len(present) < 2:
        return None
    # Typical ratio of the joint cloud's diagonal to the knuckle span on the atlas.
    extent = present.max(axis=0) - present.min(axis=0)
    return float(np.linalg.norm(extent) / 2.6)


def thumb_offset(joints: np.ndarray, angle: float) -> float | None:
    """Signed distance of the thumb from the hand's axis, measured across the upright hand.

    Positive: the thumb lies on the image's right when the fingers point up, which in the PA
    convention means a left hand.
    """
    centre = _mean(joints, _MCP + _PIP)
    thumb = _mean(joints, _THUMB)
    across = np.array([math.cos(math.radians(angle)), math.sin(math.radians(angle))])
    if centre is not None and thumb is not None:
        return float((thumb - centre) @ across)
    # No thumb: the index finger sits on the thumb side of the little finger.
    index, little = _mean(joints, [_MCP[0], _PIP[0]]), _mean(joints, [_MCP[3], _PIP[3]])
    if index is not None and little is not None:
        return float((index - little) @ across)
    return None


def hand_side(joints: np.ndarray) -> str | None:
    """'left' or 'right' from where the thumb lies (PA view), None when it cannot be told."""
    angle = up_angle(joints)
    if angle is None:
        return None
    offset = thumb_offset(joints, angle)
    if offset is None or offset == 0:
        return None
    return "left" if offset > 0 else "right"


def crop_frame(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, float]:
    """Square frame around an upright hand's joints: room for finger tips above the DIPs and for
    the wrist below CMC1. Returns the frame centre and side length (same units as lo/hi)."""
    width, height = hi - lo
    top = lo[1] - 0.22 * height
    bottom = hi[1] + 0.12 * height
    centre = np.array([(lo[0] + hi[0]) / 2, (top + bottom) / 2])
    extent = max(bottom - top, width * 1.25)
    return centre, float(extent)
