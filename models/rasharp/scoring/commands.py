"""The `rasharp train-scorer`, `rasharp quantize-scorer`, `rasharp export-sampler` and
`rasharp evaluate-scoring` commands."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from ..imaging import read_image
from ..importers import ImportFormatError, read_arise, read_ra2_dream
from ..localization.infer import Localizer
from ..pipeline import (
    LOCALIZER_FILE,
    SAMPLER_FILE,
    SCORER_FILE,
    SCREEN_FILE,
    model_dir,
    providers_for,
)
from .atlas import DEFAULT_ATLAS
from .evaluate import evaluate_on_crops, print_report
from .infer import ScorerFileError
from .rsna import DEFAULT_RSNA, default_cache, rsna_parts
from .simdata import (
    ADULT_SHARE,
    FILM_SHARE,
    MIN_SPAN_PX,
    NATURAL_VARIATION,
    CropSet,
    Recipe,
    simulate_hands,
)
from .source_report import evaluate_by_source, print_source_report
from .sources import IMPORTED_IMAGE_OFFSET, RSNA_IMAGE_OFFSET, atlas_parts


def _add_imported(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--arise",
        nargs=3,
        type=Path,
        metavar=("BOXES_CSV", "SCORES_CSV", "IMAGE_DIR"),
        help="ARISE-2025 joint boxes, expert scores and images",
    )
    parser.add_argument(
        "--joint-map",
        type=Path,
        metavar="CSV",
        help="ARISE joint ids to this scheme (CSV joint_id,side,joint)",
    )
    parser.add_argument(
        "--ra2-dream",
        nargs=2,
        type=Path,
        metavar=("TABLE_CSV", "IMAGE_DIR"),
        help="RA2 DREAM grade table and its hand images (joints found by the localizer)",
    )
    parser.add_argument(
        "--models", type=Path, help="folder with localizer.onnx (for RA2 DREAM images)"
    )


def imported_crops(args, log=print, graded_views: bool = False):
    """CropSet of every imported format named on the command line, or None."""
    sets = []
    if args.arise:
        data = read_arise(*args.arise, joint_map=args.joint_map)
        log(
            f"ARISE-2025: {len(data)} joints of {len(data.images)} images, {data.readers} readers"
            + (f"; not in this scheme: {', '.join(data.unmapped)}" if data.unmapped else "")
        )
        sets.append(data.to_crops(graded_views=graded_views))
    if args.ra2_dream:
        data = read_ra2_dream(*args.ra2_dream)
        log(
            f"RA2 DREAM: {len(data)} joints of {len(data.images)} images; not in this scheme: "
            f"{len(data.unmapped)} columns"
        )
        sets.append(
            data.to_crops(locate=_localizer_positions(args.models), graded_views=graded_views)
        )
    if not sets:
        return None
    for i, s in enumerate(sets):
        s.image = s.image + IMPORTED_IMAGE_OFFSET * (i + 1)
    return CropSet.concatenate(sets)


def _localizer_positions(models):
    localizer = Localizer(model_dir(models) / LOCALIZER_FILE, providers_for("auto"))

    def locate(path: Path):
        side = (
            "left"
            if "-LH" in path.name.upper()
            else "right"
            if "-RH" in path.name.upper()
            else "auto"
        )
        _, joints = localizer.locate(read_image(path), side=side)
        return {(j.side, j.joint): (j.x, j.y) for j in joints if j.present}

    return locate


def _train_scorer(args) -> int:
    from .train import TrainConfig, split_calibration, train_scorer  # needs torch

    # training takes one crop per joint; calibration takes every view the grader averages, so
    # that the temperature and the uncertainty thresholds fit the grades as given
    sets, sources, calibrations = [], [], []
    if args.simulated > 0:
        sources.append("simulated")
        if args.rsna and args.rsna_variants:
            sources.append("simulated rsna-hands")
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
        print(
            "rasharp train-scorer: no training data: give --simulated N, --arise or --ra2-dream",
            file=sys.stderr,
        )
        return 2
    config = TrainConfig(
        epochs=args.epochs,
        batch=args.batch,
        init=args.init,
        threads=args.threads,
        minutes=args.minutes,
        learning_rate=args.learning_rate,
        device=_device(args.device),
        log=lambda m: print(m, flush=True),
    )
    calibration = CropSet.concatenate(calibrations)
    data = CropSet.concatenate(sets) if sets else calibration.subset([])
    summary = train_scorer(data, sources, args.out, config, calibration)
    print(json.dumps({k: v for k, v in summary.items() if k != "history"}, indent=2))
    return 0


def recipe_from(args, graded_views: bool = False):
    return Recipe(
        natural_variation=args.natural_variation,
        adult_share=args.adult_share,
        film_share=args.film_share,
        min_span_px=args.min_span or None,
        graded_views=graded_views,
    )


def _hands(args, part: str) -> list[tuple[list, int, int]]:
    """(hands, lesions per joint, first image number) of each source for one part of the split."""
    few = args.calibration_variants if part == "calibration" and args.calibration_variants else None
    chosen = [(atlas_parts(args.atlas)[part], args.simulated, 0)]
    if args.rsna and args.rsna_variants:
        hands = rsna_parts(args.rsna, args.rsna_joints, workers=args.workers)[part]
        chosen.append((hands, few or args.rsna_variants, RSNA_IMAGE_OFFSET))
    return chosen


def _simulate_part(args, part: str, seed: int, graded_views: bool):
    sets = []
    for hands, variants, first in _hands(args, part):
        print(
            f"simulating lesions: {len(hands)} {part} images x 15 joints x {variants}"
            + (", every graded view" if graded_views else ""),
            flush=True,
        )
        sets.append(
            simulate_hands(
                hands,
                variants,
                seed + first,
                recipe_from(args, graded_views),
                workers=args.workers,
                first_index=first,
                progress=_every_hundredth_image,
            )
        )
    return CropSet.concatenate(sets)


def _device(choice: str) -> str:
    import torch  # only training needs it

    if choice == "cuda" and not torch.cuda.is_available():
        raise SystemExit("rasharp train-scorer: --device cuda was asked for but torch sees no GPU")
    return "cuda" if choice != "cpu" and torch.cuda.is_available() else "cpu"


def _simulated_training_crops(args):
    return _cached_simulation(
        args, "train", lambda: _simulate_part(args, "train", args.seed, False)
    )


def _every_hundredth_image(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"  {done}/{total} images", flush=True)


def _simulated_calibration_views(args):
    """The calibration images' simulated crops, with every view the grader averages."""
    return _cached_simulation(
        args, "calibration-views", lambda: _simulate_part(args, "calibration", args.seed + 1, True)
    )


