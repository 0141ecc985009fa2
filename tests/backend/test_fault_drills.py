"""Fault drills against real processes: a worker killed mid-job, PostgreSQL and Redis restarted.

The drills run on a stack of their own (embedded PostgreSQL and Redis, `rasharp-serve --no-worker`
for the API, a worker process), so stopping its engines disturbs no other test. The broker's own
redelivery is left at the production default (300 s): what brings lost jobs back within the
drills' bounds is the job recovery.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psycopg
import pytest
import redis
from backend_images import png_bytes, two_hands
from conftest import WorkerProcess, models_present, wait_for_status

from rasharp_service.embedded import EmbeddedPostgres, EmbeddedRedis, free_port

pytestmark = pytest.mark.skipif(
    not models_present(), reason="models/weights/localizer.onnx is not there yet (no trained model)"
)

ADMIN_PASSWORD = "drill-admin-password"
HEALTHCHECK = Path(__file__).resolve().parents[2] / "deploy" / "healthcheck.py"


class DrillStack:
    def __init__(self, root: Path):
        self.root = root
        self.postgres = EmbeddedPostgres(root)
        self.redis = EmbeddedRedis(root, persist=False)
        self.env: dict[str, str] = {}
        self.api: subprocess.Popen | None = None
        self.url = ""
        self.worker: WorkerProcess | None = None
        self.image = png_bytes(two_hands(scale=1.0))
        self.uploads = 0

    def start(self) -> None:
        database_url = self.postgres.start("rasharp_drill")
        redis_url = self.redis.start()
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "RASHARP_STORAGE_DIR": str(self.root / "storage"),
            "RASHARP_JOB_REDELIVERY_S": "300",
            "RASHARP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        }
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.api_log = self.root / "api.log"
        self.api = subprocess.Popen(
            [
                *(sys.executable, "-m", "rasharp_service.serve", "--no-worker"),
                *("--port", str(port), "--data-dir", str(self.root / "var")),
            ],
            env=self.env,
            stdout=self.api_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(self.url + "/api/health/live", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert self.api.poll() is None and time.monotonic() < deadline, self.api_log.read_text()
            time.sleep(0.3)
        self.worker = WorkerProcess(self.root, env=self.env)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.api is not None:
            self.api.terminate()
            self.api.wait(60)
        self.redis.stop()
        self.postgres.stop()

    def client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.url, timeout=30)
        login = client.post(
            "/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert login.status_code == 200, login.text
        assert client.post("/api/disclaimer/accept").status_code == 200
        return client

    def upload(self, client: httpx.Client) -> int:
        self.uploads += 1
        data = self.image + self.uploads.to_bytes(2, "big")  # a new file each time
        answer = client.post("/api/studies", files={"file": ("hands.png", data, "image/png")})
        assert answer.status_code == 202, answer.text
        return answer.json()["study_id"]

    def ensure_worker(self) -> WorkerProcess:
        assert self.worker is not None
        if not self.worker.running():
            self.worker.start()
        return self.worker

    def analysis(self, study_id: int) -> dict:
        with psycopg.connect(self.env["DATABASE_URL"].replace("+psycopg", "")) as conn:
            row = conn.execute(
                "SELECT id, status, attempts, worker FROM analyses WHERE study_id = %s",
                (study_id,),
            ).fetchone()
        assert row is not None
        return dict(zip(("id", "status", "attempts", "worker"), row, strict=True))

    def health(self) -> httpx.Response:
        return httpx.get(self.url + "/api/health", timeout=10)

    def container_health_check(self) -> subprocess.CompletedProcess:
        """deploy/healthcheck.py as Docker runs it in the API's container."""
        folder = self.root / "api-container"
        folder.mkdir(exist_ok=True)
        (folder / "rasharp-role").write_text(f"api\n{self.url.rsplit(':', 1)[1]}\n")
        return subprocess.run(
            [sys.executable, str(HEALTHCHECK)],
            env={**self.env, "TMPDIR": str(folder)},
            capture_output=True,
            text=True,
            timeout=60,
        )

    def worker_log(self) -> str:
        return "".join(p.read_text() for p in sorted(self.root.glob("worker-*.log")))


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    drill = DrillStack(tmp_path_factory.mktemp("drill"))
    try:
        drill.start()
        yield drill
    finally:
        drill.stop()


def wait_until(condition, seconds: float, what: str) -> float:
    """Polls until condition() is true; returns the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.2)
    return time.monotonic() - started


def test_queued_jobs_survive_a_redis_restart(stack):
    """Redis keeps nothing here: a restart empties the queue, the database's queued rows remain."""
    if stack.worker.running():
        stack.worker.stop()
    client = stack.client()
    study_id = stack.upload(client)
    assert stack.analysis(study_id)["status"] == "queued"

    stack.redis.stop()
    stack.redis.start()
    assert redis.Redis.from_url(stack.env["REDIS_URL"]).llen("gpu") == 0, "the queue survived"
    after_restart = stack.upload(client)  # the API's queue connections recover by themselves

    stack.ensure_worker()
    for study in (study_id, after_restart):
        detail = wait_for_status(client, study, timeout=120)
        assert detail["status"] == "done", detail["error"]
    assert "were queued but their jobs were lost: sent again" in stack.worker_log()


