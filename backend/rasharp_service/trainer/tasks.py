"""The trainer's job, and what the trainer process does beside it: a heartbeat (so a run whose
trainer died is marked failed); the runs left queued are sent again at start-up, and whenever
the train queue is empty while a run has been queued for a few seconds (its job was lost, or
`rasharp-admin train` had no broker to send it to; sending twice is harmless: a run is taken
only from 'queued'); and at start-up the temporary folders a killed trainer left are removed."""

from __future__ import annotations

import logging
import socket
import threading
from datetime import timedelta

import redis
from celery.signals import worker_ready, worker_shutdown
from sqlalchemy import select

from ..db import new_session, utcnow
from ..training.models import TrainingRun
from ..training.service import TRAINER_HEARTBEAT_PREFIX, fail_runs_of_dead_trainers, send_run
from ..worker.celery_app import TRAIN_QUEUE, TRAIN_TASK
from ..worker.heartbeat import Heartbeat, new_worker_id
from .celery_app import celery_app
from .job import remove_leftover_work, run_training

log = logging.getLogger(__name__)

CHECK_TRAINERS_EVERY_S = 5.0
# A run queued this long while the train queue is empty has no job: it is sent again.
UNSENT_AFTER_S = 5.0


class _Trainer:
    def __init__(self) -> None:
        self.trainer_id: str | None = None
        self.heartbeat: Heartbeat | None = None
        self._stop = threading.Event()
        self._watch = threading.Thread(target=self._check, name="trainer-check", daemon=True)

    def start(self, node: str) -> None:
        self.trainer_id = new_worker_id(node)
        self.heartbeat = Heartbeat(
            celery_app.conf.broker_url, self.trainer_id, TRAINER_HEARTBEAT_PREFIX
        )
        self.heartbeat.start()
        log.info("trainer process %s started", self.trainer_id)
        for folder in remove_leftover_work():
            log.warning("removed %s, left by a trainer that stopped mid-run", folder)
        _send_queued_again()
        self._watch.start()

    def _check(self) -> None:
        client = redis.Redis.from_url(
            celery_app.conf.broker_url, socket_timeout=5, socket_connect_timeout=5
        )
        while not self._stop.wait(CHECK_TRAINERS_EVERY_S):
            try:
                with new_session() as db:
                    fail_runs_of_dead_trainers(db, client)
                if client.llen(TRAIN_QUEUE) == 0:
                    _send_queued_again(older_than_s=UNSENT_AFTER_S)
            except Exception:
                log.exception("could not check the other trainers' runs; trying again")

    def stop(self) -> None:
        self._stop.set()
        if self.heartbeat is not None:
            self.heartbeat.stop()


_trainer = _Trainer()


def _send_queued_again(older_than_s: float = 0) -> None:
    """Runs queued (for longer than ``older_than_s``) whose job the queue may not hold."""
    before = utcnow() - timedelta(seconds=older_than_s)
    with new_session() as db:
        queued = list(
            db.scalars(
                select(TrainingRun.id).where(
                    TrainingRun.state == "queued", TrainingRun.created_at <= before
                )
            )
        )
    for run_id in queued:
        send_run(run_id)
    if queued:
        log.info("training runs %s are queued: their jobs sent again", queued)


@worker_ready.connect
def _start_trainer(sender=None, **_):
    _trainer.start(getattr(sender, "hostname", None) or f"trainer@{socket.gethostname()}")


@worker_shutdown.connect
def _stop_trainer(**_):
    _trainer.stop()


@celery_app.task(name=TRAIN_TASK)
def train(run_id: int) -> str | None:
    """Fine-tune a run's base version on its snapshot; the output becomes a candidate."""
    return run_training(run_id, _trainer.trainer_id or f"trainer@{socket.gethostname()}")
