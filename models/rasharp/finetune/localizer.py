"""Fine-tuning the localizer on the films where readers moved markers: the positions they
signed off are the targets of the refining pass's upright view of each hand.

The localizer in use is shipped as ONNX only, its batch norms folded into the convolutions; it
is read back into the PyTorch network with each batch norm as the identity plus the folded
bias (checked against the ONNX file), and trained with the batch norms and the early layers
fixed, as the localizer's own training keeps them.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

from ..imaging import read_image
from ..localization import geometry as g
from ..localization.export import check_parity, export_model
from ..localization.infer import Localizer
from ..localization.model import STRIDE, JointHeatmapNet
from ..localization.posing import crop_frame, knuckle_span, up_angle
from ..localization.synth import PRELOAD_MAX_SIDE, SIGMA_CELLS
from ..localization.train import freeze_early_layers, joint_loss
from ..pipeline import LOCALIZER_FILE
from ..scheme import JOINT_CODES, JOINT_INDEX
from ..snapshots import Snapshot, SnapshotFilm
from .config import FinetuneConfig, FinetuneError
from .split import Split

LOCALIZER_BATCH = 8
LOCALIZER_LEARNING_RATE = 2e-4


def moved_markers(film: SnapshotFilm) -> int:
    return sum(1 for j in film.joints if j.present and j.position_source != "model")


def hands_of(film: SnapshotFilm) -> dict[str, np.ndarray]:
    """side -> 15 x 2 joint positions in scheme order (NaN where absent)."""
    hands: dict[str, np.ndarray] = {}
    for j in film.joints:
        if j.present and j.x is not None and j.y is not None:
            points = hands.setdefault(j.side, np.full((len(JOINT_CODES), 2), np.nan))
            points[JOINT_INDEX[j.joint]] = (j.x, j.y)
    return {side: p for side, p in hands.items() if np.count_nonzero(~np.isnan(p[:, 0])) >= 3}


def localizer_from_onnx(path: Path) -> tuple[JointHeatmapNet, int]:
    """The PyTorch network of an exported localizer file, and its input size."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path))
    meta = {entry.key: entry.value for entry in graph.metadata_props}
    size = int(meta["input_size"])
    weights = {t.name: numpy_helper.to_array(t) for t in graph.graph.initializer}
    model = JointHeatmapNet(pretrained=False).eval()
    order: list[nn.Module] = []
    hooks = [
        m.register_forward_hook(lambda module, _i, _o: order.append(module))
        for m in model.modules()
        if isinstance(m, nn.Conv2d | nn.BatchNorm2d)
    ]
    with torch.no_grad():
        model(torch.zeros(1, 1, size, size))
    for hook in hooks:
        hook.remove()
    nodes = [n for n in graph.graph.node if n.op_type == "Conv"]
    convs = [(k, m) for k, m in enumerate(order) if isinstance(m, nn.Conv2d)]
    if len(nodes) != len(convs):
        raise FinetuneError(
            f"{path} has {len(nodes)} convolutions, the localizer network {len(convs)}: "
            "it cannot be fine-tuned by this rasharp version"
        )
    with torch.no_grad():
        for (k, conv), node in zip(convs, nodes, strict=True):
            weight = weights[node.input[1]]
            bias = weights[node.input[2]] if len(node.input) > 2 else np.zeros(weight.shape[0])
            if tuple(conv.weight.shape) != weight.shape:
                raise FinetuneError(f"{path}: a convolution of another shape than the network's")
            conv.weight.copy_(torch.from_numpy(weight.copy()))
            follower = order[k + 1] if k + 1 < len(order) else None
            if isinstance(follower, nn.BatchNorm2d):
                follower.weight.fill_(1.0)
                follower.bias.copy_(torch.from_numpy(bias.copy()))
                follower.running_mean.zero_()
                follower.running_var.fill_(1.0 - follower.eps)
            elif conv.bias is not None:
                conv.bias.copy_(torch.from_numpy(bias.copy()))
    try:
        check_parity(model, path, size)
    except RuntimeError as exc:
        raise FinetuneError(f"{path} could not be read back for fine-tuning: {exc}") from None
    return model, size


