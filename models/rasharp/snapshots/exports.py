"""A snapshot in the formats the importers read: ARISE-2025 and RA2 DREAM."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from ..imaging import read_image
from ..ra2dream_columns import hand_column
from .format import Snapshot

ARISE_BOX_COLUMNS = ["patient_id", "joint_id", "xcenter", "ycenter", "dx", "dy"]
ARISE_SCORE_COLUMNS = ["patient_id", "joint_id", "expert", "jsn_score", "erosion_score"]
# A joint without a box of its own gets one this share of the film's width and height.
DEFAULT_BOX = 0.04


def export_arise(snapshot: Snapshot, out_dir: str | Path, labels: str = "readers") -> Path:
    """``boxes.csv``, ``scores.csv`` (one row per joint and reader, or one "final" expert with
    ``labels="final"``) and ``images/``; joint ids name the joint (``left_PIP2``)."""
    out_dir = Path(out_dir)
    (out_dir / "images").mkdir(parents=True, exist_ok=True)
    boxes, scores = [], []
    for film in snapshot.films:
        source = snapshot.directory / "images" / film.image
        shutil.copyfile(source, out_dir / "images" / film.image)
        picture = read_image(source)
        w, h = picture.width, picture.height
        patient = Path(film.image).stem
        for j in film.joints:
            if not j.present or j.x is None or j.y is None:
                continue
            joint_id = f"{j.side}_{j.joint}"
            dx, dy = (
                ((j.box[2] - j.box[0]) / w, (j.box[3] - j.box[1]) / h)
                if j.box
                else (DEFAULT_BOX, DEFAULT_BOX)
            )
            boxes.append([patient, joint_id, j.x / w, j.y / h, dx, dy])
            experts = {"final": j.final} if labels == "final" else j.readers
            for expert, grades in sorted(experts.items()):
                scores.append(
                    [
                        patient,
                        joint_id,
                        expert,
                        _cell(grades.get("jsn")),
                        _cell(grades.get("erosion")),
                    ]
                )
    _write(out_dir / "boxes.csv", ARISE_BOX_COLUMNS, boxes)
    _write(out_dir / "scores.csv", ARISE_SCORE_COLUMNS, scores)
    return out_dir


def export_ra2_dream(snapshot: Snapshot, out_csv: str | Path) -> Path:
    """One wide row of final grades per film (``Patient_ID`` is the film's image name without
    its extension), in the columns of :mod:`rasharp.ra2dream_columns` (DIP joints included)."""
    out_csv = Path(out_csv)
    columns: dict[tuple[str, str, str], str] = {}
    rows = []
    for film in snapshot.films:
        row = {"Patient_ID": Path(film.image).stem}
        for j in film.joints:
            for kind, grade in j.final.items():
                if j.present:
                    column = columns[(j.side, j.joint, kind)] = hand_column(j.side, j.joint, kind)
                    row[column] = _cell(grade)
        rows.append(row)
    header = ["Patient_ID", *sorted(columns.values())]
    out_csv.parent.mkdir(parents=True, exist_ok=True)
    with out_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out_csv


def _cell(grade: int | None) -> str:
    return "" if grade is None else str(grade)


def _write(path: Path, columns: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
