"""The real hands lesions are drawn on, by source, in their fixed parts: training, calibration
(temperatures and uncertainty thresholds) and held out (evaluation only).

- hand atlas: annotated joints; the localizer's split (every fifth image held out), every 11th
  remaining image calibrates;
- rsna-hands: joints found by the localizer, confident hands only (:mod:`.rsna`), split by file.

Crops keep their source in the image number: rsna-hands images are numbered from
``RSNA_IMAGE_OFFSET``.
"""

from __future__ import annotations

from .atlas import AtlasHand, load_atlas, split

CALIBRATION_EVERY = 11  # every 11th atlas training image is kept apart for calibration
RSNA_IMAGE_OFFSET = 10_000
IMPORTED_IMAGE_OFFSET = 100_000  # imported labelled films (see commands.imported_crops)


def atlas_parts(root) -> dict[str, list[AtlasHand]]:
    training, held_out = split(load_atlas(root))
    return {
        "train": [h for i, h in enumerate(training) if i % CALIBRATION_EVERY != 0],
        "calibration": [h for i, h in enumerate(training) if i % CALIBRATION_EVERY == 0],
        "test": held_out,
    }


def source_of(image_index: int) -> str:
    if image_index >= IMPORTED_IMAGE_OFFSET:
        return "imported"
    return "rsna-hands" if image_index >= RSNA_IMAGE_OFFSET else "atlas"
