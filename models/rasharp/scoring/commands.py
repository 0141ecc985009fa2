"""The `rasharp train-scorer` and `rasharp evaluate-scoring` commands."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .atlas import DEFAULT_ATLAS
from .simdata import NATURAL_VARIATION

IMPORTED_IMAGE_OFFSET = 100_000  # keeps imported images apart from atlas images in a CropSet


def _add_imported(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--arise", nargs=3, type=Path, metavar=("BOXES_CSV", "SCORES_CSV", "IMAGE_DIR"),
                        help="ARISE-2025 joint boxes, expert scores and images")
    parser.add_argument("--joint-map", type=Path, metavar="CSV",
                        help="ARISE joint ids to this scheme (CSV joint_id,side,joint)")
    parser.add_argument("--ra2-dream", nargs=2, type=Path, metavar=("TABLE_CSV", "IMAGE_DIR"),
                        help="RA2 DREAM grade table and its hand images (joints found by the localizer)")
    parser.add_argument("--models", type=Path, help="folder with localizer.onnx (for RA2 DREAM images)")


def imported_crops(args, log=print, graded_views: bool = False):
    """CropSet of every imported format named on the command line, or None."""
    from ..importers import read_arise, read_ra2_dream
    from .simdata import CropSet

    sets = []
    if args.arise:
        data = read_arise(*args.arise, joint_map=args.joint_map)
        log(f"ARISE-2025: {len(data)} joints of {len(data.images)} images, {data.readers} readers"
            + (f"; not in this scheme: {', '.join(data.unmapped)}" if data.unmapped else ""))
        sets.append(data.to_crops(graded_views=graded_views))
    if args.ra2_dream:
        data = read_ra2_dream(*args.ra2_dream)
        log(f"RA2 DREAM: {len(data)} joints of {len(data.images)} images; not in this scheme: "
            f"{len(data.unmapped)} columns")
        sets.append(data.to_crops(locate=_localizer_positions(args.models), graded_views=graded_views))
    if not sets:
        return None
    for i, s in enumerate(sets):
        s.image = s.image + IMPORTED_IMAGE_OFFSET * (i + 1)
    return CropSet.concatenate(sets)


def _localizer_positions(models):
    from ..imaging import read_image
    from ..pipeline import LOCALIZER_FILE, model_dir, providers_for
    from ..localization.infer import Localizer

    localizer = Localizer(model_dir(models) / LOCALIZER_FILE, providers_for("auto"))

    def locate(path: Path):
        side = "left" if "-LH" in path.name.upper() else "right" if "-RH" in path.name.upper() else "auto"
        _, joints = localizer.locate(read_image(path), side=side)
        return {(j.side, j.joint): (j.x, j.y) for j in joints if j.present}

    return locate


def _train_scorer(args) -> int:
    from .simdata import CropSet
    from .train import TrainConfig, split_calibration, train_scorer

    # training takes one crop per joint; calibration takes every view the grader averages, so
    # that the temperature and the uncertainty thresholds fit the grades as given
    sets, sources, calibrations = [], [], []
    if args.simulated > 0:
        sources.append("simulated")
        calibrations.append(_simulated_calibration_views(args))
        if args.epochs > 0:
            sets.append(_simulated_training_crops(args))
    imported = imported_crops(args, graded_views=True)  # read (and located) once
    if imported is not None:
        sources.append("imported labels")
        training_views, calibration_views = split_calibration(imported)
        training_views.crops = training_views.crops[:, 0].copy()  # the first view is the crop
        sets.append(training_views)
        calibrations.append(calibration_views)
    if not sources:
        print("rasharp train-scorer: no training data: give --simulated N, --arise or --ra2-dream",
              file=sys.stderr)
        return 2
    config = TrainConfig(epochs=args.epochs, batch=args.batch, init=args.init, threads=args.threads,
                         minutes=args.minutes, learning_rate=args.learning_rate,
                         log=lambda m: print(m, flush=True))
    calibration = CropSet.concatenate(calibrations)
    data = CropSet.concatenate(sets) if sets else calibration.subset([])
    summary = train_scorer(data, sources, args.out, config, calibration)
    print(json.dumps({k: v for k, v in summary.items() if k != "history"}, indent=2))
    return 0


def _simulated_training_crops(args):
    from .atlas import load_atlas, split
    from .simdata import simulate_hands

    def simulate():
        training, _ = split(load_atlas(args.atlas))
        print(f"simulating lesions: {len(training)} atlas training images x 15 joints x {args.simulated}",
              flush=True)
        return simulate_hands(training, args.simulated, args.seed, workers=args.workers,
                              natural_variation=args.natural_variation, progress=_every_tenth_image)

    return _cached_simulation(args, "", simulate)


def _every_tenth_image(done: int, total: int) -> None:
    if done % 10 == 0:
        print(f"  {done}/{total} images", flush=True)


def _simulated_calibration_views(args):
    """The calibration images' simulated crops, with every view the grader averages."""
    from .atlas import load_atlas, split
    from .simdata import simulate_hands
    from .train import CALIBRATION_EVERY

    def simulate():
        training, _ = split(load_atlas(args.atlas))
        hands = [hand for i, hand in enumerate(training) if i % CALIBRATION_EVERY == 0]
        print(f"simulating lesions on the {len(hands)} calibration images, every graded view", flush=True)
        return simulate_hands(hands, args.simulated, args.seed + 1, workers=args.workers,
                              natural_variation=args.natural_variation, graded_views=True)

    return _cached_simulation(args, "-calibration-views", simulate)