def _cached_simulation(args, kind: str, simulate):
    """``simulate()``, or its result kept in ``--cache`` by an earlier run with the same settings."""
    settings = json.dumps(
        [
            kind,
            args.simulated,
            args.seed,
            args.rsna_variants if args.rsna else 0,
            args.calibration_variants,
            repr(recipe_from(args)),
        ]
    )
    cache = (
        args.cache / f"simulated-{kind}-{hashlib.sha1(settings.encode()).hexdigest()[:12]}.npz"
        if args.cache
        else None
    )
    if cache is not None and cache.exists():
        print(f"simulated crops from {cache}", flush=True)
        return CropSet.load(cache)
    data = simulate()
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        data.save(cache)
    return data


def _evaluate_scoring(args) -> int:
    scorer = args.scorer or model_dir(args.models) / SCORER_FILE
    if not scorer.exists():
        print(f"rasharp evaluate-scoring: scorer {scorer} not found", file=sys.stderr)
        return 2
    out = args.out
    imported = imported_crops(args, log=lambda m: print(m, file=sys.stderr), graded_views=True)
    if imported is not None:
        report = evaluate_on_crops(scorer, imported, out, "imported labelled joints")
        show = print_report
    else:
        report = evaluate_by_source(
            scorer,
            args.atlas,
            None if args.no_rsna else args.rsna,
            args.rsna_joints,
            out,
            variants=args.variants,
            rsna_variants=args.rsna_variants,
            seed=args.seed,
            workers=args.workers,
            log=lambda m: print(m, file=sys.stderr),
        )
        show = print_source_report
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        show(report)
        print(f"confusion matrices (CSV and PNG) in {out}")
    return 0


