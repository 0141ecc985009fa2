"""What every importer produces: readers' grades per joint, and crops for training."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..imaging import read_image
from ..reader_agreement import MISSING, dawid_skene
from ..scheme import GRADE_KINDS, GRADE_RANGES, JOINT_CODES, JOINTS_BY_CODE
from ..scoring.crops import crop_frame, extract, extract_views, hand_scale
from ..scoring.simdata import IGNORE, CropSet


class ImportFormatError(ValueError):
    """A file does not follow the format it was read as; the message says where and what."""


@dataclass
class LabelledJoint:
    image: Path
    side: str  # "left" | "right"
    joint: str  # scheme code
    grades: dict[str, list[int | None]] = field(
        default_factory=dict
    )  # kind -> one grade per reader
    x: float | None = None  # joint centre in image pixels, when the format gives it
    y: float | None = None
    box: list[float] | None = None


@dataclass
class LabelledSet:
    joints: list[LabelledJoint]
    readers: int
    unmapped: list[str] = field(default_factory=list)  # columns or joints outside this scheme

    def __len__(self) -> int:
        return len(self.joints)

    @property
    def images(self) -> list[Path]:
        return sorted({j.image for j in self.joints})

    def reader_table(self, kind: str) -> tuple[np.ndarray, list[LabelledJoint]]:
        """(items x readers grade table with -1 for missing, the joints in its row order)."""
        rows = [
            j
            for j in self.joints
            if j.grades.get(kind) and any(g is not None for g in j.grades[kind])
        ]
        table = np.full((len(rows), self.readers), MISSING, np.int64)
        for i, j in enumerate(rows):
            for r, g in enumerate(j.grades[kind]):
                if g is not None:
                    table[i, r] = g
        return table, rows

    def consensus(self) -> dict[tuple[Path, str, str], dict[str, int]]:
        """(image, side, joint) -> {kind: grade}: Dawid-Skene over readers, or the one reader's grade."""
        out: dict = defaultdict(dict)
        for kind in GRADE_KINDS:
            table, rows = self.reader_table(kind)
            if not rows:
                continue
            if self.readers > 1:
                grades = dawid_skene(table, GRADE_RANGES[kind].classes).grades
            else:
                grades = table[:, 0]
            for j, g in zip(rows, grades, strict=True):
                out[(j.image, j.side, j.joint)][kind] = int(g)
        return dict(out)

    def to_crops(self, locate=None, graded_views: bool = False):
        """A CropSet of every labelled joint that has a position (or that ``locate`` finds); with
        ``graded_views`` every view the grader averages, as for grading, else one crop per joint.

        ``locate(image_path) -> {(side, code): (x, y)}`` supplies joint positions for formats
        without them (RA2 DREAM); it is usually the localizer.
        """
        labels = self.consensus()
        by_image: dict[Path, list[LabelledJoint]] = defaultdict(list)
        for j in self.joints:
            by_image[j.image].append(j)
        crops, erosion, jsn, codes, images = [], [], [], [], []
        for index, (path, joints) in enumerate(sorted(by_image.items())):
            positions = {(j.side, j.joint): (j.x, j.y) for j in joints if j.x is not None}
            if locate is not None and len(positions) < len(joints):
                positions = {**locate(path), **positions}
            if not positions:
                continue
            pixels = read_image(path).pixels
            for j in joints:
                grade = labels.get((j.image, j.side, j.joint), {})
                if (j.side, j.joint) not in positions or (
                    "erosion" not in grade and "jsn" not in grade
                ):
                    continue
                points = {code: xy for (side, code), xy in positions.items() if side == j.side}
                scale = hand_scale(points)
                if scale is None:
                    continue
                frame = crop_frame(j.joint, points, j.side, scale)
                crops.append(
                    extract_views(pixels, frame, scale) if graded_views else extract(pixels, frame)
                )
                erosion.append(grade.get("erosion", IGNORE))
                jsn.append(
                    grade.get("jsn", IGNORE) if JOINTS_BY_CODE[j.joint].scores("jsn") else IGNORE
                )
                codes.append(JOINT_CODES.index(j.joint))
                images.append(index)
        if not crops:
            raise ImportFormatError("none of the labelled joints has a position to cut a crop from")
        stack = np.clip(np.stack(crops) * 255.0 + 0.5, 0, 255).astype(np.uint8)
        return CropSet(stack, np.array(erosion), np.array(jsn), np.array(codes), np.array(images))


def read_table(
    path: str | Path, required: list[list[str]], what: str
) -> tuple[list[dict], dict[str, str]]:
    """Rows of a CSV file and, for each required column (given as accepted spellings), its name."""
    path = Path(path)
    if not path.exists():
        raise ImportFormatError(f"{what} {path} not found")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = {name.strip().lower(): name for name in (reader.fieldnames or [])}
        rows = list(reader)
    columns = {}
    for spellings in required:
        found = next((header[s] for s in spellings if s in header), None)
        if found is None:
            raise ImportFormatError(
                f"{what} {path.name} has no column {' / '.join(spellings)} "
                f"(columns found: {', '.join(header.values()) or 'none'})"
            )
        columns[spellings[0]] = found
    return rows, columns


def parse_grade(value, kind: str, where: str) -> int | None:
    text = str(value).strip().lower()
    if text in ("", "na", "nan", "none", "null", "-"):
        return None
    try:
        number = float(text)
    except ValueError:
        raise ImportFormatError(f"{where}: {kind} grade {value!r} is not a number") from None
    grade = round(number)
    r = GRADE_RANGES[kind]
    if abs(number - grade) > 1e-6 or not r.contains(grade):
        raise ImportFormatError(
            f"{where}: {kind} grade {value!r} is not a whole number {r.minimum}-{r.maximum}"
        )
    return grade


def find_image(directory: Path, stem: str) -> Path:
    for suffix in (".jpg", ".jpeg", ".png", ".dcm", ".JPG", ".JPEG", ".PNG", ".DCM", ""):
        candidate = directory / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    raise ImportFormatError(
        f"no image for {stem!r} in {directory} (looked for .jpg, .jpeg, .png, .dcm)"
    )
