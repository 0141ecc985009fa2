"""Study changes pushed to browsers: whoever changes a study (the worker when an analysis starts,
finishes or fails, or a joint is re-scored; the API when a study is uploaded or a reader edits
grades) calls publish_study_change after committing. It bumps the team's change counter (the
version of the team's cached worklist pages) and publishes on the team's Redis channel; each open
events stream relays its team's messages as Server-Sent Events. A message that is lost (Redis
down, a stream reconnecting) is caught up by the UI's slow fallback poll and by the cache's
expiry, so publishing never fails the change itself."""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import AsyncIterator
from functools import lru_cache

import redis
import redis.asyncio

from ..config import get_settings

log = logging.getLogger(__name__)
HEARTBEAT_S = 15.0  # a comment line this often keeps proxies from closing an idle stream
MAX_STREAM_S = 300.0  # then the browser reconnects, and its session is checked again
RETRY_MS = 3000  # how long a browser waits before reconnecting


def team_channel(team_id: int) -> str:
    return f"rasharp:team:{team_id}:studies"


def _version_key(team_id: int) -> str:
    return f"rasharp:team:{team_id}:version"


@lru_cache
def _publisher() -> redis.Redis:
    return redis.Redis.from_url(get_settings().redis_url, socket_timeout=2, decode_responses=True)


def publish_study_change(team_id: int, study_id: int, status: str) -> None:
    """Tell the team's open pages that the study changed (its status is the new one)."""
    message = json.dumps({"study_id": study_id, "status": status})
    try:
        with _publisher().pipeline(transaction=False) as pipe:
            pipe.incr(_version_key(team_id))
            pipe.publish(team_channel(team_id), message)
            pipe.execute()
    except redis.RedisError:
        log.warning("could not publish the change of study %s", study_id, exc_info=True)


def team_version(team_id: int) -> str | None:
    """The team's change counter; None when Redis cannot be reached (then nothing is cached).

    A counter that Redis lost starts again from a random value, not from 1, so that it does not
    come back to a version that a cache still holds from before.
    """
    key = _version_key(team_id)
    try:
        value = _publisher().get(key)
        if value is None:
            _publisher().set(key, secrets.randbits(48), nx=True)
            value = _publisher().get(key)
    except redis.RedisError:
        log.warning("could not read the change counter of team %s", team_id, exc_info=True)
        return None
    return None if value is None else str(value)


def _event(name: str, data: str) -> str:
    return f"event: {name}\ndata: {data}\n\n"


async def team_events(
    team_id: int, heartbeat_s: float = HEARTBEAT_S, max_stream_s: float = MAX_STREAM_S
) -> AsyncIterator[str]:
    """The text of an event stream: 'ready' once subscribed, then one 'study' event per change."""
    client = redis.asyncio.Redis.from_url(get_settings().redis_url)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    try:
        await pubsub.subscribe(team_channel(team_id))
        yield f"retry: {RETRY_MS}\n" + _event("ready", "{}")
        deadline = time.monotonic() + max_stream_s
        while time.monotonic() < deadline:
            message = await pubsub.get_message(timeout=heartbeat_s)
            if message is None:
                yield ": keep-alive\n\n"
            else:
                yield _event("study", message["data"].decode())
    finally:
        await pubsub.aclose()
        await client.aclose()
