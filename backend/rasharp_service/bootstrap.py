"""Start-up steps shared by `rasharp-serve` and `rasharp-admin`: engines, settings, migrations."""

from __future__ import annotations

import os
from pathlib import Path

from . import migrate
from .config import get_settings
from .embedded import EmbeddedPostgres, EmbeddedRedis


class Environment:
    """Use DATABASE_URL / REDIS_URL when set, else start embedded engines under ``data_dir``."""

    def __init__(self, data_dir: Path, need_redis: bool = True):
        self.data_dir = Path(data_dir).resolve()
        self.postgres = (
            EmbeddedPostgres(self.data_dir) if not os.environ.get("DATABASE_URL") else None
        )
        self.redis = (
            EmbeddedRedis(self.data_dir) if need_redis and not os.environ.get("REDIS_URL") else None
        )

    def start(self) -> None:
        if self.postgres is not None:
            os.environ["DATABASE_URL"] = self.postgres.start()
            print(f"rasharp: embedded PostgreSQL in {self.postgres.pgdata}", flush=True)
        if self.redis is not None:
            os.environ["REDIS_URL"] = self.redis.start()
            print(
                f"rasharp: embedded Redis on 127.0.0.1:{self.redis.port} "
                f"(password in {self.redis.password_file})",
                flush=True,
            )
        os.environ.setdefault("RASHARP_STORAGE_DIR", str(self.data_dir / "storage"))
        get_settings.cache_clear()
        get_settings()  # refuses unsafe production settings before anything runs
        migrate.upgrade()

    def stop(self) -> None:
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()
