"""The whole path with the real models, PostgreSQL, Redis and a Celery worker process."""

from __future__ import annotations

import csv
import io
import time

import pytest
from backend_images import dicom_bytes, png_bytes, small_png, two_hands
from conftest import models_present, wait_for_status
from sqlalchemy import select

from rasharp.scheme import JOINT_CODES

pytestmark = pytest.mark.skipif(
    not models_present(), reason="models/weights/localizer.onnx is not there yet (no trained model)"
)


def _joint(detail, side, code):
    return next(j for j in detail["joints"] if j["side"] == side and j["joint"] == code)


def _scorer_present() -> bool:
    from rasharp.pipeline import SCORER_FILE, model_dir

    return (model_dir() / SCORER_FILE).is_file()


@pytest.mark.usefixtures("worker")
def test_upload_review_correct_and_export(client_for):
    if not _scorer_present():
        pytest.skip("models/weights/scorer.onnx is not there yet: joints would have no grades")
    from pypdf import PdfReader

    client = client_for()
    hands = two_hands()
    png = client.post(
        "/api/studies",
        files={"file": ("two-hands.png", png_bytes(hands), "image/png")},
        data={"patient_code": "INT-01"},
    )
    dicom = client.post(
        "/api/studies",
        files={"file": ("two-hands.dcm", dicom_bytes(hands), "application/dicom")},
        data={"patient_code": "INT-01"},
    )
    assert png.status_code == dicom.status_code == 202
    for response in (png, dicom):
        detail = wait_for_status(client, response.json()["study_id"])
        assert detail["status"] == "done", detail["error"]
        assert len(detail["joints"]) == 30
        assert {j["side"] for j in detail["joints"]} == {"left", "right"}
        assert sum(j["present"] for j in detail["joints"]) >= 28
        for joint in detail["joints"]:
            if joint["present"]:
                assert joint["erosion"]["value"] in range(6)
                assert abs(sum(joint["erosion"]["probabilities"]) - 1) < 0.01
                if joint["joint"] != "CMC1":
                    assert joint["jsn"]["value"] in range(5)
        assert detail["models"]["localizer"] and detail["models"]["scorer"]
        assert detail["timings_ms"]
    assert client.get(f"/api/studies/{dicom.json()['study_id']}").json()["pixel_spacing_mm"] == 0.15

    study_id = png.json()["study_id"]
    detail = client.get(f"/api/studies/{study_id}").json()
    mcp2 = _joint(detail, "right", "MCP2")
    new_erosion = (mcp2["erosion"]["model"] + 2) % 6
    edited = client.patch(
        f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": new_erosion}
    )
    assert edited.status_code == 200 and edited.json()["erosion"]["edited"] is True

    pip3 = _joint(detail, "left", "PIP3")
    moved = client.put(
        f"/api/studies/{study_id}/joints/left/PIP3/position",
        json={"x": pip3["x"] + 6, "y": pip3["y"] - 4},
    )
    assert moved.status_code == 202 and moved.json()["pending"] is True
    deadline = time.monotonic() + 120
    while _joint(client.get(f"/api/studies/{study_id}").json(), "left", "PIP3")["pending"]:
        assert time.monotonic() < deadline, "the moved joint was never re-scored"
        time.sleep(0.1)
    after = _joint(client.get(f"/api/studies/{study_id}").json(), "left", "PIP3")
    assert after["moved"] is True and after["x"] == pytest.approx(pip3["x"] + 6)
    assert after["erosion"]["value"] == after["erosion"]["model"]  # not edited: follows the model

    history = client.get(f"/api/studies/{study_id}/history").json()
    assert [(h["field"], h["joint"]) for h in history] == [
        ("position", "PIP3"),
        ("erosion", "MCP2"),
    ]

    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/studies/{study_id}/export.csv").text)))
    assert len(rows) == 30
    row = next(r for r in rows if r["side"] == "right" and r["joint"] == "MCP2")
    assert row["erosion"] == str(new_erosion) and row["erosion_edited"] == "1"

    pdf = client.get(f"/api/studies/{study_id}/export.pdf")
    assert pdf.status_code == 200, pdf.text
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert all(code in text for code in JOINT_CODES)
    assert "SvdH-comparable subtotal" in text and "For research use only" in text
    assert "INT-01" in text

    reset = client.post(f"/api/studies/{study_id}/reset")
    assert reset.json()["changed_joints"] == 2
    detail = client.get(f"/api/studies/{study_id}").json()
    assert _joint(detail, "right", "MCP2")["erosion"]["value"] == mcp2["erosion"]["model"]
    assert _joint(detail, "left", "PIP3")["x"] == pytest.approx(pip3["x"])
    assert client.get(f"/api/studies/{study_id}/history").json()[0]["field"] == "reset"
    overlay = client.get(f"/api/studies/{study_id}/heatmaps/erosion")
    assert overlay.status_code == 200 and overlay.headers["content-type"] == "image/png"


def test_a_job_whose_worker_is_killed_completes_after_a_new_worker_starts(client_for, worker, db):
    from rasharp_service.studies.models import Analysis

    client = client_for()
    image = png_bytes(two_hands(scale=1.0))
    for attempt in range(4):
        data = image + attempt.to_bytes(2, "big")  # a new file each try
        upload = client.post("/api/studies", files={"file": ("hands.png", data, "image/png")})
        study_id = upload.json()["study_id"]
        status = wait_for_status(
            client, study_id, statuses=("running", "done", "failed"), timeout=120
        )["status"]
        if status == "running":
            break
    else:
        pytest.fail(
            "the analysis never was seen running: it finished before the worker could be killed"
        )
    worker.kill()
    db.expire_all()
    analysis = db.scalar(select(Analysis).join(Analysis.study).where(Analysis.study_id == study_id))
    assert analysis.status == "running" and analysis.attempts == 1

    worker.start()
    detail = wait_for_status(client, study_id, timeout=240)
    assert detail["status"] == "done", detail["error"]
    assert len(detail["joints"]) == 30
    db.expire_all()
    assert db.get(Analysis, analysis.id).attempts == 2


@pytest.mark.usefixtures("worker")
def test_an_image_without_hands_fails_with_a_reason(client_for):
    client = client_for()
    upload = client.post(
        "/api/studies", files={"file": ("blank.png", small_png(640, 800), "image/png")}
    )
    detail = wait_for_status(client, upload.json()["study_id"])
    assert detail["status"] == "failed"
    assert detail["error"].startswith("No hand was found on this radiograph")
    assert detail["error_code"] == "analysis.no_hand"  # the UI says it in the reader's language
    assert detail["joints"] == [] and detail["totals"] is None
