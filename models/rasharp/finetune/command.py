"""``rasharp finetune``: fine-tune the models in use on a dataset snapshot from the terminal."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .config import FinetuneConfig

PRINT_EVERY_S = 10.0


def add_command(commands) -> None:
    parser = commands.add_parser(
        "finetune",
        help="fine-tune the grader (and the localizer) on a dataset snapshot (needs torch)",
    )
    parser.add_argument("snapshot", type=Path, metavar="SNAPSHOT_DIR", help="extracted snapshot")
    parser.add_argument(
        "--base", type=Path, required=True, help="model folder in use (scorer-state.npz etc.)"
    )
    parser.add_argument(
        "--output", type=Path, required=True, help="new folder for the candidate model"
    )
    defaults = FinetuneConfig()
    parser.add_argument(
        "--steps", type=int, default=defaults.steps, help=f"optimiser steps ({defaults.steps})"
    )
    parser.add_argument("--batch", type=int, default=defaults.batch)
    parser.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    parser.add_argument("--crops-per-joint", type=int, default=defaults.crops_per_joint)
    parser.add_argument(
        "--max-epochs",
        type=float,
        default=defaults.max_epochs,
        help="at most this many passes over the crops",
    )
    parser.add_argument("--train-layers", choices=("all", "late"), default=defaults.train_layers)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument(
        "--localizer", action="store_true", help="also fine-tune the localizer on moved markers"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        metavar="S",
        help="seconds the whole run may take (training stops early; evaluation still runs)",
    )
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--json", action="store_true", help="print the report as JSON at the end")
    parser.set_defaults(run=run)


def run(args) -> int:
    from . import FinetuneError, finetune  # needs torch

    config = FinetuneConfig(
        steps=args.steps,
        batch=args.batch,
        learning_rate=args.learning_rate,
        seed=args.seed,
        localizer=args.localizer,
        device=args.device,
        time_limit_s=args.time_limit,
        crops_per_joint=args.crops_per_joint,
        max_epochs=args.max_epochs,
        train_layers=args.train_layers,
    )
    try:
        report = finetune(args.snapshot, args.base, args.output, config, _Printer())
    except FinetuneError as exc:
        print(f"rasharp finetune: {exc}", file=sys.stderr)
        return 2
    if args.json:
        import json

        print(json.dumps(report, indent=2))
    print(side_by_side(report))
    print(f"candidate model written to {args.output}")
    return 0


class _Printer:
    def __init__(self):
        self.last, self.phase = 0.0, None

    def __call__(self, progress) -> None:
        now = time.monotonic()
        ends = progress.step >= progress.total
        if progress.phase == self.phase and not ends and now - self.last < PRINT_EVERY_S:
            return
        self.last, self.phase = now, progress.phase
        parts = [f"{progress.phase:10} {progress.step}/{progress.total}"]
        if progress.loss is not None:
            parts.append(f"loss {progress.loss:.3f}")
        if progress.validation:
            parts.append(
                " ".join(
                    f"{k.replace('_balanced_accuracy', '')} BA {v:.3f}"
                    for k, v in progress.validation.items()
                )
            )
        if progress.eta_s is not None:
            parts.append(f"about {progress.eta_s / 60:.1f} min left")
        print("  ".join(parts), flush=True)


def _cell(value) -> str:
    return "    -" if value is None else f"{value:5.3f}"


def side_by_side(report: dict) -> str:
    """The model in use and the candidate on the same validation films, figure by figure."""
    split, training = report["split"], report["training"]
    in_use, candidate = report["metrics"]["in_use"], report["metrics"]["candidate"]
    lines = [
        f"validation: {split['validation_films']} films of {split['validation_patients']} "
        f"patients; training: {split['train_films']} films of {split['train_patients']} patients; "
        f"reference grades: {report['truth']}",
        f"training: {training['steps']} steps in {training['seconds']:.0f} s"
        + (" (stopped early: time limit)" if training["stopped_early"] else ""),
        f"{'':28} {'in use':>8} {'candidate':>10} {'change':>8}",
    ]
    for kind in ("erosion", "jsn"):
        for figure in ("balanced_accuracy", "within_one", "exact", "qwk"):
            a, b = in_use[kind][figure], candidate[kind][figure]
            change = "" if a is None or b is None else f"{b - a:+.3f}"
            lines.append(f"{kind + ' ' + figure:28} {_cell(a):>8} {_cell(b):>10} {change:>8}")
    a, b = in_use["totals_icc"], candidate["totals_icc"]
    change = "" if a is None or b is None else f"{b - a:+.3f}"
    lines.append(f"{'totals ICC(2,1)':28} {_cell(a):>8} {_cell(b):>10} {change:>8}")
    localizer = training.get("localizer")
    if localizer:
        if "candidate_error" in localizer:
            lines.append(
                f"{'landmark error (spans)':28} {_cell(localizer['in_use_error']):>8} "
                f"{_cell(localizer['candidate_error']):>10}"
            )
        elif localizer.get("reason"):
            lines.append(f"localizer: {localizer['reason']}")
    return "\n".join(lines)
