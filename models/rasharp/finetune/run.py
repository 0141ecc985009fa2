"""``finetune``: from a dataset snapshot and the model version in use to a complete candidate
model folder, judged side by side with the model in use on the same validation films."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import onnx
import torch

from .. import __version__
from ..pipeline import LOCALIZER_FILE, SAMPLER_FILE, SCORER_FILE, SCREEN_FILE
from ..scoring.export import export_onnx, model_metadata
from ..scoring.model import JointGrader
from ..scoring.quantize import quantize_grader, spread
from ..scoring.train import calibrate, load_state, save_state
from ..snapshots import Snapshot, SnapshotError, read_snapshot
from .config import FinetuneCancelled, FinetuneConfig, FinetuneError, Progress, check_config
from .evaluate import grade_films, model_metrics
from .grader import finetune_grader, grade_counts
from .localizer import finetune_localizer
from .material import training_crops, view_crops
from .split import Split, split_films
from .truth import Truth, readers_agreement, reference_grades

STATE_FILE = "scorer-state.npz"
REPORT_FILE = "evaluation.json"
MIN_TRAINING_JOINTS = 20  # graded joints the training films must hold
MIN_VALIDATION_JOINTS = 10
PROGRESS_EVERY_S = 1.0  # training progress is reported at most this often
CALIBRATION_JOINTS = 300  # at most this many joints, spread over the films, calibrate (and
# give the int8 twin its activation ranges)
# after training, besides grading the validation films again: calibrating, exporting and
# quantising the grader (seconds; quantising 300 joints took 5.5 s on 2 cores), and each step of
# the localizer (seconds, on a slow CPU)
EXPORT_S = 25.0
LOCALIZER_STEP_S = 3.0


class _Reporter:
    """Hands progress to the caller: at phase changes, and at most every PROGRESS_EVERY_S."""

    def __init__(self, on_progress: Callable[[Progress], None], should_stop: Callable[[], bool]):
        self.on_progress, self.should_stop = on_progress, should_stop
        self.last, self.phase, self.validation = 0.0, "", None

    def __call__(self, phase, step, total, loss=None, validation=None, eta_s=None) -> None:
        if self.should_stop():
            raise FinetuneCancelled("fine-tuning was cancelled")
        self.validation = validation or self.validation
        now = time.monotonic()
        if phase == self.phase and step < total and now - self.last < PROGRESS_EVERY_S:
            return
        self.phase, self.last = phase, now
        self.on_progress(Progress(phase, step, total, loss, self.validation, eta_s))


def finetune(
    snapshot_dir: Path,
    base_model_dir: Path,
    output_dir: Path,
    config: FinetuneConfig | None = None,
    on_progress: Callable[[Progress], None] = lambda _progress: None,
    should_stop: Callable[[], bool] = lambda: False,
) -> dict:
    """Fine-tune the grader (and, when asked, the localizer) of ``base_model_dir`` on the
    reviewed films of a snapshot; writes a complete model folder to ``output_dir`` (which must
    not exist or be empty) only when everything succeeded. Returns the evaluation report."""
    config = config or FinetuneConfig()
    check_config(config)
    started = time.monotonic()
    output_dir, base_model_dir = Path(output_dir), Path(base_model_dir)
    if output_dir.exists() and (not output_dir.is_dir() or any(output_dir.iterdir())):
        raise FinetuneError(f"{output_dir} already exists and is not empty; give a new folder")
    _check_base(base_model_dir)
    report = _Reporter(on_progress, should_stop)
    report("preparing", 0, 1)
    snapshot = _read(Path(snapshot_dir))
    truth = reference_grades(snapshot)
    split = split_films(snapshot.films, config.validation_share, config.calibration_share)
    _check_enough(split, truth)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.partial-", dir=output_dir.parent))
    try:
        result = _run(snapshot, truth, split, base_model_dir, work, config, report, started)
        if output_dir.exists():
            output_dir.rmdir()
        work.rename(output_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return result


def _run(
    snapshot: Snapshot,
    truth: Truth,
    split: Split,
    base: Path,
    work: Path,
    config: FinetuneConfig,
    report: _Reporter,
    started: float,
) -> dict:
    images = snapshot.directory / "images"
    calibration_films = split.calibration or split.train
    films = len(split.validation) + len(calibration_films) + len(split.train)
    done = 0

    def film_done(_: int) -> None:
        nonlocal done
        done += 1
        report("preparing", done, films)

    validation_views, _ = view_crops(split.validation, images, truth, film_done)
    calibration_views, _ = view_crops(calibration_films, images, truth, film_done)
    train = training_crops(
        split.train, images, truth, config.crops_per_joint, config.seed, film_done
    )
    n_validation = len(split.validation)
    grading = time.monotonic()
    # the model in use does not change: graded first, it also times what grading the
    # candidate will take after training
    in_use = grade_films(
        {"in_use": base / SCORER_FILE},
        split.validation,
        images,
        lambda n: report("evaluating", n, 2 * n_validation),
    )["in_use"]
    tail_s = 1.5 * (time.monotonic() - grading) + EXPORT_S
    if config.localizer:
        tail_s += 3.0 * (time.monotonic() - grading) + LOCALIZER_STEP_S * config.localizer_steps
    device = _device(config.device)
    model = JointGrader()
    model.load_state_dict(load_state(base / STATE_FILE))
    deadline = None if config.time_limit_s is None else started + config.time_limit_s - tail_s

    def training_progress(step, total, loss, validation, seconds_per_step):
        eta = (total - step) * seconds_per_step + tail_s if seconds_per_step else None
        report("training", step, total, loss, validation, eta)

    run = finetune_grader(
        model,
        train,
        validation_views,
        config,
        device,
        deadline,
        training_progress,
        report.should_stop,
    )
    report("exporting", 0, 2)
    calibration_joints = calibration_views.subset(
        spread(len(calibration_views.crops), CALIBRATION_JOINTS)
    )
    calibration = calibrate(model, calibration_joints)
    save_state(model, work / STATE_FILE)
    base_meta = scorer_metadata(base / SCORER_FILE)
    metadata = _metadata(calibration, base_meta, snapshot, split, run.steps)
    parity = export_onnx(model, work / SCORER_FILE, metadata, calibration_views.crops[:16])
    quantize_grader(work / SCORER_FILE, work / SCREEN_FILE, calibration_joints.crops)
    localizer = finetune_localizer(snapshot, split, base, work, config, report)
    if localizer is None or not localizer.get("shipped"):
        shutil.copy2(base / LOCALIZER_FILE, work / LOCALIZER_FILE)
    for kept in [*base.glob("*.md"), base / SAMPLER_FILE]:  # what training does not change
        if kept.is_file():
            shutil.copy2(kept, work / kept.name)

    candidate = grade_films(
        {"candidate": work / SCORER_FILE},
        split.validation,
        images,
        lambda n: report("evaluating", n_validation + n, 2 * n_validation),
    )["candidate"]
    validation_ids = {f.film for f in split.validation}
    result = {
        "split": split.report(),
        "training": {
            "steps": run.steps,
            "planned_steps": run.planned,
            "seconds": round(run.seconds, 1),
            "stopped_early": run.stopped_early,
            "steps_per_second": round(run.steps / run.seconds, 3) if run.seconds else None,
            "device": device.type,
            "training_crops": len(train.crops),
            "training_crops_per_grade": grade_counts(train),
            "quick_validation": run.history,
            "calibration": {
                "on": "calibration patients" if split.calibration else "training patients",
                "temperature": calibration["temperature"],
                "uncertain_below": calibration["uncertain_below"],
            },
            "onnx_torch_max_difference": parity,
            "localizer": localizer,
        },
        "metrics": {
            "candidate": model_metrics(candidate, truth, validation_ids),
            "in_use": model_metrics(in_use, truth, validation_ids),
            "readers": readers_agreement(truth, validation_ids),
        },
        "truth": truth.source,
        "models": {"candidate": metadata["version"], "in_use": base_meta.get("version")},
        "snapshot": _snapshot_ref(snapshot),
        "seconds": round(time.monotonic() - started, 1),
    }
    result = _plain(result)
    (work / REPORT_FILE).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    _note_in_card(work / "scorer.md", result)
    report("exporting", 2, 2)
    return result


def _read(directory: Path) -> Snapshot:
    try:
        return read_snapshot(directory)
    except SnapshotError as exc:
        raise FinetuneError(f"the snapshot cannot be used: {exc}") from None


def _check_base(base: Path) -> None:
    missing = [n for n in (SCORER_FILE, STATE_FILE, LOCALIZER_FILE) if not (base / n).is_file()]
    if missing:
        raise FinetuneError(
            f"the base model folder {base} lacks {', '.join(missing)}; it must hold "
            f"{SCORER_FILE}, {STATE_FILE} (the grader's weights) and {LOCALIZER_FILE}"
        )


def _check_enough(split: Split, truth: Truth) -> None:
    def graded(films) -> int:
        ids = {f.film for f in films}
        return sum(1 for key in truth.grades if key[0] in ids)

    for films, what, least in (
        (split.train + split.calibration, "training", MIN_TRAINING_JOINTS),
        (split.validation, "validation", MIN_VALIDATION_JOINTS),
    ):
        n = graded(films)
        if n < least:
            raise FinetuneError(
                f"the {what} part ({len(films)} film(s) of {split.patients(films)} patient(s)) "
                f"holds {n} graded joint(s); at least {least} are needed: review more studies "
                "before fine-tuning"
            )


def _device(choice: str) -> torch.device:
    if choice == "cuda" and not torch.cuda.is_available():
        raise FinetuneError("device 'cuda' was asked for but PyTorch sees no CUDA device")
    if choice in ("auto", "cuda") and torch.cuda.is_available():
        return torch.device("cuda")
    return torch.device("cpu")


def scorer_metadata(path: Path) -> dict:
    graph = onnx.load(str(path), load_external_data=False)
    return {entry.key: entry.value for entry in graph.metadata_props}


def _snapshot_ref(snapshot: Snapshot) -> dict:
    m = snapshot.manifest
    return {k: m.get(k) for k in ("name", "version", "team", "created_at", "sha256")}


def _metadata(calibration: dict, base: dict, snapshot: Snapshot, split: Split, steps: int) -> dict:
    reference = _snapshot_ref(snapshot)
    metadata = model_metadata(calibration, [])
    metadata.update(
        version=f"scorer-{__version__}-{time.strftime('%Y%m%d-%H%M%S')}-finetuned",
        parent_version=base.get("version", "unknown"),
        trained_on=f"{base.get('trained_on', 'unknown')}; fine-tuned on {len(split.train)} "
        f"reviewed films of dataset snapshot {reference['name']!r} v{reference['version']}",
        snapshot=reference,
        fine_tuning={
            "steps": steps,
            "train_films": len(split.train),
            "validation_films": len(split.validation),
        },
    )
    return metadata


def _note_in_card(card: Path, result: dict) -> None:
    if not card.exists():
        return
    lines = [
        "",
        f"## Fine-tuned: {result['models']['candidate']}",
        "",
        f"From {result['models']['in_use']} on dataset snapshot "
        f"{result['snapshot']['name']!r} v{result['snapshot']['version']} "
        f"({result['split']['train_films']} training films; {result['training']['steps']} steps). "
        f"On {result['split']['validation_films']} validation films of other patients "
        f"(reference: {result['truth']} grades):",
        "",
        "| | erosion balanced accuracy | JSN balanced accuracy |",
        "|---|---|---|",
    ]
    for name in ("in_use", "candidate"):
        m = result["metrics"][name]
        lines.append(
            f"| {name.replace('_', ' ')} | {_fmt(m['erosion']['balanced_accuracy'])} "
            f"| {_fmt(m['jsn']['balanced_accuracy'])} |"
        )
    card.write_text(card.read_text(encoding="utf-8").rstrip() + "\n" + "\n".join(lines) + "\n")


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _plain(value):
    """JSON-ready: NaN as null, NumPy numbers as Python numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
