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


def _joint(detail: dict, side: str, code: str) -> dict:
    return next(j for j in detail["joints"] if (j["side"], j["joint"]) == (side, code))


@pytest.mark.usefixtures("worker")
def test_a_reanalysis_keeps_the_readers_grades_and_lists_what_the_model_changed(client_for, db):
    from sqlalchemy import update

    from rasharp_service.registry import service
    from rasharp_service.storage import get_storage
    from rasharp_service.studies.models import Analysis, Joint

    admin, reader = client_for(admin=True), client_for()
    assert admin.get("/api/models").status_code == 200
    promoted = service.promoted(db).version
    upload = reader.post(
        "/api/studies",
        files={"file": ("two-hands.png", png_bytes(two_hands()), "image/png")},
        data={"patient_code": "REG-02"},
    )
    study_id = upload.json()["study_id"]
    first = wait_for_status(reader, study_id, timeout=240)
    assert first["status"] == "done", first["error"]
    edited, older = [j for j in first["joints"] if j["present"] and j["jsn"]][:2]
    reader_grade = (edited["erosion"]["model"] + 2) % 6
    assert (
        reader.patch(
            f"/api/studies/{study_id}/joints/{edited['side']}/{edited['joint']}",
            json={"erosion": reader_grade},
        ).status_code
        == 200
    )
    # As if an older model had graded this joint's narrowing one step higher.
    model_jsn = older["jsn"]["model"]
    old_model_jsn = (model_jsn + 1) % 5
    analysis_id = db.query(Analysis.id).filter(Analysis.study_id == study_id).scalar()
    db.execute(
        update(Joint)
        .where(
            Joint.analysis_id == analysis_id,
            Joint.side == older["side"],
            Joint.code == older["joint"],
        )
        .values(jsn_model=old_model_jsn, jsn=old_model_jsn)
    )
    db.commit()

    assert reader.get(f"/api/studies/{study_id}/heatmaps/erosion").status_code == 200
    overlay = f"overlays/{analysis_id}/erosion.png"  # drawn from the heatmap, kept in storage
    assert get_storage().exists(overlay)

    asked = reader.post(f"/api/studies/{study_id}/reanalyse")
    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] in ("queued", "running", "done")
    again = wait_for_status(reader, study_id, timeout=240)
    assert again["status"] == "done", again["error"]
    assert again["models"]["registry"] == promoted
    assert not get_storage().exists(overlay), "the old heatmap's overlay would be shown"
    kept = _joint(again, edited["side"], edited["joint"])["erosion"]
    assert (kept["value"], kept["model"], kept["edited"]) == (
        reader_grade,
        edited["erosion"]["model"],
        True,
    )
    followed = _joint(again, older["side"], older["joint"])["jsn"]
    assert (followed["value"], followed["model"]) == (model_jsn, model_jsn)
    assert again["model_changes"] == [
        {
            "side": older["side"],
            "joint": older["joint"],
            "kind": "jsn",
            "old": old_model_jsn,
            "new": model_jsn,
        }
    ]
    history = reader.get(f"/api/studies/{study_id}/history").json()
    assert "reanalysed" in [h["field"] for h in history]

    assert reader.post(f"/api/studies/{study_id}/review").status_code == 200
    refused = reader.post(f"/api/studies/{study_id}/reanalyse")
    assert (refused.status_code, refused.json()["code"]) == (409, "study.reviewed_final")
