"""Evaluating a scorer file: on simulated lesions of held-out atlas images, or on imported labels.

Reports per grade kind balanced accuracy, exact and within-one accuracy and quadratic-weighted
kappa; writes the confusion matrices as CSV and PNG. On the atlas it also reports how often
untouched joints are graded 0 and how far the measured joint space width lies from the gap
the simulator left.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from .crops import crop_frame, finger_axis, hand_scale
from .metrics import grading_report
from .model_file import grade_crops
from .simdata import IGNORE, CropSet, simulate_hands

CLASSES = {"erosion": 6, "jsn": 5}


def grading_metrics(scorer: Path, data: CropSet) -> dict:
    probabilities = grade_crops(scorer, data.crops)
    out = {}
    for kind, truth in (("erosion", data.erosion), ("jsn", data.jsn)):
        keep = truth != IGNORE
        out[kind] = grading_report(truth[keep], probabilities[kind].argmax(1)[keep], CLASSES[kind])
    return out


def untouched_share_zero(scorer: Path, data: CropSet) -> dict:
    probabilities = grade_crops(scorer, data.crops)
    out = {"n": int(len(data.crops))}
    for kind, truth in (("erosion", data.erosion), ("jsn", data.jsn)):
        keep = truth != IGNORE
        out[kind] = float(np.mean(probabilities[kind].argmax(1)[keep] == 0))
    return out


def jsw_errors(hands, seed: int, grades=(0, 1, 2, 3)) -> dict:
    """Relative error of the measured joint space width against the simulator's gap.

    Lesions (JSN ``grades``, no subluxation) are drawn on each joint of ``hands``; a width the
    measurement declines to give (null, with its reason) counts apart from the errors."""
    from .. import jsw
    from ..imaging import read_image
    from ..scheme import JOINT_CODES, JOINTS_BY_CODE
    from ..simulator import simulate_joint

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
    return {"joints": int(errors.size), "unmeasured": unmeasured,
            "median_relative_error": float(np.median(errors)) if errors.size else None,
            "mean_relative_error": float(np.mean(errors)) if errors.size else None,
            "share_within_10_percent": float(np.mean(errors <= 0.10)) if errors.size else None,
            "share_within_10_percent_or_null": (float(np.sum(errors <= 0.10)) + unmeasured) / total
            if total else None,
            "null_share": unmeasured / total if total else None,
            "null_reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1]))}


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
            draw.text((x0 + 6, y0 + cell // 2 - 6), str(int(matrix[i, j])),
                      fill="white" if share[i, j] > 0.5 else "black")
    return image


def evaluate_on_atlas(scorer: Path, atlas_root, out_dir: Path, variants: int = 8, seed: int = 2,
                      log=print, workers: int = 1) -> dict:
    """The done-when figures on simulated lesions of the held-out atlas images."""
    from .atlas import load_atlas, split

    _, validation = split(load_atlas(atlas_root))
    log(f"simulating lesions on {len(validation)} held-out atlas images ...")
    lesions = simulate_hands(validation, variants, seed, workers=workers, graded_views=True)
    report = {"data": f"simulated lesions on {len(validation)} held-out atlas images, "
                      f"{variants} draws per joint, seed {seed}"}
    report.update(grading_metrics(scorer, lesions))
    untouched = simulate_hands(validation, 2, seed + 1, lesions=False, workers=workers,
                               graded_views=True)
    report["untouched_graded_0"] = untouched_share_zero(scorer, untouched)
    report["jsw"] = jsw_errors(validation, seed + 2)
    write_confusions({k: report[k] for k in ("erosion", "jsn")}, out_dir)
    (out_dir / "evaluation.json").write_text(json.dumps(report, indent=2))
    return report


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
        log(f"{kind:8} {r['n']:>6} {r['balanced_accuracy']:>9.3f} {r['exact_accuracy']:>7.3f} "
            f"{r['within_one_accuracy']:>9.3f} {r['qwk']:>6.3f}")
    if "untouched_graded_0" in report:
        u = report["untouched_graded_0"]
        log(f"untouched joints graded 0: erosion {u['erosion']:.3f}, JSN {u['jsn']:.3f} (n={u['n']})")
    if "jsw" in report:
        j = report["jsw"]
        if j["median_relative_error"] is not None:
            log(f"joint space width vs simulated gap: median error {100 * j['median_relative_error']:.1f}% "
                f"(mean {100 * j['mean_relative_error']:.1f}%), "
                f"{100 * j['share_within_10_percent']:.1f}% of {j['joints']} joints within 10% "
                f"({j['unmeasured']} not measurable)")
