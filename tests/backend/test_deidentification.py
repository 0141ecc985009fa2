"""A DICOM film carrying 40+ kinds of identifying attributes goes through the whole service (real
PostgreSQL, storage, Celery worker, exports): none of the values is found anywhere afterwards."""

from __future__ import annotations

import io
import logging

import numpy as np
import pydicom
import pytest
from backend_images import two_hands
from conftest import models_present, wait_for_status
from identifying_dicom import IDENTIFYING, identifying_dicom, identifying_values
from sqlalchemy import text

from rasharp.deidentify import patient_code_for
from rasharp_service.config import get_settings

pytestmark = pytest.mark.skipif(
    not models_present(), reason="models/weights/localizer.onnx is not there yet (no trained model)"
)


@pytest.fixture
def shifted_dates(monkeypatch):
    monkeypatch.setenv("RASHARP_DICOM_DATES", "shift")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("RASHARP_DICOM_DATES")
    get_settings.cache_clear()


def _database_text(db) -> str:
    tables = db.scalars(
        text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ).all()
    rows = [
        str(row) for table in tables for row in db.scalars(text(f'SELECT t::text FROM "{table}" t'))
    ]
    return "\n".join(rows)


def _stored_bytes() -> list[tuple[str, bytes]]:
    root = get_settings().storage_dir
    return [(str(p.relative_to(root)), p.read_bytes()) for p in root.rglob("*") if p.is_file()]


@pytest.mark.usefixtures("worker", "shifted_dates")
def test_no_identifying_value_reaches_storage_database_logs_or_exports(
    client_for, db, worker, caplog
):
    from pypdf import PdfReader

    caplog.set_level(logging.DEBUG)
    client = client_for()
    film = identifying_dicom(np.asarray(two_hands()))
    upload = client.post("/api/studies", files={"file": ("film.dcm", film, "application/dicom")})
    assert upload.status_code == 202, upload.text
    study_id = upload.json()["study_id"]
    detail = wait_for_status(client, study_id)
    assert detail["status"] == "done", detail["error"]
    key = get_settings().deidentification_key_bytes
    assert detail["patient_code"] == patient_code_for(IDENTIFYING["PatientID"], key)

    exports = {
        "study": client.get(f"/api/studies/{study_id}").text,
        "history": client.get(f"/api/studies/{study_id}/history").text,
        "csv": client.get(f"/api/studies/{study_id}/export.csv").text,
        "worklist": client.get("/api/studies").text,
    }
    pdf = client.get(f"/api/studies/{study_id}/export.pdf")
    assert pdf.status_code == 200, pdf.text[:300]
    exports["pdf"] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    image = client.get(f"/api/studies/{study_id}/image")
    assert image.status_code == 200

    places: list[tuple[str, bytes]] = [(f"export {k}", v.encode()) for k, v in exports.items()]
    places += [(f"storage {name}", data) for name, data in _stored_bytes()]
    places.append(("database", _database_text(db).encode()))
    places.append(("service log", caplog.text.encode()))
    places += [(f"worker log {p.name}", p.read_bytes()) for p in worker.log_dir.glob("worker-*")]
    found = [
        f"{value!r} in {where}"
        for value in identifying_values()
        for where, data in places
        if value.encode().lower() in data.lower()
    ]
    assert found == []

    stored = pydicom.dcmread(io.BytesIO(_stored_film(db, study_id)))
    assert stored.PatientIdentityRemoved == "YES"
    assert stored.StudyDate < IDENTIFYING["StudyDate"]  # shifted back, as configured


def _stored_film(db, study_id: int) -> bytes:
    key = db.scalar(
        text(
            "SELECT r.storage_key FROM studies s JOIN radiographs r ON r.id = s.radiograph_id "
            "WHERE s.id = :study_id"
        ),
        {"study_id": study_id},
    )
    return (get_settings().storage_dir / key).read_bytes()


@pytest.mark.usefixtures("worker")
def test_a_film_with_burned_in_annotation_is_accepted_with_a_warning(client_for):
    header = pydicom.dcmread(io.BytesIO(identifying_dicom(np.asarray(two_hands()))))
    header.BurnedInAnnotation = "YES"
    out = io.BytesIO()
    header.save_as(out)
    client = client_for()
    upload = client.post(
        "/api/studies",
        files={"file": ("burned.dcm", out.getvalue(), "application/dicom")},
        data={"patient_code": "BURN-1"},
    )
    assert upload.status_code == 202, upload.text
    detail = wait_for_status(client, upload.json()["study_id"])
    assert detail["status"] == "done", detail["error"]
    assert detail["patient_code"] == "BURN-1"  # the uploader's code wins over the keyed hash
    codes = [w["code"] for w in detail["warnings"]]
    assert "burned_in_annotation" in codes
