"""One training run, as the trainer process runs it.

The run is taken by a conditional UPDATE from 'queued' to 'running' (a second delivery of its
job finds nothing to do). The dataset snapshot is unpacked and the base version's files fetched
into a temporary folder, rasharp.finetune trains and evaluates, and every file of its output
folder is registered as one candidate version, linked to the run in the same transaction.
A failure or a cancel registers nothing and leaves no files: the temporary folder goes, and the
registry deletes what it stored when the registration does not commit.
"""

from __future__ import annotations

import io
import logging
import math
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update

from rasharp.finetune import FinetuneCancelled, FinetuneConfig, FinetuneError, Progress, finetune

from ..auth.models import User
from ..config import get_settings
from ..datasets.models import DatasetSnapshot
from ..db import new_session, utcnow
from ..errors import ServiceError
from ..registry import service as registry
from ..registry.models import ModelVersion
from ..storage import get_storage
from ..training.models import TrainingRun

log = logging.getLogger(__name__)

WORK_PREFIX = "rasharp-train-"  # + run id + "-": a run's temporary folder
# The run's progress row is written at most this often (a change of phase at once).
PROGRESS_EVERY_S = 2.0
CANCEL_CHECK_EVERY_S = 1.0


class CancelledWhileRegistering(Exception):
    pass


@dataclass(frozen=True)
class _Claimed:
    snapshot_key: str
    snapshot_id: int
    base_version: str
    base_files: dict[str, str]
    config: dict
    started_by_id: int | None


def run_training(run_id: int, trainer_id: str) -> str | None:
    """Run one training run; returns the state it ended in (None: not this trainer's to run)."""
    claimed = _claim(run_id, trainer_id)
    if claimed is None:
        log.info("training run %s is not queued (cancelled, or taken before): skipped", run_id)
        return None
    log.info("training run %s started: base %s, %s", run_id, claimed.base_version, claimed.config)
    reporter = RunReporter(run_id)
    try:
        with tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{run_id}-") as work:
            report, files = _train(claimed, Path(work), reporter)
        version = _register(run_id, claimed, report, files)
    except (FinetuneCancelled, CancelledWhileRegistering):
        _finish(run_id, "cancelled")
        log.info("training run %s cancelled", run_id)
        return "cancelled"
    except (FinetuneError, ServiceError) as exc:
        _finish(run_id, "failed", str(exc))
        log.warning("training run %s failed: %s", run_id, exc)
        return "failed"
    except Exception as exc:
        log.exception("training run %s failed", run_id)
        _finish(run_id, "failed", f"training failed ({type(exc).__name__}: {exc})")
        return "failed"
    log.info("training run %s succeeded: candidate version %s", run_id, version)
    return "succeeded"


def remove_leftover_work() -> list[Path]:
    """The temporary folders of runs that no longer run here (their trainer was killed before
    it could clean up): removed; returns them."""
    found = []
    for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*-*"):
        run_id = folder.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        if folder.is_dir() and run_id.isdigit():
            found.append((int(run_id), folder))
    if not found:
        return []
    with new_session() as db:
        running = set(
            db.scalars(
                select(TrainingRun.id).where(
                    TrainingRun.id.in_([run_id for run_id, _ in found]),
                    TrainingRun.state == "running",
                )
            )
        )
    removed = [folder for run_id, folder in found if run_id not in running]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def _claim(run_id: int, trainer_id: str) -> _Claimed | None:
    with new_session() as db:
        taken = db.scalar(
            update(TrainingRun)
            .where(
                TrainingRun.id == run_id,
                TrainingRun.state == "queued",
                TrainingRun.cancel_requested.is_(False),
            )
            .values(
                state="running",
                started_at=utcnow(),
                trainer=trainer_id,
                progress={"phase": "preparing", "updated_at": utcnow().isoformat()},
            )
            .returning(TrainingRun.id)
        )
        if taken is None:
            db.rollback()
            return None
        run = db.get_one(TrainingRun, run_id)
        snapshot = db.get_one(DatasetSnapshot, run.snapshot_id)
        base = db.get_one(ModelVersion, run.base_version_id)
        claimed = _Claimed(
            snapshot_key=snapshot.storage_key,
            snapshot_id=snapshot.id,
            base_version=base.version,
            base_files=dict(base.files),
            config=dict(run.config),
            started_by_id=run.started_by_id,
        )
        db.commit()
        return claimed


