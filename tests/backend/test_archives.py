"""ZIP archives of DICOM files: a study per radiograph, every file's outcome, unsafe archives
refused with nothing written."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pydicom
import pytest
from backend_images import dicom_bytes
from leftovers import row_counts, stored_files
from PIL import Image

from rasharp_service.config import Settings, get_settings
from rasharp_service.storage import get_storage
from rasharp_service.studies.models import Study


def _film(
    patient_id: str, study_uid: str, series_uid: str, study_date: str, shade: int = 0
) -> bytes:
    """A DX hand film of one patient's DICOM study and series."""
    image = Image.frombytes("L", (300, 400), bytes((i + shade) % 256 for i in range(300 * 400)))
    ds = pydicom.dcmread(io.BytesIO(dicom_bytes(image, patient_name=f"Patient^{patient_id}")))
    ds.PatientID, ds.StudyInstanceUID, ds.SeriesInstanceUID = patient_id, study_uid, series_uid
    ds.StudyDate = study_date
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _structured_report() -> bytes:
    """A Basic Text SR of the same study: a DICOM object without pixels."""
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, generate_uid()
    ds.Modality, ds.PatientID, ds.StudyInstanceUID = "SR", "ID-A", "1.2.3.1"
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _send(client, archive: bytes, **fields: str):
    return client.post(
        "/api/studies/archive",
        files={"file": ("films.zip", archive, "application/zip")},
        data=fields,
    )


def _by_name(response) -> dict[str, dict]:
    return {m["name"]: m for m in response.json()["members"]}


