"""Uploads: validated before anything is written, stored once by content, bad files explained."""

from __future__ import annotations

import pytest
from backend_images import decompression_bomb_png, dicom_bytes, small_png
from leftovers import row_counts, stored_files

from rasharp_service.config import Settings, get_settings
from rasharp_service.studies.models import Study


def _truncated_dicom() -> bytes:
    from PIL import Image

    full = dicom_bytes(Image.frombytes("L", (300, 400), bytes(range(256)) * 468 + bytes(192)))
    return full[: len(full) // 2]


BAD_FILES = {
    "empty": ("empty.png", b"", "empty (0 bytes)"),
    "truncated DICOM": ("study.dcm", _truncated_dicom(), "DICOM pixel data cannot be decoded"),
    "text named .png": (
        "hand.png",
        b"patient: Jane Doe\nnot an image\n" * 20,
        "not a DICOM, PNG or JPEG file",
    ),
    "decompression bomb": ("bomb.png", decompression_bomb_png(), "too large"),
    "truncated PNG": ("cut.png", small_png()[:300], "damaged or truncated"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_with_the_reason_and_nothing_is_kept(client_for, db, case):
    client = client_for()
    name, data, reason = BAD_FILES[case]
    before, files_before = row_counts(db), stored_files()
    response = client.post(
        "/api/studies",
        files={"file": (name, data, "application/octet-stream")},
        data={"patient_code": "BAD-1"},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert reason in detail
    assert "Accepted formats: DICOM" in detail and "PNG" in detail and "JPEG" in detail
    assert row_counts(db) == before
    assert stored_files() == files_before


def test_upload_larger_than_the_limit_is_refused(app, client_for, db):
    client = client_for()
    app.dependency_overrides[get_settings] = lambda: Settings(max_upload_mb=1)
    try:
        before = row_counts(db)
        response = client.post(
            "/api/studies",
            files={"file": ("big.png", small_png() + b"\0" * 1_100_000, "image/png")},
        )
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 413
    assert response.json()["detail"] == "The file is larger than the upload limit of 1 MB."
    assert row_counts(db) == before


def test_unknown_side_is_refused(client_for, db):
    client = client_for()
    before = row_counts(db)
    response = client.post(
        "/api/studies", files={"file": ("h.png", small_png(), "image/png")}, data={"side": "both"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "side must be one of auto, left, right, not 'both'."
    assert row_counts(db) == before


def test_upload_answers_202_with_a_queued_job_and_stores_the_file_once(client_for, db):
    client = client_for()
    data = small_png(300, 300)
    first = client.post(
        "/api/studies",
        files={"file": ("a.png", data, "image/png")},
        data={"patient_code": "  RA-0042 ", "side": "left"},
    )
    assert first.status_code == 202, first.text
    assert first.json()["status"] in ("queued", "failed")
    second = client.post(
        "/api/studies",
        files={"file": ("copy-of-a.png", data, "image/png")},
        data={"patient_code": "RA-0042"},
    )
    assert second.status_code == 202
    db.expire_all()
    studies = [db.get(Study, r.json()["study_id"]) for r in (first, second)]
    assert studies[0].radiograph_id == studies[1].radiograph_id
    assert studies[0].patient_id == studies[1].patient_id
    assert studies[0].patient.code == "RA-0042" and studies[0].requested_side == "left"
    assert [s.original_name for s in studies] == ["a.png", "copy-of-a.png"]
    key = studies[0].radiograph.storage_key
    assert sum(1 for f in stored_files() if f == key) == 1
    assert studies[0].analysis.queued_at is not None

    listed = client.get("/api/studies").json()["items"]
    assert [s["id"] for s in listed[:2]] == [studies[1].id, studies[0].id]  # newest first
    assert all(s["patient_code"] == "RA-0042" for s in listed[:2])
    filtered = client.get("/api/studies", params={"patient_code": "0042"}).json()["items"]
    assert len(filtered) == 2
    assert client.get("/api/studies", params={"patient_code": "nobody"}).json()["items"] == []


def test_dicom_keeps_its_header_without_identity_and_its_pixel_spacing(client_for, db):
    from PIL import Image

    client = client_for()
    image = Image.frombytes("L", (300, 400), bytes(range(256)) * 468 + bytes(192))
    response = client.post(
        "/api/studies", files={"file": ("hand.dcm", dicom_bytes(image, 0.143), "application/dicom")}
    )
    assert response.status_code == 202, response.text
    db.expire_all()
    radiograph = db.get(Study, response.json()["study_id"]).radiograph
    assert radiograph.format == "dicom" and (radiograph.width, radiograph.height) == (300, 400)
    assert radiograph.pixel_spacing_mm == pytest.approx(0.143)
    header = radiograph.dicom_metadata
    assert header["Modality"] == "DX" and header["PatientSex"] == "F"
    assert "PixelData" not in header
    for identifying in ("PatientName", "PatientID", "InstitutionName"):
        assert identifying not in header
    detail = client.get(f"/api/studies/{response.json()['study_id']}").json()
    assert detail["format"] == "dicom" and detail["pixel_spacing_mm"] == pytest.approx(0.143)


def test_patient_birth_year_and_sex_are_kept_and_checked(client_for, db):
    client = client_for()
    before = row_counts(db)
    wrong = client.post(
        "/api/studies",
        files={"file": ("h.png", small_png(), "image/png")},
        data={"patient_code": "RA-7", "birth_year": "1850"},
    )
    assert wrong.status_code == 422 and "birth year must be between 1900" in wrong.json()["detail"]
    no_code = client.post(
        "/api/studies", files={"file": ("h.png", small_png(), "image/png")}, data={"sex": "F"}
    )
    assert no_code.status_code == 422 and "needs a patient code" in no_code.json()["detail"]
    assert row_counts(db) == before
    response = client.post(
        "/api/studies",
        files={"file": ("h.png", small_png(), "image/png")},
        data={"patient_code": "RA-7", "birth_year": "1961", "sex": "F"},
    )
    detail = client.get(f"/api/studies/{response.json()['study_id']}").json()
    assert (detail["patient_code"], detail["patient_birth_year"], detail["patient_sex"]) == (
        "RA-7",
        1961,
        "F",
    )


def test_the_visit_date_is_kept_and_checked(client_for, db):
    from datetime import date, timedelta

    client = client_for()
    before = row_counts(db)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    future = client.post(
        "/api/studies",
        files={"file": ("h.png", small_png(), "image/png")},
        data={"visit_date": tomorrow},
    )
    assert future.status_code == 422
    assert future.json()["detail"].startswith("The visit date must be between 1900-01-01 and today")
    garbled = client.post(
        "/api/studies",
        files={"file": ("h.png", small_png(), "image/png")},
        data={"visit_date": "31.02.2024"},
    )
    assert garbled.status_code == 422 and "visit_date" in garbled.json()["detail"]
    assert row_counts(db) == before
    response = client.post(
        "/api/studies",
        files={"file": ("h.png", small_png(), "image/png")},
        data={"patient_code": "RA-8", "visit_date": "2024-03-05"},
    )
    study_id = response.json()["study_id"]
    assert client.get(f"/api/studies/{study_id}").json()["visit_date"] == "2024-03-05"
    listed = client.get("/api/studies").json()["items"]
    assert [(s["id"], s["visit_date"]) for s in listed] == [(study_id, "2024-03-05")]


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_read(client_for):
    client = client_for()
    limit = get_settings().max_upload_bytes
    response = client.post(
        "/api/studies",
        content=b"x" * 10,
        headers={
            "content-type": "multipart/form-data; boundary=b",
            "content-length": str(limit + 2 * 1024 * 1024),
        },
    )
    assert response.status_code == 413
    assert (
        response.json()["detail"]
        == f"The file is larger than the upload limit of {limit // (1024 * 1024)} MB."
    )
