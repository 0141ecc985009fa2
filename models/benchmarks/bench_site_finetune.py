"""Fine-tuning benchmark: does a site's reviewed studies teach the grader its films?

A simulated site of 60 studies of films unlike the hand atlas: held-out rsna-hands films (another
source, never trained on; joints where the shipped localizer finds them), drawn with the site's
own look (half the resolution, another contrast curve and window, some grain), the joints made
adult and given lesions by the simulator, whose grades stand in for the readers' grades.
Patients are coded so that the library's fixed hash split puts 20 studies in validation and 40
in training (different patients). The studies are written as a dataset snapshot, the shipped
models are fine-tuned on it with a time limit, and both are judged on the 20 validation studies.
It also grades the validation studies with the shipped grader after undoing the site's contrast
curve and window (its grain and resolution stay): how much of the shipped grader's shortfall on
the site is its contrast, which a fine-tuning run can learn from the reviewed films.

    .venv/bin/python models/benchmarks/bench_site_finetune.py [--minutes 15] [--resolution 0.5] [--work DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from rasharp.appearance import adult_joint, film_grain
from rasharp.finetune import FinetuneConfig, finetune
from rasharp.finetune.command import side_by_side
from rasharp.finetune.evaluate import grade_films, model_metrics
from rasharp.finetune.split import is_validation_patient, patient_of
from rasharp.finetune.truth import reference_grades
from rasharp.imaging import read_image, to_uint8
from rasharp.localization.infer import Localizer
from rasharp.pipeline import DEFAULT_MODEL_DIR, LOCALIZER_FILE, SCORER_FILE
from rasharp.scheme import JOINT_CODES, JOINTS_BY_CODE
from rasharp.scoring.crops import finger_axis, hand_scale
from rasharp.scoring.rsna import DEFAULT_RSNA, part_of, rsna_files, why_rejected
from rasharp.scoring.simdata import EROSION_PRIOR, JSN_PRIOR
from rasharp.simulator import adult_gap_px, joint_region, set_joint_space, simulate_joint
from rasharp.snapshots import SnapshotFilm, SnapshotJoint, read_snapshot, write_snapshot

TRAIN_STUDIES, VALIDATION_STUDIES = 40, 20
VALIDATION_SHARE = 1 / 3
SITE_RESOLUTION = 0.5  # the site's films have half the resolution of the source films
SITE_GAMMA = 1.8  # and a harder contrast curve in a narrower window
SITE_WINDOW = (0.08, 0.85)
TARGET_JSN_GAIN = 0.05
# source films whose knuckle span is at least this (the site's films then show it in half as
# many pixels, somewhat below the coarsest films the grader was trained on)
MIN_SOURCE_SPAN_PX = 180.0


def locate_held_out(count: int, cache: Path, log=print) -> list[dict]:
    """``count`` held-out rsna-hands films whose one left hand the shipped localizer is sure of
    and whose knuckle span is MIN_SOURCE_SPAN_PX or more."""
    localizer = Localizer(DEFAULT_MODEL_DIR / LOCALIZER_FILE, ["CPUExecutionProvider"])
    stored = json.loads(cache.read_text()) if cache.exists() else {}
    if stored.get("localizer") != localizer.version:
        stored = {"localizer": localizer.version, "films": {}}
    kept = []
    for path in rsna_files(DEFAULT_RSNA):
        if part_of(path.name) != "test":
            continue
        record = stored["films"].get(path.name)
        if record is None:
            image = read_image(path)
            hands, joints = localizer.locate(image)
            record = {
                "file": path.name,
                "width": image.width,
                "height": image.height,
                "hands": [h.side for h in hands],
                "joints": {
                    j.joint: [j.x, j.y, j.confidence]
                    for j in joints
                    if j.present and hands and j.side == hands[0].side
                },
            }
            stored["films"][path.name] = record
        if why_rejected(record) is None and _span(record) >= MIN_SOURCE_SPAN_PX:
            kept.append(record)
            if len(kept) == count:
                break
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(stored))
    if len(kept) < count:
        sys.exit(f"only {len(kept)} held-out rsna-hands films with a sure hand; {count} needed")
    log(f"{count} held-out rsna-hands films located")
    return kept


def _span(record: dict) -> float:
    return hand_scale({code: tuple(v[:2]) for code, v in record["joints"].items()}) or 0.0


def site_film(
    record: dict, rng: np.random.Generator, resolution: float = SITE_RESOLUTION
) -> tuple[bytes, dict, dict]:
    """The film as the site would store it (PNG bytes), its joint positions and drawn grades."""
    pixels = read_image(DEFAULT_RSNA / "images" / record["file"]).pixels.copy()
    points = {code: tuple(v[:2]) for code, v in record["joints"].items()}
    scale = hand_scale(points)
    grades = {}
    for code in JOINT_CODES:
        point, axis = points[code], finger_axis(code, points)
        adult_joint(pixels, joint_region(pixels, code, point, axis, scale, None), rng, code)
        has_jsn = JOINTS_BY_CODE[code].scores("jsn")
        if has_jsn:
            set_joint_space(pixels, code, point, axis, scale, adult_gap_px(code, scale, rng))
        erosion = int(rng.choice(len(EROSION_PRIOR), p=EROSION_PRIOR))
        jsn = int(rng.choice(len(JSN_PRIOR), p=JSN_PRIOR)) if has_jsn else 0
        if erosion or jsn:
            simulate_joint(pixels, code, point, axis, scale, erosion, jsn, rng)
        grades[code] = {"erosion": erosion, **({"jsn": jsn} if has_jsn else {})}
    picture = Image.fromarray(pixels.astype(np.float32))
    size = (round(picture.width * resolution), round(picture.height * resolution))
    small = np.asarray(picture.resize(size, Image.Resampling.BOX), np.float32)
    low, high = SITE_WINDOW
    look = np.clip((small - low) / (high - low), 0.0, 1.0) ** SITE_GAMMA
    look = film_grain(look, 0.01, rng)
    out = io.BytesIO()
    Image.fromarray(to_uint8(look)).save(out, format="PNG")
    kx, ky = size[0] / record["width"], size[1] / record["height"]
    positions = {
        code: ((x + 0.5) * kx - 0.5, (y + 0.5) * ky - 0.5) for code, (x, y) in points.items()
    }
    return out.getvalue(), positions, grades


def patient_codes() -> tuple[list[str], list[str]]:
    """Patient codes the library's fixed split puts in training and in validation."""
    train, validation, k = [], [], 0
    while len(train) < TRAIN_STUDIES or len(validation) < VALIDATION_STUDIES:
        code = f"SITE-{k:04d}"
        k += 1
        if is_validation_patient(code, VALIDATION_SHARE):
            if len(validation) < VALIDATION_STUDIES:
                validation.append(code)
        elif len(train) < TRAIN_STUDIES:
            train.append(code)
    return train, validation


