"""Worker jobs: analyse an uploaded radiograph, re-score a moved joint, render a PDF report."""

from __future__ import annotations

import io
import logging
import socket
import uuid

import numpy as np
from celery.signals import worker_process_init, worker_ready, worker_shutdown
from PIL import Image
from sqlalchemy import delete, select, update

from rasharp.imaging import read_image
from rasharp.pipeline import Film, study_patient
from rasharp.reference import Patient
from rasharp.results import GradeResult, JointResult
from rasharp.scheme import JOINT_CODES
from rasharp.timing import Timer

from ..db import new_session, utcnow
from ..exports.labels import Language
from ..exports.pdf import study_pdf
from ..storage import get_storage
from ..studies.events import publish_study_change
from ..studies.joint_rows import apply_joint_result, grades_before, keep_reader_grades
from ..studies.models import Analysis, Heatmap, Joint, Study
from ..studies.reporting import study_report
from .celery_app import ANALYZE_TASK, FOLDER_IMPORT_TASK, REPORT_TASK, RESCORE_TASK, celery_app
from .heartbeat import Heartbeat, new_worker_id
from .model_task import (
    ModelsUnavailable,
    ModelTask,
    current_models,
    follow_registry,
    grade_with_other_films,
    publish_versions,
)
from .recovery import JobRecovery, Senders

log = logging.getLogger(__name__)


@worker_ready.connect
def _start_worker(sender=None, **_):
    """Load the models, then start the heartbeat and the job recovery."""
    pool = getattr(sender, "pool", None)
    node = getattr(sender, "hostname", None) or f"worker@{socket.gethostname()}"
    if pool is not None and type(pool).__module__.endswith("prefork"):
        _liveness.start_recovery()  # each pool process loads its models and beats on its own
        return
    _load_models_at_start()
    _liveness.start_heartbeat(node)
    _liveness.start_recovery()


@worker_process_init.connect
def _start_pool_process(**_):
    _load_models_at_start()
    _liveness.start_heartbeat(f"pool@{socket.gethostname()}")


@worker_shutdown.connect
def _stop_worker(**_):
    _liveness.stop()


def _load_models_at_start():
    """Load the models (the promoted registry version, else the shipped weights) before the
    first job arrives, and tell /api/health their versions."""
    follow_registry()
    publish_versions()


class _Liveness:
    """This process's worker id, heartbeat and job recovery."""

    def __init__(self) -> None:
        self.worker_id: str | None = None
        self.heartbeat: Heartbeat | None = None
        self.recovery: JobRecovery | None = None

    def start_heartbeat(self, node: str) -> None:
        self.worker_id = new_worker_id(node)
        self.heartbeat = Heartbeat(celery_app.conf.broker_url, self.worker_id)
        self.heartbeat.start()
        log.info("worker process %s started", self.worker_id)

    def start_recovery(self) -> None:
        senders = Senders(
            analysis=_send_analysis, rescore=_send_rescore, folder_import=_send_folder_import
        )
        self.recovery = JobRecovery(celery_app.conf.broker_url, senders)
        self.recovery.start()

    def stop(self) -> None:
        if self.recovery is not None:
            self.recovery.stop()
        if self.heartbeat is not None:
            self.heartbeat.stop()


_liveness = _Liveness()


def _send_analysis(analysis_id: int) -> None:
    celery_app.send_task(ANALYZE_TASK, args=[analysis_id], ignore_result=True)


def _send_rescore(joint_id: int, move_count: int) -> None:
    celery_app.send_task(RESCORE_TASK, args=[joint_id, move_count], ignore_result=True)


def _send_folder_import(import_id: int) -> None:
    celery_app.send_task(FOLDER_IMPORT_TASK, args=[import_id], ignore_result=True)


def _claim(analysis_id: int) -> int | None:
    """Take a queued analysis for this worker process; returns the attempt's number, or None
    when it is not queued (finished, failed, deleted, or held by another worker)."""
    with new_session() as db:
        attempt = db.scalar(
            update(Analysis)
            .where(Analysis.id == analysis_id, Analysis.status == "queued")
            .values(
                status="running",
                worker=_liveness.worker_id,
                started_at=utcnow(),
                error=None,
                attempts=Analysis.attempts + 1,
            )
            .returning(Analysis.attempts)
        )
        db.commit()
    return attempt