def test_an_archive_of_two_studies_gives_a_study_per_film_and_says_what_became_of_each_file(
    client_for, db
):
    client = client_for()
    good = _film("ID-A", "1.2.3.1", "1.2.3.1.1", "20230104")
    archive = _zip(
        {
            "visit/A/IM0001": good,
            "visit/A/IM0002": _film("ID-A", "1.2.3.1", "1.2.3.1.1", "20230104", shade=60),
            "visit/B/IM0001.dcm": _film("ID-B", "1.2.3.2", "1.2.3.2.1", "20240211"),
            "visit/B/IM0002.dcm": good[: len(good) // 2],  # cut short
            "visit/A/SR0001": _structured_report(),
            "visit/DICOMDIR": b"\0" * 200,
            "visit/notes.txt": b"scanned on Tuesday\n",
        }
    )
    before, files_before = row_counts(db), stored_files()
    response = _send(client, archive)
    assert response.status_code == 200, response.text
    body, members = response.json(), _by_name(response)
    assert (body["created"], body["skipped"], body["refused"]) == (3, 3, 1)

    damaged = members["visit/B/IM0002.dcm"]
    assert damaged["outcome"] == "refused" and damaged["study_id"] is None
    assert damaged["message"]["code"].startswith("upload.file_")
    assert "IM0002.dcm" in damaged["message"]["detail"]
    report = members["visit/A/SR0001"]
    assert report["outcome"] == "skipped"
    assert report["message"]["code"] == "archive.skipped_no_image"
    assert "Basic Text SR" in report["message"]["detail"]
    assert members["visit/DICOMDIR"]["message"]["code"] == "archive.skipped_dicomdir"
    assert members["visit/notes.txt"]["message"]["code"] == "archive.skipped_not_image"

    first, second, other = (
        members[n] for n in ("visit/A/IM0001", "visit/A/IM0002", "visit/B/IM0001.dcm")
    )
    assert [m["outcome"] for m in (first, second, other)] == ["created"] * 3
    # the DICOM study grouping: the same study and patient for A's films, another for B's
    assert (first["dicom_study"], second["dicom_study"], other["dicom_study"]) == (1, 1, 2)
    assert first["patient_code"] == second["patient_code"] != other["patient_code"]
    assert first["patient_code"].startswith("p-") and "ID-A" not in first["patient_code"]
    assert (first["visit_date"], other["visit_date"]) == ("2023-01-04", "2024-02-11")

    # three studies, and nothing else was written: the cut file left no row or file
    after = row_counts(db)
    assert after[0] - before[0] == 3 and after[1] - before[1] == 3
    assert len(stored_files()) - len(files_before) == 3
    listed = {s["id"]: s for s in client.get("/api/studies").json()["items"]}
    assert listed[other["study_id"]]["visit_date"] == "2024-02-11"
    assert listed[first["study_id"]]["original_name"] == "IM0001"

    # every film was stored de-identified, like a single upload
    db.expire_all()
    stored = get_storage().read(db.get(Study, first["study_id"]).radiograph.storage_key)
    header = pydicom.dcmread(io.BytesIO(stored))
    assert "Patient^ID-A" not in str(header.get("PatientName", ""))
    assert header.PatientID != "ID-A" and "InstitutionName" not in header


def test_the_options_of_the_upload_apply_to_every_film(client_for):
    client = client_for()
    archive = _zip(
        {
            "a.dcm": _film("ID-C", "1.2.4.1", "1.2.4.1.1", "20220101"),
            "b.dcm": _film("ID-D", "1.2.4.2", "1.2.4.2.1", "20220202"),
        }
    )
    response = _send(client, archive, patient_code="RA-77", side="left", visit_date="2022-05-06")
    assert response.status_code == 200, response.text
    members = response.json()["members"]
    assert [(m["patient_code"], m["visit_date"]) for m in members] == [("RA-77", "2022-05-06")] * 2
    detail = client.get(f"/api/studies/{members[0]['study_id']}").json()
    assert detail["requested_side"] == "left"


def test_a_real_computed_radiography_film_is_dated_by_its_study_date_and_an_mr_is_skipped(
    client_for,
):
    data_store = pytest.importorskip("data_store", reason="pydicom-data is not installed")
    films = Path(data_store.__file__).parent / "data"
    client = client_for()
    archive = _zip(
        {
            "CR/RG3": (films / "RG3_J2KR.dcm").read_bytes(),
            "MR/1": (films / "emri_small.dcm").read_bytes(),
        }
    )
    response = _send(client, archive)
    assert response.status_code == 200, response.text
    film, scan = response.json()["members"]
    assert film["outcome"] == "created", film
    assert (film["dicom_study"], film["visit_date"]) == (1, "2004-08-26")
    assert scan["outcome"] == "skipped" and scan["study_id"] is None
    assert scan["message"]["code"] == "archive.skipped_not_radiograph"
    assert scan["message"]["detail"].startswith("MR/1 is a MR image, not a radiograph")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(client_for, db):
    client = client_for()
    before, files_before = row_counts(db), stored_files()
    bomb = _zip({"IM0001": _film("ID-E", "1.2.5", "1.2.5.1", "20230101"), "x": b"\0" * 50_000_000})
    response = _send(client, bomb)
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "archive.compression_ratio"
    assert "zip bomb" in response.json()["detail"]
    assert (row_counts(db), stored_files()) == (before, files_before)


def test_an_archive_that_unpacks_to_more_than_allowed_is_refused(app, client_for, db):
    client = client_for()
    app.dependency_overrides[get_settings] = lambda: Settings(max_upload_mb=1)
    try:
        before = row_counts(db)
        # each member small enough for the ratio check, together over 8 x the 1 MB limit
        response = _send(client, _zip({f"IM{i:04}": b"\0" * 1_000_000 for i in range(9)}))
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "archive.too_large_unpacked"
    assert response.json()["params"]["maximum"] == 8
    assert row_counts(db) == before


def test_an_archive_over_the_upload_limit_is_refused(app, client_for, db):
    client = client_for()
    app.dependency_overrides[get_settings] = lambda: Settings(max_upload_mb=1)
    try:
        before = row_counts(db)
        archive = _zip({"IM0001": os.urandom(1_200_000)}, zipfile.ZIP_STORED)
        response = _send(client, archive)
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 413
    assert response.json()["detail"] == "The file is larger than the upload limit of 1 MB."
    assert row_counts(db) == before


@pytest.mark.parametrize("name", ["../../etc/cron.d/IM0001", "/tmp/IM0001", "C:\\films\\IM0001"])
def test_a_name_leading_outside_the_archive_refuses_the_archive(client_for, db, name):
    client = client_for()
    before, files_before = row_counts(db), stored_files()
    archive = _zip(
        {"IM0001": _film("ID-F", "1.2.6", "1.2.6.1", "20230101"), name: b"\0\0\0\0" * 100}
    )
    response = _send(client, archive)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "archive.unsafe_name"
    assert response.json()["params"]["name"] == name
    assert (row_counts(db), stored_files()) == (before, files_before)


def _flag_encrypted(archive: bytes, name: str) -> bytes:
    """Sets the 'encrypted' flag of a member in its local and central headers (zipfile writes no
    encrypted archives; the flag is what a reader sees first)."""
    data = bytearray(archive)
    raw = name.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = int.from_bytes(data[local + 26 : local + 28], "little")
        if data[local + 30 : local + 30 + name_length] == raw:
            data[local + 6] |= 1
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == raw:
            data[central + 8] |= 1
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_encrypted_and_nested_members_are_refused_by_name_and_the_rest_go_on(client_for):
    client = client_for()
    film = _film("ID-G", "1.2.7", "1.2.7.1", "20230101")
    archive = _zip(
        {
            "IM0001": film,
            "secret/IM0002": _film("ID-G", "1.2.7", "1.2.7.1", "20230101", shade=9),
            "more.zip": _zip({"IM0003": film}),
            "IM0004": _zip({"IM0005": film}),  # an archive without the .zip name
        }
    )
    response = _send(client, _flag_encrypted(archive, "secret/IM0002"))
    assert response.status_code == 200, response.text
    members = _by_name(response)
    assert members["IM0001"]["outcome"] == "created"
    assert members["secret/IM0002"]["outcome"] == "refused"
    assert members["secret/IM0002"]["message"]["code"] == "archive.member_encrypted"
    assert "secret/IM0002 is encrypted" in members["secret/IM0002"]["message"]["detail"]
    for nested in ("more.zip", "IM0004"):
        assert members[nested]["message"]["code"] == "archive.member_nested"


def test_a_file_over_the_upload_limit_inside_the_archive_is_refused_by_name(app, client_for):
    client = client_for()
    app.dependency_overrides[get_settings] = lambda: Settings(max_upload_mb=1)
    try:
        # 1.5 MB of 16 values packs to about half (an ordinary ratio) and fits the 1 MB upload
        large = bytes(b % 16 for b in os.urandom(1_500_000))
        archive = _zip({"IM0001": _film("ID-J", "1.2.9", "1.2.9.1", "20230101"), "IM0002": large})
        response = _send(client, archive)
    finally:
        app.dependency_overrides.clear()
    assert response.status_code == 200, response.text
    members = _by_name(response)
    assert members["IM0001"]["outcome"] == "created"
    assert members["IM0002"]["outcome"] == "refused"
    assert members["IM0002"]["message"]["detail"] == (
        "IM0002 is larger than the upload limit of 1 MB."
    )


def test_an_archive_of_too_many_files_is_refused(client_for, db):
    client = client_for()
    before = row_counts(db)
    response = _send(client, _zip({f"IM{i:05}": b"x" for i in range(2001)}))
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The archive has 2001 files; at most 2000")
    assert row_counts(db) == before


def test_pictures_are_taken_and_the_files_an_operating_system_adds_are_skipped(client_for):
    from backend_images import small_png

    client = client_for()
    archive = _zip(
        {
            "scans/hand.png": small_png(),
            "__MACOSX/scans/._hand.png": b"\0\5\26\7" * 20,
            "scans/.DS_Store": b"\0\0\0\1Bud1" * 20,
        }
    )
    response = _send(client, archive, patient_code="RA-12")
    assert response.status_code == 200, response.text
    members = _by_name(response)
    picture = members["scans/hand.png"]
    assert picture["outcome"] == "created" and picture["patient_code"] == "RA-12"
    assert picture["dicom_study"] is None and picture["visit_date"] is None
    for hidden in ("__MACOSX/scans/._hand.png", "scans/.DS_Store"):
        assert members[hidden]["message"]["code"] == "archive.skipped_system_file"


def test_a_file_that_is_not_a_zip_is_refused(client_for, db):
    client = client_for()
    before = row_counts(db)
    response = _send(client, _film("ID-H", "1.2.8", "1.2.8.1", "20230101"))
    assert response.status_code == 422
    assert response.json()["code"] == "archive.not_zip"
    assert "Send a .zip of DICOM files" in response.json()["detail"]
    assert row_counts(db) == before
