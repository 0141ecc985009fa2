"""Training and calibration of the joint grader (its ONNX export: :mod:`.export`).

Data: simulated crops (atlas joints with lesions of known grade, :mod:`.simdata`), crops of
imported labelled radiographs (:mod:`rasharp.importers`), or both. Atlas validation images
(the localizer's split) are never used; a few training images are kept apart to calibrate the
probabilities (temperature scaling) and the "uncertain" threshold.
"""

from __future__ import annotations

import json
import math
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from ..pipeline import SCREEN_FILE
from .export import export_onnx, model_metadata
from .metrics import flag_report, grading_report
from .model import EROSION_CLASSES, JSN_CLASSES, JointGrader, crop_tensor
from .quantize import quantize_grader, spread
from .simdata import IGNORE, CropSet
from .sources import CALIBRATION_EVERY, source_of

TARGET_CONFIDENT_ACCURACY = 0.98  # grades above the uncertainty threshold are right this often


@dataclass
class TrainConfig:
    epochs: float = 3.0
    batch: int = 64
    learning_rate: float = 3e-3
    weight_decay: float = 1e-4
    smoothing: float = 0.06  # local label smoothing: probability moved to each neighbouring grade
    seed: int = 0
    threads: int = 1
    minutes: float | None = None  # stop (and anneal the learning rate) within this time
    init: Path | None = None  # checkpoint to fine-tune from
    device: str = "cpu"  # "cuda" trains on the GPU (bfloat16 mixed precision)
    log: callable = print
    history: list = field(default_factory=list)


def save_state(model: JointGrader, path: Path) -> None:
    """The weights as plain arrays (what ``--init`` fine-tunes from)."""
    np.savez(path, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()})


def load_state(path: Path) -> dict:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"checkpoint {path} not found")
    with np.load(path) as arrays:
        return {k: torch.from_numpy(arrays[k].copy()) for k in arrays.files}


def split_calibration(data: CropSet) -> tuple[CropSet, CropSet]:
    keep = data.image % CALIBRATION_EVERY != 0
    return data.subset(keep), data.subset(~keep)


def smoothed_targets(labels: torch.Tensor, classes: int, smoothing: float) -> torch.Tensor:
    """One-hot targets with ``smoothing`` moved to each neighbouring grade (local smoothing)."""
    valid = labels.clamp(min=0)
    target = F.one_hot(valid, classes).float()
    for offset in (-1, 1):
        neighbour = valid + offset
        ok = (neighbour >= 0) & (neighbour < classes)
        moved = smoothing * ok.float()
        target[torch.arange(len(labels)), valid] -= moved
        idx = neighbour.clamp(0, classes - 1)
        target[torch.arange(len(labels)), idx] += moved
    return target


def _loss(
    logits: torch.Tensor, labels: torch.Tensor, classes: int, smoothing: float
) -> torch.Tensor:
    mask = labels != IGNORE
    if not mask.any():
        return logits.sum() * 0.0
    target = smoothed_targets(labels[mask], classes, smoothing)
    return -(target * F.log_softmax(logits[mask], dim=1)).sum(dim=1).mean()


