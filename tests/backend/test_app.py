"""Health, the OpenAPI document, and the built UI served beside the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from fastapi.testclient import TestClient


def test_health_reports_database_broker_and_worker(app):
    answer = TestClient(app).get("/api/health")
    body = answer.json()
    assert body["database"] == "ok" and body["broker"] == "ok"
    # this session's worker runs only for the tests that need one
    assert (answer.status_code, body["status"]) == (
        (200, "ok") if body["worker"] == "ok" else (503, "degraded")
    )
    assert body["workers_alive"] == (1 if body["worker"] == "ok" else 0)


def test_liveness_answers_without_looking_at_anything_else(app):
    assert TestClient(app).get("/api/health/live").json() == {"status": "ok"}


def test_openapi_prints_without_a_database_and_has_stable_operation_ids():
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    done = subprocess.run(
        [sys.executable, "-m", "rasharp_service.openapi"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    spec = json.loads(done.stdout)
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "studies-create_study",
        "studies-get_study",
        "studies-edit_joint_grades",
        "studies-move_joint",
        "studies-reset_study",
        "exports-export_pdf",
        "auth-login",
        "disclaimer-accept_disclaimer",
        "health-health",
    } <= ids
    assert all(path.startswith("/api/") for path in spec["paths"])
    joint = spec["components"]["schemas"]["JointOut"]["properties"]
    assert {
        "side",
        "joint",
        "present",
        "x",
        "y",
        "box",
        "confidence",
        "erosion",
        "jsn",
        "jsw_mm",
        "jsw_reason",
        "pending",
    } <= set(joint)


def test_built_ui_is_served_with_client_side_routes_falling_back_to_index(tmp_path):
    from rasharp_service.main import create_app

    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>rasharp</title>")
    (tmp_path / "assets" / "app.js").write_text("console.log('rasharp')")
    client = TestClient(create_app(ui_dir=tmp_path))
    assert "<title>rasharp</title>" in client.get("/").text
    assert "<title>rasharp</title>" in client.get("/studies/12").text
    assert client.get("/assets/app.js").text == "console.log('rasharp')"
    missing_api = client.get("/api/no-such-thing")
    assert missing_api.status_code == 404 and "detail" in missing_api.json()
    assert client.get("/api/health").json()["database"] == "ok"
