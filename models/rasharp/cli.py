"""The `rasharp` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import RESEARCH_ONLY, __version__
from .cohort.command import predict as predict_films
from .cohort.run import ScoringOptions
from .finetune.command import add_command as add_finetune_command
from .localization.evaluate import evaluate as evaluate_localization
from .localization.labels import read_labels
from .pipeline import Analyzer
from .reference import Patient
from .scoring.commands import add_commands as add_scoring_commands


def _predict(args) -> int:
    patient = None
    if args.sex or args.birth_year or args.study_year:
        patient = Patient.of(args.sex, args.birth_year, args.study_year)
    options = ScoringOptions(args.models, args.device, args.side, args.heatmaps, patient)
    show = None
    if args.json or not (args.jsonl or args.csv):
        show = _show_json if args.json else _show_human
    return predict_films(
        args.files, options, workers=args.workers, jsonl=args.jsonl, csv=args.csv, show=show
    )


def _show_json(record: dict) -> None:
    print(json.dumps(record), flush=True)


def _show_human(record: dict) -> None:
    print(record["error"] if "error" in record else _human(record), flush=True)


def _human(record: dict) -> str:
    lines = [
        f"{record['image']}: {record['width']} x {record['height']}, "
        f"{len(record['hands'])} hand(s) " + ", ".join(h["side"] for h in record["hands"])
    ]
    for j in record["joints"]:
        where = (
            f"({j['x']:.0f}, {j['y']:.0f}) conf {j['confidence']:.2f}" if j["present"] else "absent"
        )
        grades = ""
        if j["erosion"]:
            grades += f"  erosion {j['erosion']['score']}"
        if j["jsn"]:
            grades += f"  JSN {j['jsn']['score']}"
        if j.get("jsw_mm") is not None:
            grades += f"  JSW {j['jsw_mm']:.2f} mm" + (
                "" if j["jsw_z"] is None else f" (z {j['jsw_z']:+.1f})"
            )
        elif j.get("jsw_px") is not None:
            grades += f"  JSW {j['jsw_px']:.1f} px"
        lines.append(f"  {j['side']:5} {j['joint']:5} {where}{grades}")
    lines.append(f"  {RESEARCH_ONLY}")
    return "\n".join(lines)


def _evaluate_localization(args) -> int:
    items = read_labels(args.folder, part=args.split)
    if not items:
        print(f"{args.folder}: no labelled images found", file=sys.stderr)
        return 2
    results = evaluate_localization(
        items,
        Analyzer(args.models, device=args.device),
        compose=args.compose,
        overlays=args.overlays,
    )
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for kind, summary in results.items():
        o = summary["overall"]
        print(
            f"{kind}: {summary['images']} images, {summary['hands']} hands, side accuracy "
            f"{summary['side_accuracy']:.3f}"
        )
        print(
            f"  overall  within 0.10: {o['within_0.10']:.4f}  within 0.15: {o['within_0.15']:.4f}  "
            f"median error: {o['median_error']:.4f} knuckle spans  (n={o['n']})"
        )
        for code, s in summary["per_joint"].items():
            if s["n"]:
                print(
                    f"  {code:5} within 0.10: {s['within_0.10']:.3f}  within 0.15: "
                    f"{s['within_0.15']:.3f}  median: {s['median_error']:.4f}"
                )
    return 0


def _train_localizer(args) -> int:
    from .localization.train import main as train_main  # needs torch

    train_main(args.rest, prog="rasharp train-localizer")
    return 0


def _export_localizer(args) -> int:
    from .localization.export import main as export_main  # needs torch

    export_main(args.rest, prog="rasharp export-localizer")
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasharp", description=f"rasharp {__version__}. {RESEARCH_ONLY}"
    )
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)

    predict = commands.add_parser("predict", help="find and grade the joints of radiographs")
    predict.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="films (DICOM, PNG, JPEG), folders (searched recursively) or globs ('scans/**/*.dcm')",
    )
    predict.add_argument(
        "--json", action="store_true", help="one JSON object per file, one per line, on stdout"
    )
    predict.add_argument(
        "--jsonl",
        type=Path,
        metavar="FILE",
        help="append one JSON object per film to FILE; films already in it are skipped",
    )
    predict.add_argument(
        "--csv",
        type=Path,
        metavar="FILE",
        help="append one row per film and hand (each joint's grades, totals) to FILE; "
        "films already in it are skipped",
    )
    predict.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="score in N processes, each loading the models once (default 1)",
    )
    predict.add_argument(
        "--side",
        choices=("auto", "left", "right"),
        default="auto",
        help="side of the hand in one-hand images (default: from the thumb)",
    )
    predict.add_argument("--heatmaps", type=Path, metavar="DIR", help="write heatmap overlays here")
    predict.add_argument("--models", type=Path, help="folder with the ONNX weights")
    predict.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    predict.add_argument(
        "--sex", choices=("F", "M"), help="patient's sex, for joint space width z-scores"
    )
    predict.add_argument(
        "--birth-year",
        type=int,
        metavar="YEAR",
        help="patient's year of birth, for joint space width z-scores",
    )
    predict.add_argument(
        "--study-year",
        type=int,
        metavar="YEAR",
        help="year the film was taken (default: the DICOM study date)",
    )
    predict.set_defaults(run=_predict)

    evaluate = commands.add_parser(
        "evaluate-localization", help="localization metrics on a labelled folder"
    )
    evaluate.add_argument(
        "folder",
        type=Path,
        help="hand-atlas folder (landmarks.csv), COCO hand keypoints or LabelMe points",
    )
    evaluate.add_argument(
        "--split",
        choices=("all", "train", "val"),
        default="all",
        help="hand-atlas only: which part of the fixed split",
    )
    evaluate.add_argument(
        "--compose",
        action="store_true",
        help="also evaluate two-hand films made of one left hand and a mirrored one",
    )
    evaluate.add_argument(
        "--overlays", type=Path, metavar="DIR", help="write an overlay PNG per image"
    )
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--models", type=Path)
    evaluate.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    evaluate.set_defaults(run=_evaluate_localization)

    for name, run, text in (
        ("train-localizer", _train_localizer, "train the localizer (needs torch)"),
        ("export-localizer", _export_localizer, "export a localizer checkpoint to ONNX"),
    ):
        sub = commands.add_parser(name, help=text, add_help=False)
        sub.add_argument("rest", nargs=argparse.REMAINDER)
        sub.set_defaults(run=run)

    add_scoring_commands(commands)
    add_finetune_command(commands)
    return parser


PASS_THROUGH = ("train-localizer", "export-localizer")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command in PASS_THROUGH:
        args.rest = extra + args.rest  # options belong to the training / export parser
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.run(args)
    except FileNotFoundError as exc:
        print(f"rasharp: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
