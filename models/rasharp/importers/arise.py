"""ARISE-2025 (hand radiographs with joint boxes and three experts' grades per joint).

Files: a box table with one row per joint and image (``patient_id, joint_id, xcenter, ycenter,
dx, dy``; box centre and size normalised to the image's width and height), a ``scores.csv``
with one row per joint and expert (``patient_id, joint_id, expert, jsn_score,
erosion_score``), and a folder of images named by patient id.

Joint ids are mapped onto this project's scheme either directly, when they already name a
joint (``left_PIP2``, ``PIP2_R``...), or through a joint map: a CSV ``joint_id, side, joint``
written for the dataset at hand (numeric ids differ between releases, so no numbering is
assumed). Joints the map leaves out (wrist areas, for instance) are listed in ``unmapped``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..imaging import read_image
from ..scheme import JOINT_CODES
from .common import (
    ImportFormatError,
    LabelledJoint,
    LabelledSet,
    find_image,
    parse_grade,
    read_table,
)

PATIENT = ["patient_id", "image_id", "image", "id"]
JOINT = ["joint_id", "joint"]
EXPERT = ["expert", "expert_id", "reader", "rater"]
SIDE_WORDS = {
    "l": "left",
    "left": "left",
    "lh": "left",
    "r": "right",
    "right": "right",
    "rh": "right",
}


def _named_joint(joint_id: str) -> tuple[str, str] | None:
    parts = joint_id.replace("-", "_").split("_")
    if len(parts) != 2:
        return None
    a, b = parts
    for side_word, code in ((a, b), (b, a)):
        if side_word.lower() in SIDE_WORDS and code.upper() in JOINT_CODES:
            return SIDE_WORDS[side_word.lower()], code.upper()
    return None


def read_joint_map(path: str | Path) -> dict[str, tuple[str, str]]:
    rows, cols = read_table(path, [["joint_id"], ["side"], ["joint", "code"]], "joint map")
    mapping = {}
    for n, row in enumerate(rows, start=2):
        side = SIDE_WORDS.get(row[cols["side"]].strip().lower())
        code = row[cols["joint"]].strip().upper()
        if side is None or code not in JOINT_CODES:
            raise ImportFormatError(
                f"joint map {Path(path).name} line {n}: side must be left/right and "
                f"joint one of {', '.join(JOINT_CODES)}"
            )
        mapping[row[cols["joint_id"]].strip()] = (side, code)
    return mapping


def read_arise(
    boxes_csv: str | Path,
    scores_csv: str | Path,
    image_dir: str | Path,
    joint_map: dict[str, tuple[str, str]] | str | Path | None = None,
) -> LabelledSet:
    image_dir = Path(image_dir)
    if joint_map is not None and not isinstance(joint_map, dict):
        joint_map = read_joint_map(joint_map)

    def where(joint_id: str) -> tuple[str, str] | None:
        if joint_map is not None and joint_id in joint_map:
            return joint_map[joint_id]
        named = _named_joint(joint_id)
        if named is None and joint_map is None:
            raise ImportFormatError(
                f"joint id {joint_id!r} does not name a joint of this scheme; give a joint map "
                f"(CSV joint_id,side,joint with joints {', '.join(JOINT_CODES)})"
            )
        return named

    box_rows, bc = read_table(
        boxes_csv, [PATIENT, JOINT, ["xcenter"], ["ycenter"], ["dx"], ["dy"]], "box table"
    )
    score_rows, sc = read_table(
        scores_csv,
        [PATIENT, JOINT, EXPERT, ["jsn_score", "jsn"], ["erosion_score", "erosion"]],
        "scores table",
    )
    experts = sorted({r[sc["expert"]].strip() for r in score_rows})
    expert_index = {e: i for i, e in enumerate(experts)}
    joints: dict[tuple[str, str], LabelledJoint] = {}
    unmapped: set[str] = set()
    sizes: dict[str, tuple[int, int]] = {}
    for n, row in enumerate(box_rows, start=2):
        patient, joint_id = row[bc["patient_id"]].strip(), row[bc["joint_id"]].strip()
        mapped = where(joint_id)
        if mapped is None:
            unmapped.add(joint_id)
            continue
        try:
            xc, yc, dx, dy = (float(row[bc[k]]) for k in ("xcenter", "ycenter", "dx", "dy"))
        except ValueError:
            raise ImportFormatError(
                f"box table line {n}: xcenter, ycenter, dx, dy must be numbers"
            ) from None
        if not all(0.0 <= v <= 1.0 for v in (xc, yc, dx, dy)):
            raise ImportFormatError(f"box table line {n}: box values must be normalised to 0..1")
        image = find_image(image_dir, patient)
        if patient not in sizes:
            picture = read_image(image)
            sizes[patient] = (picture.width, picture.height)
        w, h = sizes[patient]
        joints[(patient, joint_id)] = LabelledJoint(
            image,
            mapped[0],
            mapped[1],
            {"erosion": [None] * len(experts), "jsn": [None] * len(experts)},
            x=xc * w,
            y=yc * h,
            box=[(xc - dx / 2) * w, (yc - dy / 2) * h, (xc + dx / 2) * w, (yc + dy / 2) * h],
        )
    for n, row in enumerate(score_rows, start=2):
        key = (row[sc["patient_id"]].strip(), row[sc["joint_id"]].strip())
        if key not in joints:
            if where(key[1]) is not None:
                raise ImportFormatError(
                    f"scores table line {n}: patient {key[0]} joint {key[1]} has no box"
                )
            continue
        r = expert_index[row[sc["expert"]].strip()]
        joints[key].grades["jsn"][r] = parse_grade(
            row[sc["jsn_score"]], "jsn", f"scores table line {n}"
        )
        joints[key].grades["erosion"][r] = parse_grade(
            row[sc["erosion_score"]], "erosion", f"scores table line {n}"
        )
    for j in joints.values():
        if j.joint == "CMC1":
            j.grades.pop("jsn")
    return LabelledSet(list(joints.values()), len(experts), sorted(unmapped))


def write_joint_map(path: str | Path, mapping: dict[str, tuple[str, str]]) -> None:
    with Path(path).open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["joint_id", "side", "joint"])
        for joint_id, (side, code) in mapping.items():
            out.writerow([joint_id, side, code])