@celery_app.task(name=ANALYZE_TASK, acks_late=True, reject_on_worker_lost=True)
def analyze_study(analysis_id: int) -> None:
    attempt = _claim(analysis_id)
    if attempt is None:
        log.info("analysis %s is not queued: nothing to do", analysis_id)
        return
    with new_session() as db:
        analysis = db.get(Analysis, analysis_id)
        if analysis is None:
            return  # deleted meanwhile
        study: Study = analysis.study
        side, name, key = study.requested_side, study.original_name, study.radiograph.storage_key
        patient = _patient(study)
        team_id, study_id = study.team_id, study.id
    publish_study_change(team_id, study_id, "running")

    timer = Timer()
    try:
        analyzer, registry_version = current_models()
        with timer.stage("read"):
            data = get_storage().read(key)
        with timer.stage("decode"):
            image = read_image(data, name)
        pending = analyzer.begin(
            Film(image, side=side, heatmaps=True, patient=_at_film(patient, image), timer=timer)
        )
        grade_with_other_films(analyzer, pending)
        result = analyzer.complete(pending)
    except ModelsUnavailable as exc:
        log.exception("analysis %s failed", analysis_id)
        _mark_failed(analysis_id, attempt, "analysis.models_unavailable", error=str(exc))
        return
    except Exception as exc:
        log.exception("analysis %s failed", analysis_id)
        _mark_failed(analysis_id, attempt, "analysis.failed", error=f"{type(exc).__name__}: {exc}")
        return

    if not result.hands:
        _mark_failed(analysis_id, attempt, "analysis.no_hand")
        return
    try:
        with timer.stage("store"):
            heatmap_files = {kind: _heatmap_png(values) for kind, values in result.heatmaps.items()}
            for kind, png in heatmap_files.items():
                get_storage().write(_heatmap_key(analysis_id, kind), png)
                # a re-analysis: the overlay drawn from the previous heatmap is drawn again
                get_storage().delete(_overlay_key(analysis_id, kind))
        models = dict(result.models)
        if registry_version is not None:
            models["registry"] = registry_version
        _save_analysis(analysis_id, attempt, result, models, heatmap_files, timer.ms)
    except Exception as exc:  # a study must never stay "running" for ever
        log.exception("storing analysis %s failed", analysis_id)
        _mark_failed(
            analysis_id, attempt, "analysis.not_stored", error=f"{type(exc).__name__}: {exc}"
        )


def _holds(analysis: Analysis | None, attempt: int) -> bool:
    """Whether this attempt still holds the analysis (not queued again after a lost heartbeat)."""
    return analysis is not None and analysis.status == "running" and analysis.attempts == attempt


def _save_analysis(
    analysis_id: int, attempt: int, result, models: dict, heatmap_files: dict, timings_ms: dict
) -> None:
    """``models``: the versions of the models that made the result, and their registry's."""
    with new_session() as db:
        analysis = db.scalar(select(Analysis).where(Analysis.id == analysis_id).with_for_update())
        if analysis is None:  # the study was deleted meanwhile: nothing of it may stay
            for kind in heatmap_files:
                get_storage().delete(_heatmap_key(analysis_id, kind))
            return
        if not _holds(analysis, attempt):
            log.warning(
                "analysis %s attempt %s was superseded: result dropped", analysis_id, attempt
            )
            return
        before = {
            (j.side, j.code): grades_before(j)
            for j in db.scalars(select(Joint).where(Joint.analysis_id == analysis_id))
        }  # a re-analysis: the readers' grades stay
        model_changes: list[dict] = []
        db.execute(delete(Joint).where(Joint.analysis_id == analysis_id))
        db.execute(delete(Heatmap).where(Heatmap.analysis_id == analysis_id))
        for side in dict.fromkeys(hand.side for hand in result.hands):
            for code in JOINT_CODES:
                found = result.joint(side, code)
                output = found.to_json() if found is not None else _absent(side, code)
                joint = Joint(
                    analysis_id=analysis_id,
                    side=side,
                    code=code,
                    present=output["x"] is not None,
                    absent=output.get("absent"),
                    x=output["x"],
                    y=output["y"],
                    model_output=output,
                )
                apply_joint_result(joint, output, follow_model=True)
                if (side, code) in before:
                    model_changes += keep_reader_grades(joint, before[(side, code)])
                db.add(joint)
        for kind, _ in heatmap_files.items():
            db.add(
                Heatmap(
                    analysis_id=analysis_id,
                    kind=kind,
                    storage_key=_heatmap_key(analysis_id, kind),
                    width=result.width,
                    height=result.height,
                )
            )
        analysis.status, analysis.finished_at, analysis.worker = "done", utcnow(), None
        analysis.model_versions = models
        analysis.model_changes = model_changes
        analysis.timings_ms = {k: round(v, 1) for k, v in timings_ms.items()}
        analysis.hands = [hand.to_json() for hand in result.hands]
        analysis.scope_warnings = [warning.to_json() for warning in result.warnings]
        team_id, study_id = analysis.study.team_id, analysis.study_id
        db.commit()
    publish_study_change(team_id, study_id, "done")


def _patient(study: Study) -> dict:
    """The patient's sex and birth year (for joint space width z-scores) and the upload date."""
    p = study.patient
    return {
        "sex": p.sex if p else None,
        "birth_year": p.birth_year if p else None,
        "uploaded": study.created_at,
        "visited": study.visit_date,
    }


def _at_film(patient: dict, image):
    """The analysis's Patient: the film's year from the visit date the reader gave, else its
    DICOM header, else the upload's."""
    visited = patient.get("visited")
    known = study_patient(Patient.of(patient["sex"], patient["birth_year"], visited), image)
    if known.study_year is None:
        known.study_year = Patient.of(study_date=patient["uploaded"]).study_year
    return known


def _absent(side: str, code: str) -> dict:
    return JointResult(side=side, joint=code).to_json()


