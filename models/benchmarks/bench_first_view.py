"""What grading a joint from its first view, where that view is sure, costs in grades and saves
in model work, on simulated lesions and untouched joints of the held-out hands of both sources:
first views graded by the float32 grader, and by its int8 twin (the CPU's screen) when the
models folder has one; and, for comparison, the int8 twin grading every view on its own.

    .venv/bin/python models/benchmarks/bench_first_view.py [--atlas-variants 4] [--rsna-variants 1]

Prints, per set: the joints graded, the share that stopped at their first view, the share of
joints whose grades and uncertainty flags differ from grading every view, the largest grade
difference, balanced accuracy both ways, and the grader's images run against every view.
"""

from __future__ import annotations

import argparse

import numpy as np

from rasharp.pipeline import SCORER_FILE, SCREEN_FILE, model_dir
from rasharp.scheme import GRADE_RANGES
from rasharp.scoring.crops import VIEW_OFFSETS
from rasharp.scoring.infer import Scorer
from rasharp.scoring.metrics import grading_report
from rasharp.scoring.rsna import rsna_parts
from rasharp.scoring.simdata import IGNORE, Recipe, simulate_hands
from rasharp.scoring.sources import atlas_parts

KINDS = ("erosion", "jsn")


def graded_counting_views(scorer: Scorer, crops, jsn_graded) -> tuple[dict, int]:
    """The scorer's probabilities and the number of views it ran through the model."""
    views = 0
    run = scorer._in_runs

    def counted(part, per_run, session=None):
        nonlocal views
        views += part.shape[0] * part.shape[1]
        return run(part, per_run, session)

    scorer._in_runs = counted
    try:
        return scorer.grade_views(crops, jsn_graded)[0], views
    finally:
        scorer._in_runs = run


def compare(name: str, data, stepwise: Scorer, every: Scorer) -> None:
    crops = data.crops.astype(np.float32) / 255.0
    graded = {"erosion": np.ones(len(crops), bool), "jsn": data.jsn != IGNORE}
    a, views = graded_counting_views(stepwise, crops, graded["jsn"])
    b, _ = every.grade_views(crops, graded["jsn"])
    stopped = 0.0
    if not stepwise.every_view:
        stopped = 1.0 - (views - len(crops)) / (len(crops) * len(VIEW_OFFSETS))
    differ = np.zeros(len(crops), bool)
    line = []
    for kind in KINDS:
        keep = graded[kind]
        ga, gb = a[kind].argmax(1), b[kind].argmax(1)
        threshold = every.uncertain_below[kind]
        flags_differ = (a[kind].max(1) < threshold) != (b[kind].max(1) < threshold)
        differ |= keep & ((ga != gb) | flags_differ)
        line.append(f"{kind} largest grade change {int(np.abs(ga - gb)[keep].max())}")
        truth = getattr(data, kind)[keep]
        if (truth > 0).any():
            classes = GRADE_RANGES[kind].classes
            balanced = [
                grading_report(truth, g[keep], classes)["balanced_accuracy"] for g in (ga, gb)
            ]
            line.append(f"balanced accuracy {balanced[0]:.4f} (every view {balanced[1]:.4f})")
    print(
        f"{name}: {len(crops)} joints, {stopped:.1%} stopped at their first view, grades or "
        f"flags changed for {differ.mean():.2%} ({differ.sum()}); the model ran "
        f"{views / (len(crops) * len(VIEW_OFFSETS)):.2f}x the views of grading every view"
    )
    print("   " + "; ".join(line))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--atlas", default="../shared/data/hand-atlas")
    parser.add_argument("--rsna", default="../shared/data/rsna-hands")
    parser.add_argument("--atlas-variants", type=int, default=4)
    parser.add_argument("--rsna-variants", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    path = model_dir() / SCORER_FILE
    stepwise = {"float32 first views": Scorer(path, ["CPUExecutionProvider"])}
    if (path.parent / SCREEN_FILE).exists():
        stepwise["int8 screen"] = Scorer(
            path, ["CPUExecutionProvider"], screen=path.parent / SCREEN_FILE
        )
        # what the screen guards against: the int8 twin grading on its own
        stepwise["int8 alone, every view"] = Scorer(
            path.parent / SCREEN_FILE, ["CPUExecutionProvider"], every_view=True
        )
    every = Scorer(path, ["CPUExecutionProvider"], every_view=True)
    hands = {
        "atlas": (atlas_parts(args.atlas)["test"], args.atlas_variants, 0),
        "rsna-hands": (
            rsna_parts(args.rsna, workers=args.workers, log=lambda *_: None)["test"],
            args.rsna_variants,
            10_000,
        ),
    }
    for source, (held_out, variants, first) in hands.items():
        for label, recipe in (
            ("adult lesions, full resolution", Recipe(adult_share=1.0, graded_views=True)),
            (
                "adult lesions, half resolution",
                Recipe(adult_share=1.0, graded_views=True, resolution=0.5),
            ),
            ("untouched joints", Recipe(lesions=False, graded_views=True)),
        ):
            data = simulate_hands(
                held_out, variants, args.seed, recipe, workers=args.workers, first_index=first
            )
            for how, scorer in stepwise.items():
                compare(f"{source}, {label}, {how}", data, scorer, every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
