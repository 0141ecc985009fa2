"""Fine-tuning the joint grader from the weights in use, with the training code's step
(augmentation, losses, learning-rate schedule)."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np
import torch

from ..scheme import GRADE_RANGES
from ..scoring.metrics import balanced_accuracy
from ..scoring.model import JointGrader
from ..scoring.simdata import IGNORE, CropSet
from ..scoring.train import augment, batches, learning_rate_at, predict_logits, training_step
from .config import FinetuneCancelled, FinetuneConfig

# train_layers="late": the convolutions down to the 24 x 24 grid keep their weights and their
# batch norms the statistics estimated on the site's crops
FROZEN_FEATURE_LAYERS = 7
RATE_MEASURED_AFTER = 20  # steps the rate is measured over when a time limit plans the schedule
ADAPT_BATCH = 128  # crops per batch when the batch norms' statistics are estimated


@dataclass
class GraderRun:
    steps: int = 0
    planned: int = 0
    seconds: float = 0.0
    stopped_early: bool = False
    history: list[dict] = field(default_factory=list)


def quick_validation(model: JointGrader, views: CropSet) -> dict:
    """Balanced accuracy of each kind on the validation joints' first graded view (PyTorch; a
    fifth of the work of grading every view, as the final evaluation does)."""
    erosion_logits, jsn_logits = predict_logits(model, views.crops[:, :1])
    out = {}
    for kind, logits, labels in (
        ("erosion", erosion_logits, views.erosion),
        ("jsn", jsn_logits, views.jsn),
    ):
        graded = labels != IGNORE
        predicted = logits.argmax(1).numpy()[graded]
        if graded.any():
            out[f"{kind}_balanced_accuracy"] = round(
                balanced_accuracy(labels[graded], predicted), 4
            )
    return out


@torch.no_grad()
def adapt_batch_norm(
    model: JointGrader,
    crops: torch.Tensor,
    batches_used: int,
    rng: np.random.Generator,
    generator: torch.Generator,
    should_stop: Callable[[], bool],
) -> None:
    """Estimate the batch norms' statistics afresh on the site's (augmented) crops: the layers
    then see the site's films as they saw the training films, before any weight moves."""
    norms = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    momenta = [m.momentum for m in norms]
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # a plain average over the batches
    model.train()
    for count, index in enumerate(batches(len(crops), min(ADAPT_BATCH, len(crops)), rng)):
        if count >= batches_used:
            break
        if should_stop():
            raise FinetuneCancelled("fine-tuning was cancelled")
        model(augment(crops[index].float().div_(255.0).unsqueeze(1), generator))
    for norm, momentum in zip(norms, momenta, strict=True):
        norm.momentum = momentum


def _train_mode(model: JointGrader, layers: str) -> None:
    model.train()
    if layers == "late":
        model.features[:FROZEN_FEATURE_LAYERS].eval()


def _trainable(model: JointGrader, layers: str) -> list[torch.nn.Parameter]:
    if layers == "late":
        for module in model.features[:FROZEN_FEATURE_LAYERS]:
            for p in module.parameters():
                p.requires_grad = False
    return [p for p in model.parameters() if p.requires_grad]


def finetune_grader(
    model: JointGrader,
    data: CropSet,
    views: CropSet | None,
    config: FinetuneConfig,
    device: torch.device,
    deadline: float | None,
    report: Callable[[int, int, float | None, dict | None, float | None], None],
    should_stop: Callable[[], bool],
) -> GraderRun:
    """Train ``model`` in place for ``config.steps`` steps (at most ``config.max_epochs`` passes
    over ``data``) or until ``deadline``
    (time.monotonic()); ``report(step, total, loss, validation, seconds_per_step)``."""
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    generator = torch.Generator(device=device).manual_seed(config.seed)
    model.to(device)
    crops = torch.from_numpy(data.crops).to(device)
    labels = (torch.from_numpy(data.erosion).to(device), torch.from_numpy(data.jsn).to(device))
    optimizer = torch.optim.AdamW(
        _trainable(model, config.train_layers),
        lr=config.learning_rate,
        weight_decay=config.weight_decay,
    )
    mixed = torch.autocast("cuda", torch.bfloat16) if device.type == "cuda" else nullcontext()
    batch = min(config.batch, len(data.crops))
    planned = min(config.steps, max(1, round(config.max_epochs * len(data.crops) / batch)))
    run = GraderRun(planned=planned)
    total, losses, validation = planned, [], None
    began = time.monotonic()
    if views is not None and len(views.crops):
        validation = quick_validation(model, views)
        run.history.append({"step": 0, "weights": "in use", **validation})
    if config.batch_norm_batches:
        report(0, total, None, validation, None)
        adapt_batch_norm(model, crops, config.batch_norm_batches, rng, generator, should_stop)
        if views is not None and len(views.crops):
            validation = quick_validation(model, views)
            run.history.append({"step": 0, "weights": "batch norms adapted", **validation})
    start = time.monotonic()
    stamps: list[float] = []  # when each step ended
    while run.steps < total:
        _train_mode(model, config.train_layers)
        for index in batches(len(data.crops), batch, rng):
            if should_stop():
                raise FinetuneCancelled("fine-tuning was cancelled")
            for group in optimizer.param_groups:
                group["lr"] = learning_rate_at(run.steps, total, config.learning_rate)
            index = torch.from_numpy(index).to(device)
            losses.append(
                training_step(
                    model,
                    optimizer,
                    crops[index],
                    (labels[0][index], labels[1][index]),
                    generator,
                    config.smoothing,
                    mixed,
                )
            )
            run.steps += 1
            elapsed = time.monotonic() - start
            stamps.append(time.monotonic())
            if deadline is not None and len(stamps) > RATE_MEASURED_AFTER and run.steps % 10 == 0:
                # the steps that still fit at the recent rate (the CPU may be shared), so that
                # the learning rate has decayed when time is up
                recent = RATE_MEASURED_AFTER / (stamps[-1] - stamps[-1 - RATE_MEASURED_AFTER])
                affordable = run.steps + int((deadline - stamps[-1]) * recent)
                total = max(run.steps, min(planned, affordable))
            validate = (
                views is not None
                and len(views.crops)
                and (run.steps % config.validate_every == 0 or run.steps == total)
            )
            if validate:
                validation = quick_validation(model, views)
                run.history.append({"step": run.steps, **validation})
                _train_mode(model, config.train_layers)
            loss = float(torch.stack(losses[-20:]).mean()) if losses else None
            report(run.steps, total, loss, validation, elapsed / run.steps)
            if deadline is not None and time.monotonic() >= deadline:
                total = run.steps
            if run.steps >= total:
                break
    run.seconds = time.monotonic() - began
    run.stopped_early = run.steps < planned
    model.eval()
    model.cpu()
    return run


def grade_counts(data: CropSet) -> dict:
    """How many crops carry each grade, per kind."""
    out = {}
    for kind, labels in (("erosion", data.erosion), ("jsn", data.jsn)):
        graded = labels[labels != IGNORE]
        out[kind] = np.bincount(graded, minlength=GRADE_RANGES[kind].classes).tolist()
    return out
