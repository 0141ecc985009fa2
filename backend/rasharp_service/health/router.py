"""Health: /api/health/live says the API process answers; /api/health says whether the whole
service works (database, queue, and at least one live worker), answering 503 when it does not,
with the same body, so that both a monitor and the UI can tell what is down."""

from __future__ import annotations

import json
from typing import Literal

import redis
from fastapi import APIRouter, Response, status
from pydantic import BaseModel
from sqlalchemy import text

from .. import __version__
from ..deps import SessionDep, SettingsDep
from ..training.service import TRAINER_HEARTBEAT_PREFIX
from ..worker.celery_app import MODELS_KEY
from ..worker.heartbeat import live_workers

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok", "degraded"]  # ok when the database, the broker and a worker answer
    version: str
    database: str
    broker: str
    # "down" when no worker process has sent a heartbeat lately: uploads are accepted and
    # wait in the queue until a worker runs again.
    worker: Literal["ok", "down", "unknown"]
    workers_alive: int
    # trainer processes (queue train) with a live heartbeat; none is needed for analyses, but
    # a training run waits in the queue until one runs
    trainers_alive: int = 0
    models: dict[str, str | None] | None  # as last reported by a worker; null if none has started


class Liveness(BaseModel):
    status: Literal["ok"]


@router.get("/health/live", response_model=Liveness)
def live() -> Liveness:
    """The API process answers (for a container's liveness probe); nothing else is checked."""
    return Liveness(status="ok")


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "a part of the service is down"}},
)
def health(db: SessionDep, settings: SettingsDep, response: Response) -> Health:
    try:
        db.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:
        database = f"error: {type(exc).__name__}"
    models = None
    workers_alive = trainers_alive = 0
    worker: Literal["ok", "down", "unknown"] = "unknown"
    try:
        client = redis.Redis.from_url(
            settings.redis_url, socket_timeout=2, socket_connect_timeout=2
        )
        client.ping()
        broker = "ok"
        reported = client.get(MODELS_KEY)
        models = json.loads(reported) if reported else None
        workers_alive = len(live_workers(client))
        trainers_alive = len(live_workers(client, TRAINER_HEARTBEAT_PREFIX))
        worker = "ok" if workers_alive else "down"
    except redis.RedisError as exc:
        broker = f"error: {type(exc).__name__}"
    healthy = database == broker == worker == "ok"
    if not healthy:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Health(
        status="ok" if healthy else "degraded",
        version=__version__,
        database=database,
        broker=broker,
        worker=worker,
        workers_alive=workers_alive,
        trainers_alive=trainers_alive,
        models=models,
    )
