"""The hand-atlas (real left hands with annotated joints) as training material for the scorer.

Uses the same held-out split as the localizer: images whose sorted index i has i % 5 == 0 are
validation and never used for training.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..scheme import JOINTS

DEFAULT_ATLAS = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "hand-atlas"


@dataclass
class AtlasHand:
    image: Path
    points: dict[str, tuple[float, float]]  # joint code -> (x, y)
    side: str = "left"
    source: str = "atlas"  # "atlas" (annotated joints) or "rsna" (joints found by the localizer)


def load_atlas(root: str | Path = DEFAULT_ATLAS) -> list[AtlasHand]:
    root = Path(root).resolve()
    table = root / "landmarks.csv"
    if not table.exists():
        raise FileNotFoundError(f"{table} not found: the hand atlas is expected at {root}")
    hands = []
    with table.open(newline="") as handle:
        for row in csv.DictReader(handle):
            points = {
                j.code: (float(row[f"{j.atlas_landmark}_x"]), float(row[f"{j.atlas_landmark}_y"]))
                for j in JOINTS
            }
            hands.append(AtlasHand(root / "images" / row["image"], points))
    return sorted(hands, key=lambda h: h.image.name)


def split(hands: list[AtlasHand]) -> tuple[list[AtlasHand], list[AtlasHand]]:
    """(training, validation): every fifth image by sorted file name is validation."""
    ordered = sorted(hands, key=lambda h: h.image.name)
    training = [h for i, h in enumerate(ordered) if i % 5 != 0]
    validation = [h for i, h in enumerate(ordered) if i % 5 == 0]
    return training, validation