class HandViews:
    """Upright views of the corrected films' hands as the refining pass frames them, moved,
    turned and zoomed a little, with their joints' target maps."""

    def __init__(self, films: list[SnapshotFilm], images: Path, size: int, stride: int, seed: int):
        self.size, self.stride = size, stride
        self.rng = np.random.default_rng(seed)
        self.films = []
        for film in films:
            picture = read_image(images / film.image).to_pil()
            factor = min(1.0, PRELOAD_MAX_SIDE / max(picture.size))
            picture = picture.resize(
                (round(picture.width * factor), round(picture.height * factor)), Image.BOX
            )
            hands = {side: p * factor for side, p in hands_of(film).items()}
            if hands:
                self.films.append((picture, hands))
        if not self.films:
            raise FinetuneError("no corrected film has a hand with three or more joints")

    def sample(self) -> tuple[np.ndarray, np.ndarray]:
        rng = self.rng
        picture, hands = self.films[rng.integers(len(self.films))]
        joints = list(hands.values())[rng.integers(len(hands))]
        angle = up_angle(joints) or 0.0
        upright = g.rotate(-angle)
        present = joints[~np.isnan(joints[:, 0])]
        pts = g.apply(upright, present)
        centre_upright, extent = crop_frame(pts.min(axis=0), pts.max(axis=0))
        centre = g.apply(np.linalg.inv(upright), centre_upright)[0]
        shift = rng.uniform(-0.05, 0.05, 2) * self.size
        camera = (
            g.translate(self.size / 2 + shift[0], self.size / 2 + shift[1])
            @ g.rotate(rng.uniform(-10, 10) - angle)
            @ g.scale(self.size / extent * rng.uniform(0.9, 1.1))
            @ g.translate(*-centre)
        )
        view = np.asarray(g.warp(picture, camera, (self.size, self.size)), np.float32) / 255.0
        view = np.clip(view ** rng.uniform(0.8, 1.25) * rng.uniform(0.85, 1.1), 0.0, 1.0)
        return view, self._targets(hands, camera)

    def _targets(self, hands: dict[str, np.ndarray], camera: np.ndarray) -> np.ndarray:
        cells = self.size // self.stride
        to_cells = np.linalg.inv(g.cells_to_pixels(self.stride)) @ camera
        maps = np.zeros((len(JOINT_CODES), cells, cells), np.float32)
        yy, xx = np.mgrid[0:cells, 0:cells].astype(np.float32)
        for joints in hands.values():
            for index, point in enumerate(joints):
                if np.isnan(point).any():
                    continue
                cx, cy = g.apply(to_cells, [point])[0]
                if 0 <= cx < cells and 0 <= cy < cells:
                    blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * SIGMA_CELLS**2))
                    np.maximum(maps[index], blob, out=maps[index])
        return maps

    def batch(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        views, targets = zip(*(self.sample() for _ in range(n)), strict=True)
        return torch.from_numpy(np.stack(views)[:, None]), torch.from_numpy(np.stack(targets))


def landmark_errors(path: Path, films: list[SnapshotFilm], images: Path) -> dict:
    """How far the localizer's joints lie from the signed-off positions, in knuckle spans."""
    localizer = Localizer(path, ["CPUExecutionProvider"])
    errors, moved, missed = [], [], 0
    for film in films:
        _, found = localizer.locate(read_image(images / film.image))
        where = {(j.side, j.joint): (j.x, j.y) for j in found if j.present}
        hands = hands_of(film)
        for j in film.joints:
            if j.side not in hands or not j.present or j.x is None:
                continue
            span = knuckle_span(hands[j.side]) or 1.0
            if (j.side, j.joint) not in where:
                missed += 1
                continue
            error = math.dist(where[(j.side, j.joint)], (j.x, j.y)) / span
            errors.append(error)
            if j.position_source != "model":
                moved.append(error)
    return {
        "mean_error": float(np.mean(errors)) if errors else None,
        "mean_error_moved": float(np.mean(moved)) if moved else None,
        "joints": len(errors),
        "moved_joints": len(moved),
        "missed": missed,
    }


def finetune_localizer(
    snapshot: Snapshot, split: Split, base: Path, work: Path, config: FinetuneConfig, report
) -> dict | None:
    """None when not asked for; else what was done and the landmark errors of the candidate and
    the localizer in use on the validation films (``shipped``: a new localizer.onnx is in
    ``work``)."""
    if not config.localizer:
        return None
    images = snapshot.directory / "images"
    corrected = [f for f in split.train + split.calibration if moved_markers(f)]
    if not corrected:
        return {
            "trained": False,
            "shipped": False,
            "reason": "no training film has a marker a reader moved; the localizer in use is kept",
        }
    started = time.monotonic()
    model, size = localizer_from_onnx(base / LOCALIZER_FILE)
    views = HandViews(corrected, images, size, STRIDE, config.seed)
    torch.manual_seed(config.seed)
    freeze_early_layers(model)
    model.train()
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.eval()  # folded statistics: batch statistics would undo them
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad],
        lr=LOCALIZER_LEARNING_RATE,
        weight_decay=1e-4,
    )
    losses = []
    for step in range(config.localizer_steps):
        x, y = views.batch(LOCALIZER_BATCH)
        loss = joint_loss(model.forward_logits(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
        report("training", step + 1, config.localizer_steps, float(np.mean(losses[-10:])))
    base_version = Localizer(base / LOCALIZER_FILE, ["CPUExecutionProvider"]).version
    version = f"{base_version}+finetuned-{time.strftime('%Y%m%d-%H%M%S')}"
    export_model(
        model.eval(),
        work / LOCALIZER_FILE,
        version,
        size,
        config.localizer_steps,
        {"parent_version": base_version, "snapshot": str(snapshot.manifest.get("name"))},
    )
    validation = split.validation
    report("evaluating", 0, len(validation))
    candidate = landmark_errors(work / LOCALIZER_FILE, validation, images)
    in_use = landmark_errors(base / LOCALIZER_FILE, validation, images)
    return {
        "trained": True,
        "shipped": True,
        "version": version,
        "parent_version": base_version,
        "corrected_films": len(corrected),
        "moved_markers": sum(moved_markers(f) for f in corrected),
        "steps": config.localizer_steps,
        "seconds": round(time.monotonic() - started, 1),
        "final_loss": losses[-1] if losses else None,
        "candidate_error": candidate["mean_error"],
        "in_use_error": in_use["mean_error"],
        "error_unit": "knuckle spans (MCP2-MCP5)",
        "candidate": candidate,
        "in_use": in_use,
    }