def undo_contrast(pixels: np.ndarray) -> np.ndarray:
    """The site's contrast curve and window undone (its grain and resolution stay)."""
    low, high = SITE_WINDOW
    return np.clip(pixels, 0.0, 1.0) ** (1.0 / SITE_GAMMA) * (high - low) + low


def shipped_with_contrast_undone(snapshot_dir: Path) -> dict:
    """The shipped grader's figures on the validation studies with the site's contrast undone."""
    snapshot = read_snapshot(snapshot_dir)
    validation = [
        f for f in snapshot.films if is_validation_patient(patient_of(f), VALIDATION_SHARE)
    ]
    with tempfile.TemporaryDirectory() as folder:
        for film in validation:
            pixels = undo_contrast(read_image(snapshot.directory / "images" / film.image).pixels)
            Image.fromarray(to_uint8(pixels)).save(Path(folder) / film.image)
        graded = grade_films({"shipped": DEFAULT_MODEL_DIR / SCORER_FILE}, validation, Path(folder))
    return model_metrics(
        graded["shipped"], reference_grades(snapshot), {f.film for f in validation}
    )


def build_site(
    directory: Path, seed: int, cache: Path, resolution: float = SITE_RESOLUTION, log=print
) -> Path:
    records = locate_held_out(TRAIN_STUDIES + VALIDATION_STUDIES, cache, log)
    train, validation = patient_codes()
    rng = np.random.default_rng(seed)
    films, images = [], {}
    for number, (record, patient) in enumerate(zip(records, train + validation, strict=True)):
        data, positions, grades = site_film(record, rng, resolution)
        name = f"{number}.png"
        images[name] = data
        joints = [
            SnapshotJoint(
                "left",
                code,
                True,
                float(x),
                float(y),
                None,
                dict(grades[code]),
                dict.fromkeys(grades[code], "dr.site"),
                {"dr.site": dict(grades[code])},
            )
            for code, (x, y) in positions.items()
        ]
        films.append(SnapshotFilm(str(number), name, patient, "2026-06-01", "dr.site", joints))
    write_snapshot(directory, films, images, "simulated site", 1, "bench", "2026-11-30T00:00:00Z")
    log(f"snapshot of {len(films)} studies written to {directory}")
    return directory


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=15.0, help="time limit of fine-tuning")
    defaults = FinetuneConfig()
    parser.add_argument("--steps", type=int, default=5000, help="steps, if time allows")
    parser.add_argument("--learning-rate", type=float, default=defaults.learning_rate)
    parser.add_argument("--batch", type=int, default=defaults.batch)
    parser.add_argument("--batch-norm-batches", type=int, default=defaults.batch_norm_batches)
    parser.add_argument("--crops-per-joint", type=int, default=defaults.crops_per_joint)
    parser.add_argument("--max-epochs", type=float, default=defaults.max_epochs)
    parser.add_argument("--train-layers", choices=("all", "late"), default=defaults.train_layers)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--resolution",
        type=float,
        default=SITE_RESOLUTION,
        help=f"the site's films at this share of the source films' resolution (default {SITE_RESOLUTION})",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="where the site's snapshot is kept and reused (default: /tmp, by seed and resolution)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path.home() / ".cache" / "rasharp" / "bench-site-joints.json",
        help="joint positions of the held-out films, by localizer version",
    )
    parser.add_argument("--json", type=Path, help="write the fine-tuning report here")
    args = parser.parse_args(argv)
    work = args.work or Path(f"/tmp/rasharp-bench-site-{args.seed}-{args.resolution:g}")
    snapshot = work / "snapshot"
    if not (snapshot / "manifest.json").exists():
        shutil.rmtree(snapshot, ignore_errors=True)
        build_site(snapshot, args.seed, args.cache, args.resolution)
    output = work / f"candidate-{time.strftime('%Y%m%d-%H%M%S')}"
    config = FinetuneConfig(
        steps=args.steps,
        batch=args.batch,
        learning_rate=args.learning_rate,
        seed=args.seed,
        device="cpu",
        time_limit_s=args.minutes * 60.0,
        validation_share=VALIDATION_SHARE,
        crops_per_joint=args.crops_per_joint,
        max_epochs=args.max_epochs,
        train_layers=args.train_layers,
        batch_norm_batches=args.batch_norm_batches,
    )
    started = time.monotonic()
    last = [0.0]

    def show(progress) -> None:
        if time.monotonic() - last[0] >= 30 or progress.step >= progress.total:
            last[0] = time.monotonic()
            print(
                f"{progress.phase} {progress.step}/{progress.total} loss {progress.loss} "
                f"validation {progress.validation} eta {progress.eta_s}",
                flush=True,
            )

    report = finetune(snapshot, DEFAULT_MODEL_DIR, output, config, show)
    wall = time.monotonic() - started
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    print(side_by_side(report))
    training = report["training"]
    gain = {
        kind: report["metrics"]["candidate"][kind]["balanced_accuracy"]
        - report["metrics"]["in_use"][kind]["balanced_accuracy"]
        for kind in ("erosion", "jsn")
    }
    print(
        f"balanced accuracy gain: JSN {gain['jsn']:+.3f}, erosion {gain['erosion']:+.3f}; "
        f"wall time {wall / 60:.1f} min (training {training['seconds'] / 60:.1f} min, "
        f"{training['steps']} steps, {training['steps_per_second']} steps/s)"
    )
    reached = gain["jsn"] >= TARGET_JSN_GAIN and wall <= args.minutes * 60.0
    print(
        f"target (JSN +{TARGET_JSN_GAIN} within {args.minutes:g} min): "
        f"{'reached' if reached else 'not reached'}"
    )
    undone = shipped_with_contrast_undone(snapshot)
    print(
        "the shipped grader with the site's contrast curve and window undone: "
        + ", ".join(
            f"{kind} balanced accuracy {undone[kind]['balanced_accuracy']:.3f} "
            f"({undone[kind]['balanced_accuracy'] - report['metrics']['in_use'][kind]['balanced_accuracy']:+.3f} "
            "against the films as stored)"
            for kind in ("jsn", "erosion")
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
