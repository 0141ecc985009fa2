"""The grades a model is trained and judged on: the Dawid-Skene consensus of the readers when
two or more of them graded the same films, else the final (signed-off) grades; and how far the
readers agree with each other."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..reader_agreement import MISSING, cohen_kappa, dawid_skene
from ..scheme import GRADE_KINDS, GRADE_RANGES
from ..scoring.metrics import balanced_accuracy, quadratic_weighted_kappa
from ..snapshots import Snapshot, SnapshotFilm

Key = tuple[str, str, str]  # film, side, joint
# a reader graded a film when they gave at least this share of its grades
GRADED_FILM_SHARE = 0.9


@dataclass
class Truth:
    source: str  # "consensus" or "final"
    grades: dict[Key, dict[str, int]]  # present joints only
    readers: list[str]
    reader_grades: dict[Key, dict[str, dict[str, int]]]  # key -> reader -> kind -> grade


def _cells(film: SnapshotFilm) -> list[tuple]:
    return [(j, kind) for j in film.joints if j.present for kind in j.final]


def readers_of_whole_films(film: SnapshotFilm, readers: list[str]) -> list[str]:
    cells = _cells(film)
    if not cells:
        return []
    return [
        r
        for r in readers
        if sum(kind in j.readers.get(r, {}) for j, kind in cells) >= GRADED_FILM_SHARE * len(cells)
    ]


def reference_grades(snapshot: Snapshot) -> Truth:
    readers = snapshot.readers
    several = any(len(readers_of_whole_films(f, readers)) >= 2 for f in snapshot.films)
    reader_grades: dict[Key, dict[str, dict[str, int]]] = {}
    final: dict[Key, dict[str, int]] = {}
    for film in snapshot.films:
        for j in film.joints:
            if not j.present:
                continue
            key = (film.film, j.side, j.joint)
            reader_grades[key] = j.readers
            grades = {k: v for k, v in j.final.items() if v is not None}
            if grades:
                final[key] = grades
    if not several:
        return Truth("final", final, readers, reader_grades)
    consensus: dict[Key, dict[str, int]] = {}
    for kind in GRADE_KINDS:
        keys, table = reader_table(reader_grades, readers, kind)
        if not keys:
            continue
        grades = dawid_skene(table, GRADE_RANGES[kind].classes).grades
        for key, grade in zip(keys, grades, strict=True):
            consensus.setdefault(key, {})[kind] = int(grade)
    return Truth("consensus", consensus, readers, reader_grades)


def reader_table(
    reader_grades: dict[Key, dict[str, dict[str, int]]], readers: list[str], kind: str
) -> tuple[list[Key], np.ndarray]:
    """The joints some reader graded for ``kind``, and their joints x readers grades (-1: none)."""
    keys = [
        k for k, by_reader in reader_grades.items() if any(kind in g for g in by_reader.values())
    ]
    table = np.full((len(keys), len(readers)), MISSING, np.int64)
    for i, key in enumerate(keys):
        for r, reader in enumerate(readers):
            grade = reader_grades[key].get(reader, {}).get(kind)
            if grade is not None:
                table[i, r] = grade
    return keys, table


def readers_agreement(truth: Truth, films: set[str]) -> dict | None:
    """Each reader against the consensus, and every pair of readers, on ``films``."""
    if truth.source != "consensus":
        return None
    out = {}
    for kind in GRADE_KINDS:
        classes = GRADE_RANGES[kind].classes
        keys, table = reader_table(truth.reader_grades, truth.readers, kind)
        rows = [i for i, k in enumerate(keys) if k[0] in films and kind in truth.grades.get(k, {})]
        table = table[rows]
        consensus = np.array([truth.grades[keys[i]][kind] for i in rows], np.int64)
        versus = {}
        for r, reader in enumerate(truth.readers):
            graded = table[:, r] != MISSING
            if not graded.any():
                continue
            given, agreed = table[graded, r], consensus[graded]
            versus[reader] = {
                "joints": int(graded.sum()),
                "balanced_accuracy": balanced_accuracy(agreed, given),
                "exact": float(np.mean(given == agreed)),
                "within_one": float(np.mean(np.abs(given - agreed) <= 1)),
                "qwk": quadratic_weighted_kappa(agreed, given, classes),
                "kappa": cohen_kappa(agreed, given, classes),
            }
        pairs = []
        for r, first in enumerate(truth.readers):
            for q in range(r + 1, len(truth.readers)):
                both = (table[:, r] != MISSING) & (table[:, q] != MISSING)
                if both.any():
                    a, b = table[both, r], table[both, q]
                    pairs.append(
                        {
                            "a": first,
                            "b": truth.readers[q],
                            "joints": int(both.sum()),
                            "exact": float(np.mean(a == b)),
                            "within_one": float(np.mean(np.abs(a - b) <= 1)),
                            "qwk": quadratic_weighted_kappa(a, b, classes),
                            "kappa": cohen_kappa(a, b, classes),
                        }
                    )
        out[kind] = {"versus_consensus": versus, "pairs": pairs}
    return out
