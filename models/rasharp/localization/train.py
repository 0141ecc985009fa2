"""Training the joint localizer on the hand atlas (needs the `train` extra: PyTorch)."""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from .atlas import read_atlas, split
from .model import MASK_CHANNEL, JointHeatmapNet
from .synth import SceneMaker

FROZEN_BLOCKS = 5  # stem and the first blocks keep their ImageNet features


def _batch(maker: SceneMaker, size: int) -> tuple[torch.Tensor, torch.Tensor]:
    images, targets = zip(*(maker.sample() for _ in range(size)), strict=True)
    return torch.from_numpy(np.stack(images)[:, None]), torch.from_numpy(np.stack(targets))


def joint_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The joint channels' part of the loss (targets: the joint channels, or all of them)."""
    joints, joint_targets = logits[:, :MASK_CHANNEL], targets[:, :MASK_CHANNEL]
    weight = 1.0 + 30.0 * joint_targets  # peaks are a tiny share of the map
    return F.binary_cross_entropy_with_logits(joints, joint_targets, weight=weight) * 10.0


def heatmap_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    mask_loss = F.binary_cross_entropy_with_logits(
        logits[:, MASK_CHANNEL], targets[:, MASK_CHANNEL]
    )
    return joint_loss(logits, targets) + mask_loss


def freeze_early_layers(model: JointHeatmapNet) -> None:
    for module in (model.stem, *model.blocks[:FROZEN_BLOCKS]):
        module.eval()
        for p in module.parameters():
            p.requires_grad = False


def train(
    atlas: Path,
    out: Path,
    minutes: float,
    batch: int,
    size: int,
    seed: int,
    threads: int,
    resume: Path | None = None,
    peak_lr: float = 2e-3,
) -> Path:
    """Train for a wall-clock budget; the learning rate follows a cosine over that budget."""
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    hands = read_atlas(atlas)
    train_maker = SceneMaker(split(hands, "train"), size=size, seed=seed)
    val_maker = SceneMaker(split(hands, "val"), size=size, seed=seed + 1)
    val_batches = [_batch(val_maker, batch) for _ in range(4)]
    model = JointHeatmapNet(pretrained=resume is None).to(memory_format=torch.channels_last)
    done_before = 0
    if resume is not None:
        state = torch.load(resume, map_location="cpu", weights_only=True)
        model.load_state_dict(state["model"])
        done_before = int(state.get("step", 0))
    model.train()
    freeze_early_layers(model)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=2e-3, weight_decay=1e-4)
    budget = minutes * 60.0
    warmup_steps = 50

    def lr_factor(step: int, elapsed: float) -> float:
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        return 0.5 * (1 + math.cos(math.pi * min(1.0, elapsed / budget))) * 0.98 + 0.02

    out.mkdir(parents=True, exist_ok=True)
    log = open(out / "train_log.jsonl", "a")  # noqa: SIM115 (open for the whole run)
    start, running = time.time(), []
    step, done = 0, False
    while not done:
        elapsed = time.time() - start
        done = elapsed >= budget
        for group in optimizer.param_groups:
            group["lr"] = peak_lr * lr_factor(step, elapsed)
        images, targets = _batch(train_maker, batch)
        images = images.to(memory_format=torch.channels_last)
        loss = heatmap_loss(model.forward_logits(images), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step += 1
        running.append(loss.item())
        if step % 50 == 0 or done:
            model.eval()
            with torch.no_grad():
                val = float(
                    np.mean(
                        [heatmap_loss(model.forward_logits(x), y).item() for x, y in val_batches]
                    )
                )
            model.train()
            freeze_early_layers(model)
            entry = {
                "step": done_before + step,
                "train_loss": float(np.mean(running)),
                "val_loss": val,
                "lr": optimizer.param_groups[0]["lr"],
                "minutes": (time.time() - start) / 60,
            }
            print(json.dumps(entry), flush=True)
            log.write(json.dumps(entry) + "\n")
            log.flush()
            running = []
            torch.save(
                {
                    "model": model.state_dict(),
                    "step": done_before + step,
                    "size": size,
                    "seed": seed,
                    "batch": batch,
                    "minutes": minutes,
                },
                out / "last.pt",
            )
    return out / "last.pt"


def main(argv=None, prog: str | None = None) -> None:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("--atlas", type=Path, default=Path("../shared/data/hand-atlas"))
    parser.add_argument("--out", type=Path, default=Path("runs/localizer"))
    parser.add_argument("--minutes", type=float, default=70.0, help="wall-clock training budget")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--resume", type=Path, help="continue from this checkpoint")
    parser.add_argument("--lr", type=float, default=2e-3, help="peak learning rate")
    args = parser.parse_args(argv)
    train(
        args.atlas,
        args.out,
        args.minutes,
        args.batch,
        args.size,
        args.seed,
        args.threads,
        args.resume,
        args.lr,
    )


if __name__ == "__main__":
    main()
