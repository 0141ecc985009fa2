"""Localization metrics: share of joints within 0.10 / 0.15 of the knuckle span, median normalized
error, side accuracy; per joint and overall; optional overlay pictures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import ImageDraw

from ..imaging import Radiograph, read_image
from ..results import Analysis
from ..scheme import JOINT_CODES, JOINT_INDEX
from .labels import LabelledHand, LabelledImage
from .posing import knuckle_span

THRESHOLDS = (0.10, 0.15)


@dataclass
class LocalizationReport:
    errors: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in JOINT_CODES})
    hands: int = 0
    sides_right: int = 0
    images: int = 0

    def add(self, truth: list[LabelledHand], analysis: Analysis) -> list[tuple]:
        """Score one image; returns (truth hand, matched predicted joints) pairs for drawing."""
        self.images += 1
        predicted = _predicted_hands(analysis)
        pairs = []
        for hand in truth:
            self.hands += 1
            match = _match(hand, predicted)
            if match is None:
                for index, code in enumerate(JOINT_CODES):
                    if not np.isnan(hand.joints[index, 0]):
                        self.errors[code].append(np.inf)
                pairs.append((hand, None))
                continue
            side, points = match
            predicted.remove(match)
            self.sides_right += int(side == hand.side)
            span = knuckle_span(hand.joints) or 1.0
            for index, code in enumerate(JOINT_CODES):
                if np.isnan(hand.joints[index, 0]):
                    continue
                error = np.linalg.norm(points[index] - hand.joints[index]) / span
                self.errors[code].append(np.inf if np.isnan(error) else float(error))
            pairs.append((hand, points))
        return pairs

    def summary(self) -> dict:
        def stats(values: list[float]) -> dict:
            v = np.array(values)
            return {
                "n": len(v),
                **{
                    f"within_{t:.2f}": float(np.mean(v <= t)) if len(v) else None
                    for t in THRESHOLDS
                },
                "median_error": float(np.median(v)) if len(v) else None,
            }

        every = [e for values in self.errors.values() for e in values]
        return {
            "images": self.images,
            "hands": self.hands,
            "side_accuracy": self.sides_right / self.hands if self.hands else None,
            "overall": stats(every),
            "per_joint": {code: stats(values) for code, values in self.errors.items()},
        }


def _predicted_hands(analysis: Analysis) -> list[tuple[str, np.ndarray]]:
    """Joints come hand by hand, 15 per hand, in the order of ``analysis.hands``."""
    hands = []
    for index, hand in enumerate(analysis.hands):
        points = np.full((len(JOINT_CODES), 2), np.nan)
        for j in analysis.joints[index * len(JOINT_CODES) : (index + 1) * len(JOINT_CODES)]:
            if j.present:
                points[JOINT_INDEX[j.joint]] = (j.x, j.y)
        hands.append((hand.side, points))
    return hands


def _match(truth: LabelledHand, predicted: list[tuple[str, np.ndarray]]):
    """The predicted hand whose joints lie closest to the annotated ones."""
    best, best_distance = None, np.inf
    for candidate in predicted:
        both = ~np.isnan(truth.joints[:, 0]) & ~np.isnan(candidate[1][:, 0])
        if not both.any():
            continue
        distance = np.median(np.linalg.norm(truth.joints[both] - candidate[1][both], axis=1))
        if distance < best_distance:
            best, best_distance = candidate, distance
    span = knuckle_span(truth.joints) or 1.0
    return best if best_distance < span else None


def compose_pair(left: LabelledImage, right_source: LabelledImage) -> LabelledImage:
    """Two hands on one film: ``right_source`` mirrored (a right hand) on the image's left, the
    left hand on its right, as a PA two-hand radiograph shows them."""
    first = read_image(right_source.path).pixels[:, ::-1]
    second = read_image(left.path).pixels
    gap = first.shape[1] // 20
    height = max(first.shape[0], second.shape[0])
    background = float(np.median(np.concatenate([first[:, 0], second[:, -1]])))
    canvas = np.full((height, first.shape[1] + gap + second.shape[1]), background, dtype=np.float32)
    canvas[: first.shape[0], : first.shape[1]] = first
    offset = first.shape[1] + gap
    canvas[: second.shape[0], offset:] = second
    mirrored = right_source.hands[0].joints.copy()
    mirrored[:, 0] = first.shape[1] - 1 - mirrored[:, 0]
    shifted = left.hands[0].joints.copy()
    shifted[:, 0] += offset
    return LabelledImage(
        f"{right_source.name}+{left.name}",
        None,
        [LabelledHand("right", mirrored), LabelledHand("left", shifted)],
        canvas,
    )


def draw_overlay(image: Radiograph, pairs: list[tuple], path: Path, max_side: int = 1200) -> None:
    picture = image.to_pil().convert("RGB")
    factor = min(1.0, max_side / max(picture.size))
    picture = picture.resize((round(picture.width * factor), round(picture.height * factor)))
    draw = ImageDraw.Draw(picture)
    radius = max(3, round(6 * factor * 2))
    for truth, points in pairs:
        for index, code in enumerate(JOINT_CODES):
            tx, ty = truth.joints[index] * factor
            if not np.isnan(tx):
                draw.ellipse(
                    [tx - radius, ty - radius, tx + radius, ty + radius],
                    outline=(0, 220, 0),
                    width=2,
                )
            if points is not None and not np.isnan(points[index, 0]):
                px, py = points[index] * factor
                draw.line([px - radius, py, px + radius, py], fill=(255, 40, 40), width=2)
                draw.line([px, py - radius, px, py + radius], fill=(255, 40, 40), width=2)
                draw.text((px + radius, py - radius), code, fill=(255, 220, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path)


def evaluate(
    items: list[LabelledImage], analyzer, compose: bool = False, overlays: Path | None = None
) -> dict:
    """Run the analyzer on every labelled image (and, with ``compose``, on two-hand films made of
    consecutive pairs) and summarise single and two-hand results separately."""
    reports = {"single": LocalizationReport()}
    jobs = [("single", item) for item in items]
    if compose:
        reports["two_hands"] = LocalizationReport()
        jobs += [
            ("two_hands", compose_pair(items[i], items[(i + 1) % len(items)]))
            for i in range(len(items))
        ]
    for kind, item in jobs:
        image = Radiograph(item.pixels, "png") if item.pixels is not None else read_image(item.path)
        analysis = analyzer.analyze(image)
        pairs = reports[kind].add(item.hands, analysis)
        if overlays is not None:
            stem = "+".join(Path(part).stem for part in item.name.split("+"))
            draw_overlay(image, pairs, overlays / f"{kind}_{stem}.png")
    return {kind: report.summary() for kind, report in reports.items()}
