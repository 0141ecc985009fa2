"""Writing and reading the snapshot folder (see the package's description)."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..importers.common import LabelledJoint, LabelledSet
from ..scheme import GRADE_KINDS, JOINT_CODES, JOINTS_BY_CODE

FORMAT = "rasharp-dataset-snapshot/1"
JOINT_COLUMNS = [
    "film",
    "image",
    "patient",
    "visit_date",
    "reviewed_by",
    "side",
    "joint",
    "present",
    "x",
    "y",
    "box",
    "erosion",
    "jsn",
    "erosion_source",
    "jsn_source",
    "position_source",
]
GRADE_COLUMNS = ["film", "side", "joint", "kind", "reader", "grade"]


class SnapshotError(ValueError):
    """A snapshot folder is incomplete, changed since it was written, or not a snapshot."""


@dataclass
class SnapshotJoint:
    side: str
    joint: str
    present: bool
    x: float | None
    y: float | None
    box: list[float] | None
    final: dict[str, int | None]  # kind -> the grade the reviewer signed off
    source: dict[str, str]  # kind -> "model" or the reader who set it last
    readers: dict[str, dict[str, int]] = field(default_factory=dict)  # reader -> kind -> grade
    position_source: str = "model"  # "model" or the reader who moved the joint's marker last


@dataclass
class SnapshotFilm:
    film: str  # the film's name in the snapshot (the study's id)
    image: str  # file name under images/
    patient: str | None
    visit_date: str | None  # ISO date
    reviewed_by: str
    joints: list[SnapshotJoint]


@dataclass
class Snapshot:
    directory: Path
    manifest: dict
    films: list[SnapshotFilm]

    @property
    def readers(self) -> list[str]:
        return list(self.manifest["readers"])

    def labelled_set(self, labels: str = "final") -> LabelledSet:
        """The joints with grades as an importer gives them: ``final`` (one reader, the signed-off
        grades) or ``readers`` (one column of grades per reader, missing where they gave none)."""
        if labels not in ("final", "readers"):
            raise ValueError(f"labels must be 'final' or 'readers', not {labels!r}")
        readers = self.readers
        joints = []
        for film in self.films:
            for j in film.joints:
                if not j.present:
                    continue
                if labels == "final":
                    grades = {k: [v] for k, v in j.final.items() if v is not None}
                else:
                    grades = {k: [j.readers.get(r, {}).get(k) for r in readers] for k in j.final}
                joints.append(
                    LabelledJoint(
                        self.directory / "images" / film.image,
                        j.side,
                        j.joint,
                        grades,
                        x=j.x,
                        y=j.y,
                        box=j.box,
                    )
                )
        return LabelledSet(joints, readers=1 if labels == "final" else len(readers))


def write_snapshot(
    directory: str | Path,
    films: list[SnapshotFilm],
    images: dict[str, bytes],
    name: str,
    version: int,
    team: str,
    created_at: str,
) -> dict:
    """Write a snapshot into an empty ``directory``; ``images`` maps image file names to bytes.
    Returns the manifest."""
    directory = Path(directory)
    (directory / "images").mkdir(parents=True, exist_ok=False)
    missing = sorted({f.image for f in films} - set(images))
    if missing:
        raise SnapshotError(f"no image bytes for {', '.join(missing)}")
    for image_name, data in images.items():
        (directory / "images" / image_name).write_bytes(data)
    readers = sorted({r for f in films for j in f.joints for r in j.readers})
    _write_csv(directory / "joints.csv", JOINT_COLUMNS, _joint_rows(films))
    _write_csv(directory / "grades.csv", GRADE_COLUMNS, _grade_rows(films))
    files = {
        path.relative_to(directory).as_posix(): _sha256(path.read_bytes())
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "format": FORMAT,
        "name": name,
        "version": version,
        "team": team,
        "created_at": created_at,
        "films": len(films),
        "readers": readers,
        "files": files,
        "sha256": _checksum(files),
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_snapshot(directory: str | Path, verify: bool = True) -> Snapshot:
    directory = Path(directory)
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"{directory} holds no manifest.json: not a dataset snapshot") from None
    if manifest.get("format") != FORMAT:
        raise SnapshotError(f"{directory}: format {manifest.get('format')!r}, expected {FORMAT}")
    if verify:
        _verify(directory, manifest)
    films = _read_films(directory)
    return Snapshot(directory, manifest, films)


def _verify(directory: Path, manifest: dict) -> None:
    files = manifest.get("files", {})
    if _checksum(files) != manifest.get("sha256"):
        raise SnapshotError("the manifest's file list does not match its checksum")
    present = {
        p.relative_to(directory).as_posix()
        for p in directory.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    extra, missing = sorted(present - set(files)), sorted(set(files) - present)
    if missing or extra:
        raise SnapshotError(
            f"files missing: {missing or 'none'}; files not in the manifest: {extra or 'none'}"
        )
    for name, digest in files.items():
        if _sha256((directory / name).read_bytes()) != digest:
            raise SnapshotError(f"{name} changed since the snapshot was written (SHA-256 differs)")


def _joint_rows(films: list[SnapshotFilm]):
    for f in films:
        for j in f.joints:
            yield {
                "film": f.film,
                "image": f.image,
                "patient": f.patient or "",
                "visit_date": f.visit_date or "",
                "reviewed_by": f.reviewed_by,
                "side": j.side,
                "joint": j.joint,
                "present": int(j.present),
                "x": _number(j.x),
                "y": _number(j.y),
                "box": " ".join(f"{v:.1f}" for v in j.box) if j.box else "",
                "erosion": _number(j.final.get("erosion")),
                "jsn": _number(j.final.get("jsn")),
                "erosion_source": j.source.get("erosion", ""),
                "jsn_source": j.source.get("jsn", ""),
                "position_source": j.position_source,
            }


def _grade_rows(films: list[SnapshotFilm]):
    for f in films:
        for j in f.joints:
            for reader, grades in sorted(j.readers.items()):
                for kind, grade in grades.items():
                    yield {
                        "film": f.film,
                        "side": j.side,
                        "joint": j.joint,
                        "kind": kind,
                        "reader": reader,
                        "grade": grade,
                    }


def _read_films(directory: Path) -> list[SnapshotFilm]:
    films: dict[str, SnapshotFilm] = {}
    joints: dict[tuple[str, str, str], SnapshotJoint] = {}
    for row in _read_csv(directory / "joints.csv"):
        film = films.setdefault(
            row["film"],
            SnapshotFilm(
                row["film"],
                row["image"],
                row["patient"] or None,
                row["visit_date"] or None,
                row["reviewed_by"],
                [],
            ),
        )
        if row["joint"] not in JOINT_CODES:
            raise SnapshotError(f"joints.csv: unknown joint {row['joint']!r}")
        joint = SnapshotJoint(
            row["side"],
            row["joint"],
            row["present"] == "1",
            _float(row["x"]),
            _float(row["y"]),
            [float(v) for v in row["box"].split()] if row["box"] else None,
            final={k: _int(row[k]) for k in GRADE_KINDS if JOINTS_BY_CODE[row["joint"]].scores(k)},
            source={k: row[f"{k}_source"] for k in GRADE_KINDS if row[f"{k}_source"]},
            # snapshots written before the column existed: every marker where the model put it
            position_source=row.get("position_source") or "model",
        )
        film.joints.append(joint)
        joints[(row["film"], row["side"], row["joint"])] = joint
    for row in _read_csv(directory / "grades.csv"):
        joint = joints[(row["film"], row["side"], row["joint"])]
        joint.readers.setdefault(row["reader"], {})[row["kind"]] = int(row["grade"])
    return list(films.values())


def _write_csv(path: Path, columns: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checksum(files: dict[str, str]) -> str:
    return _sha256(
        "\n".join(f"{digest}  {name}" for name, digest in sorted(files.items())).encode()
    )


def _number(value) -> str:
    return "" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))


def _float(text: str) -> float | None:
    return float(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None
