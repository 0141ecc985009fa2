"""The grader judged where users meet it: per source of real hands and per film resolution.

On the held-out hands of each source (hand atlas, rsna-hands), never trained or calibrated on:

- simulated lesions drawn on adult-made joints (the training recipe's adult joints, no film
  degradation) at full, half and quarter resolution, and at full resolution on the joints as
  they are (children's gaps, the protocol of earlier versions);
- how often untouched joints are graded 0 and graded 2 or more;
- how often the same lesion is graded within one grade at full and at half resolution;
- the uncertainty flag: share flagged, and the share of errors it holds;
- joint space width against the simulator's known gaps.

And through the whole pipeline (localizer and grader) on every held-out rsna-hands film, in
which every joint is healthy: the share of joints graded 0, and graded 2 or more.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from ..imaging import Radiograph, read_image
from ..pipeline import Analyzer
from .evaluate import CLASSES, grading_metrics, jsw_errors, metrics_of, write_confusions
from .infer import Scorer
from .metrics import flag_report
from .model_file import grade_crops
from .rsna import part_of, rsna_files, rsna_parts
from .simdata import IGNORE, Recipe, simulate_hands
from .sources import atlas_parts

RESOLUTIONS = (1.0, 0.5, 0.25)


def _healthy_shares(probabilities: dict, truth) -> dict:
    out = {}
    for kind in ("erosion", "jsn"):
        keep = getattr(truth, kind) != IGNORE
        grades = probabilities[kind].argmax(1)[keep]
        out[kind] = {
            "n": int(keep.sum()),
            "graded_0": float(np.mean(grades == 0)),
            "graded_2_or_more": float(np.mean(grades >= 2)),
        }
    return out


def _flag_figures(scorer: Path, probabilities: dict, data) -> dict:
    thresholds = Scorer(scorer, ["CPUExecutionProvider"]).uncertain_below
    out = {}
    for kind in ("erosion", "jsn"):
        truth = getattr(data, kind)
        keep = truth != IGNORE
        out[kind] = flag_report(probabilities[kind][keep], truth[keep], thresholds[kind])
    return out


def evaluate_source(
    scorer: Path,
    name: str,
    hands: list,
    out_dir: Path,
    variants: int,
    seed: int,
    workers: int = 1,
    log=print,
) -> dict:
    report: dict = {"hands": len(hands), "variants": variants, "seed": seed}
    graded = {}
    for resolution in RESOLUTIONS:
        log(
            f"{name}: simulated lesions on {len(hands)} held-out hands at {resolution:g} resolution ..."
        )
        data = simulate_hands(
            hands,
            variants,
            seed,
            Recipe(adult_share=1.0, graded_views=True, resolution=resolution),
            workers=workers,
        )
        key = f"adult_lesions_at_{resolution:g}"
        probabilities = grade_crops(scorer, data.crops, jsn_graded=data.jsn != IGNORE)
        report[key] = metrics_of(probabilities, data)
        write_confusions(report[key], out_dir, prefix=f"confusion_{name}_{resolution:g}")
        graded[resolution] = {kind: p.argmax(1) for kind, p in probabilities.items()}
        if resolution == 1.0:
            report["uncertainty_flag"] = _flag_figures(scorer, probabilities, data)
            truth = data
    report["full_half_within_one"] = {
        kind: float(
            np.mean(
                np.abs(graded[1.0][kind] - graded[0.5][kind])[getattr(truth, kind) != IGNORE] <= 1
            )
        )
        for kind in ("erosion", "jsn")
    }
    log(f"{name}: lesions on the joints as they are (children's gaps) ...")
    as_they_are = simulate_hands(hands, variants, seed, Recipe(graded_views=True), workers=workers)
    report["lesions_on_joints_as_they_are"] = grading_metrics(scorer, as_they_are)
    untouched = simulate_hands(
        hands, 2, seed + 1, Recipe(lesions=False, graded_views=True), workers=workers
    )
    untouched_p = grade_crops(scorer, untouched.crops, jsn_graded=untouched.jsn != IGNORE)
    report["untouched"] = _healthy_shares(untouched_p, untouched)
    report["jsw"] = jsw_errors(hands, seed + 2)
    report["jsw_adult_joints"] = jsw_errors(hands, seed + 2, adult=True)
    return report


def healthy_films(files: list[Path], scorer: Path, resolution: float = 1.0) -> dict:
    """Every joint the pipeline (the default localizer, this scorer) grades on these films of
    healthy hands: shares graded 0 and 2 or more."""
    analyzer = Analyzer(device="cpu")
    analyzer.scorer = Scorer(scorer, analyzer.providers)
    grades = {"erosion": [], "jsn": []}
    for path in files:
        image = read_image(path)
        if resolution != 1.0:
            size = (
                max(32, round(image.width * resolution)),
                max(32, round(image.height * resolution)),
            )
            small = Image.fromarray(image.pixels).resize(size, Image.Resampling.BOX)
            image = Radiograph(np.asarray(small, np.float32), image.format)
        for joint in analyzer.analyze(image).joints:
            for kind in grades:
                grade = getattr(joint, kind)
                if grade is not None:
                    grades[kind].append(grade.score)
    return {
        kind: {
            "n": len(g),
            "graded_0": float(np.mean(np.equal(g, 0))),
            "graded_2_or_more": float(np.mean(np.greater_equal(g, 2))),
        }
        for kind, g in grades.items()
    }


def evaluate_by_source(
    scorer: Path,
    atlas_root,
    rsna_root,
    rsna_joints: Path | None,
    out_dir: Path,
    variants: int = 8,
    rsna_variants: int = 2,
    seed: int = 2,
    workers: int = 1,
    log=print,
) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    report: dict = {"scorer": str(scorer)}
    report["atlas"] = evaluate_source(
        scorer, "atlas", atlas_parts(atlas_root)["test"], out_dir, variants, seed, workers, log
    )
    if rsna_root is not None and Path(rsna_root).exists():
        hands = rsna_parts(rsna_root, rsna_joints, workers=workers, log=log)["test"]
        report["rsna-hands"] = evaluate_source(
            scorer, "rsna-hands", hands, out_dir, rsna_variants, seed, workers, log
        )
        held_out = [p for p in rsna_files(rsna_root) if part_of(p.name) == "test"]
        for resolution in RESOLUTIONS:
            log(
                f"rsna-hands: the pipeline on {len(held_out)} held-out films at {resolution:g} resolution ..."
            )
            report["rsna-hands"][f"healthy_films_at_{resolution:g}"] = healthy_films(
                held_out, scorer, resolution
            )
    (out_dir / "evaluation-by-source.json").write_text(json.dumps(report, indent=2))
    return report


def print_source_report(report: dict, log=print) -> None:
    for source in ("atlas", "rsna-hands"):
        if source not in report:
            continue
        r = report[source]
        log(f"{source}: {r['hands']} held-out hands, {r['variants']} lesions per joint")
        log(
            f"  {'lesions':28} {'kind':8} {'n':>6} {'balanced':>9} {'exact':>7} {'within 1':>9} {'QWK':>6}"
        )
        for key in [k for k in r if k.startswith("adult_lesions_at_")] + [
            "lesions_on_joints_as_they_are"
        ]:
            label = (
                f"adult joints, {key.rsplit('_', 1)[1]} resolution"
                if key.startswith("adult")
                else "joints as they are, full res."
            )
            for kind in CLASSES:
                m = r[key][kind]
                log(
                    f"  {label:28} {kind:8} {m['n']:>6} {m['balanced_accuracy']:>9.3f} {m['exact_accuracy']:>7.3f} "
                    f"{m['within_one_accuracy']:>9.3f} {m['qwk']:>6.3f}"
                )
        agree = r["full_half_within_one"]
        log(
            f"  same lesion at full and half resolution within one grade: erosion {agree['erosion']:.3f}, "
            f"JSN {agree['jsn']:.3f}"
        )
        for kind, f in r["uncertainty_flag"].items():
            log(
                f"  uncertain flag, {kind}: {100 * f['flagged']:.1f}% flagged, unflagged right "
                f"{100 * (f['unflagged_accuracy'] or 0):.1f}%, errors flagged {100 * (f['errors_flagged'] or 0):.1f}%"
            )
        u = r["untouched"]
        log(
            f"  untouched joints: erosion 0 {100 * u['erosion']['graded_0']:.1f}% (>=2: "
            f"{100 * u['erosion']['graded_2_or_more']:.1f}%), JSN 0 {100 * u['jsn']['graded_0']:.1f}% "
            f"(>=2: {100 * u['jsn']['graded_2_or_more']:.1f}%)"
        )
        for key in [k for k in r if k.startswith("healthy_films_at_")]:
            h = r[key]
            log(
                f"  pipeline on held-out films at {key.rsplit('_', 1)[1]} resolution: erosion 0 "
                f"{100 * h['erosion']['graded_0']:.1f}% (>=2: {100 * h['erosion']['graded_2_or_more']:.1f}%), "
                f"JSN 0 {100 * h['jsn']['graded_0']:.1f}% (>=2: {100 * h['jsn']['graded_2_or_more']:.1f}%) "
                f"of {h['erosion']['n']} joints"
            )
        for key, label in (
            ("jsw", "joints as they are"),
            ("jsw_adult_joints", "adult-made joints"),
        ):
            j = r[key]
            if j.get("median_relative_error") is not None:
                log(
                    f"  JSW vs simulated gap, {label}: median error {100 * j['median_relative_error']:.1f}%, "
                    f"{100 * j['share_within_10_percent']:.1f}% of {j['joints']} given within 10%; "
                    f"{100 * j['share_within_10_percent_or_null']:.1f}% within 10% or null, "
                    f"{100 * j['null_share']:.1f}% null"
                )