def _train(claimed: _Claimed, work: Path, reporter: RunReporter) -> tuple[dict, dict[str, bytes]]:
    storage = get_storage()
    snapshot_dir = work / "snapshot"
    with zipfile.ZipFile(io.BytesIO(storage.read(claimed.snapshot_key))) as archive:
        archive.extractall(snapshot_dir)
    base_dir = registry.fetch_version(
        storage, claimed.base_version, claimed.base_files, work / "base"
    )
    output_dir = work / "output"
    output_dir.mkdir()
    settings = get_settings()
    config = FinetuneConfig(
        steps=int(claimed.config["steps"]),
        localizer=bool(claimed.config.get("localizer", False)),
        time_limit_s=claimed.config.get("time_limit_s"),
        device=settings.train_device,
    )
    report = finetune(
        snapshot_dir,
        base_dir,
        output_dir,
        config,
        on_progress=reporter.progress,
        should_stop=reporter.should_stop,
    )
    reporter.flush()
    files = {p.name: p.read_bytes() for p in sorted(output_dir.iterdir()) if p.is_file()}
    return report, files


def _register(run_id: int, claimed: _Claimed, report: dict, files: dict[str, bytes]) -> str:
    with new_session() as db:
        starter = db.get(User, claimed.started_by_id) if claimed.started_by_id else None

        def link(version: ModelVersion) -> None:
            run = db.scalar(select(TrainingRun).where(TrainingRun.id == run_id).with_for_update())
            if run is None or run.cancel_requested:
                raise CancelledWhileRegistering()
            run.state, run.finished_at = "succeeded", utcnow()
            run.report, run.candidate_version_id = report, version.id
            run.progress = {**run.progress, "phase": "done", "updated_at": utcnow().isoformat()}

        version = registry.register_version(
            db,
            get_storage(),
            files,
            metrics=report,
            snapshot_id=claimed.snapshot_id,
            parent=claimed.base_version,
            user=starter,
            then=link,
        )
        return version.version


def _finish(run_id: int, state: str, error: str | None = None) -> None:
    with new_session() as db:
        db.execute(
            update(TrainingRun)
            .where(TrainingRun.id == run_id, TrainingRun.state == "running")
            .values(state=state, finished_at=utcnow(), error=error[:2000] if error else None)
        )
        db.commit()


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    return value


class RunReporter:
    """Writes the trainer's progress to the run (throttled) and reads its cancel flag."""

    def __init__(self, run_id: int, every_s: float = PROGRESS_EVERY_S):
        self.run_id = run_id
        self.every_s = every_s
        self._latest: dict | None = None
        self._written_at = 0.0
        self._written_phase: str | None = None
        self._checked_at = 0.0
        self._stop = False

    def progress(self, progress: Progress) -> None:
        self._latest = _finite(
            {
                "phase": progress.phase,
                "step": progress.step,
                "total": progress.total,
                "loss": progress.loss,
                "validation": progress.validation,
                "eta_s": progress.eta_s,
            }
        )
        now = time.monotonic()
        if progress.phase != self._written_phase or now - self._written_at >= self.every_s:
            self.flush()

    def flush(self) -> None:
        if self._latest is None:
            return
        values = {**self._latest, "updated_at": utcnow().isoformat()}
        with new_session() as db:
            db.execute(
                update(TrainingRun)
                .where(TrainingRun.id == self.run_id, TrainingRun.state == "running")
                .values(progress=values)
            )
            db.commit()
        self._written_at, self._written_phase = time.monotonic(), self._latest["phase"]

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self._stop and now - self._checked_at >= CANCEL_CHECK_EVERY_S:
            self._checked_at = now
            with new_session() as db:
                run = db.get(TrainingRun, self.run_id)
                # cancelled, or no longer this trainer's (marked failed meanwhile)
                self._stop = run is None or run.cancel_requested or run.state != "running"
        return self._stop
