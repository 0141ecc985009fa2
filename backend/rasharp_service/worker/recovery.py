"""Job recovery from the database: analyses, re-scores and folder imports whose job was lost
are sent again.

Every worker runs it when it starts and then every few seconds. Two losses are covered:

- the worker running a job died (killed, out of memory, machine lost): the analysis is 'running'
  (the joint's re-score is pending) under a worker id whose heartbeat has expired; it goes back
  to waiting and is sent again;
- the queue lost a job (Redis restarted without its data, or the API stopped between saving a
  change and sending its job): the analysis is 'queued' (the re-score is pending and held by no
  worker) since before Redis started, or for longer than LOST_QUEUED_AFTER_S while the queue is
  empty; it is sent again.

Sending a job twice is harmless: a worker takes an analysis only by a conditional UPDATE from
'queued' to 'running' (tasks.analyze_study), and a re-score only by a conditional UPDATE of a
pending joint at the job's move count that no worker holds (tasks.rescore_joint), so a second
delivery finds nothing to do; results are saved only by the attempt that holds the job. A
re-score is always sent again for the joint's current move count: its latest position.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy import and_, or_, update
from sqlalchemy.orm import Session

from ..config import get_settings
from ..db import new_session, utcnow
from ..folder_imports.models import FolderImport
from ..studies.models import Analysis, Joint
from .celery_app import CPU_QUEUE, GPU_QUEUE
from .heartbeat import HEARTBEAT_TTL_S, live_workers

log = logging.getLogger(__name__)

RECOVERY_EVERY_S = 5.0
# A waiting job that is in no queue (the queue is empty) is sent again after this long.
LOST_QUEUED_AFTER_S = 60


@dataclass(frozen=True)
class Senders:
    """How the recovery sends jobs: an analysis by id, a re-score by joint id and move count."""

    analysis: Callable[[int], None]
    rescore: Callable[[int, int], None]
    folder_import: Callable[[int], None]


@dataclass(frozen=True)
class _QueueState:
    now: datetime
    redis_started: datetime
    queue_empty: bool
    cpu_queue_empty: bool
    # the ids of live worker processes; None until Redis has been up for a whole heartbeat
    # period, as a live worker may not have renewed its key yet: running jobs are not judged
    alive: list[str] | None

    def waited_too_long(self, sent_at, queue_empty: bool | None = None):
        lost = sent_at < self.redis_started
        if self.queue_empty if queue_empty is None else queue_empty:
            lost = or_(lost, sent_at < self.now - timedelta(seconds=LOST_QUEUED_AFTER_S))
        return lost


def recover_jobs(client: redis.Redis, send: Senders) -> list[int]:
    """Send again the analyses and re-scores whose job was lost; returns the analyses' ids."""
    redis_up_s = int(client.info("server")["uptime_in_seconds"])
    redis_now_s, _ = client.time()
    state = _QueueState(
        now=utcnow(),
        redis_started=_started_at_latest(redis_now_s, redis_up_s),
        queue_empty=client.llen(GPU_QUEUE) == 0,
        cpu_queue_empty=client.llen(CPU_QUEUE) == 0,
        alive=list(live_workers(client)) if redis_up_s >= HEARTBEAT_TTL_S else None,
    )
    with new_session() as db:
        orphaned, unsent = _recover_analyses(db, state)
        rescores = _recover_rescores(db, state)
        imports = _recover_folder_imports(db, state)
        db.commit()
    if orphaned:
        log.warning("analyses %s were running on a worker that stopped: queued again", orphaned)
    if unsent:
        log.warning("analyses %s were queued but their jobs were lost: sent again", unsent)
    if rescores:
        log.warning(
            "re-scores of joints %s were lost with their worker or queue: sent again",
            [joint_id for joint_id, _ in rescores],
        )
    if imports:
        log.warning("folder imports %s lost their worker or queue: sent again", imports)
    for analysis_id in orphaned + unsent:
        send.analysis(analysis_id)
    for import_id in imports:
        send.folder_import(import_id)
    for joint_id, move_count in rescores:
        send.rescore(joint_id, move_count)
    return orphaned + unsent


