"""Every review teaches the model: reviewed studies become a snapshot, a training run in the real
trainer process fine-tunes the promoted version on it, the candidate's evaluation stands beside
the version in use, and once promoted the inference worker analyses with it (and after a roll-back
with the version before). A cancelled run, or one whose trainer dies, registers nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from backend_images import png_bytes, two_hands
from conftest import models_present, wait_for_status

from rasharp_service.serve import training_available

pytestmark = [
    pytest.mark.skipif(
        not models_present(), reason="models/weights/localizer.onnx is not there (no model)"
    ),
    pytest.mark.skipif(
        not training_available(), reason="torch or rasharp.finetune is not installed"
    ),
]

FINISHED = ("succeeded", "failed", "cancelled")
TEAM = "training-site"
FILMS = ("3143.jpg", "3150.jpg", "3160.jpg")  # one per patient: training and validation sides


def _upload(client, film: str, patient: str) -> dict:
    upload = client.post(
        "/api/studies",
        files={"file": (film, png_bytes(two_hands(film)), "image/png")},
        data={"patient_code": patient},
    )
    assert upload.status_code == 202, upload.text
    detail = wait_for_status(client, upload.json()["study_id"], timeout=300)
    assert detail["status"] == "done", detail["error"]
    return detail


def _wait_run(client, run_id: int, states=FINISHED, timeout: float = 600) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = client.get(f"/api/training-runs/{run_id}")
        assert run.status_code == 200, run.text
        body = run.json()
        if body["state"] in states:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"run {run_id} still {body['state']} after {timeout} s: {body}")
        time.sleep(0.5)


def _wait_for(found, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not found():
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"
        time.sleep(0.2)


def _version_names(admin) -> list[str]:
    return [v["version"] for v in admin.get("/api/models").json()]


@pytest.fixture(scope="module")
def reviewed_snapshot(app, worker):
    """Three reviewed studies of three patients (one grade corrected on each), frozen as a
    snapshot by the team's administrator; returns (the snapshot's id, the two clients)."""
    assert worker.running()
    import secrets
    import uuid

    from fastapi.testclient import TestClient

    from rasharp_service.auth.service import create_user
    from rasharp_service.db import new_session

    clients = {}
    for role, admin in (("admin", True), ("reader", False)):
        username, password = f"{role}-{uuid.uuid4().hex[:8]}", secrets.token_urlsafe(12)
        with new_session() as db:
            create_user(db, username, password, TEAM, admin)
            db.commit()
        client = TestClient(app)
        login = {"username": username, "password": password}
        assert client.post("/api/auth/login", json=login).status_code == 200
        assert client.post("/api/disclaimer/accept").status_code == 200
        clients[role] = client
    reader = clients["reader"]
    for i, film in enumerate(FILMS):
        detail = _upload(reader, film, f"TRAIN-{i}")
        joint = next(j for j in detail["joints"] if j["present"] and j["jsn"])
        corrected = (joint["erosion"]["model"] + 1) % 6
        edit = reader.patch(
            f"/api/studies/{detail['id']}/joints/{joint['side']}/{joint['joint']}",
            json={"erosion": corrected},
        )
        assert edit.status_code == 200, edit.text
        assert reader.post(f"/api/studies/{detail['id']}/review").status_code == 200
    made = clients["admin"].post("/api/datasets", json={"name": "every review teaches"})
    assert made.status_code == 201, made.text
    assert made.json()["films"] == len(FILMS)
    yield made.json()["id"], clients
    for client in clients.values():
        client.close()


def test_training_runs_are_for_administrators_on_their_own_snapshots(client_for):
    reader = client_for()
    assert reader.get("/api/training-runs").status_code == 403
    assert reader.post("/api/training-runs", json={"snapshot_id": 1}).status_code == 403
    admin = client_for(admin=True)
    missing = admin.post("/api/training-runs", json={"snapshot_id": 999999, "steps": 2})
    assert (missing.status_code, missing.json()["code"]) == (404, "dataset.not_found")
    assert "no dataset snapshot 999999" in missing.json()["detail"]
    bad = admin.post("/api/training-runs", json={"snapshot_id": 1, "steps": 0})
    assert bad.status_code == 422
    assert admin.get("/api/training-runs/999999").json()["code"] == "training.not_found"


def test_the_command_line_names_a_missing_snapshot():
    done = subprocess.run(
        [sys.executable, "-m", "rasharp_service.admin_cli", "train", "--snapshot", "999999"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )
    assert done.returncode == 1
    assert "There is no dataset snapshot 999999" in done.stderr


@pytest.mark.usefixtures("trainer")
def test_reviews_train_a_candidate_that_the_worker_uses_once_promoted(reviewed_snapshot):
    from rasharp_service.storage import get_storage

    snapshot_id, clients = reviewed_snapshot
    admin, reader = clients["admin"], clients["reader"]
    before = next(v for v in admin.get("/api/models").json() if v["state"] == "promoted")
    assert admin.get("/api/health").json()["trainers_alive"] == 1
    started = admin.post(
        "/api/training-runs", json={"snapshot_id": snapshot_id, "steps": 3, "localizer": False}
    )
    assert started.status_code == 201, started.text
    run = started.json()
    assert (run["state"], run["base_version"]) == ("queued", before["version"])
    assert run["config"] == {"steps": 3, "localizer": False, "time_limit_s": None}
    second = admin.post("/api/training-runs", json={"snapshot_id": snapshot_id, "steps": 3})
    assert (second.status_code, second.json()["code"]) == (409, "training.already_active")

    phases = set()
    deadline = time.monotonic() + 900
    while (body := admin.get(f"/api/training-runs/{run['id']}").json())["state"] not in FINISHED:
        phases.add(body["progress"]["phase"])
        assert time.monotonic() < deadline, body
        time.sleep(0.3)
    assert body["state"] == "succeeded", body["error"]
    assert phases & {"preparing", "training", "evaluating", "exporting"}
    assert body["started_at"] and body["finished_at"] and body["started_by"]

    report = body["report"]
    for side in ("candidate", "in_use"):
        for kind in ("erosion", "jsn"):
            figures = report["metrics"][side][kind]
            assert 0 <= figures["balanced_accuracy"] <= 1 and figures["joints"] > 0
            assert figures["groups"]
    assert report["split"]["by"] == "patient" and report["split"]["validation_films"] >= 1
    assert report["training"]["steps"] <= 3

    candidate = body["candidate_version"]
    assert body["candidate_state"] == "candidate"
    version = next(v for v in admin.get("/api/models").json() if v["version"] == candidate)
    assert version["parent"] == before["version"]
    assert version["snapshot"]["id"] == snapshot_id
    assert version["metrics"] == report
    assert {"localizer.onnx", "scorer.onnx", "scorer-state.npz", "evaluation.json"} <= set(
        version["files"]
    )
    assert version["files"]["scorer-state.npz"] != before["files"]["scorer-state.npz"]
    assert get_storage().exists(f"models/{candidate}/scorer.onnx")
    audit = admin.get("/api/audit", params={"action": "training_started"}).json()["items"]
    assert audit[0]["details"]["run"] == run["id"]

    assert admin.post(f"/api/models/{candidate}/promote").status_code == 200
    analysed = _upload(reader, "3170.jpg", "TRAIN-NEW")
    assert analysed["models"]["registry"] == candidate
    listed = admin.get("/api/training-runs").json()
    assert listed[0]["id"] == run["id"] and listed[0]["candidate_state"] == "promoted"

    assert admin.post(f"/api/models/{before['version']}/rollback").status_code == 200
    assert _upload(reader, "3171.jpg", "TRAIN-NEW")["models"]["registry"] == before["version"]


def _running(admin, snapshot_id: int) -> dict:
    started = admin.post("/api/training-runs", json={"snapshot_id": snapshot_id, "steps": 100000})
    assert started.status_code == 201, started.text
    return _wait_run(admin, started.json()["id"], states=("running", *FINISHED), timeout=120)


@pytest.mark.usefixtures("trainer")
def test_a_cancelled_run_registers_no_version(reviewed_snapshot):
    snapshot_id, clients = reviewed_snapshot
    admin = clients["admin"]
    versions = _version_names(admin)
    run = _running(admin, snapshot_id)
    assert run["state"] == "running", run
    asked = admin.post(f"/api/training-runs/{run['id']}/cancel")
    assert asked.status_code == 200 and asked.json()["cancel_requested"]
    ended = _wait_run(admin, run["id"], timeout=120)
    assert (ended["state"], ended["candidate_version"]) == ("cancelled", None)
    assert _version_names(admin) == versions
    again = admin.post(f"/api/training-runs/{run['id']}/cancel")
    assert (again.status_code, again.json()["code"]) == (409, "training.not_active")


@pytest.mark.usefixtures("trainer")
def test_the_command_line_starts_a_run_and_follows_it_to_its_candidate(reviewed_snapshot):
    snapshot_id, clients = reviewed_snapshot
    command = [sys.executable, "-m", "rasharp_service.admin_cli", "train"]
    # as next to rasharp-serve's embedded engines: no broker named, the trainer finds the run
    without_broker = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    done = subprocess.run(
        [*command, "--snapshot", str(snapshot_id), "--steps", "2", "--localizer", "--wait"],
        capture_output=True,
        text=True,
        env=without_broker,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "heartbeat" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("training run ") and "2 steps on dataset snapshot" in lines[0]
    run_id = int(lines[0].split()[2])
    run = clients["admin"].get(f"/api/training-runs/{run_id}").json()
    assert (run["state"], run["started_by"]) == ("succeeded", None)
    assert run["config"]["localizer"] is True
    # no reader moved a marker in these studies: the localizer in use is kept, and says why
    localizer = run["report"]["training"]["localizer"]
    assert localizer["trained"] is False and "no training film has a marker" in localizer["reason"]
    assert lines[-1] == f"run {run_id} succeeded: candidate version {run['candidate_version']}"
    assert any(" step " in line or "preparing" in line for line in lines[1:-1]), lines
    refused = subprocess.run(
        [*command, "--snapshot", str(snapshot_id), "--steps", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "must be 1 or more, not 0" in refused.stderr


def test_a_run_whose_trainer_dies_ends_failed_and_the_next_trainer_runs_again(
    reviewed_snapshot, trainer
):
    snapshot_id, clients = reviewed_snapshot
    admin = clients["admin"]
    versions = _version_names(admin)
    run = _running(admin, snapshot_id)
    assert run["state"] == "running", run
    work = Path(tempfile.gettempdir())
    _wait_for(lambda: list(work.glob(f"rasharp-train-{run['id']}-*")), "the run's work folder")
    trainer.kill()
    ended = _wait_run(admin, run["id"], timeout=90)
    assert ended["state"] == "failed"
    assert "trainer process running it stopped" in ended["error"]
    assert _version_names(admin) == versions
    assert list(work.glob(f"rasharp-train-{run['id']}-*")), "left behind by the killed trainer"

    trainer.start()  # removes what the killed trainer left
    assert not list(work.glob(f"rasharp-train-{run['id']}-*"))
    queued = admin.post("/api/training-runs", json={"snapshot_id": snapshot_id, "steps": 100000})
    assert queued.status_code == 201, queued.text
    taken = _wait_run(admin, queued.json()["id"], states=("running", *FINISHED), timeout=120)
    assert taken["state"] == "running"
    assert admin.post(f"/api/training-runs/{taken['id']}/cancel").status_code == 200
    assert _wait_run(admin, taken["id"], timeout=120)["state"] == "cancelled"
