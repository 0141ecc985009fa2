"""Container health check (Docker HEALTHCHECK): exit 0 when healthy, 1 otherwise.

The API container is healthy when /api/health says its database and broker answer; a dead
worker makes /api/health answer 503 but is no fault of the API container (the worker's own
check reports it). A worker is healthy when it answers a Celery ping; the trainer (whose one
process is busy while it trains) when its heartbeat in Redis is fresh. The entry point records
which role the container runs.
"""
from __future__ import annotations

import json
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROLE_FILE = Path(tempfile.gettempdir()) / "rasharp-role"  # written by the entry point


def api_healthy(port: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as answer:
            health = json.load(answer)
    except urllib.error.HTTPError as degraded:  # 503 carries the same report
        health = json.load(degraded)
    healthy = health.get("database") == "ok" and health.get("broker") == "ok"
    if not healthy:
        print(f"unhealthy: {health}", file=sys.stderr)
    elif health.get("worker") != "ok":
        print(f"healthy, but no worker is running: {health}", file=sys.stderr)
    return healthy


def worker_healthy(node: str) -> bool:
    from rasharp_service.worker.celery_app import celery_app

    replies = celery_app.control.ping(destination=[node], timeout=5.0)
    if not replies:
        print(f"unhealthy: worker {node} did not answer a ping", file=sys.stderr)
    return bool(replies)


def trainer_healthy(node: str) -> bool:
    import redis

    from rasharp_service.config import get_settings
    from rasharp_service.training.service import TRAINER_HEARTBEAT_PREFIX
    from rasharp_service.worker.heartbeat import live_workers

    client = redis.Redis.from_url(get_settings().redis_url, socket_timeout=5)
    alive = [v for v in live_workers(client, TRAINER_HEARTBEAT_PREFIX).values() if v.get("node") == node]
    if not alive:
        print(f"unhealthy: trainer {node} has no fresh heartbeat", file=sys.stderr)
    return bool(alive)


def main() -> int:
    role, detail = (ROLE_FILE.read_text().splitlines() + ["", ""])[:2] if ROLE_FILE.exists() else ("", "")
    try:
        if role == "api":
            return 0 if api_healthy(detail) else 1
        if role == "worker":
            return 0 if worker_healthy(detail) else 1
        if role == "trainer":
            return 0 if trainer_healthy(detail) else 1
    except Exception as exc:  # not answering at all
        print(f"unhealthy: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("unhealthy: the service has not started yet", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
