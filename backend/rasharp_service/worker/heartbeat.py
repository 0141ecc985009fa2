"""Worker heartbeats: each worker process writes a Redis key every few seconds that expires
unless renewed, so the API can tell a live worker from a dead one, and the recovery can tell
which running jobs lost their worker.

A worker process is known by a fresh id at each start (node name, process id, random part): a
worker restarted under the same node name is a different process, and the jobs the dead one held
must not look as if they were still held.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import uuid

import redis

log = logging.getLogger(__name__)

HEARTBEAT_PREFIX = "rasharp:worker:alive:"
HEARTBEAT_EVERY_S = 3.0
# A worker is dead once it has missed about four heartbeats in a row.
HEARTBEAT_TTL_S = 12


_this_worker: str | None = None


def this_worker() -> str | None:
    """The id of this process's heartbeat; None when it beats none (the API, a command)."""
    return _this_worker


def new_worker_id(node_name: str) -> str:
    return f"{node_name}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


def live_workers(client: redis.Redis, prefix: str = HEARTBEAT_PREFIX) -> dict[str, dict]:
    """Ids of the worker processes whose heartbeat has not expired, with what each reported
    (``prefix``: another kind of process, e.g. the trainers)."""
    keys = list(client.scan_iter(match=prefix + "*", count=500))
    values = client.mget(keys) if keys else []
    found = {}
    for key, value in zip(keys, values, strict=True):
        if value is not None:
            name = key.decode() if isinstance(key, bytes) else key
            found[name.removeprefix(prefix)] = json.loads(value)
    return found


class Heartbeat:
    """A daemon thread that renews this worker process's key until stopped."""

    def __init__(self, redis_url: str, worker_id: str, prefix: str = HEARTBEAT_PREFIX):
        self.worker_id = worker_id
        self._key = prefix + worker_id
        self._client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        self._value = json.dumps({"node": worker_id.split("/")[0], "host": socket.gethostname()})
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        global _this_worker
        _this_worker = self.worker_id
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)
        with contextlib.suppress(redis.RedisError):  # gone now, not in 12 s
            self._client.delete(self._key)

    def _run(self) -> None:
        while True:
            try:
                self._client.set(self._key, self._value, ex=HEARTBEAT_TTL_S)
            except redis.RedisError as exc:
                log.warning("heartbeat not written (%s); retrying", type(exc).__name__)
            if self._stop.wait(HEARTBEAT_EVERY_S):
                return
