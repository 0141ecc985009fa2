"""A running worker follows the registry: the promoted version is used from the next job on,
without a restart, and a version it cannot fetch leaves it on the models it has."""

from __future__ import annotations

import pytest
from backend_images import png_bytes, two_hands
from conftest import models_present, wait_for_status

from rasharp.pipeline import model_dir

pytestmark = pytest.mark.skipif(
    not models_present(), reason="models/weights/localizer.onnx is not there yet (no trained model)"
)


def _analysed_with(client) -> dict:
    upload = client.post(
        "/api/studies",
        files={"file": ("two-hands.png", png_bytes(two_hands()), "image/png")},
        data={"patient_code": "REG-01"},
    )
    assert upload.status_code == 202, upload.text
    detail = wait_for_status(client, upload.json()["study_id"], timeout=240)
    assert detail["status"] == "done", detail["error"]
    return detail["models"]


def test_the_worker_analyses_with_the_promoted_version_and_after_a_roll_back(
    client_for, worker, db
):
    from rasharp_service.config import get_settings
    from rasharp_service.registry import service
    from rasharp_service.storage import get_storage

    admin, reader = client_for(admin=True), client_for()
    assert admin.get("/api/models").status_code == 200  # registers the shipped weights
    before = service.promoted(db).version
    starts = worker.starts

    weights = model_dir()
    files = {p.name: p.read_bytes() for p in weights.iterdir() if p.is_file()}
    files["localizer.md"] += b"\nRe-registered for the registry test.\n"
    copy = service.register_version(db, get_storage(), files, {"note": 1.0}, None, before).version
    assert admin.post(f"/api/models/{copy}/promote").status_code == 200

    models = _analysed_with(reader)
    assert models["registry"] == copy
    assert models["localizer"] == "1.0.0"
    cached = get_settings().model_cache_dir / copy / "localizer.md"
    assert cached.read_bytes() == files["localizer.md"]

    assert admin.post(f"/api/models/{before}/rollback").status_code == 200
    assert _analysed_with(reader)["registry"] == before

    # A promoted version whose files the storage no longer has: the worker keeps its models.
    lost = service.register_version(db, get_storage(), files, None, None, before).version
    get_storage().delete(service.file_key(lost, "localizer.onnx"))
    assert admin.post(f"/api/models/{lost}/promote").status_code == 200
    try:
        assert _analysed_with(reader)["registry"] == before
    finally:
        assert admin.post(f"/api/models/{before}/rollback").status_code == 200
    assert worker.starts == starts and worker.running()
