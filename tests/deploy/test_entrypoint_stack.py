"""The containers' commands, run here as processes (no Docker engine runs here): the entry
point's `migrate`, `api` and `worker` roles against real PostgreSQL and Redis, with the S3
storage on a moto server; the health checks the containers use; an upload through the API
lands in the object store, and a worker process reads it from there.

PostgreSQL and Redis: DATABASE_URL / REDIS_URL when set (a fresh database, a free Redis
database index), else embedded servers started here."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import numpy as np
import pytest
from conftest import REPO, free_port
from PIL import Image

ENTRYPOINT = REPO / "deploy" / "entrypoint.sh"
HEALTHCHECK = REPO / "deploy" / "healthcheck.py"
WEIGHTS = REPO / "models" / "weights"
ATLAS_HAND = REPO.parent / "shared" / "data" / "hand-atlas" / "images" / "3143.jpg"
ADMIN_PASSWORD = "deploy-" + secrets.token_hex(8)


@pytest.fixture(scope="module")
def database_and_broker():
    """(DATABASE_URL, REDIS_URL) of real servers with nothing of rasharp in them yet."""
    from rasharp_service.embedded import EmbeddedPostgres, EmbeddedRedis

    # Directly under /tmp: the embedded server runs as its own user, who must reach the folder.
    work = Path(tempfile.mkdtemp(prefix="rasharp-deploy-tests-"))
    started, cleanup = [], []
    if os.environ.get("DATABASE_URL"):
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(
            os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
        )
        name = f"rasharp_deploy_{uuid.uuid4().hex[:10]}"
        admin = url.set(drivername="postgresql", database="postgres").render_as_string(
            hide_password=False
        )
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        cleanup.append(drop)
        database_url = url.set(database=name).render_as_string(hide_password=False)
    else:
        postgres = EmbeddedPostgres(work)
        database_url = postgres.start("rasharp_deploy")
        started.append(postgres)
    if os.environ.get("REDIS_URL"):
        import redis

        base = (
            os.environ["REDIS_URL"].rsplit("/", 1)[0]
            if os.environ["REDIS_URL"].count("/") > 2
            else os.environ["REDIS_URL"]
        )
        index = next(
            (i for i in range(14, 0, -1) if redis.Redis.from_url(f"{base}/{i}").dbsize() == 0), None
        )
        if index is None:
            pytest.skip(f"no empty Redis database on {base}")
        redis_url = f"{base}/{index}"
        cleanup.append(lambda: redis.Redis.from_url(redis_url).flushdb())
    else:
        broker = EmbeddedRedis(work, persist=False)
        redis_url = broker.start()
        started.append(broker)
    yield database_url, redis_url
    for step in cleanup:
        step()
    for server in reversed(started):
        server.stop()
    shutil.rmtree(work, ignore_errors=True)


def model_files(folder: Path) -> tuple[Path, Path, bool]:
    """(model folder, checksum file, real models?). Without the trained models the worker gets a
    stand-in file: it starts and answers, and marks jobs failed with a clear message."""
    real = (WEIGHTS / "localizer.onnx").is_file()
    models = WEIGHTS if real else folder / "weights"
    if not real:
        models.mkdir(parents=True, exist_ok=True)
        (models / "localizer.onnx").write_bytes(b"not a trained model")
    checksums = folder / "models.sha256"
    checksums.write_text(
        "".join(
            f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
            for p in sorted(models.glob("*.onnx"))
        )
    )
    return models, checksums, real


def wait_healthy(env: dict, what: str, process: subprocess.Popen, log: Path, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the {what} process ended (status {process.returncode}):\n{log.read_text()[-4000:]}"
            )
        check = subprocess.run(
            [sys.executable, str(HEALTHCHECK)], env=env, capture_output=True, text=True
        )
        if check.returncode == 0:
            return
        time.sleep(1)
    pytest.fail(
        f"the {what} never became healthy ({check.stderr.strip()}):\n{log.read_text()[-4000:]}"
    )


@pytest.fixture(scope="module")
def stack(database_and_broker, s3_endpoint, tmp_path_factory):
    import boto3

    database_url, redis_url = database_and_broker
    work = tmp_path_factory.mktemp("stack")
    models, checksums, real_models = model_files(work)
    bucket = f"rasharp-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="rasharp-test",
        aws_secret_access_key="rasharp-test-secret",
    )
    s3.create_bucket(Bucket=bucket)
    port = free_port()
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RASHARP_", "AWS_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    base.update(
        {
            "PATH": f"{Path(sys.executable).parent}:{base.get('PATH', '/usr/bin:/bin')}",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "RASHARP_ENVIRONMENT": "production",
            "RASHARP_SECRET_KEY": secrets.token_urlsafe(48),
            "RASHARP_COOKIE_SECURE": "true",
            "RASHARP_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "RASHARP_STORAGE_BACKEND": "s3",
            "RASHARP_S3_BUCKET": bucket,
            "RASHARP_S3_ENDPOINT_URL": s3_endpoint,
            "RASHARP_S3_REGION": "us-east-1",
            "RASHARP_S3_ACCESS_KEY_ID": "rasharp-test",
            "RASHARP_S3_SECRET_ACCESS_KEY": "rasharp-test-secret",
            "RASHARP_MODEL_DIR": str(models),
            "RASHARP_MODEL_CHECKSUMS": str(checksums),
            "RASHARP_API_PORT": str(port),
            "RASHARP_API_WORKERS": "1",
            "RASHARP_WORKER_CONCURRENCY": "1",
            "RASHARP_DEVICE": "cpu",
            "RASHARP_WORKER_NAME": f"deploy-test-{uuid.uuid4().hex[:6]}",
            "RASHARP_LOG_FORMAT": "json",
        }
    )
    migrate = subprocess.run(
        [str(ENTRYPOINT), "migrate"],
        env=base,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr

    processes = {}
    for role, extra in (("api", ["--host", "127.0.0.1"]), ("worker", [])):
        env = dict(base, TMPDIR=str(work / role))  # each container has its own /tmp
        (work / role).mkdir()
        log = work / f"{role}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [str(ENTRYPOINT), role, *extra],
                env=env,
                cwd=work,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        processes[role] = (process, env, log)
    try:
        for role, (process, env, log) in processes.items():
            wait_healthy(env, role, process, log)
        yield {
            "url": f"http://127.0.0.1:{port}",
            "s3": s3,
            "bucket": bucket,
            "real_models": real_models,
            "logs": {r: p[2] for r, p in processes.items()},
        }
    finally:
        for process, _, _ in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process, _, _ in processes.values():
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)


def signed_in(stack) -> httpx.Client:
    """A client signed in as the administrator that `migrate` created, disclaimer accepted.
    The session cookie is Secure (production); the proxy would speak HTTPS, here it is sent by hand."""
    client = httpx.Client(base_url=stack["url"], timeout=60)
    answer = client.post("/api/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD})
    assert answer.status_code == 200, answer.text
    cookie = answer.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    client.headers["Cookie"] = cookie.split(";", 1)[0]
    assert client.post("/api/disclaimer/accept").status_code == 200
    return client


def radiograph() -> tuple[bytes, str]:
    if ATLAS_HAND.is_file():
        return ATLAS_HAND.read_bytes(), ATLAS_HAND.name
    rng = np.random.default_rng(3)
    pixels = (rng.random((320, 256)) * 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue(), "synthetic.png"


def wait_finished(client: httpx.Client, study_id: int, seconds: float = 300) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        study = client.get(f"/api/studies/{study_id}").json()
        if study["status"] in ("done", "failed"):
            return study
        time.sleep(1)
    pytest.fail(f"study {study_id} still {study['status']} after {seconds} s")


def test_api_health_reports_database_and_broker(stack):
    health = httpx.get(stack["url"] + "/api/health", timeout=30).json()
    assert health["status"] == "ok" and health["database"] == "ok" and health["broker"] == "ok"
    assert health["models"] is not None, "the worker did not report its models"


def test_logs_are_json_lines(stack):
    import json

    for role in ("api", "worker"):
        lines = [
            json.loads(line)
            for line in stack["logs"][role].read_text().splitlines()
            if line.startswith("{")
        ]
        assert lines, f"the {role} wrote no JSON log lines"
        assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    worker_lines = [
        json.loads(line)
        for line in stack["logs"]["worker"].read_text().splitlines()
        if line.startswith("{")
    ]
    assert any(line["logger"].startswith("celery") for line in worker_lines)


def test_upload_is_kept_in_the_object_store_and_the_worker_takes_the_job(stack):
    data, name = radiograph()
    client = signed_in(stack)
    answer = client.post("/api/studies", files={"file": (name, data)}, data={"side": "auto"})
    assert answer.status_code == 202, answer.text
    study_id = answer.json()["study_id"]

    stored = [
        item["Key"]
        for item in stack["s3"].list_objects_v2(Bucket=stack["bucket"]).get("Contents", [])
        if item["Key"].startswith("radiographs/")
    ]
    assert len(stored) == 1
    body = stack["s3"].get_object(Bucket=stack["bucket"], Key=stored[0])["Body"].read()
    assert body == data, "the object store holds other bytes than were uploaded"

    study = wait_finished(client, study_id)
    if not stack["real_models"]:
        assert study["status"] == "failed" and "models could not be loaded" in study["error"]
        pytest.skip(
            "the trained models are not in models/weights yet: the worker took the job and "
            "failed it clearly; analysis from the object store needs them"
        )
    assert study["status"] == "done", study["error"]
    assert any(joint["present"] for joint in study["joints"]), "no joint found in the radiograph"

    # Heatmaps (with the scorer) are written by the worker and served by the API from the store.
    for kind in study["heatmaps"]:
        heatmap = client.get(f"/api/studies/{study_id}/heatmaps/{kind}")
        assert heatmap.status_code == 200 and heatmap.content.startswith(b"\x89PNG")
    heatmap_keys = [
        item["Key"]
        for item in stack["s3"].list_objects_v2(Bucket=stack["bucket"]).get("Contents", [])
        if item["Key"].startswith("heatmaps/")
    ]
    assert len(heatmap_keys) == len(study["heatmaps"])

    # A report: rendered by the worker into the object store, read back and removed by the API.
    report = client.get(f"/api/studies/{study_id}/export.pdf")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    leftovers = [
        item["Key"]
        for item in stack["s3"].list_objects_v2(Bucket=stack["bucket"]).get("Contents", [])
        if item["Key"].startswith("reports/")
    ]
    assert leftovers == []
