"""A fixed split of a snapshot's films by patient into training, calibration and validation.

Where a patient falls depends only on a hash of the patient's code, so that a later, grown
snapshot of the same site keeps every validation patient in validation (a model is never
trained on the films it was judged on before). Films without a patient code count as a patient
of their own.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from ..snapshots import SnapshotFilm
from .config import FinetuneError

# training patients needed before some are kept apart to calibrate: a smaller site's every
# training patient is worth more for training (the report says the training films calibrated)
CALIBRATION_MIN_PATIENTS = 50


def patient_of(film: SnapshotFilm) -> str:
    return film.patient or f"film:{film.film}"


def hash_share(code: str, purpose: str) -> float:
    """A number in [0, 1) fixed by ``code``; ``purpose`` gives independent numbers per use."""
    digest = hashlib.sha256(f"{purpose}:{code}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def is_validation_patient(code: str, share: float) -> bool:
    return hash_share(code, "validation") < share


@dataclass
class Split:
    train: list[SnapshotFilm]
    calibration: list[SnapshotFilm]  # empty: the training films calibrate
    validation: list[SnapshotFilm]

    def patients(self, films: list[SnapshotFilm]) -> int:
        return len({patient_of(f) for f in films})

    def report(self) -> dict:
        return {
            "by": "patient",
            "train_films": len(self.train),
            "validation_films": len(self.validation),
            "train_patients": self.patients(self.train),
            "validation_patients": self.patients(self.validation),
            "calibration_films": len(self.calibration),
            "calibration_patients": self.patients(self.calibration),
            "validation_film_ids": [f.film for f in self.validation],
        }


def split_films(
    films: list[SnapshotFilm], validation_share: float, calibration_share: float
) -> Split:
    by_patient: dict[str, list[SnapshotFilm]] = defaultdict(list)
    for film in films:
        by_patient[patient_of(film)].append(film)
    if len(by_patient) < 2:
        raise FinetuneError(
            f"the snapshot holds films of {len(by_patient)} patient(s); at least 2 are needed, "
            "one for training and one for validation"
        )
    codes = sorted(by_patient, key=lambda c: hash_share(c, "validation"))
    validation = {c for c in codes if is_validation_patient(c, validation_share)}
    # at least one patient on each side, taken where the hash puts it nearest the boundary
    if not validation:
        validation = {codes[0]}
    if len(validation) == len(codes):
        validation.discard(codes[-1])
    training = [c for c in codes if c not in validation]
    calibration: set[str] = set()
    if len(training) >= CALIBRATION_MIN_PATIENTS and calibration_share > 0:
        ranked = sorted(training, key=lambda c: hash_share(c, "calibration"))
        calibration = {c for c in ranked if hash_share(c, "calibration") < calibration_share}
        calibration = calibration or {ranked[0]}

    def films_of(codes_kept) -> list[SnapshotFilm]:
        return [f for f in films if patient_of(f) in codes_kept]

    return Split(
        train=films_of(set(training) - calibration),
        calibration=films_of(calibration),
        validation=films_of(validation),
    )
