"""The inference API used by the CLI and the web service: decode -> localize -> score -> measure.

Models are loaded once per :class:`Analyzer`; each stage reports its own time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import overload

from . import scope
from .imaging import Radiograph, read_image
from .localization.infer import Localizer
from .reference import Patient
from .results import Analysis, JointResult
from .scoring.infer import Scorer
from .timing import Timer

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "weights"
LOCALIZER_FILE = "localizer.onnx"
SCORER_FILE = "scorer.onnx"


def model_dir(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("RASHARP_MODEL_DIR") or DEFAULT_MODEL_DIR)


def providers_for(device: str = "auto") -> list[str]:
    """onnxruntime execution providers for a device preference: auto, cpu or cuda."""
    import onnxruntime as ort

    if device not in ("auto", "cpu", "cuda"):
        raise ValueError(f"device must be auto, cpu or cuda, not {device!r}")
    available = ort.get_available_providers()
    if device == "cuda" and "CUDAExecutionProvider" not in available:
        raise RuntimeError(
            "device 'cuda' was asked for but onnxruntime has no CUDA provider "
            "(install onnxruntime-gpu)"
        )
    if device in ("auto", "cuda") and "CUDAExecutionProvider" in available:
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    return ["CPUExecutionProvider"]


class Analyzer:
    """Holds the loaded models; thread-compatible, meant to live for a whole process."""

    def __init__(self, models: str | Path | None = None, device: str = "auto", threads: int = 0):
        """``threads``: onnxruntime's CPU threads per model; 0 uses every core, fewer lets
        several processes share the machine."""
        directory = model_dir(models)
        self.providers = providers_for(device)
        self.localizer = Localizer(directory / LOCALIZER_FILE, self.providers, threads)
        self.scorer = None
        if (directory / SCORER_FILE).exists():
            self.scorer = Scorer(directory / SCORER_FILE, self.providers, threads)

    @property
    def versions(self) -> dict[str, str | None]:
        return {
            "localizer": self.localizer.version,
            "scorer": self.scorer.version if self.scorer else None,
        }

    def analyze(
        self,
        image: Radiograph | str | Path | bytes,
        side: str = "auto",
        heatmaps: bool = False,
        timer: Timer | None = None,
        patient: Patient | None = None,
    ) -> Analysis:
        """``patient`` (sex, birth year, study year) lets joint space widths get z-scores; a study
        year it lacks is taken from the DICOM header's study or acquisition date."""
        timer = timer or Timer()
        if not isinstance(image, Radiograph):
            with timer.stage("decode"):
                image = read_image(image)
        with timer.stage("localize"):
            hands, joints = self.localizer.locate(image, side=side, timer=timer)
        maps: dict = {}
        if self.scorer is not None:
            maps = self.scorer.score(
                image,
                hands,
                joints,
                heatmaps=heatmaps,
                timer=timer,
                patient=study_patient(patient, image),
            )
        with timer.stage("scope"):
            warnings = scope.assess(image, hands, joints)
        return Analysis(
            width=image.width,
            height=image.height,
            pixel_spacing_mm=image.pixel_spacing_mm,
            hands=hands,
            joints=joints,
            models=self.versions,
            timings_ms=timer.ms,
            heatmaps=maps,
            pixel_spacing_basis=image.pixel_spacing_basis,
            warnings=warnings,
        )

    def rescore_joint(
        self,
        image: Radiograph,
        joints: list[JointResult],
        side: str,
        code: str,
        x: float,
        y: float,
        patient: Patient | None = None,
    ) -> JointResult:
        """Grade one joint again at a position the reader corrected."""
        target = next(j for j in joints if j.side == side and j.joint == code)
        target.x, target.y = float(x), float(y)
        target.box = self.localizer.joint_box(joints, target)
        target.confidence = 1.0
        if self.scorer is not None:
            self.scorer.score_joints(image, joints, [target], study_patient(patient, image))
        return target


@overload
def study_patient(patient: Patient, image: Radiograph) -> Patient: ...
@overload
def study_patient(patient: None, image: Radiograph) -> None: ...
def study_patient(patient: Patient | None, image: Radiograph) -> Patient | None:
    """``patient`` with the study year from the DICOM header when it has none."""
    if patient is None or patient.study_year is not None:
        return patient
    dates = (
        image.metadata.get(k) for k in ("StudyDate", "AcquisitionDate", "ContentDate", "SeriesDate")
    )
    year = next((y for y in (Patient.of(study_date=d).study_year for d in dates) if y), None)
    return Patient(patient.sex, patient.birth_year, year)