def augment(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Exposure, contrast, grain, blur and mirror changes of a batch N x 1 x S x S in 0..1."""
    n = x.shape[0]

    def rand(*shape):
        return torch.rand(*shape, generator=generator, device=x.device)

    def r(lo, hi):
        return lo + (hi - lo) * rand(n, 1, 1, 1)

    flip = rand(n, 1, 1, 1) < 0.5
    x = torch.where(flip, x.flip(3), x)
    x = x.clamp(1e-4, 1.0) ** r(0.7, 1.4)
    x = x * r(0.75, 1.25) + r(-0.1, 0.1)
    blurred = F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
    x = torch.where(rand(n, 1, 1, 1) < 0.3, blurred, x)
    x = x + torch.randn(x.shape, generator=generator, device=x.device) * r(0.0, 0.03)
    return x.clamp(0.0, 1.0)


def training_step(
    model: JointGrader,
    optimizer: torch.optim.Optimizer,
    crops: torch.Tensor,
    labels: tuple[torch.Tensor, torch.Tensor],
    generator: torch.Generator,
    smoothing: float,
    mixed=None,
) -> torch.Tensor:
    """One optimiser step on a batch of uint8 crops (N x S x S) with their (erosion, JSN) grades,
    augmented; returns the loss (a tensor, so that a GPU is not waited for)."""
    x = augment(crops.float().div_(255.0).unsqueeze(1), generator)
    with mixed or nullcontext():
        erosion_logits, jsn_logits = model(x)
    erosion, jsn = labels
    loss = _loss(erosion_logits.float(), erosion, EROSION_CLASSES, smoothing) + _loss(
        jsn_logits.float(), jsn, JSN_CLASSES, smoothing
    )
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


def batches(n: int, batch: int, rng: np.random.Generator):
    """One epoch of batch indices in random order (the last incomplete batch left out)."""
    order = rng.permutation(n)
    for start in range(0, n - batch + 1, batch):
        yield order[start : start + batch]


@torch.no_grad()
def predict_logits(model: JointGrader, crops: np.ndarray, batch: int = 256):
    model.eval()
    device = next(model.parameters()).device
    erosion, jsn = [], []
    for start in range(0, len(crops), batch):
        e, j = model.graded_logits(crop_tensor(crops[start : start + batch]).to(device))
        erosion.append(e.float().cpu())
        jsn.append(j.float().cpu())
    return torch.cat(erosion), torch.cat(jsn)


def evaluate(model: JointGrader, data: CropSet) -> dict:
    erosion_logits, jsn_logits = predict_logits(model, data.crops)
    has_jsn = data.jsn != IGNORE
    return {
        "erosion": grading_report(data.erosion, erosion_logits.argmax(1).numpy(), EROSION_CLASSES),
        "jsn": grading_report(
            data.jsn[has_jsn], jsn_logits.argmax(1).numpy()[has_jsn], JSN_CLASSES
        ),
    }


def train(data: CropSet, calibration: CropSet | None, config: TrainConfig) -> JointGrader:
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    device = torch.device(config.device)
    generator = torch.Generator(device=device).manual_seed(config.seed)
    model = JointGrader()
    if config.init:
        model.load_state_dict(load_state(config.init))
    if config.epochs <= 0:  # calibrate and export the given weights as they are
        model.eval()
        return model
    model.to(device)
    crops = torch.from_numpy(data.crops).to(device)  # uint8: 9 kB a crop
    steps_per_epoch = len(data.crops) // config.batch
    total = max(1, int(config.epochs * steps_per_epoch))
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
    )
    erosion_all = torch.from_numpy(data.erosion).to(device)
    jsn_all = torch.from_numpy(data.jsn).to(device)
    mixed = torch.autocast("cuda", torch.bfloat16) if device.type == "cuda" else nullcontext()
    step, start, running = 0, time.time(), []
    while step < total:
        model.train()
        for index in batches(len(data.crops), config.batch, rng):
            index = torch.from_numpy(index).to(device)
            for group in optimizer.param_groups:
                group["lr"] = learning_rate_at(step, total, config.learning_rate)
            loss = training_step(
                model,
                optimizer,
                crops[index],
                (erosion_all[index], jsn_all[index]),
                generator,
                config.smoothing,
                mixed,
            )
            running.append(loss)  # no .item() here: it would wait for the GPU every step
            step += 1
            if step == 30 and config.minutes:
                rate = step / (time.time() - start)
                affordable = int(rate * config.minutes * 60)
                if affordable < total:
                    config.log(
                        f"{rate:.2f} steps/s: {affordable} steps fit in {config.minutes} min "
                        f"({affordable / steps_per_epoch:.2f} epochs instead of {config.epochs})"
                    )
                    total = affordable
            if step % 500 == 0:
                config.log(
                    f"step {step}/{total} loss {torch.stack(running[-100:]).mean().item():.3f} "
                    f"{(time.time() - start) / 60:.1f} min"
                )
            at_epoch_end = step % steps_per_epoch == 0 or step == total
            if at_epoch_end and calibration is not None and len(calibration.crops):
                report = evaluate(model, calibration)
                config.history.append({"step": step, **_summary(report)})
                config.log(f"calibration set at step {step}: {json.dumps(_summary(report))}")
            if step >= total:
                break
    model.eval()
    return model.cpu()


def learning_rate_at(step: int, total: int, peak: float, warmup: float = 0.05) -> float:
    """Linear warm-up, then cosine decay to zero at ``total``."""
    rise = max(1, int(warmup * total))
    if step < rise:
        return peak * (step + 1) / rise
    return 0.5 * peak * (1.0 + math.cos(math.pi * min(1.0, (step - rise) / max(1, total - rise))))


def _summary(report: dict) -> dict:
    return {
        kind: {k: round(v, 4) for k, v in r.items() if isinstance(v, float)}
        for kind, r in report.items()
    }


def _fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    log_t = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.1, max_iter=100)

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_t.detach().exp().clamp(0.25, 4.0))


def _uncertainty_threshold(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Lowest top-probability above which grades are right TARGET_CONFIDENT_ACCURACY of the time."""
    top = probabilities.max(1)
    right = probabilities.argmax(1) == labels
    for threshold in np.arange(0.30, 0.96, 0.01):
        confident = top >= threshold
        if confident.any() and right[confident].mean() >= TARGET_CONFIDENT_ACCURACY:
            return float(round(threshold, 2))
    return 0.95


def calibrate(model: JointGrader, calibration: CropSet) -> dict:
    """Fit one temperature per head and the top-probability threshold that flags unsure grades;
    reports per source how many grades are flagged and what share of the errors the flag holds."""
    erosion_logits, jsn_logits = predict_logits(model, calibration.crops)
    has_jsn = calibration.jsn != IGNORE
    labels = {
        "erosion": (erosion_logits, calibration.erosion, np.ones_like(has_jsn)),
        "jsn": (jsn_logits[has_jsn], calibration.jsn[has_jsn], has_jsn),
    }
    sources = np.array([source_of(int(i)) for i in calibration.image])
    temperatures, thresholds, flags = [], {}, {}
    for kind, (logits, y, rows) in labels.items():
        t = _fit_temperature(logits, torch.from_numpy(y))
        temperatures.append(t)
        p = torch.softmax(logits / t, dim=1).numpy()
        thresholds[kind] = _uncertainty_threshold(p, y)
        flags[kind] = {
            source: flag_report(
                p[sources[rows] == source], y[sources[rows] == source], thresholds[kind]
            )
            for source in sorted(set(sources[rows]))
        }
    model.temperature.copy_(torch.tensor(temperatures))
    return {
        "temperature": dict(zip(("erosion", "jsn"), temperatures, strict=True)),
        "uncertain_below": thresholds,
        "flags": flags,
    }


def train_scorer(
    data: CropSet,
    sources: list[str],
    output: Path,
    config: TrainConfig,
    calibration: CropSet | None = None,
) -> dict:
    """Train, calibrate and export; writes scorer.onnx, its int8 twin (``quantize``),
    scorer-state.npz and training.json to ``output``.

    ``calibration`` (crops with every graded view, of images not in ``data``) is used instead of
    the calibration images' crops of ``data``.
    """
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    training, calibration = split_calibration(data) if calibration is None else (data, calibration)
    if config.epochs > 0 and len(training.crops) < config.batch:
        raise ValueError(
            f"only {len(training.crops)} training crops; at least {config.batch} are needed"
        )
    config.log(f"{len(training.crops)} training crops, {len(calibration.crops)} calibration crops")
    model = train(training, calibration, config)
    calibration_result = (
        calibrate(model, calibration)
        if len(calibration.crops)
        else {
            "temperature": {"erosion": 1.0, "jsn": 1.0},
            "uncertain_below": {"erosion": 0.5, "jsn": 0.5},
            "flags": {},
        }
    )
    save_state(model, output / "scorer-state.npz")
    metadata = model_metadata(calibration_result, sources)
    parity = export_onnx(
        model,
        output / "scorer.onnx",
        metadata,
        calibration.crops[:64] if len(calibration.crops) else training.crops[:64],
    )
    size_mb = (output / "scorer.onnx").stat().st_size / 1e6
    views = calibration.crops if len(calibration.crops) else training.crops
    quantize_grader(output / "scorer.onnx", output / SCREEN_FILE, views[spread(len(views))])
    summary = {
        "sources": sources,
        "training_crops": len(training.crops),
        "calibration_crops": len(calibration.crops),
        "calibration": calibration_result,
        "onnx_torch_max_difference": parity,
        "onnx_megabytes": round(size_mb, 2),
        "history": config.history,
    }
    (output / "training.json").write_text(json.dumps(summary, indent=2))
    config.log(
        f"exported {output / 'scorer.onnx'} ({size_mb:.2f} MB) and {SCREEN_FILE}, ONNX/PyTorch "
        f"max difference {parity:.2e}"
    )
    return summary
