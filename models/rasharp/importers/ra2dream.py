"""RA2 DREAM challenge tables: one wide row of Sharp/van der Heijde grades per patient.

Columns are named ``<limb>_<area>_<E|J>__<joint>``: ``LH``/``RH`` left or right hand (``LF``,
``RF`` feet), ``E`` erosion, ``J`` joint space narrowing, for example ``LH_pip_E__2`` (erosion
of PIP2), ``RH_mcp_J__3`` (narrowing of MCP3), ``LH_mcp_E__ip`` (erosion of the thumb's IP
joint) and ``LH_wrist_E__mc1`` (erosion at the base of metacarpal 1, CMC1 here). Feet and the
other wrist areas are outside this scheme and are listed in ``unmapped``. Images, when given,
are ``<Patient_ID>-LH.<ext>`` and ``<Patient_ID>-RH.<ext>``; the table has no joint positions,
so crops need the localizer (``LabelledSet.to_crops(locate=...)``).
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import (
    ImportFormatError,
    LabelledJoint,
    LabelledSet,
    find_image,
    parse_grade,
    read_table,
)

COLUMN = re.compile(
    r"^(?P<limb>[LR][HF])_(?P<area>[a-z]+)_(?P<kind>[EJ])__(?P<joint>[a-z0-9]+)$", re.I
)
SIDES = {"L": "left", "R": "right"}
KINDS = {"E": "erosion", "J": "jsn"}


def scheme_joint(area: str, joint: str) -> str | None:
    """This scheme's code for a hand column's area and joint, or None when it has none."""
    area, joint = area.lower(), joint.lower()
    if area in ("mcp", "pip") and joint == "ip":
        return "IP1"
    if area == "pip" and joint in ("2", "3", "4", "5"):
        return f"PIP{joint}"
    if area == "mcp" and joint in ("1", "2", "3", "4", "5"):
        return f"MCP{joint}"
    if area == "wrist" and joint == "mc1":
        return "CMC1"
    return None


def column_for(side: str, code: str, kind: str) -> str | None:
    """The RA2 DREAM column of a hand joint's grade (``LH_pip_E__2``), or None when it has none."""
    limb = "LH" if side == "left" else "RH"
    letter = "E" if kind == "erosion" else "J"
    if code == "IP1":
        return f"{limb}_mcp_{letter}__ip"
    if code.startswith(("PIP", "MCP")):
        return f"{limb}_{code[:3].lower()}_{letter}__{code[3:]}"
    if code == "CMC1" and kind == "erosion":
        return f"{limb}_wrist_E__mc1"
    return None


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