def _mark_failed(analysis_id: int, attempt: int, code: str, **params: str) -> None:
    with new_session() as db:
        analysis = db.scalar(select(Analysis).where(Analysis.id == analysis_id).with_for_update())
        if analysis is None or not _holds(analysis, attempt):
            return
        analysis.fail(code, **params)
        team_id, study_id = analysis.study.team_id, analysis.study_id
        db.commit()
    publish_study_change(team_id, study_id, "failed")


def _heatmap_key(analysis_id: int, kind: str) -> str:
    return f"heatmaps/{analysis_id}/{kind}.png"


def _overlay_key(analysis_id: int, kind: str) -> str:
    """Where the API keeps the coloured overlay it draws from a heatmap (studies.router)."""
    return f"overlays/{analysis_id}/{kind}.png"


HEATMAP_MAX_SIDE = 1024  # heatmaps are smooth: kept smaller, enlarged when an overlay is drawn


def _heatmap_png(values: np.ndarray) -> bytes:
    grey = np.clip(np.asarray(values, dtype=np.float32) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    image = Image.fromarray(grey, mode="L")
    scale = HEATMAP_MAX_SIDE / max(image.size)
    if scale < 1:
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.BILINEAR,
        )
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


@celery_app.task(
    bind=True, base=ModelTask, name=RESCORE_TASK, acks_late=True, reject_on_worker_lost=True
)
def rescore_joint(self, joint_id: int, move_count: int) -> None:
    if not _claim_rescore(joint_id, move_count):
        log.info(
            "re-score of joint %s at move %s is not waiting: nothing to do", joint_id, move_count
        )
        return
    with new_session() as db:
        target = db.get(Joint, joint_id)
        if target is None:
            return  # deleted meanwhile
        analysis = target.analysis
        study = analysis.study
        joints = [
            JointResult(
                side=j.side,
                joint=j.code,
                x=j.x,
                y=j.y,
                box=j.box,
                confidence=j.confidence,
                erosion=None
                if j.erosion_model is None
                else GradeResult(j.erosion_model, j.erosion_probabilities, j.erosion_uncertain),
                jsn=None
                if j.jsn_model is None
                else GradeResult(j.jsn_model, j.jsn_probabilities, j.jsn_uncertain),
                jsw_mm=j.jsw_mm,
                jsw_px=j.jsw_px,
                jsw_mm_basis=j.jsw_mm_basis,
                jsw_relative=j.jsw_relative,
                jsw_z=j.jsw_z,
                jsw_reason=j.jsw_reason,
            )
            for j in analysis.joints
        ]
        side, code, x, y = target.side, target.code, target.x, target.y
        key, name = study.radiograph.storage_key, study.original_name
        patient = _patient(study)

    try:
        image = read_image(get_storage().read(key), name)
        result = self.analyzer.rescore_joint(
            image, joints, side, code, x, y, patient=_at_film(patient, image)
        ).to_json()
    except Exception:
        log.exception("re-scoring joint %s failed", joint_id)
        result = None

    with new_session() as db:
        joint = db.scalar(select(Joint).where(Joint.id == joint_id).with_for_update())
        if not _holds_rescore(joint, move_count):
            log.warning(
                "re-score of joint %s at move %s was superseded: dropped", joint_id, move_count
            )
            return
        assert joint is not None
        if result is not None:
            apply_joint_result(joint, result, follow_model=False)
        joint.rescore_pending, joint.rescore_worker = False, None
        team_id, study_id = joint.analysis.study.team_id, joint.analysis.study_id
        db.commit()
    log.info("joint %s re-scored at move %s", joint_id, move_count)
    publish_study_change(team_id, study_id, "done")


def _claim_rescore(joint_id: int, move_count: int) -> bool:
    """Take a waiting re-score for this worker process: False when the joint moved again, was
    reset or re-scored since, or another worker runs it."""
    with new_session() as db:
        claimed = db.scalar(
            update(Joint)
            .where(
                Joint.id == joint_id,
                Joint.move_count == move_count,
                Joint.rescore_pending.is_(True),
                Joint.rescore_worker.is_(None),
            )
            .values(rescore_worker=_liveness.worker_id)
            .returning(Joint.id)
        )
        db.commit()
    return claimed is not None


def _holds_rescore(joint: Joint | None, move_count: int) -> bool:
    """Whether this worker process still holds the joint's re-score at this position (not sent
    again after a lost heartbeat, not moved or reset since)."""
    return (
        joint is not None
        and joint.rescore_pending
        and joint.move_count == move_count
        and joint.rescore_worker == _liveness.worker_id
    )


@celery_app.task(name=REPORT_TASK, ignore_result=False, acks_late=True, reject_on_worker_lost=True)
def render_report(study_id: int, language: Language = "en") -> str:
    """Render the study's PDF into storage; returns the storage key (the caller deletes it)."""
    storage = get_storage()
    with new_session() as db:
        study = db.get(Study, study_id)
        if study is None:
            raise LookupError(f"study {study_id} no longer exists")
        report = study_report(db, storage, study)
    key = f"reports/{study_id}/{uuid.uuid4().hex}.pdf"
    storage.write(key, study_pdf(report, language))
    return key
