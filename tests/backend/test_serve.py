"""`rasharp-serve` as `make run` starts it: embedded engines, admin account, worker, clean stop."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time

import httpx
import pytest

from rasharp_service.config import DEFAULT_SECRET_KEY, Settings
from rasharp_service.embedded import free_port
from rasharp_service.serve import training_available


def _postgres_running(pgdata) -> bool:
    for proc in os.listdir("/proc"):
        if proc.isdigit():
            try:
                with open(f"/proc/{proc}/cmdline", "rb") as f:
                    if str(pgdata).encode() in f.read():
                        return True
            except OSError:
                pass
    return False


WORKER_STARTED = "worker process rasharp@"


def _log(tmp_path) -> str:
    return (tmp_path / "serve.log").read_text()


def _worker_pids(server_pid: int, app: bytes = b"rasharp_service.worker.celery_app") -> list[int]:
    """The server's child processes that run a Celery worker of ``app`` (the trainer's:
    rasharp_service.trainer.celery_app)."""
    found = []
    for proc in os.listdir("/proc"):
        try:
            with open(f"/proc/{proc}/stat") as f:
                parent = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{proc}/cmdline", "rb") as f:
                command = f.read()
        except (OSError, ValueError, IndexError):
            continue
        if parent == server_pid and b"celery" in command and app in command:
            found.append(int(proc))
    return found


def wait_for(condition, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {seconds} s"
        time.sleep(0.3)


def test_serve_starts_everything_embedded_and_stops_cleanly_on_sigterm(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        RASHARP_ADMIN_PASSWORD="first-start-pass", RASHARP_STORAGE_DIR=str(tmp_path / "files")
    )
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 (read after the server stops)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rasharp_service.serve",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "var"),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json()
                if health["models"] is not None:  # the worker has started and reported
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (
                tmp_path / "serve.log"
            ).read_text()[-3000:]
            time.sleep(0.3)
        assert health["database"] == "ok" and health["broker"] == "ok"
        wait_for(lambda: WORKER_STARTED in _log(tmp_path), "worker heartbeat")
        assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=10).json()["worker"] == "ok"
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}")
        login = client.post(
            "/api/auth/login", json={"username": "admin", "password": "first-start-pass"}
        )
        assert login.status_code == 200 and login.json()["is_admin"] is True
        output = (tmp_path / "serve.log").read_text()
        assert "administrator account created" in output and "first-start-pass" in output
        redis_password = (tmp_path / "var" / "redis" / "password").read_text().strip()
        assert redis_password not in output  # the embedded Redis's URL is not printed whole
        assert (tmp_path / "var" / "postgres" / "PG_VERSION").is_file()

        # kill -9 of the worker: reported, and a new worker process takes its place
        (killed,) = _worker_pids(server.pid)
        os.killpg(killed, signal.SIGKILL)
        wait_for(lambda: f"the worker (pid {killed}) stopped" in _log(tmp_path), "the report")
        assert "killed by SIGKILL" in _log(tmp_path)
        wait_for(lambda: _log(tmp_path).count(WORKER_STARTED) == 2, "a restarted worker")
        assert len(_worker_pids(server.pid)) == 1 and killed not in _worker_pids(server.pid)

        # where torch is installed, a trainer (queue train) runs beside the worker
        if training_available():
            wait_for(lambda: "trainer process trainer@" in _log(tmp_path), "the trainer")
            assert len(_worker_pids(server.pid, b"rasharp_service.trainer.celery_app")) == 1
        else:
            assert "no trainer started: torch is not installed" in _log(tmp_path)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        code = server.wait(120)
    assert code == 0
    assert "rasharp: stopped" in (tmp_path / "serve.log").read_text()
    assert not _postgres_running(tmp_path / "var" / "postgres")


@pytest.mark.parametrize(
    "key",
    [DEFAULT_SECRET_KEY, "a" * 36, "abcd" * 12, secrets.token_urlsafe(48)[:31]],
    ids=["default", "one character", "four characters", "short"],
)
def test_production_refuses_a_weak_secret_key_and_says_how_to_make_one(key):
    with pytest.raises(ValueError, match="RASHARP_SECRET_KEY must be set") as refused:
        Settings(environment="production", secret_key=key, cookie_secure=True)
    assert "secrets.token_urlsafe(48)" in str(refused.value)
    assert key not in str(refused.value)


def test_production_accepts_a_generated_secret_key():
    key = secrets.token_urlsafe(48)
    assert Settings(environment="production", secret_key=key, cookie_secure=True).secret_key == key
