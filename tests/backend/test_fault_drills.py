"""Fault drills against real processes: a worker killed mid-job, PostgreSQL and Redis restarted.

The drills run on a stack of their own (embedded PostgreSQL and Redis, `rasharp-serve --no-worker`
for the API, a worker process), so stopping its engines disturbs no other test. The broker's own
redelivery is left at the production default (300 s): what brings lost jobs back within the
drills' bounds is the job recovery.
"""

from __future__ import annotations

import os
import re
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
from celery import Celery
from conftest import WorkerProcess, models_present, wait_for_status

from rasharp_service.embedded import EmbeddedPostgres, EmbeddedRedis, free_port
from rasharp_service.worker.celery_app import RESCORE_TASK

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

    def database(self) -> psycopg.Connection:
        return psycopg.connect(self.env["DATABASE_URL"].replace("+psycopg", ""), autocommit=True)

    def move(self, client: httpx.Client, study_id: int, step: int) -> dict:
        """Moves the study's left PIP3 by `step` pixels; returns its database row."""
        path = f"/api/studies/{study_id}/joints/left/PIP3"
        with self.database() as conn:
            row = conn.execute(
                "SELECT j.id, j.model_output->>'x', j.model_output->>'y' FROM joints j"
                " JOIN analyses a ON a.id = j.analysis_id"
                " WHERE a.study_id = %s AND j.side = 'left' AND j.code = 'PIP3'",
                (study_id,),
            ).fetchone()
        assert row is not None and row[1] is not None
        x, y = float(row[1]) + step, float(row[2]) - step
        moved = client.put(path + "/position", json={"x": x, "y": y})
        assert moved.status_code == 202 and moved.json()["pending"] is True, moved.text
        return self.joint(row[0])

    def joint(self, joint_id: int) -> dict:
        with self.database() as conn:
            return self._joint_row(conn, joint_id)

    @staticmethod
    def _joint_row(conn: psycopg.Connection, joint_id: int) -> dict:
        row = conn.execute(
            "SELECT id, rescore_pending, rescore_worker, move_count, x FROM joints WHERE id = %s",
            (joint_id,),
        ).fetchone()
        assert row is not None
        return dict(zip(("id", "pending", "worker", "move_count", "x"), row, strict=True))

    def kill_worker_while_rescoring(self, joint_id: int, seconds: float) -> bool:
        """Kills the worker the moment it takes the joint's re-score; False when the re-score
        finished first (the worker is then left running)."""
        assert self.worker is not None
        deadline = time.monotonic() + seconds
        with self.database() as conn:
            while time.monotonic() < deadline:
                row = self._joint_row(conn, joint_id)
                if not row["pending"]:
                    return False
                if row["worker"] is not None:
                    self.worker.kill()
                    return self._joint_row(conn, joint_id)["pending"]
                time.sleep(0.002)
        raise AssertionError(f"no worker took the re-score of joint {joint_id} in {seconds} s")

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

    def wait_for_rescore_log(self, joint_id: int, move_count: int) -> None:
        """The worker logs an applied re-score just after saving it: the log may lag the row."""
        self.wait_until(
            lambda: move_count in rescores_applied(self.worker_log(), joint_id),
            10,
            f"the worker logging joint {joint_id} re-scored at move {move_count}",
        )

    def wait_until(self, condition, seconds: float, what: str) -> float:
        """Polls until condition() is true; returns the seconds it took. A timeout shows the end
        of the worker's log, where the recovery says what it sent again and why."""
        started = time.monotonic()
        while not condition():
            if time.monotonic() - started > seconds:
                raise AssertionError(
                    f"{what}: not within {seconds} s; the worker's log ends:\n"
                    + self.worker_log()[-4000:]
                )
            time.sleep(0.2)
        return time.monotonic() - started


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    drill = DrillStack(tmp_path_factory.mktemp("drill"))
    try:
        drill.start()
        yield drill
    finally:
        drill.stop()


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
    # well within LOST_QUEUED_AFTER_S: the restart itself, not the 60-s rule, marks them lost
    for study in (study_id, after_restart):
        detail = wait_for_status(client, study, timeout=40)
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
    down_after = stack.wait_until(
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


def rescores_applied(log: str, joint_id: int) -> list[int]:
    """The move counts at which the joint's re-score was applied, from the workers' logs."""
    return [int(m) for m in re.findall(rf"joint {joint_id} re-scored at move (\d+)\b", log)]


def test_a_rescore_of_a_killed_worker_completes_once_on_the_restarted_worker(stack):
    client = stack.client()
    stack.ensure_worker()
    study_id = stack.upload(client)
    assert wait_for_status(client, study_id, timeout=120)["status"] == "done"
    for step in range(1, 6):
        stack.ensure_worker()
        moved = stack.move(client, study_id, step)
        if stack.kill_worker_while_rescoring(moved["id"], seconds=60):
            break
    else:
        pytest.fail("the re-score was never caught running: it finished before it could be killed")
    killed_at = time.monotonic()
    joint_id, move_count = moved["id"], moved["move_count"]
    killed = stack.joint(joint_id)
    assert killed["pending"] and killed["worker"] and killed["move_count"] == move_count
    assert move_count not in rescores_applied(stack.worker_log(), joint_id)

    stack.worker.start()
    done_after = stack.wait_until(
        lambda: not stack.joint(joint_id)["pending"],
        max(5, 60 - (time.monotonic() - killed_at)),
        "the re-score of the killed worker completing",
    )
    print(f"\nre-score completed {time.monotonic() - killed_at:.1f} s after the kill")
    stack.wait_for_rescore_log(joint_id, move_count)
    log = stack.worker_log()
    assert f"re-scores of joints [{joint_id}] were lost with their worker or queue" in log
    assert rescores_applied(log, joint_id).count(move_count) == 1
    finished = stack.joint(joint_id)
    assert finished["worker"] is None and finished["move_count"] == move_count
    assert finished["x"] == moved["x"]
    detail = client.get(f"/api/studies/{study_id}").json()
    pip3 = next(j for j in detail["joints"] if j["side"] == "left" and j["joint"] == "PIP3")
    assert pip3["pending"] is False and pip3["moved"] is True

    # the killed job itself, delivered again late by the broker, finds nothing to do
    broker = Celery(broker=stack.env["REDIS_URL"])
    broker.send_task(RESCORE_TASK, args=[joint_id, move_count], queue="gpu", ignore_result=True)
    broker.close()
    stack.wait_until(
        lambda: (
            f"re-score of joint {joint_id} at move {move_count} is not waiting"
            in stack.worker_log()
        ),
        60,
        "the late delivery being taken",
    )
    assert rescores_applied(stack.worker_log(), joint_id).count(move_count) == 1
    assert done_after < 60


def test_rescores_lost_with_the_queue_are_sent_again_for_the_latest_position(stack):
    """Redis restarted without its data while two moves of a joint waited for a worker."""
    client = stack.client()
    stack.ensure_worker()
    study_id = stack.upload(client)
    assert wait_for_status(client, study_id, timeout=120)["status"] == "done"
    stack.worker.stop()
    first = stack.move(client, study_id, 2)
    latest = stack.move(client, study_id, 5)
    assert latest["move_count"] == first["move_count"] + 1
    stack.redis.stop()
    stack.redis.start()
    assert redis.Redis.from_url(stack.env["REDIS_URL"]).llen("gpu") == 0, "the queue survived"

    lost_at = time.monotonic()
    stack.worker.start()
    # well within LOST_QUEUED_AFTER_S: the restart itself, not the 60-s rule, marks it lost
    stack.wait_until(lambda: not stack.joint(latest["id"])["pending"], 30, "the lost re-score")
    print(f"\nlost re-score completed {time.monotonic() - lost_at:.1f} s after the worker started")
    stack.wait_for_rescore_log(latest["id"], latest["move_count"])
    assert rescores_applied(stack.worker_log(), latest["id"]) == [latest["move_count"]]
    assert stack.joint(latest["id"])["x"] == latest["x"]


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
        back_after = stack.wait_until(
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
