"""The model registry: versions registered by training jobs or from the command line, one
promoted at a time for the whole deployment, promotions and roll-backs by administrators only."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from rasharp.pipeline import model_dir


def tiny_onnx(version: str) -> bytes:
    """The smallest protobuf an ONNX reader takes: only metadata_props {"version": version}."""

    def field(number: int, value: bytes) -> bytes:
        assert len(value) < 128
        return bytes([number << 3 | 2, len(value)]) + value

    return field(14, field(1, b"version") + field(2, version.encode()))


def candidate_files(label: str) -> dict[str, bytes]:
    return {"localizer.onnx": tiny_onnx(f"loc-{label}"), "localizer.md": f"# {label}\n".encode()}


@pytest.fixture
def registry(db):
    """The service functions with this test's session; the version promoted when the test
    began is promoted again when it ends (other tests' workers analyse with it)."""
    from rasharp_service.registry import service
    from rasharp_service.storage import get_storage

    service.ensure_shipped(db, get_storage())
    before = service.promoted(db)
    yield service
    db.rollback()
    now = service.promoted(db)
    if before is not None and now is not None and now.id != before.id:
        db.execute(update(type(now)).where(type(now).id == now.id).values(state="retired"))
        db.execute(update(type(now)).where(type(now).id == before.id).values(state="promoted"))
        db.commit()


def register(registry, db, label: str, **kwargs):
    from rasharp_service.storage import get_storage

    return registry.register_version(db, get_storage(), candidate_files(label), **kwargs)


def states(client) -> dict[str, str]:
    return {v["version"]: v["state"] for v in client.get("/api/models").json()}


def test_the_shipped_weights_are_the_first_version_and_promoted(client_for, registry):
    admin = client_for(admin=True)
    listed = admin.get("/api/models")
    assert listed.status_code == 200, listed.text
    shipped = next(v for v in listed.json() if v["version"] == "shipped")
    assert shipped["parent"] is None and shipped["registered_by"] is None
    weights = model_dir()
    for name in ("localizer.onnx", "scorer.onnx"):
        assert shipped["files"][name] == registry.sha256((weights / name).read_bytes())
    assert shipped["components"]["localizer"] == "1.0.0"
    assert shipped["components"]["scorer"].startswith("scorer-")
    assert [v["state"] for v in listed.json()].count("promoted") == 1


def test_promote_then_roll_back_keeps_one_promoted_and_a_history(client_for, registry, db):
    admin = client_for(admin=True)
    first_promoted = registry.promoted(db).version
    metrics = {"erosion_balanced_accuracy": 0.81, "jsn_balanced_accuracy": 0.79}
    a = register(registry, db, "a", metrics=metrics).version
    b = register(registry, db, "b", parent=a).version

    listed = {v["version"]: v for v in admin.get("/api/models").json()}
    assert listed[a]["state"] == listed[b]["state"] == "candidate"
    assert listed[a]["metrics"] == metrics and listed[a]["parent"] == first_promoted
    assert listed[b]["parent"] == a and listed[b]["components"] == {"localizer": "loc-b"}

    promoted = admin.post(f"/api/models/{a}/promote")
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["promoted_by"] == admin.username
    assert admin.post(f"/api/models/{b}/promote").status_code == 200
    now = states(admin)
    assert (now[a], now[b], now[first_promoted]) == ("retired", "promoted", "retired")
    assert list(now.values()).count("promoted") == 1

    again = admin.post(f"/api/models/{a}/promote")
    assert (again.status_code, again.json()["code"]) == (422, "model.not_candidate")
    back = admin.post(f"/api/models/{a}/rollback")
    assert back.status_code == 200, back.text
    now = states(admin)
    assert (now[a], now[b]) == ("promoted", "retired")
    assert list(now.values()).count("promoted") == 1

    history = admin.get("/api/models/history").json()[:3]
    assert [(h["action"], h["version"], h["previous"]) for h in history] == [
        ("rolled_back", a, b),
        ("promoted", b, a),
        ("promoted", a, first_promoted),
    ]
    assert {h["by"] for h in history} == {admin.username}


def test_refusals_say_what_is_accepted(client_for, registry, db):
    admin = client_for(admin=True)
    never = register(registry, db, "never").version
    refused = admin.post(f"/api/models/{never}/rollback")
    assert (refused.status_code, refused.json()["code"]) == (422, "model.never_promoted")
    missing = admin.post("/api/models/v999999/promote")
    assert (missing.status_code, missing.json()["code"]) == (404, "model.not_found")

    from rasharp_service.errors import ServiceError
    from rasharp_service.storage import get_storage

    def refusal(files, **kwargs) -> str:
        with pytest.raises(ServiceError) as raised:
            registry.register_version(db, get_storage(), files, **kwargs)
        db.rollback()
        return raised.value.code

    assert refusal({"scorer.onnx": tiny_onnx("s")}) == "model.file_missing"
    assert refusal({**candidate_files("x"), "../evil": b""}) == "model.file_name_invalid"
    assert refusal({"localizer.onnx": b"\xff\xff\xff"}) == "model.file_not_onnx"
    assert refusal(candidate_files("x"), metrics=[1, 2]) == "model.metrics_invalid"
    assert refusal(candidate_files("x"), snapshot_id=10**9) == "model.snapshot_not_found"
    assert refusal(candidate_files("x"), parent="no-such") == "model.not_found"


def test_only_administrators_see_or_change_the_registry_of_the_whole_deployment(
    client_for, registry, db
):
    reader = client_for()
    for response in (
        reader.get("/api/models"),
        reader.get("/api/models/history"),
        reader.post("/api/models/shipped/promote"),
        reader.post("/api/models/shipped/rollback"),
    ):
        assert (response.status_code, response.json()["code"]) == (403, "auth.admin_only")

    # One registry per deployment: an administrator of any team sees and changes the same one.
    candidate = register(registry, db, "shared").version
    one, other = client_for(team="site-one", admin=True), client_for(team="site-two", admin=True)
    assert states(one) == states(other)
    assert other.post(f"/api/models/{candidate}/promote").status_code == 200
    assert states(one)[candidate] == "promoted"


def test_the_database_refuses_a_second_promoted_version(registry, db):
    candidate = register(registry, db, "second")
    candidate.state = "promoted"
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


@pytest.mark.usefixtures("registry")
def test_a_model_trained_elsewhere_is_registered_from_the_command_line(client_for, tmp_path):
    folder = tmp_path / "cli"
    folder.mkdir()
    for name, data in candidate_files("cli").items():
        (folder / name).write_bytes(data)
    metrics = tmp_path / "metrics.json"
    metrics.write_text(json.dumps({"erosion_kappa": 0.7}))
    command = [
        sys.executable,
        "-m",
        "rasharp_service.admin_cli",
        "register-model",
        str(folder),
        "--metrics",
        str(metrics),
        "--parent",
        "shipped",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "(candidate): localizer loc-cli" in done.stdout
    version = done.stdout.split()[3]
    listed = {v["version"]: v for v in client_for(admin=True).get("/api/models").json()}
    assert listed[version]["metrics"] == {"erosion_kappa": 0.7}
    assert listed[version]["parent"] == "shipped"
    assert listed[version]["registered_by"] is None

    empty = tmp_path / "empty"
    empty.mkdir()
    refused = subprocess.run(
        [*command[:4], str(empty)], capture_output=True, text=True, env=os.environ.copy()
    )
    assert refused.returncode == 1 and "needs localizer.onnx" in refused.stderr


def test_a_version_names_the_dataset_snapshot_it_learnt_from(
    client_for, seeded_study, registry, db
):
    admin = client_for(team="registry-data", admin=True)
    reader = client_for(team="registry-data")
    study_id = seeded_study(reader)
    assert reader.post(f"/api/studies/{study_id}/review").status_code == 200
    snapshot = admin.post("/api/datasets", json={"name": "fine-tuning data"}).json()
    version = register(registry, db, "tuned", snapshot_id=snapshot["id"]).version

    listed = {v["version"]: v for v in admin.get("/api/models").json()}
    assert listed[version]["snapshot"] == {
        "id": snapshot["id"],
        "version": snapshot["version"],
        "name": "fine-tuning data",
    }
