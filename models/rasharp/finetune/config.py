"""What a fine-tuning run is asked to do, what it reports while it runs, and how it fails."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FinetuneConfig:
    # The defaults are the recipe of models/benchmarks/bench_site_finetune.py (a simulated site
    # of 40 reviewed studies): one pass over the crops ends the run before 600 steps there.
    # Every layer at a small learning rate, from the batch norms' statistics as shipped, did
    # best there (mean of three seeds; later layers only, or a larger rate, gained about half).
    steps: int = 600  # optimiser steps of the grader
    batch: int = 32
    learning_rate: float = 3e-4
    seed: int = 0
    localizer: bool = False  # also fine-tune the localizer on the readers' moved markers
    device: str = "auto"  # "cpu", "cuda", or "auto" (cuda when available)
    time_limit_s: float | None = None  # stop training early (still evaluates and exports)
    # share of the patients (by a hash of their code) kept for validation, never trained on
    validation_share: float = 0.25
    # share of the training patients kept apart to calibrate the probabilities, when there are
    # enough of them (CALIBRATION_MIN_PATIENTS); otherwise the training films calibrate
    calibration_share: float = 0.1
    crops_per_joint: int = 16  # jittered crops cut around each training joint
    # at most this many passes over the training crops, whatever ``steps`` says: a few dozen
    # reviewed films are learnt by heart soon after, and the validation figures fall again
    max_epochs: float = 1.0
    # "all", or "late": the convolutions down to the 24 x 24 grid keep their weights (and their
    # batch norms the statistics estimated on the site's crops); faster
    train_layers: str = "all"
    # batches of site crops the batch norms' statistics are estimated on before training (0: kept)
    batch_norm_batches: int = 0
    weight_decay: float = 1e-4
    smoothing: float = 0.06  # label smoothing towards neighbouring grades (as in training)
    validate_every: int = 100  # steps between quick validation figures
    localizer_steps: int = 60  # optimiser steps of the localizer when ``localizer`` is set


@dataclass
class Progress:
    phase: str  # "preparing" | "training" | "evaluating" | "exporting"
    step: int
    total: int
    loss: float | None
    validation: dict | None  # latest quick validation figures
    eta_s: float | None  # estimated seconds left


class FinetuneCancelled(Exception):
    """``should_stop`` asked the run to stop; nothing was written to the output folder."""


class FinetuneError(ValueError):
    """The snapshot, the base model or the settings cannot be fine-tuned from; the message says
    what is wrong and what is needed."""


def check_config(config: FinetuneConfig) -> None:
    problems = []
    if config.steps < 0:
        problems.append(f"steps must be 0 or more, not {config.steps}")
    if config.batch < 1:
        problems.append(f"batch must be 1 or more, not {config.batch}")
    if not config.learning_rate > 0:
        problems.append(f"learning_rate must be above 0, not {config.learning_rate}")
    if config.device not in ("auto", "cpu", "cuda"):
        problems.append(f"device must be auto, cpu or cuda, not {config.device!r}")
    if config.time_limit_s is not None and config.time_limit_s <= 0:
        problems.append(f"time_limit_s must be above 0, not {config.time_limit_s}")
    if not 0 < config.validation_share < 1:
        problems.append(f"validation_share must lie between 0 and 1, not {config.validation_share}")
    if not 0 <= config.calibration_share < 1:
        problems.append(
            f"calibration_share must lie between 0 and 1, not {config.calibration_share}"
        )
    if config.crops_per_joint < 1:
        problems.append(f"crops_per_joint must be 1 or more, not {config.crops_per_joint}")
    if config.train_layers not in ("all", "late"):
        problems.append(f"train_layers must be 'all' or 'late', not {config.train_layers!r}")
    if not config.max_epochs > 0:
        problems.append(f"max_epochs must be above 0, not {config.max_epochs}")
    if config.batch_norm_batches < 0:
        problems.append(f"batch_norm_batches must be 0 or more, not {config.batch_norm_batches}")
    if config.validate_every < 1:
        problems.append(f"validate_every must be 1 or more, not {config.validate_every}")
    if problems:
        raise FinetuneError("; ".join(problems))
