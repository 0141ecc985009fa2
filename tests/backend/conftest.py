"""Real engines for the service tests: PostgreSQL, Redis and a Celery worker process.

DATABASE_URL / REDIS_URL, when set, name the servers to use (a fresh database is created on
that PostgreSQL and a free Redis database index is taken); otherwise embedded PostgreSQL and
Redis are started in a temporary folder. Everything is started before the test modules are
imported, so the service reads its settings once, as in production.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

_state: dict = {}


def _fresh_database(server_url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"rasharp_test_{uuid.uuid4().hex[:10]}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _state["drop_database"] = (admin, name)
    return url.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def _free_redis_db(server_url: str) -> str:
    import redis

    base = server_url.rsplit("/", 1)[0] if server_url.count("/") > 2 else server_url
    for index in range(15, 0, -1):
        url = f"{base}/{index}"
        if redis.Redis.from_url(url).dbsize() == 0:
            _state["flush_redis"] = url
            return url
    raise RuntimeError(f"no empty Redis database on {server_url} to run the tests in")


def pytest_configure():
    from rasharp_service.embedded import EmbeddedPostgres, EmbeddedRedis

    work = Path(tempfile.mkdtemp(prefix="rasharp-tests-"))
    _state["work"] = work
    if os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = _fresh_database(os.environ["DATABASE_URL"])
    else:
        _state["postgres"] = EmbeddedPostgres(work)
        os.environ["DATABASE_URL"] = _state["postgres"].start("rasharp_test")
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = _free_redis_db(os.environ["REDIS_URL"])
    else:
        _state["redis"] = EmbeddedRedis(work, persist=False)
        os.environ["REDIS_URL"] = _state["redis"].start()
    os.environ.update(
        {
            "RASHARP_ENVIRONMENT": "test",
            "RASHARP_STORAGE_DIR": str(work / "storage"),
            "RASHARP_SECRET_KEY": secrets.token_urlsafe(32),
            "RASHARP_JOB_REDELIVERY_S": "30",
            "RASHARP_REPORT_TIMEOUT_S": "120",
            "RASHARP_MODEL_CACHE_DIR": str(work / "model-cache"),
        }
    )
    from rasharp_service import migrate

    migrate.upgrade()


def pytest_unconfigure():
    for process in ("trainer", "worker"):
        running = _state.pop(process, None)
        if running is not None:
            running.stop()
    import gc

    from rasharp_service.db import get_engine

    gc.collect()  # pending report results let go of their Redis connection before it stops
    get_engine().dispose()
    if "drop_database" in _state:
        import psycopg

        admin, name = _state.pop("drop_database")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if "flush_redis" in _state:
        import redis

        redis.Redis.from_url(_state.pop("flush_redis")).flushdb()
    for engine in ("redis", "postgres"):
        if engine in _state:
            _state.pop(engine).stop()
    shutil.rmtree(_state.pop("work", ""), ignore_errors=True)


class WorkerProcess:
    """A real Celery worker process (both queues), as `rasharp-serve` starts it; with
    ``trainer``, the trainer process (queue train) instead."""

    def __init__(self, log_dir: Path, env: dict[str, str] | None = None, trainer: bool = False):
        self.log_dir = log_dir
        self.env = env  # None: this process's environment (the session's engines)
        self.trainer = trainer
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 90) -> None:
        from rasharp_service.serve import trainer_command, worker_command

        self.starts += 1
        kind = "trainer" if self.trainer else "worker"
        log_path = self.log_dir / f"{kind}-{self.starts}.log"
        self.log = open(log_path, "w")  # noqa: SIM115 (closed in stop())
        command = (
            trainer_command(name=f"trainer{self.starts}")
            if self.trainer
            else worker_command(2, name=f"test{self.starts}")
        )
        self.process = subprocess.Popen(
            command,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=self.env or os.environ.copy(),
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while " ready." not in log_path.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the {kind} did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL, as if the machine lost the process: no clean-up, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@pytest.fixture(scope="session")
def worker() -> WorkerProcess:
    if "worker" not in _state:
        _state["worker"] = WorkerProcess(_state["work"])
    process = _state["worker"]
    if not process.running():
        process.start()
    return process


@pytest.fixture(scope="session")
def trainer() -> WorkerProcess:
    """A real trainer process (queue train), as `rasharp-serve` starts it where torch is."""
    if "trainer" not in _state:
        _state["trainer"] = WorkerProcess(_state["work"], trainer=True)
    process = _state["trainer"]
    if not process.running():
        process.start()
    return process


@pytest.fixture(scope="session")
def app():
    from rasharp_service.main import create_app

    return create_app(ui_dir=None)


@pytest.fixture
def db():
    from rasharp_service.db import new_session

    with new_session() as session:
        yield session


@pytest.fixture
def make_user():
    """Creates users with unique names; returns (username, password, team)."""
    from rasharp_service.auth.service import create_user
    from rasharp_service.db import new_session

    def make(team: str | None = None, admin: bool = False) -> tuple[str, str, str]:
        username = f"user-{uuid.uuid4().hex[:8]}"
        password = secrets.token_urlsafe(12)
        team = team or f"team-{uuid.uuid4().hex[:8]}"
        with new_session() as session:
            create_user(session, username, password, team, admin)
            session.commit()
        return username, password, team

    return make


@pytest.fixture
def client_for(app, make_user):
    """A logged-in TestClient (its own cookie jar) for a new user; optionally accepts the disclaimer."""
    from fastapi.testclient import TestClient

    clients = []

    def make(team: str | None = None, accept: bool = True, admin: bool = False) -> TestClient:
        username, password, team = make_user(team, admin)
        client = TestClient(app)
        clients.append(client)
        response = client.post("/api/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        if accept:
            assert client.post("/api/disclaimer/accept").status_code == 200
        client.username, client.team = username, team
        return client

    yield make
    for client in clients:
        client.close()


def models_present() -> bool:
    from rasharp.pipeline import LOCALIZER_FILE, model_dir

    return (model_dir() / LOCALIZER_FILE).is_file()


def wait_for_status(
    client, study_id: int, statuses=("done", "failed"), timeout: float = 180
) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/studies/{study_id}").json()
        if body["status"] in statuses:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"study {study_id} still {body['status']} after {timeout} s")
        time.sleep(0.1)


@pytest.fixture
def seeded_study(db):
    """A finished study written straight into the database and storage, for the tests of what
    happens after an analysis (edits, history, reset, exports) without running the models.

    Grades follow a fixed pattern so the totals are known: erosion = finger % 3, JSN = 1 on MCPs.
    """
    import hashlib

    import numpy as np
    from backend_images import small_png
    from sqlalchemy import select

    from rasharp.results import GradeResult, JointResult
    from rasharp.scheme import GRADE_RANGES, JOINTS, SIDES
    from rasharp_service.auth.models import Team, User
    from rasharp_service.db import utcnow
    from rasharp_service.storage import get_storage
    from rasharp_service.studies.joint_rows import apply_joint_result
    from rasharp_service.studies.models import Analysis, Heatmap, Joint, Patient, Radiograph, Study

    def seed(client, patient_code: str = "P-001", width: int = 256, height: int = 320) -> int:
        user = db.scalar(select(User).where(User.username == client.username))
        team = db.get(Team, user.team_id)
        data = small_png(width, height) + uuid.uuid4().bytes  # unique content per study
        digest = hashlib.sha256(data).hexdigest()
        storage = get_storage()
        storage.write(f"radiographs/{digest}.png", data)
        radiograph = Radiograph(
            sha256=digest,
            storage_key=f"radiographs/{digest}.png",
            format="png",
            size_bytes=len(data),
            width=width,
            height=height,
        )
        patient = db.scalar(
            select(Patient).where(Patient.team_id == team.id, Patient.code == patient_code)
        )
        if patient is None:
            patient = Patient(team_id=team.id, code=patient_code)
        study = Study(
            team_id=team.id,
            patient=patient,
            radiograph=radiograph,
            uploaded_by_id=user.id,
            original_name="hands.png",
        )
        analysis = Analysis(
            status="done",
            finished_at=utcnow(),
            started_at=utcnow(),
            attempts=1,
            model_versions={"localizer": "test-loc", "scorer": "test-sc"},
            hands=[{"side": s, "box": [0, 0, 10, 10]} for s in SIDES],
        )
        study.analyses.append(analysis)
        db.add(study)
        db.flush()
        for s, side in enumerate(SIDES):
            for i, joint in enumerate(JOINTS):

                def grade(score, kind, uncertain=(i == 0)):
                    # IP1: the model torn between grades (a flag worth showing); others sure
                    classes = GRADE_RANGES[kind].classes
                    rest = 0.11 if uncertain else 0.02
                    probs = np.full(classes, rest)
                    probs[score] = 1 - rest * (classes - 1)
                    return GradeResult(score, probs.tolist(), uncertain=uncertain)

                result = JointResult(
                    side=side,
                    joint=joint.code,
                    x=20.0 + 10 * i,
                    y=30.0 + 100 * s,
                    confidence=0.9,
                    box=[10.0 + 10 * i, 20.0 + 100 * s, 30.0 + 10 * i, 40.0 + 100 * s],
                    erosion=grade(joint.finger % 3, "erosion"),
                    jsn=grade(1 if joint.group == "MCP" else 0, "jsn")
                    if joint.scores("jsn")
                    else None,
                    jsw_mm=1.5 if joint.scores("jsn") else None,
                    jsw_mm_basis="detector" if joint.scores("jsn") else None,
                    jsw_relative=0.18 if joint.scores("jsn") else None,
                    jsw_z=-0.4 if joint.group == "MCP" else None,
                    jsw_reason=None
                    if joint.group == "MCP"
                    else "not scored at this joint"
                    if not joint.scores("jsn")
                    else "no z-score: no reference values",
                )
                output = result.to_json()
                row = Joint(
                    analysis_id=analysis.id,
                    side=side,
                    code=joint.code,
                    present=True,
                    x=output["x"],
                    y=output["y"],
                    model_output=output,
                )
                apply_joint_result(row, output, follow_model=True)
                db.add(row)
        heat = np.zeros((height, width), dtype=np.uint8)
        heat[20:60, 20:60] = 200
        key = f"heatmaps/{analysis.id}/erosion.png"
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(heat, mode="L").save(buffer, format="PNG")
        storage.write(key, buffer.getvalue())
        db.add(
            Heatmap(
                analysis_id=analysis.id, kind="erosion", storage_key=key, width=width, height=height
            )
        )
        db.commit()
        return study.id

    return seed
