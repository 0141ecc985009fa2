"""The hand-atlas annotations (landmarks.csv) and the fixed train/validation split."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..scheme import JOINTS

# Landmarks that outline the hand (joints, finger tips, metacarpal bases, wrist): used for the
# hand-region mask and crop extents, never reported as joints.
JOINT_LANDMARKS = tuple(j.atlas_landmark for j in JOINTS)


@dataclass
class AtlasHand:
    image_path: Path
    landmarks: dict[str, np.ndarray]  # name -> (x, y) in stored-image pixels

    def joints(self) -> np.ndarray:
        """15 x 2 joint coordinates in scheme order."""
        return np.stack([self.landmarks[name] for name in JOINT_LANDMARKS]).astype(np.float32)

    def outline(self) -> np.ndarray:
        return np.stack(list(self.landmarks.values())).astype(np.float32)


def read_atlas(root: str | Path) -> list[AtlasHand]:
    root = Path(root)
    with open(root / "landmarks.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    hands = []
    for row in rows:
        names = [k[:-2] for k in row if k.endswith("_x")]
        landmarks = {n: np.array([float(row[f"{n}_x"]), float(row[f"{n}_y"])]) for n in names}
        hands.append(AtlasHand(root / "images" / row["image"], landmarks))
    hands.sort(key=lambda h: h.image_path.name)
    return hands


def is_validation(index: int) -> bool:
    """Every fifth image in file-name order is held out (22 of 110); never trained on."""
    return index % 5 == 0


def split(hands: list[AtlasHand], part: str) -> list[AtlasHand]:
    if part not in ("train", "val", "all"):
        raise ValueError("part must be train, val or all")
    if part == "all":
        return list(hands)
    return [h for i, h in enumerate(hands) if is_validation(i) == (part == "val")]
