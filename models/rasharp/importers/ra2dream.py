"""RA2 DREAM challenge tables: one wide row of Sharp/van der Heijde grades per patient.

Columns are named as :mod:`rasharp.ra2dream_columns` describes (``LH_pip_E__2`` is the
erosion of PIP2 on the left hand); feet and the wrist areas other than the base of metacarpal 1
are outside this scheme and are listed in ``unmapped``. Images, when given, are
``<Patient_ID>-LH.<ext>`` and ``<Patient_ID>-RH.<ext>``; the table has no joint positions, so
crops need the localizer (``LabelledSet.to_crops(locate=...)``).
"""

from __future__ import annotations

from pathlib import Path

from ..ra2dream_columns import COLUMN, KINDS, SIDES, scheme_joint
from .common import (
    ImportFormatError,
    LabelledJoint,
    LabelledSet,
    find_image,
    parse_grade,
    read_table,
)


def read_ra2_dream(table_csv: str | Path, image_dir: str | Path | None = None) -> LabelledSet:
    rows, cols = read_table(table_csv, [["patient_id"]], "RA2 DREAM table")
    header = list(rows[0].keys()) if rows else []
    mapped, unmapped = {}, []
    for name in header:
        match = COLUMN.match(name.strip())
        if match is None:
            continue
        limb = match["limb"].upper()
        code = scheme_joint(match["area"], match["joint"]) if limb.endswith("H") else None
        kind = KINDS[match["kind"].upper()]
        if code is None or (code == "CMC1" and kind == "jsn"):
            unmapped.append(name)
            continue
        mapped[name] = (SIDES[limb[0]], code, kind)
    if not mapped:
        raise ImportFormatError(
            f"{Path(table_csv).name} has no hand grade columns such as LH_pip_E__2"
        )
    image_dir = Path(image_dir) if image_dir else None
    joints = []
    for n, row in enumerate(rows, start=2):
        patient = row[cols["patient_id"]].strip()
        by_joint: dict[tuple[str, str], LabelledJoint] = {}
        for name, (side, code, kind) in mapped.items():
            grade = parse_grade(row[name], kind, f"line {n} column {name}")
            if grade is None:
                continue
            if (side, code) not in by_joint:
                stem = f"{patient}-{'LH' if side == 'left' else 'RH'}"
                image = find_image(image_dir, stem) if image_dir else Path(stem)
                by_joint[(side, code)] = LabelledJoint(image, side, code, {})
            by_joint[(side, code)].grades[kind] = [grade]
        joints.extend(by_joint.values())
    return LabelledSet(joints, readers=1, unmapped=unmapped)
