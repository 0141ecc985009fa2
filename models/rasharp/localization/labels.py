"""Reading labelled joint positions: hand-atlas CSV, COCO hand keypoints, LabelMe points.

Every reader yields :class:`LabelledImage` items: an image (path or pixels) and its hands, each
hand a side and 15 joints in scheme order (NaN where not annotated).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..scheme import JOINT_CODES, JOINT_INDEX
from .atlas import read_atlas, split

# COCO(-WholeBody) 21-point hand: 0 wrist, then per finger 4 points from the base outwards.
COCO_HAND_TO_JOINT = {
    1: "CMC1",
    2: "MCP1",
    3: "IP1",
    **{
        1 + 4 * f + k: code
        for f in range(1, 5)
        for k, code in enumerate((f"MCP{f + 1}", f"PIP{f + 1}", f"DIP{f + 1}"))
    },
}


@dataclass
class LabelledHand:
    side: str
    joints: np.ndarray  # 15 x 2, NaN when not annotated


@dataclass
class LabelledImage:
    name: str
    path: Path | None
    hands: list[LabelledHand]
    pixels: np.ndarray | None = field(default=None, repr=False)  # a composed image, 0..1


def detect_format(folder: Path) -> str:
    if (folder / "landmarks.csv").exists():
        return "atlas"
    if (
        (folder.is_file() and folder.suffix == ".json")
        or any(folder.glob("*.coco.json"))
        or (folder / "annotations.json").exists()
    ):
        return "coco"
    if any(folder.glob("*.json")):
        return "labelme"
    raise ValueError(
        f"{folder}: no landmarks.csv (hand atlas), COCO annotations JSON or LabelMe "
        "JSON files found"
    )


def read_labels(folder: str | Path, part: str = "all") -> list[LabelledImage]:
    folder = Path(folder)
    kind = detect_format(folder)
    if kind == "atlas":
        return [
            LabelledImage(h.image_path.name, h.image_path, [LabelledHand("left", h.joints())])
            for h in split(read_atlas(folder), part)
        ]
    if kind == "coco":
        return read_coco(folder)
    return read_labelme(folder)


def read_coco(path: Path) -> list[LabelledImage]:
    if path.is_dir():
        path = next(iter(path.glob("*.coco.json")), path / "annotations.json")
    data = json.loads(path.read_text())
    images = {
        im["id"]: LabelledImage(im["file_name"], path.parent / im["file_name"], [])
        for im in data["images"]
    }
    for ann in data["annotations"]:
        target = images[ann["image_id"]]
        for key, side in (
            ("lefthand_kpts", "left"),
            ("righthand_kpts", "right"),
            ("keypoints", None),
        ):
            values = ann.get(key)
            if not values or len(values) != 63 or not any(values[2::3]):
                continue
            side = side or ann.get("side") or ann.get("attributes", {}).get("side", "left")
            joints = np.full((len(JOINT_CODES), 2), np.nan)
            for point, code in COCO_HAND_TO_JOINT.items():
                x, y, visible = values[3 * point : 3 * point + 3]
                if visible:
                    joints[JOINT_INDEX[code]] = (x, y)
            target.hands.append(LabelledHand(side, joints))
    return list(images.values())


def read_labelme(folder: Path) -> list[LabelledImage]:
    items = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        hands: dict[str, np.ndarray] = {}
        for shape in data.get("shapes", []):
            if shape.get("shape_type", "point") != "point":
                continue
            side, code = _labelme_label(shape["label"])
            if code is None:
                continue
            joints = hands.setdefault(side, np.full((len(JOINT_CODES), 2), np.nan))
            joints[JOINT_INDEX[code]] = shape["points"][0]
        items.append(
            LabelledImage(
                path.stem,
                path.parent / data["imagePath"],
                [LabelledHand(s, j) for s, j in hands.items()],
            )
        )
    return items


def _labelme_label(label: str) -> tuple[str, str | None]:
    """'PIP2', 'left_PIP2', 'R-PIP2', 'right PIP2' -> (side, code)."""
    text = label.strip().replace("-", "_").replace(" ", "_")
    side = "left"
    head, _, tail = text.partition("_")
    if tail and head.lower() in ("l", "left", "r", "right"):
        side = "left" if head.lower().startswith("l") else "right"
        text = tail
    code = text.upper()
    return side, code if code in JOINT_INDEX else None