def _cached_simulation(args, kind: str, simulate):
    """``simulate()``, or its result kept in ``--cache`` by an earlier run with the same settings."""
    from .simdata import CropSet

    name = f"simulated-{args.simulated}-seed{args.seed}{kind}"
    if args.natural_variation:
        name += f"-variation{args.natural_variation:g}"
    cache = args.cache / f"{name}.npz" if args.cache else None
    if cache is not None and cache.exists():
        print(f"simulated crops from {cache}", flush=True)
        return CropSet.load(cache)
    data = simulate()
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        data.save(cache)
    return data


def _evaluate_scoring(args) -> int:
    from ..pipeline import SCORER_FILE, model_dir
    from .evaluate import evaluate_on_atlas, evaluate_on_crops, print_report

    scorer = args.scorer or model_dir(args.models) / SCORER_FILE
    if not scorer.exists():
        print(f"rasharp evaluate-scoring: scorer {scorer} not found", file=sys.stderr)
        return 2
    out = args.out
    imported = imported_crops(args, log=lambda m: print(m, file=sys.stderr), graded_views=True)
    if imported is not None:
        report = evaluate_on_crops(scorer, imported, out, "imported labelled joints")
    else:
        report = evaluate_on_atlas(scorer, args.atlas, out, variants=args.variants, seed=args.seed,
                                   workers=args.workers,
                                   log=lambda m: print(m, file=sys.stderr))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
        print(f"confusion matrices (CSV and PNG) in {out}")
    return 0


def _reporting_input_errors(run):
    """Bad input files end the command with their message, not a traceback."""
    def wrapped(args) -> int:
        from ..importers import ImportFormatError
        from .infer import ScorerFileError

        try:
            return run(args)
        except (ImportFormatError, ScorerFileError) as exc:
            print(f"rasharp {args.command}: {exc}", file=sys.stderr)
            return 2

    return wrapped


def add_commands(commands) -> None:
    train = commands.add_parser("train-scorer", help="train the joint grader (needs torch)")
    train.add_argument("--simulated", type=int, default=30, metavar="N",
                       help="simulated lesions per atlas joint (0: imported data only; default 30)")
    train.add_argument("--atlas", type=Path, default=DEFAULT_ATLAS, help="hand-atlas folder")
    train.add_argument("--cache", type=Path, help="keep simulated crops here and reuse them")
    train.add_argument("--seed", type=int, default=1)
    train.add_argument("--natural-variation", type=float, default=NATURAL_VARIATION, metavar="SHARE",
                       help="half of the healthy joint spaces made up to this share wider or "
                            f"narrower, as between people (default {NATURAL_VARIATION})")
    train.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                       help="processes that simulate lesions (the crops do not depend on it)")
    train.add_argument("--epochs", type=float, default=3.0,
                       help="0 with --init: only calibrate and export those weights")
    train.add_argument("--threads", type=int, default=1)
    train.add_argument("--batch", type=int, default=64)
    train.add_argument("--learning-rate", type=float, default=3e-3, help="peak (AdamW, cosine decay)")
    train.add_argument("--minutes", type=float, help="fit the training into this many minutes")
    train.add_argument("--init", type=Path, metavar="NPZ",
                       help="fine-tune from these weights (scorer-state.npz of an earlier run, or the "
                            "default models/weights/scorer-state.npz)")
    train.add_argument("--out", type=Path, default=Path("scorer-run"),
                       help="folder for scorer.onnx, scorer-state.npz and training.json")
    _add_imported(train)
    train.set_defaults(run=_reporting_input_errors(_train_scorer))

    evaluate = commands.add_parser("evaluate-scoring", help="grading metrics and confusion matrices")
    evaluate.add_argument("--scorer", type=Path, help="scorer ONNX file (default: the models folder's)")
    evaluate.add_argument("--atlas", type=Path, default=DEFAULT_ATLAS,
                          help="hand-atlas folder: simulated lesions on its held-out images")
    evaluate.add_argument("--variants", type=int, default=8, help="simulated lesions per held-out joint")
    evaluate.add_argument("--seed", type=int, default=2)
    evaluate.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                          help="processes that simulate lesions (the figures do not depend on it)")
    evaluate.add_argument("--out", type=Path, default=Path("scoring-evaluation"),
                          help="folder for the confusion matrices")
    evaluate.add_argument("--json", action="store_true")
    _add_imported(evaluate)
    evaluate.set_defaults(run=_reporting_input_errors(_evaluate_scoring))
