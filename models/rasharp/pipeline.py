"""The inference API used by the CLI and the web service: decode -> localize -> score -> measure.

Models are loaded once per :class:`Analyzer`; each stage reports its own time.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from . import jsw, scope
from .imaging import Radiograph, read_image
from .localization.infer import Localizer
from .reference import Patient
from .results import Analysis, Hand, JointResult
from .scoring.infer import Prepared, Scorer
from .timing import Timer

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "weights"
LOCALIZER_FILE = "localizer.onnx"
SCORER_FILE = "scorer.onnx"
SCREEN_FILE = "scorer-int8.onnx"  # the grader's int8 twin (rasharp.scoring.quantize)
SAMPLER_FILE = "crop-sampler.onnx"  # cuts crops on the grader's device (scoring.sampler_graph)


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


@dataclass
class Film:
    """One film to analyse and how: the arguments of :meth:`Analyzer.analyze`."""

    image: Radiograph | str | Path | bytes
    side: str = "auto"
    heatmaps: bool = False
    patient: Patient | None = None
    timer: Timer = field(default_factory=Timer)


@dataclass
class Pending:
    """A film decoded, localized and cropped (:meth:`Analyzer.begin`), waiting to be graded."""

    film: Film
    image: Radiograph
    hands: list[Hand]
    joints: list[JointResult]
    prepared: Prepared | None
    graded: tuple[dict, dict] | None = None


class Analyzer:
    """Holds the loaded models; thread-compatible, meant to live for a whole process."""

    def __init__(
        self,
        models: str | Path | None = None,
        device: str = "auto",
        threads: int = 0,
        legacy: bool = False,
        every_view: bool = False,
        int8_screen: bool = True,
        device_crops: bool | None = None,
    ):
        """``threads``: onnxruntime's CPU threads per model; 0 uses every core, fewer lets
        several processes share the machine. ``legacy``: every stage computed as before
        rasharp 0.2 (the same results, more slowly), for the benchmark's comparison.
        ``every_view``: every joint graded from all its views (see ``Scorer``).
        ``int8_screen``: on the CPU, first views are graded by the grader's int8 twin when the
        models folder has one made from its grader (``scoring.quantize``).
        ``device_crops``: joint crops cut by the crop sampler on the grader's device rather
        than on the CPU. By default only when the grader runs on CUDA (on the CPU, cutting
        them with Pillow is faster) and the models folder has the sampler."""
        directory = model_dir(models)
        self.providers = providers_for(device)
        self.legacy = legacy
        self.localizer = Localizer(directory / LOCALIZER_FILE, self.providers, threads, legacy)
        self.scorer = None
        if device_crops is None:
            device_crops = (
                self.providers[0] == "CUDAExecutionProvider" and (directory / SAMPLER_FILE).exists()
            )
        if (directory / SCORER_FILE).exists():
            self.scorer = Scorer(
                directory / SCORER_FILE,
                self.providers,
                threads,
                legacy=legacy,
                every_view=every_view,
                screen=directory / SCREEN_FILE
                if int8_screen and not legacy and (directory / SCREEN_FILE).exists()
                else None,
                sampler=directory / SAMPLER_FILE if device_crops else None,
            )

    @property
    def versions(self) -> dict[str, str | None]:
        versions = {
            "localizer": self.localizer.version,
            "scorer": self.scorer.version if self.scorer else None,
        }
        if self.scorer is not None and self.scorer.screen_version is not None:
            versions[SCREEN_FILE.removesuffix(".onnx")] = self.scorer.screen_version
        if self.scorer is not None and self.scorer.sampler is not None:
            versions[SAMPLER_FILE.removesuffix(".onnx")] = self.scorer.sampler.version
        return versions

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
        pending = self.begin(Film(image, side, heatmaps, patient, timer or Timer()))
        (error,) = self.grade([pending])
        if error is not None:
            raise error
        return self.complete(pending)

    def analyze_batch(self, films: Sequence[Film]) -> list[Analysis | Exception]:
        """Analyse several films, grading all their joints together (in runs of JOINTS_PER_RUN
        joints on the CPU, of up to JOINTS_PER_GPU_RUN with CUDA). Each result is the
        film's Analysis or the exception that stopped it: a film that cannot be read or
        analysed does not stop the others."""
        results: list[Analysis | Exception | None] = [None] * len(films)
        begun: list[tuple[int, Pending]] = []
        for index, film in enumerate(films):
            try:
                begun.append((index, self.begin(film)))
            except Exception as exc:
                results[index] = exc
        errors = self.grade([pending for _, pending in begun])
        for (index, pending), error in zip(begun, errors, strict=True):
            try:
                if error is not None:
                    raise error
                results[index] = self.complete(pending)
            except Exception as exc:
                results[index] = exc
        return [r for r in results if r is not None]

    def begin(self, film: Film) -> Pending:
        """Decode, localize and crop one film: the work of a film that needs no other film."""
        timer, image = film.timer, film.image
        if not isinstance(image, Radiograph):
            with timer.stage("decode"):
                image = read_image(image)
        with timer.stage("localize"):
            hands, joints = self.localizer.locate(image, side=film.side, timer=timer)
        prepared = (
            self.scorer.prepare(image, hands, joints, joints, timer)
            if self.scorer is not None
            else None
        )
        return Pending(film, image, hands, joints, prepared)

    def grade(self, pending: Sequence[Pending]) -> list[Exception | None]:
        """Grade the joints of several begun films together; each film's error, or None. When
        the joint run fails, each film is graded on its own, so that only a film that fails
        gets an error. Every film's timer gets the time of the whole run as "score"."""
        if self.scorer is None or not pending:
            return [None] * len(pending)
        start = time.perf_counter()
        try:
            graded = self.scorer.grade([p.prepared for p in pending if p.prepared is not None])
        except Exception as exc:
            if len(pending) == 1:
                return [exc]
            return [error for p in pending for error in self.grade([p])]
        score_ms = (time.perf_counter() - start) * 1000.0
        answers = iter(graded)
        for p in pending:
            p.graded = next(answers) if p.prepared is not None else None
            p.film.timer.ms["score"] = p.film.timer.ms.get("score", 0.0) + score_ms
        return [None] * len(pending)

    def complete(self, pending: Pending) -> Analysis:
        """The graded film's heatmaps (when asked for), joint space widths and scope warnings."""
        timer, image = pending.film.timer, pending.image
        maps: dict = {}
        with contextlib.nullcontext() if self.legacy else jsw.reused_joint_spaces():
            if self.scorer is not None and pending.prepared is not None:
                if pending.graded is None:
                    raise RuntimeError("the film's joints were not graded (Analyzer.grade first)")
                maps = self.scorer.finish(
                    image,
                    pending.prepared,
                    pending.graded,
                    heatmaps=pending.film.heatmaps,
                    timer=timer,
                    patient=study_patient(pending.film.patient, image),
                )
            with timer.stage("scope"):
                warnings = scope.assess(image, pending.hands, pending.joints)
        return Analysis(
            width=image.width,
            height=image.height,
            pixel_spacing_mm=image.pixel_spacing_mm,
            hands=pending.hands,
            joints=pending.joints,
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
