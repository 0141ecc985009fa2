"""The run's output files, JSON Lines and a wide CSV, appended to film by film so that an
interrupted run leaves valid files and the next run skips the films they already hold."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..scheme import JOINTS, SIDES, totals


@dataclass
class FilmResult:
    image: str
    record: dict | None = None  # the `rasharp predict --json` record
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # said on stderr, e.g. about --side

    @property
    def failed(self) -> bool:
        return self.error is not None

    def to_json(self) -> dict:
        return (
            self.record if self.record is not None else {"image": self.image, "error": self.error}
        )


def film_key(image: str) -> str:
    return os.path.abspath(image)


class OutputFileError(ValueError):
    """An output file that this run cannot append to."""


def _open_for_append(path: Path) -> tuple[str, TextIO]:
    """The file's complete lines, and the file opened to append after them: a line cut short
    by an interrupted run is dropped (its film is scored again). The file stays locked while
    open, so that two runs never write to it at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    file = open(path, "a", encoding="utf-8", newline="")  # noqa: SIM115 (open for the whole run)
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.close()
        raise OutputFileError(f"{path} is being written by another rasharp predict") from None
    data = path.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) != len(data):
        file.truncate(len(complete))
    return complete.decode("utf-8"), file


class JsonLinesOutput:
    """One JSON object per film and line; a film's error is a line too, and is tried again."""

    def __init__(self, path: Path):
        self.path = path
        text, self.file = _open_for_append(path)
        self.done: set[str] = set()
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and "image" in record and "error" not in record:
                self.done.add(film_key(record["image"]))

    def write(self, result: FilmResult) -> None:
        if film_key(result.image) not in self.done:
            self.file.write(json.dumps(result.to_json()) + "\n")
            self.file.flush()

    def close(self) -> None:
        self.file.close()


GRADE_COLUMNS = [f"{j.code}_{kind}" for j in JOINTS for kind in j.grades]
# CSV column -> key of rasharp.scheme.totals
TOTAL_COLUMNS = {
    "erosion_total": "erosion",
    "jsn_total": "jsn",
    "total": "total",
    "svdh_erosion_total": "svdh_erosion",
    "svdh_jsn_total": "svdh_jsn",
    "svdh_total": "svdh_total",
}
CSV_COLUMNS = [
    "image",
    "side",
    "side_source",
    "joints_found",
    *TOTAL_COLUMNS,
    *GRADE_COLUMNS,
    "uncertain",
    "warnings",
    "pixel_spacing_mm",
    "model",
]


class CsvOutput:
    """One row per film and hand (Right, then Left); a film without hands gets one row with no
    side. Failed films get no row and are tried again."""

    def __init__(self, path: Path):
        self.path = path
        text, self.file = _open_for_append(path)
        rows = list(csv.reader(io.StringIO(text)))
        if rows and rows[0] != CSV_COLUMNS:
            self.file.close()
            raise OutputFileError(
                f"{path} has other columns than this rasharp version writes; "
                "give another --csv file to start afresh"
            )
        if not rows:
            self._write_rows([CSV_COLUMNS])
        self.done = {film_key(row[0]) for row in rows[1:] if row}

    def write(self, result: FilmResult) -> None:
        if result.record is not None and film_key(result.image) not in self.done:
            self._write_rows(csv_rows(result.record))

    def _write_rows(self, rows: list[list]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        self.file.write(buffer.getvalue())  # a film's rows in one write
        self.file.flush()

    def close(self) -> None:
        self.file.close()


def csv_rows(record: dict) -> list[list]:
    """The CSV rows of one `--json` record, in the order of CSV_COLUMNS."""
    model = "; ".join(f"{name} {v}" for name, v in sorted(record["model"].items()) if v)
    hands = sorted(record["hands"], key=lambda h: SIDES.index(h["side"]))
    if not hands:
        return [[record["image"], "", "", 0] + [""] * (len(CSV_COLUMNS) - 5) + [model]]
    rows = []
    for hand in hands:
        side = hand["side"]
        joints = {j["joint"]: j for j in record["joints"] if j["side"] == side}
        grades = {
            f"{code}_{kind}": joint[kind]["score"]
            for code, joint in joints.items()
            for kind in ("erosion", "jsn")
            if joint.get(kind)
        }
        uncertain = [
            f"{code}_{kind}"
            for code, joint in joints.items()
            for kind in ("erosion", "jsn")
            if joint.get(kind) and joint[kind]["uncertain"]
        ]
        summed = totals(
            {
                (side, code): {k: grades.get(f"{code}_{k}") for k in ("erosion", "jsn")}
                for code in joints
            }
        )
        warnings = [w["code"] for w in record["warnings"] if w["side"] in (None, side)]
        rows.append(
            [
                record["image"],
                side,
                hand["side_source"],
                sum(1 for j in joints.values() if j["present"]),
                *((summed[key] if grades else "") for key in TOTAL_COLUMNS.values()),
                *(grades.get(column, "") for column in GRADE_COLUMNS),
                ";".join(uncertain),
                ";".join(dict.fromkeys(warnings)),
                "" if record["pixel_spacing_mm"] is None else record["pixel_spacing_mm"],
                model,
            ]
        )
    return rows
