"""Training runs: started by an administrator (API or `rasharp-admin train`), run by the trainer
process (rasharp_service.trainer) from the `train` queue, one at a time per deployment.

A run holds its trainer's process id while it runs; a trainer beats a Redis key like the
inference workers do. A running run whose trainer's heartbeat has expired (the process was
killed, the machine lost) is marked failed, with the reason, by whoever looks first: the trainer
at start-up and every few seconds, and the API when runs are listed or read.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import lru_cache

import redis
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ..auth.models import User
from ..config import get_settings
from ..datasets.models import DatasetSnapshot
from ..datasets.service import find_snapshot
from ..db import utcnow
from ..errors import Conflict, NotFound, Unavailable
from ..registry import service as registry
from ..storage import FileStore
from ..worker.celery_app import TRAIN_TASK, celery_app
from ..worker.heartbeat import HEARTBEAT_TTL_S, live_workers
from .models import ACTIVE_STATES, TrainingRun

log = logging.getLogger(__name__)

TRAINER_HEARTBEAT_PREFIX = "rasharp:trainer:alive:"
LOST_TRAINER = "the trainer process running it stopped (killed or its machine lost)"
# One start at a time, so that two administrators cannot both start "the" run.
_START_LOCK = 0x72617472  # "ratr"


def start_run(
    db: Session,
    storage: FileStore,
    snapshot_id: int,
    steps: int,
    localizer: bool = False,
    time_limit_s: float | None = None,
    user: User | None = None,
    send: bool = True,
) -> TrainingRun:
    """Queue a fine-tuning of the promoted version on a snapshot (of the user's team; any
    snapshot from the command line). Refused while another run is queued or running.
    ``send=False``: no job is sent (no broker at hand); a trainer finds the queued run itself
    (trainer/tasks.py)."""
    if user is not None:
        snapshot = find_snapshot(db, user.team_id, snapshot_id)
    else:
        found = db.get(DatasetSnapshot, snapshot_id)
        if found is None:
            raise NotFound("model.snapshot_not_found", snapshot_id=snapshot_id)
        snapshot = found
    registry.ensure_shipped(db, storage)
    db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _START_LOCK})
    active = db.scalar(
        select(TrainingRun).where(TrainingRun.state.in_(ACTIVE_STATES)).order_by(TrainingRun.id)
    )
    if active is not None:
        raise Conflict("training.already_active", run_id=active.id, state=active.state)
    base = registry.promoted(db)
    if base is None:  # ensure_shipped promotes the shipped weights: only if removed since
        raise NotFound("training.no_promoted_version")
    run = TrainingRun(
        snapshot_id=snapshot.id,
        base_version_id=base.id,
        config={"steps": steps, "localizer": localizer, "time_limit_s": time_limit_s},
        state="queued",
        progress={},
        started_by_id=user.id if user else None,
    )
    db.add(run)
    db.commit()
    if not send:
        return run
    try:
        send_run(run.id)
    except Exception as exc:  # the broker is down: nothing will ever take this run
        run.state, run.finished_at = "failed", utcnow()
        run.error = f"the job queue could not be reached ({type(exc).__name__})"
        db.commit()
        raise Unavailable("training.queue_unreachable") from exc
    return run


def send_run(run_id: int) -> None:
    celery_app.send_task(TRAIN_TASK, args=[run_id], ignore_result=True, retry=False)


def runs(db: Session, limit: int = 50) -> list[TrainingRun]:
    return list(db.scalars(select(TrainingRun).order_by(TrainingRun.id.desc()).limit(limit)))


def find_run(db: Session, run_id: int) -> TrainingRun:
    run = db.get(TrainingRun, run_id)
    if run is None:
        raise NotFound("training.not_found", run_id=run_id)
    return run


def cancel_run(db: Session, run_id: int) -> TrainingRun:
    """A queued run is cancelled at once; a running one stops at the trainer's next step."""
    run = db.scalar(select(TrainingRun).where(TrainingRun.id == run_id).with_for_update())
    if run is None:
        raise NotFound("training.not_found", run_id=run_id)
    if run.state not in ACTIVE_STATES:
        raise Conflict("training.not_active", run_id=run_id, state=run.state)
    run.cancel_requested = True
    if run.state == "queued":
        run.state, run.finished_at = "cancelled", utcnow()
    db.commit()
    return run


def fail_runs_of_dead_trainers(db: Session, client: redis.Redis) -> list[int]:
    """Mark failed the running runs whose trainer's heartbeat expired; returns their ids.
    Judged only once Redis has been up for a whole heartbeat period (a live trainer may not
    have renewed its key yet)."""
    if int(client.info("server")["uptime_in_seconds"]) < HEARTBEAT_TTL_S:
        return []
    alive = list(live_workers(client, TRAINER_HEARTBEAT_PREFIX))
    failed = list(
        db.scalars(
            update(TrainingRun)
            .where(
                TrainingRun.state == "running",
                TrainingRun.trainer.not_in(alive),
                # a run is taken and its trainer id written in one UPDATE; the margin covers
                # a trainer that took its run in the instant before its first heartbeat
                TrainingRun.started_at < utcnow() - timedelta(seconds=HEARTBEAT_TTL_S),
            )
            .values(state="failed", finished_at=utcnow(), error=LOST_TRAINER)
            .returning(TrainingRun.id)
        )
    )
    db.commit()
    if failed:
        log.warning("training runs %s lost their trainer: marked failed", failed)
    return failed


@lru_cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def check_trainers(db: Session) -> None:
    """fail_runs_of_dead_trainers, for readers of the runs: a broker that cannot be reached
    just leaves the runs as they are."""
    try:
        fail_runs_of_dead_trainers(db, _redis_client(get_settings().redis_url))
    except redis.RedisError as exc:
        log.warning("could not check the trainers' heartbeats (%s)", type(exc).__name__)