def test_a_job_of_a_killed_worker_finishes_once_on_the_restarted_worker(stack):
    worker = stack.ensure_worker()
    client = stack.client()
    assert stack.health().json()["worker"] == "ok"
    for _ in range(4):
        study_id = stack.upload(client)
        status = wait_for_status(client, study_id, ("running", "done", "failed"), timeout=120)
        if status["status"] == "running":
            break
    else:
        pytest.fail("the analysis never was seen running: it finished before it could be killed")
    killed = stack.analysis(study_id)
    assert killed["attempts"] == 1 and killed["worker"]

    worker.kill()
    killed_at = time.monotonic()
    down_after = wait_until(
        lambda: stack.health().json()["worker"] == "down", 40, "health reporting the dead worker"
    )
    down = stack.health()
    assert down.status_code == 503 and down.json()["status"] == "degraded"
    assert down.json()["database"] == down.json()["broker"] == "ok"
    waiting = stack.upload(client)  # accepted while no worker runs; it waits in the queue
    check = stack.container_health_check()  # the API container itself stays healthy
    assert check.returncode == 0 and "no worker is running" in check.stderr, check.stderr

    worker.start()
    detail = wait_for_status(client, study_id, timeout=max(5, 60 - (time.monotonic() - killed_at)))
    finished_after = time.monotonic() - killed_at
    print(
        f"\nworker down seen after {down_after:.1f} s; job finished {finished_after:.1f} s after the kill"
    )
    assert detail["status"] == "done", detail["error"]
    assert len(detail["joints"]) == 30
    finished = stack.analysis(study_id)
    assert finished["attempts"] == 2 and finished["worker"] is None  # the killed try, then one
    assert "were running on a worker that stopped: queued again" in stack.worker_log()
    assert wait_for_status(client, waiting, timeout=120)["status"] == "done"
    assert stack.health().json()["worker"] == "ok"


def test_the_api_answers_503_while_postgresql_is_down_and_recovers(stack):
    stack.ensure_worker()
    client = stack.client()
    study_id = stack.upload(client)
    assert wait_for_status(client, study_id, timeout=120)["status"] == "done"
    edited = client.patch(f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": 5})
    assert edited.status_code == 200, edited.text

    answers: list[tuple[str, int, str]] = []
    stop = threading.Event()

    def load(reader: httpx.Client) -> None:  # what browsers keep asking meanwhile
        try:
            while not stop.is_set():
                for path in ("/api/studies", f"/api/studies/{study_id}", "/api/auth/me"):
                    try:
                        answer = reader.get(path)
                        answers.append((path, answer.status_code, answer.text))
                    except httpx.HTTPError as exc:
                        answers.append((path, 0, repr(exc)))
        finally:
            reader.close()

    readers = [threading.Thread(target=load, args=(stack.client(),)) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(0.5)
        stack.postgres.stop()
        try:
            down = client.get(f"/api/studies/{study_id}")
            assert down.status_code == 503, down.text
            assert "database is not reachable" in down.json()["detail"]
            health = stack.health()
            assert health.status_code == 503 and health.json()["database"].startswith("error")
            refused = client.patch(f"/api/studies/{study_id}/joints/left/MCP3", json={"jsn": 2})
            assert refused.status_code == 503, refused.text
            time.sleep(2)
        finally:
            stack.postgres.start("rasharp_drill")
        back_after = wait_until(
            lambda: client.get(f"/api/studies/{study_id}").status_code == 200,
            30,
            "the API answering again after PostgreSQL restarted",
        )
        time.sleep(1)
    finally:
        stop.set()
        for reader in readers:
            reader.join(30)
    print(f"\nAPI answered again {back_after:.1f} s after PostgreSQL restarted")

    codes = {code for _, code, _ in answers}
    assert 503 in codes and 200 in codes
    unexpected = [a for a in answers if a[1] not in (200, 503)]
    assert not unexpected, f"{unexpected[:3]}\n{stack.api_log.read_text()[-6000:]}"
    detail = client.get(f"/api/studies/{study_id}").json()
    mcp2 = next(j for j in detail["joints"] if j["side"] == "right" and j["joint"] == "MCP2")
    assert mcp2["erosion"]["value"] == 5 and mcp2["erosion"]["edited"] is True
    after = stack.upload(client)  # the worker also came through the outage
    assert wait_for_status(client, after, timeout=120)["status"] == "done"
    assert stack.health().json()["status"] == "ok"
