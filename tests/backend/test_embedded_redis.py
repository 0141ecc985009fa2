"""The embedded Redis asks for a password, made once per data dir and readable by its owner only."""

from __future__ import annotations

import stat

import pytest
import redis

from rasharp_service.embedded import EmbeddedRedis


def test_the_embedded_redis_needs_its_password_and_keeps_it_across_starts(tmp_path):
    engine = EmbeddedRedis(tmp_path, persist=False)
    url = engine.start()
    try:
        password = engine.password_file.read_text().strip()
        assert len(password) >= 32 and f":{password}@" in url
        assert stat.S_IMODE(engine.password_file.stat().st_mode) == 0o600
        assert redis.Redis.from_url(url).ping()
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(host="127.0.0.1", port=engine.port).ping()
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(host="127.0.0.1", port=engine.port, password="guess").ping()
        with open(f"/proc/{engine.process.pid}/cmdline", "rb") as proc:
            assert password.encode() not in proc.read()  # not visible to other users in `ps`
    finally:
        engine.stop()

    again = EmbeddedRedis(tmp_path, persist=False)
    try:
        assert f":{password}@" in again.start()
    finally:
        again.stop()