def _started_at_latest(redis_now_s: int, redis_up_s: int) -> datetime:
    """The latest moment Redis can have started. Redis keeps its start time in whole seconds,
    cut down, and its uptime is the difference of two such seconds: the start lies within the
    second after `now - uptime`. A job sent in that second may be judged lost and sent again,
    which is harmless; one sent before the start must never be missed."""
    return datetime.fromtimestamp(redis_now_s - redis_up_s + 1, UTC)


def _recover_analyses(db: Session, state: _QueueState) -> tuple[list[int], list[int]]:
    orphaned: list[int] = []
    if state.alive is not None:
        held_by_dead_worker = or_(
            and_(Analysis.worker.is_not(None), Analysis.worker.not_in(state.alive)),
            # running since before workers were known by id: the broker's own timeout
            and_(
                Analysis.worker.is_(None),
                Analysis.started_at
                < state.now - timedelta(seconds=get_settings().job_redelivery_s),
            ),
        )
        orphaned = list(
            db.scalars(
                update(Analysis)
                .where(Analysis.status == "running", held_by_dead_worker)
                .values(status="queued", worker=None, queued_at=state.now)
                .returning(Analysis.id)
            )
        )
    unsent = list(
        db.scalars(
            update(Analysis)
            .where(Analysis.status == "queued", state.waited_too_long(Analysis.queued_at))
            .values(queued_at=state.now)
            .returning(Analysis.id)
        )
    )
    return orphaned, unsent


def _recover_rescores(db: Session, state: _QueueState) -> list[tuple[int, int]]:
    """The pending re-scores sent again, as (joint id, move count)."""
    lost = and_(
        Joint.rescore_worker.is_(None),
        or_(Joint.rescore_queued_at.is_(None), state.waited_too_long(Joint.rescore_queued_at)),
    )
    if state.alive is not None:
        held_by_dead_worker = and_(
            Joint.rescore_worker.is_not(None), Joint.rescore_worker.not_in(state.alive)
        )
        lost = or_(lost, held_by_dead_worker)
    rows = db.execute(
        update(Joint)
        .where(Joint.rescore_pending.is_(True), lost)
        .values(rescore_worker=None, rescore_queued_at=state.now)
        .returning(Joint.id, Joint.move_count)
    )
    return [(joint_id, move_count) for joint_id, move_count in rows]


def _recover_folder_imports(db: Session, state: _QueueState) -> list[int]:
    """Folder imports whose worker died (queued again: the next run goes on from the first file
    not yet recorded) or whose job the queue lost; their ids, to send again."""
    orphaned: list[int] = []
    if state.alive is not None:
        orphaned = list(
            db.scalars(
                update(FolderImport)
                .where(
                    FolderImport.status == "running",
                    FolderImport.worker.is_not(None),
                    FolderImport.worker.not_in(state.alive),
                )
                .values(status="queued", worker=None, queued_at=state.now)
                .returning(FolderImport.id)
            )
        )
    unsent = list(
        db.scalars(
            update(FolderImport)
            .where(
                FolderImport.status == "queued",
                FolderImport.id.not_in(orphaned),
                state.waited_too_long(FolderImport.queued_at, state.cpu_queue_empty),
            )
            .values(queued_at=state.now)
            .returning(FolderImport.id)
        )
    )
    return orphaned + unsent


class JobRecovery:
    """A daemon thread that runs recover_jobs now and then every RECOVERY_EVERY_S seconds."""

    def __init__(self, redis_url: str, send: Senders):
        self._client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        self._send = send
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-recovery", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        while True:
            try:
                recover_jobs(self._client, self._send)
            except Exception as exc:  # database or Redis down: the next round tries again
                log.warning("job recovery skipped (%s: %s)", type(exc).__name__, exc)
            if self._stop.wait(RECOVERY_EVERY_S):
                return