def _quantize_scorer(args) -> int:
    from .quantize import calibration_crops, quantize_grader  # needs onnx

    folder = model_dir(args.models)
    scorer = folder / SCORER_FILE
    if not scorer.exists():
        print(f"rasharp quantize-scorer: scorer {scorer} not found", file=sys.stderr)
        return 2
    crops = calibration_crops(
        args.atlas, None if args.no_rsna else args.rsna, args.rsna_joints, args.workers
    )
    metadata = quantize_grader(scorer, folder / SCREEN_FILE, crops)
    print(
        f"wrote {folder / SCREEN_FILE} ({metadata['version']}), activation ranges from "
        f"{len(crops)} simulated calibration joints"
    )
    return 0


def _export_sampler(args) -> int:
    from .sampler_graph import export_sampler  # needs onnx

    path = export_sampler(model_dir(args.models) / SAMPLER_FILE)
    print(f"wrote {path}")
    return 0


def _reporting_input_errors(run):
    """Bad input files end the command with their message, not a traceback."""

    def wrapped(args) -> int:
        try:
            return run(args)
        except (ImportFormatError, ScorerFileError) as exc:
            print(f"rasharp {args.command}: {exc}", file=sys.stderr)
            return 2

    return wrapped


def add_commands(commands) -> None:
    train = commands.add_parser("train-scorer", help="train the joint grader (needs torch)")
    train.add_argument(
        "--simulated",
        type=int,
        default=30,
        metavar="N",
        help="simulated lesions per atlas joint (0: imported data only; default 30)",
    )
    train.add_argument("--atlas", type=Path, default=DEFAULT_ATLAS, help="hand-atlas folder")
    train.add_argument("--cache", type=Path, help="keep simulated crops here and reuse them")
    train.add_argument("--seed", type=int, default=1)
    train.add_argument(
        "--natural-variation",
        type=float,
        default=NATURAL_VARIATION,
        metavar="SHARE",
        help="half of the healthy joint spaces made up to this share wider or "
        f"narrower, as between people (default {NATURAL_VARIATION})",
    )
    train.add_argument(
        "--rsna",
        type=Path,
        default=DEFAULT_RSNA,
        help="rsna-hands folder: more real hands, joints found by the localizer",
    )
    train.add_argument(
        "--rsna-variants",
        type=int,
        default=0,
        metavar="N",
        help="simulated lesions per rsna-hands joint (0: atlas only; default 0)",
    )
    train.add_argument(
        "--rsna-joints",
        type=Path,
        default=default_cache(),
        help="where the localizer's rsna-hands joint positions are kept",
    )
    train.add_argument(
        "--calibration-variants",
        type=int,
        default=0,
        metavar="N",
        help="simulated lesions per rsna-hands calibration joint (0: as --rsna-variants)",
    )
    train.add_argument(
        "--adult-share",
        type=float,
        default=ADULT_SHARE,
        metavar="SHARE",
        help=f"joints made adult before any lesion is drawn (default {ADULT_SHARE})",
    )
    train.add_argument(
        "--film-share",
        type=float,
        default=FILM_SHARE,
        metavar="SHARE",
        help=f"crops with the qualities of digitised films (default {FILM_SHARE})",
    )
    train.add_argument(
        "--min-span",
        type=float,
        default=MIN_SPAN_PX,
        metavar="PX",
        help="films drawn at lower resolutions down to this knuckle span in pixels "
        f"(0: as stored; default {MIN_SPAN_PX:g})",
    )
    train.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes that simulate lesions (the crops do not depend on it)",
    )
    train.add_argument(
        "--epochs",
        type=float,
        default=3.0,
        help="0 with --init: only calibrate and export those weights",
    )
    train.add_argument("--threads", type=int, default=1)
    train.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="where to train (auto: the GPU when torch sees one)",
    )
    train.add_argument("--batch", type=int, default=64)
    train.add_argument(
        "--learning-rate", type=float, default=3e-3, help="peak (AdamW, cosine decay)"
    )
    train.add_argument("--minutes", type=float, help="fit the training into this many minutes")
    train.add_argument(
        "--init",
        type=Path,
        metavar="NPZ",
        help="fine-tune from these weights (scorer-state.npz of an earlier run, or the "
        "default models/weights/scorer-state.npz)",
    )
    train.add_argument(
        "--out",
        type=Path,
        default=Path("scorer-run"),
        help="folder for scorer.onnx, scorer-state.npz and training.json",
    )
    _add_imported(train)
    train.set_defaults(run=_reporting_input_errors(_train_scorer))

    quantize = commands.add_parser(
        "quantize-scorer",
        help="make the grader's int8 twin, which screens first views on the CPU (needs onnx)",
    )
    quantize.add_argument(
        "--models", type=Path, help="folder with scorer.onnx (default: the shipped weights)"
    )
    quantize.add_argument("--atlas", type=Path, default=DEFAULT_ATLAS, help="hand-atlas folder")
    quantize.add_argument("--rsna", type=Path, default=DEFAULT_RSNA, help="rsna-hands folder")
    quantize.add_argument("--no-rsna", action="store_true", help="the hand atlas only")
    quantize.add_argument(
        "--rsna-joints",
        type=Path,
        default=default_cache(),
        help="where the localizer's rsna-hands joint positions are kept",
    )
    quantize.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    quantize.set_defaults(run=_reporting_input_errors(_quantize_scorer))

    sampler = commands.add_parser(
        "export-sampler",
        help="write the crop sampler, which cuts joint crops on the grader's device (needs onnx)",
    )
    sampler.add_argument(
        "--models", type=Path, help="folder to write it to (default: the shipped weights)"
    )
    sampler.set_defaults(run=_export_sampler)

    evaluate = commands.add_parser(
        "evaluate-scoring", help="grading metrics and confusion matrices"
    )
    evaluate.add_argument(
        "--scorer", type=Path, help="scorer ONNX file (default: the models folder's)"
    )
    evaluate.add_argument(
        "--atlas",
        type=Path,
        default=DEFAULT_ATLAS,
        help="hand-atlas folder: simulated lesions on its held-out images",
    )
    evaluate.add_argument(
        "--variants", type=int, default=8, help="simulated lesions per held-out atlas joint"
    )
    evaluate.add_argument(
        "--rsna",
        type=Path,
        default=DEFAULT_RSNA,
        help="rsna-hands folder: its held-out films are evaluated too",
    )
    evaluate.add_argument("--no-rsna", action="store_true", help="the hand atlas only")
    evaluate.add_argument(
        "--rsna-variants",
        type=int,
        default=2,
        help="simulated lesions per held-out rsna-hands joint",
    )
    evaluate.add_argument(
        "--rsna-joints",
        type=Path,
        default=default_cache(),
        help="where the localizer's rsna-hands joint positions are kept",
    )
    evaluate.add_argument("--seed", type=int, default=2)
    evaluate.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes that simulate lesions (the figures do not depend on it)",
    )
    evaluate.add_argument(
        "--out",
        type=Path,
        default=Path("scoring-evaluation"),
        help="folder for the confusion matrices",
    )
    evaluate.add_argument("--json", action="store_true")
    _add_imported(evaluate)
    evaluate.set_defaults(run=_reporting_input_errors(_evaluate_scoring))
