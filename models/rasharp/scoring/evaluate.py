"""Evaluating a scorer file: grading metrics, confusion matrices (CSV and PNG), joint space
width against the simulator's gaps, and evaluation on imported labels. Simulated lesions on the
held-out hands of each source: :mod:`.source_report`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from .. import jsw
from ..appearance import close_growth_plates
from ..imaging import read_image
from ..scheme import GRADE_RANGES, JOINT_CODES, JOINTS_BY_CODE
from ..simulator import adult_gap_px, joint_region, set_joint_space, simulate_joint
from .crops import crop_frame, finger_axis, hand_scale
from .metrics import grading_report
from .model_file import grade_crops
from .simdata import IGNORE, CropSet

CLASSES = {kind: r.classes for kind, r in GRADE_RANGES.items()}


def grading_metrics(scorer: Path, data: CropSet) -> dict:
    return metrics_of(grade_crops(scorer, data.crops, jsn_graded=data.jsn != IGNORE), data)


def metrics_of(probabilities: dict[str, np.ndarray], data: CropSet) -> dict:
    """Grading metrics of grade probabilities against the crops' true grades."""
    out = {}
    for kind, truth in (("erosion", data.erosion), ("jsn", data.jsn)):
        keep = truth != IGNORE
        out[kind] = grading_report(truth[keep], probabilities[kind].argmax(1)[keep], CLASSES[kind])
    return out


def jsw_errors(hands, seed: int, grades=(0, 1, 2, 3), adult: bool = False) -> dict:
    """Relative error of the measured joint space width against the simulator's gap.

    Lesions (JSN ``grades``, no subluxation) are drawn on each joint of ``hands`` (made adult
    first with ``adult``: growth plates closed, an adult healthy gap); a width the measurement
    declines to give (null, with its reason) counts apart from the errors."""
    rng = np.random.default_rng(seed)
    errors, reasons = [], {}
    for hand in hands:
        pixels = read_image(hand.image).pixels
        scale = hand_scale(hand.points)
        for code in JOINT_CODES:
            if not JOINTS_BY_CODE[code].scores("jsn"):
                continue
            grade = int(rng.choice(grades))
            img = pixels.copy()
            axis = finger_axis(code, hand.points)
            if adult:
                close_growth_plates(
                    img, joint_region(img, code, hand.points[code], axis, scale, None), code
                )
                set_joint_space(
                    img, code, hand.points[code], axis, scale, adult_gap_px(code, scale, rng)
                )
            lesion = simulate_joint(img, code, hand.points[code], axis, scale, 0, grade, rng)
            if lesion.gap_after_px is None or lesion.subluxation:
                continue
            frame = crop_frame(code, hand.points, hand.side, scale)
            width = jsw.measure(img, frame.centre, axis, scale, None, code=code)
            if width.px is None:
                reasons[width.reason] = reasons.get(width.reason, 0) + 1
                continue
            errors.append(abs(width.px - lesion.gap_after_px) / lesion.gap_after_px)
    errors = np.asarray(errors)
    unmeasured = sum(reasons.values())
    total = errors.size + unmeasured
    return {
        "joints": int(errors.size),
        "unmeasured": unmeasured,
        "median_relative_error": float(np.median(errors)) if errors.size else None,
        "mean_relative_error": float(np.mean(errors)) if errors.size else None,
        "share_within_10_percent": float(np.mean(errors <= 0.10)) if errors.size else None,
        "share_within_10_percent_or_null": (float(np.sum(errors <= 0.10)) + unmeasured) / total
        if total
        else None,
        "null_share": unmeasured / total if total else None,
        "null_reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
    }


def write_confusions(report: dict, directory: Path, prefix: str = "confusion") -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, r in report.items():
        if not isinstance(r, dict) or "confusion" not in r:
            continue
        matrix = np.asarray(r["confusion"])
        path = directory / f"{prefix}_{kind}.csv"
        with path.open("w", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["truth \\ predicted"] + [str(g) for g in range(len(matrix))])
            for g, row in enumerate(matrix):
                out.writerow([str(g)] + [str(int(v)) for v in row])
        written.append(path)
        png = directory / f"{prefix}_{kind}.png"
        confusion_picture(matrix, f"{kind}: truth (rows) vs predicted (columns)").save(png)
        written.append(png)
    return written


def confusion_picture(matrix: np.ndarray, title: str, cell: int = 56) -> Image.Image:
    n = len(matrix)
    margin_left, margin_top = 40, 48
    image = Image.new("RGB", (margin_left + n * cell + 10, margin_top + n * cell + 10), "white")
    draw = ImageDraw.Draw(image)
    draw.text((6, 6), title, fill="black")
    rows = matrix.sum(axis=1, keepdims=True).clip(min=1)
    share = matrix / rows
    for i in range(n):
        draw.text((margin_left + i * cell + cell // 2 - 3, margin_top - 16), str(i), fill="black")
        draw.text((margin_left - 16, margin_top + i * cell + cell // 2 - 6), str(i), fill="black")
        for j in range(n):
            shade = int(255 - 200 * share[i, j])
            x0, y0 = margin_left + j * cell, margin_top + i * cell
            draw.rectangle([x0, y0, x0 + cell - 2, y0 + cell - 2], fill=(shade, shade, 255))
            draw.text(
                (x0 + 6, y0 + cell // 2 - 6),
                str(int(matrix[i, j])),
                fill="white" if share[i, j] > 0.5 else "black",
            )
    return image


def evaluate_on_crops(scorer: Path, data: CropSet, out_dir: Path, description: str) -> dict:
    report = {"data": description, **grading_metrics(scorer, data)}
    write_confusions({k: report[k] for k in ("erosion", "jsn")}, out_dir)
    (out_dir / "evaluation.json").write_text(json.dumps(report, indent=2))
    return report


def print_report(report: dict, log=print) -> None:
    log(report["data"])
    log(f"{'kind':8} {'n':>6} {'balanced':>9} {'exact':>7} {'within 1':>9} {'QWK':>6}")
    for kind in ("erosion", "jsn"):
        r = report[kind]
        log(
            f"{kind:8} {r['n']:>6} {r['balanced_accuracy']:>9.3f} {r['exact_accuracy']:>7.3f} "
            f"{r['within_one_accuracy']:>9.3f} {r['qwk']:>6.3f}"
        )
