"""Is the joint space width right or absent? Figures on simulated narrowing and healthy films.

    python -m rasharp.scoring.jsw_report [--seeds 4 5 6]

prints, on the held-out atlas hands, how often the width lies within 10% of the gap the
simulator left (or is not given), and on healthy held-out films (atlas and rsna-hands) the
median width per joint and the largest width as a multiple of it.
"""

from __future__ import annotations

import argparse

import numpy as np

from .. import jsw
from ..imaging import read_image
from ..scheme import JOINT_CODES, JOINTS_BY_CODE
from . import rsna
from .atlas import load_atlas, split
from .crops import crop_frame, finger_axis, hand_scale
from .evaluate import jsw_errors


def healthy_jsw(hands) -> dict:
    """Per joint code on healthy hands (objects with .image, .points, .side): how many widths
    were given or not, their median in knuckle spans and the largest as a multiple of it (a
    neighbouring structure's valley shows as a width several times the median)."""
    widths = {code: [] for code in JOINT_CODES if JOINTS_BY_CODE[code].scores("jsn")}
    unmeasured = dict.fromkeys(widths, 0)
    for hand in hands:
        pixels = read_image(hand.image).pixels
        scale = hand_scale(hand.points)
        for code in widths:
            if code not in hand.points or scale is None:
                continue
            frame = crop_frame(code, hand.points, hand.side, scale)
            width = jsw.measure(
                pixels, frame.centre, finger_axis(code, hand.points), scale, code=code
            )
            if width.px is None:
                unmeasured[code] += 1
            else:
                widths[code].append(width.px / scale)
    out = {}
    for code, values in widths.items():
        values = np.asarray(values)
        median = float(np.median(values)) if values.size else None
        out[code] = {
            "measured": int(values.size),
            "unmeasured": unmeasured[code],
            "median": median,
            "largest_ratio": float(values.max() / median) if median else None,
        }
    return out


def print_errors(e: dict, log=print) -> None:
    n = e["joints"] + e["unmeasured"]
    log(
        f"{100 * e['share_within_10_percent_or_null']:.1f}% of {n} joints within 10% or not given, "
        f"{100 * e['null_share']:.1f}% not given; of the widths given {100 * e['share_within_10_percent']:.1f}% "
        f"within 10%, median error {100 * e['median_relative_error']:.1f}% (mean {100 * e['mean_relative_error']:.1f}%)"
    )
    for reason, count in e["null_reasons"].items():
        log(f"  {count:4} not given: {reason}")


def print_healthy(h: dict, log=print) -> None:
    log(f"  {'joint':6} {'given':>6} {'null':>5} {'median':>7} {'largest/median':>15}")
    for code, r in h.items():
        median = "-" if r["median"] is None else f"{r['median']:.4f}"
        ratio = "-" if r["largest_ratio"] is None else f"{r['largest_ratio']:.2f}"
        log(f"  {code:6} {r['measured']:>6} {r['unmeasured']:>5} {median:>7} {ratio:>15}")
    worst = max((r["largest_ratio"] or 0.0) for r in h.values())
    given = sum(r["measured"] for r in h.values())
    null = sum(r["unmeasured"] for r in h.values())
    log(f"  largest width / median of its joint: {worst:.2f}; {null} of {given + null} not given")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rasharp.scoring.jsw_report", description=__doc__
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[4, 5, 6])
    args = parser.parse_args(argv)
    _, validation = split(load_atlas())
    for seed in args.seeds:
        print(
            f"simulated JSN 0-3 without subluxation on {len(validation)} held-out atlas hands, seed {seed}:"
        )
        print_errors(jsw_errors(validation, seed))
    print(f"healthy held-out atlas hands ({len(validation)}):")
    print_healthy(healthy_jsw(validation))
    films = rsna.rsna_parts(cache=rsna.default_cache())["test"]
    print(f"healthy held-out rsna-hands films ({len(films)}):")
    print_healthy(healthy_jsw(films))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
