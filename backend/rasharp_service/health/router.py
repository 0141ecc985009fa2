from __future__ import annotations

import json

import redis
from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from .. import __version__
from ..deps import SessionDep, SettingsDep
from ..worker.celery_app import MODELS_KEY

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str  # ok when the database and the broker answer
    version: str
    database: str
    broker: str
    models: dict[str, str | None] | None  # as last reported by a worker; null if none has started


@router.get("/health", response_model=Health)
def health(db: SessionDep, settings: SettingsDep) -> Health:
    try:
        db.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:
        database = f"error: {type(exc).__name__}"
    models = None
    try:
        client = redis.Redis.from_url(
            settings.redis_url, socket_timeout=2, socket_connect_timeout=2
        )
        client.ping()
        broker = "ok"
        reported = client.get(MODELS_KEY)
        models = json.loads(reported) if reported else None
    except redis.RedisError as exc:
        broker = f"error: {type(exc).__name__}"
    status = "ok" if database == broker == "ok" else "degraded"
    return Health(
        status=status, version=__version__, database=database, broker=broker, models=models
    )
