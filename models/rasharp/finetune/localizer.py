"""Fine-tuning the localizer on the markers readers moved (positions they corrected)."""

from __future__ import annotations

from pathlib import Path

from ..snapshots import Snapshot, SnapshotFilm
from .config import FinetuneConfig
from .split import Split


def moved_markers(film: SnapshotFilm) -> int:
    return sum(1 for j in film.joints if j.present and j.position_source != "model")


def finetune_localizer(
    snapshot: Snapshot, split: Split, base: Path, work: Path, config: FinetuneConfig, report
) -> dict | None:
    """None when not asked for; else what was done (``shipped``: a new localizer.onnx is in
    ``work``)."""
    if not config.localizer:
        return None
    corrected = [f for f in split.train + split.calibration if moved_markers(f)]
    if not corrected:
        return {
            "trained": False,
            "shipped": False,
            "reason": "no training film has a marker a reader moved; the localizer in use is kept",
        }
    return {
        "trained": False,
        "shipped": False,
        "reason": "localizer fine-tuning is not available in this version",
    }
