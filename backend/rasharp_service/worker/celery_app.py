"""The Celery application: Redis broker, inference on the `gpu` queue, reports, PACS
retrievals and folder imports on `cpu`. Training runs go to the `train` queue, which only the
trainer process (rasharp_service.trainer, its own Celery app) consumes.

Jobs are acknowledged only after they finish (acks_late) and given back when a worker dies
(reject_on_worker_lost; with Redis, an unacknowledged job returns to the queue after
``job_redelivery_s``). Analyses and joint re-scores do not wait for that: the job recovery
(worker/recovery.py) sends them again, within seconds, when their worker's heartbeat stopped.
"""

from __future__ import annotations

from celery import Celery
from celery.signals import setup_logging

from ..config import Settings, get_settings
from ..logs import configure_logging

GPU_QUEUE = "gpu"
CPU_QUEUE = "cpu"
TRAIN_QUEUE = "train"
ANALYZE_TASK = "rasharp.analyze"
RESCORE_TASK = "rasharp.rescore_joint"
REPORT_TASK = "rasharp.render_report"
PACS_IMPORT_TASK = "rasharp.pacs_import"
FOLDER_IMPORT_TASK = "rasharp.folder_import"
TRAIN_TASK = "rasharp.train"
# Where workers publish the versions of the models they loaded, for /api/health.
MODELS_KEY = "rasharp:worker:models"


def create_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    app = Celery(
        "rasharp",
        include=[
            "rasharp_service.worker.tasks",
            "rasharp_service.worker.pacs_tasks",
            "rasharp_service.worker.folder_tasks",
        ],
    )
    app.conf.update(
        broker_url=settings.redis_url,
        result_backend=settings.redis_url,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.job_redelivery_s,
            "unacked_restore_interval": min(10, settings.job_redelivery_s),
            "unacked_restore_throttle": 1,
        },
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        result_expires=600,
        worker_prefetch_multiplier=1,
        task_default_queue=CPU_QUEUE,
        task_routes={
            ANALYZE_TASK: {"queue": GPU_QUEUE},
            RESCORE_TASK: {"queue": GPU_QUEUE},
            REPORT_TASK: {"queue": CPU_QUEUE},
            PACS_IMPORT_TASK: {"queue": CPU_QUEUE},
            FOLDER_IMPORT_TASK: {"queue": CPU_QUEUE},
            TRAIN_TASK: {"queue": TRAIN_QUEUE},
        },
        worker_hijack_root_logger=False,
    )
    return app


@setup_logging.connect
def _log_in_configured_format(**_):
    """Worker logs in RASHARP_LOG_FORMAT at RASHARP_LOG_LEVEL, like the API's."""
    configure_logging(get_settings())


celery_app = create_celery()
