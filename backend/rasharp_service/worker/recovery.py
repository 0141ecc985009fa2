"""Job recovery from the database: analyses whose job was lost are sent to the queue again.

Every worker runs it when it starts and then every few seconds. Two losses are covered:

- the worker running a job died (killed, out of memory, machine lost): the analysis is 'running'
  under a worker id whose heartbeat has expired; it goes back to 'queued' and is sent again;
- the queue lost a job (Redis restarted without its data, or the API stopped between saving a
  study and sending its job): the analysis is 'queued' since before Redis started, or for longer
  than LOST_QUEUED_AFTER_S while the queue is empty; it is sent again.

Sending a job twice is harmless: a worker takes an analysis only by a conditional UPDATE from
'queued' to 'running' (tasks.analyze_study), so a second delivery finds nothing to do, and
results are saved only by the attempt that holds the analysis.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import redis
from sqlalchemy import and_, or_, update

from ..config import get_settings
from ..db import new_session, utcnow
from ..studies.models import Analysis
from .celery_app import GPU_QUEUE
from .heartbeat import HEARTBEAT_TTL_S, live_workers

log = logging.getLogger(__name__)

RECOVERY_EVERY_S = 5.0
# A queued analysis whose job is in no queue (the queue is empty) is sent again after this long.
LOST_QUEUED_AFTER_S = 60


def recover_jobs(client: redis.Redis, send: Callable[[int], None]) -> list[int]:
    """Queue again the analyses whose job was lost; returns their ids."""
    redis_up_s = int(client.info("server")["uptime_in_seconds"])
    redis_now_s, _ = client.time()
    redis_started = datetime.fromtimestamp(redis_now_s - redis_up_s, UTC)
    now = utcnow()
    with new_session() as db:
        orphaned: list[int] = []
        # Until Redis has been up for a whole heartbeat period, a live worker may not have
        # renewed its key yet: its jobs are not judged.
        if redis_up_s >= HEARTBEAT_TTL_S:
            alive = list(live_workers(client))
            held_by_dead_worker = or_(
                and_(Analysis.worker.is_not(None), Analysis.worker.not_in(alive)),
                # running since before workers were known by id: the broker's own timeout
                and_(
                    Analysis.worker.is_(None),
                    Analysis.started_at < now - timedelta(seconds=get_settings().job_redelivery_s),
                ),
            )
            orphaned = list(
                db.scalars(
                    update(Analysis)
                    .where(Analysis.status == "running", held_by_dead_worker)
                    .values(status="queued", worker=None, queued_at=now)
                    .returning(Analysis.id)
                )
            )
        lost = Analysis.queued_at < redis_started
        if client.llen(GPU_QUEUE) == 0:
            lost = or_(lost, Analysis.queued_at < now - timedelta(seconds=LOST_QUEUED_AFTER_S))
        unsent = list(
            db.scalars(
                update(Analysis)
                .where(Analysis.status == "queued", lost)
                .values(queued_at=now)
                .returning(Analysis.id)
            )
        )
        db.commit()
    if orphaned:
        log.warning("analyses %s were running on a worker that stopped: queued again", orphaned)
    if unsent:
        log.warning("analyses %s were queued but their jobs were lost: sent again", unsent)
    for analysis_id in orphaned + unsent:
        send(analysis_id)
    return orphaned + unsent


class JobRecovery:
    """A daemon thread that runs recover_jobs now and then every RECOVERY_EVERY_S seconds."""

    def __init__(self, redis_url: str, send: Callable[[int], None]):
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
