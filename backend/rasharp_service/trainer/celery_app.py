"""The trainer's Celery application: the same Redis broker as the inference worker, only the
`train` queue, one run at a time.

A run's job is acknowledged when the trainer takes it: a trainer that dies does not hand the
run to another (a half-finished fine-tuning is not resumed); the run is marked failed once the
trainer's heartbeat expires (training/service.py).
"""

from __future__ import annotations

from celery import Celery

from ..config import Settings, get_settings
from ..worker.celery_app import TRAIN_QUEUE, TRAIN_TASK


def create_trainer_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery("rasharp-trainer", include=["rasharp_service.trainer.tasks"])
    app.conf.update(
        broker_url=settings.redis_url,
        result_backend=settings.redis_url,
        broker_connection_retry_on_startup=True,
        task_acks_late=False,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,
        task_default_queue=TRAIN_QUEUE,
        task_routes={TRAIN_TASK: {"queue": TRAIN_QUEUE}},
        worker_hijack_root_logger=False,
    )
    return app


celery_app = create_trainer_celery()
