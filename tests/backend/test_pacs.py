"""The hospital's PACS against a real Orthanc server: connection set-up, search (QIDO-RS),
retrieval into analysis (WADO-RS) by the worker, and the results sent back (STOW-RS)."""

from __future__ import annotations

import io
import secrets
import time

import pydicom
import pytest
from backend_images import dicom_bytes, two_hands
from conftest import models_present, wait_for_status
from orthanc_server import OrthancServer, missing_reason
from PIL import Image
from sqlalchemy import select

pytestmark = pytest.mark.skipif(missing_reason() is not None, reason=missing_reason() or "")

PATIENT_ID = "MRN-4471-20"
PATIENT_NAME = "Kowalska^Anna^Maria"
STUDY_DATE = "20250314"


@pytest.fixture(scope="module")
def orthanc(tmp_path_factory):
    server = OrthancServer(tmp_path_factory.mktemp("orthanc"), secrets.token_urlsafe(12))
    server.start()
    yield server
    server.stop()


def pacs_film(image: Image.Image, study_uid: str, series_uid: str) -> bytes:
    """A DX hand film as a hospital's PACS holds it, with the patient's identity on it."""
    ds = pydicom.dcmread(io.BytesIO(dicom_bytes(image, patient_name=PATIENT_NAME)))
    ds.PatientID, ds.PatientBirthDate = PATIENT_ID, "19610402"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.StudyDate, ds.SeriesDate, ds.StudyTime = STUDY_DATE, STUDY_DATE, "101500"
    ds.AccessionNumber, ds.StudyID = "ACC-99812", "4471"
    ds.ReferringPhysicianName, ds.StudyDescription = "Nowak^Jan", "Hands PA"
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _endpoint(orthanc, password=None, name=None) -> dict:
    return {
        "name": name or f"Orthanc {secrets.token_hex(3)}",
        "base_url": orthanc.dicomweb_url,
        "auth": "basic",
        "username": orthanc.auth[0],
        "secret": password or orthanc.password,
    }


def test_an_administrator_sets_up_a_pacs_whose_secret_is_never_shown(client_for, orthanc, db):
    from rasharp_service.pacs.models import PacsEndpoint

    admin = client_for(admin=True)
    created = admin.post("/api/pacs/endpoints", json=_endpoint(orthanc))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["has_secret"] is True and orthanc.password not in created.text
    listed = admin.get("/api/pacs/endpoints")
    assert orthanc.password not in listed.text
    stored = db.scalar(select(PacsEndpoint.secret_encrypted).where(PacsEndpoint.id == body["id"]))
    assert stored and orthanc.password not in stored  # a database dump does not give it away

    tested = admin.post(f"/api/pacs/endpoints/{body['id']}/test").json()
    assert tested == {"ok": True, "problem": None}

    # Changing the address keeps the stored secret when none is sent
    kept = admin.put(
        f"/api/pacs/endpoints/{body['id']}", json={**_endpoint(orthanc), "secret": None}
    )
    assert kept.status_code == 200 and kept.json()["has_secret"] is True
    assert admin.post(f"/api/pacs/endpoints/{body['id']}/test").json()["ok"] is True


def test_a_connection_test_says_what_is_wrong(client_for, orthanc):
    admin = client_for(admin=True)
    wrong = admin.post("/api/pacs/endpoints", json=_endpoint(orthanc, password="not-it")).json()
    problem = admin.post(f"/api/pacs/endpoints/{wrong['id']}/test").json()["problem"]
    assert problem["code"] == "pacs.credentials_refused" and problem["params"]["status"] == 401

    nowhere = admin.post(
        "/api/pacs/endpoints",
        json={"name": f"gone {secrets.token_hex(3)}", "base_url": "http://127.0.0.1:9/dicom-web"},
    ).json()
    problem = admin.post(f"/api/pacs/endpoints/{nowhere['id']}/test").json()["problem"]
    assert problem["code"] == "pacs.unreachable"

    refused = admin.post(
        "/api/pacs/endpoints", json={**_endpoint(orthanc), "base_url": "ftp://pacs"}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "pacs.url_invalid"
    no_secret = admin.post("/api/pacs/endpoints", json={**_endpoint(orthanc), "secret": ""})
    assert no_secret.json()["code"] == "pacs.secret_missing"
    same_name = admin.post(
        "/api/pacs/endpoints", json={**_endpoint(orthanc), "name": wrong["name"]}
    )
    assert same_name.status_code == 409 and same_name.json()["code"] == "pacs.name_taken"
    # a password is no token: another kind of authentication needs its own secret
    to_bearer = admin.put(
        f"/api/pacs/endpoints/{wrong['id']}",
        json={**_endpoint(orthanc), "name": wrong["name"], "auth": "bearer", "secret": None},
    )
    assert to_bearer.status_code == 422 and to_bearer.json()["code"] == "pacs.secret_missing"


def test_only_administrators_set_up_a_pacs_or_send_to_it(client_for, orthanc):
    admin, reader = client_for(admin=True), client_for()
    endpoint = admin.post("/api/pacs/endpoints", json=_endpoint(orthanc)).json()
    refused = reader.post("/api/pacs/endpoints", json=_endpoint(orthanc))
    assert refused.status_code == 403 and refused.json()["code"] == "pacs.admin_only"
    assert reader.post(f"/api/pacs/endpoints/{endpoint['id']}/test").status_code == 403
    send = reader.post(f"/api/pacs/endpoints/{endpoint['id']}/sends", json={"study_id": 1})
    assert send.status_code == 403 and send.json()["code"] == "pacs.send_admin_only"
    # readers see the connections to search them, without their secrets
    assert [e["id"] for e in reader.get("/api/pacs/endpoints").json()].count(endpoint["id"]) == 1


def _wait_for_import(client, import_id: int, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/pacs/imports/{import_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, f"retrieval still {job['status']}: {job}"
        time.sleep(0.2)


@pytest.mark.skipif(not models_present(), reason="models/weights/localizer.onnx is not there yet")
@pytest.mark.usefixtures("worker")
def test_search_retrieve_analyse_and_send_results_back(client_for, orthanc, db):
    import highdicom as hd
    from dicomweb_client.api import DICOMwebClient
    from pydicom.uid import generate_uid

    from rasharp.deidentify import patient_code_for
    from rasharp_service.config import get_settings

    study_uid, series_uid = generate_uid(), generate_uid()
    orthanc.store(pacs_film(two_hands(), study_uid, series_uid))
    # a second film of the visit that cannot be analysed: reported, the other one goes on
    orthanc.store(pacs_film(Image.new("L", (12, 12)), study_uid, series_uid))

    admin = client_for(admin=True)
    endpoint = admin.post("/api/pacs/endpoints", json=_endpoint(orthanc)).json()
    base = f"/api/pacs/endpoints/{endpoint['id']}"

    found = admin.post(f"{base}/search", json={"patient_id": PATIENT_ID}).json()
    assert [s["study_uid"] for s in found] == [study_uid]
    assert found[0]["patient_name"] == PATIENT_NAME and found[0]["study_date"] == "2025-03-14"
    assert found[0]["modalities"] == ["DX"] and found[0]["instances"] == 2
    by_name = {
        "patient_name": "kowalska anna",
        "date_from": "2025-03-01",
        "date_to": "2025-03-31",
        "modality": "DX",
        "body_part": "HAND",
    }
    assert [s["study_uid"] for s in admin.post(f"{base}/search", json=by_name).json()] == [
        study_uid
    ]
    for miss in ({**by_name, "modality": "CR"}, {**by_name, "body_part": "FOOT"}):
        assert admin.post(f"{base}/search", json=miss).json() == []

    started = admin.post(f"{base}/imports", json={"study_uids": [study_uid]})
    assert started.status_code == 202, started.text
    job = _wait_for_import(admin, started.json()["id"])
    assert job["status"] == "done" and job["instances_total"] == 2
    assert job["instances_done"] == 2 and len(job["imported_study_ids"]) == 1
    assert [f["code"] for f in job["failures"]] == ["upload.file_too_small"]

    study_id = job["imported_study_ids"][0]
    detail = wait_for_status(admin, study_id)
    assert detail["status"] == "done", detail["error"]
    key = get_settings().deidentification_key_bytes
    assert detail["patient_code"] == patient_code_for(PATIENT_ID, key)
    assert detail["visit_date"] == "2025-03-14"
    assert PATIENT_NAME.split("^")[0] not in str(detail) and PATIENT_ID not in str(detail)

    mcp2 = next(j for j in detail["joints"] if j["side"] == "right" and j["joint"] == "MCP2")
    new_erosion = (mcp2["erosion"]["model"] + 1) % 6
    edited = admin.patch(
        f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": new_erosion}
    )
    assert edited.status_code == 200
    detail = admin.get(f"/api/studies/{study_id}").json()

    sent = admin.post(f"{base}/sends", json={"study_id": study_id, "documents": ["sr", "sc"]})
    assert sent.status_code == 201, sent.text
    assert sent.json()["reidentified"] is True
    audit = admin.get("/api/audit", params={"action": "sent", "study_id": study_id}).json()
    assert [e["details"]["documents"] for e in audit["items"]] == ["SR + SC"]

    pacs = DICOMwebClient(orthanc.dicomweb_url)
    pacs._session.auth = orthanc.auth
    series = {
        pydicom.Dataset.from_json(s).Modality: pydicom.Dataset.from_json(s).SeriesInstanceUID
        for s in pacs.search_for_series(study_uid)
    }
    assert set(series) == {"DX", "SR", "OT"}  # the film, the report, the marked copy

    report = pacs.retrieve_series(study_uid, series["SR"])[0]
    assert report.PatientID == PATIENT_ID  # joined to the patient's study in the PACS
    sr = hd.sr.Comprehensive3DSR.from_dataset(report)
    groups = sr.content.get_image_measurement_groups()
    expected = {
        (j["side"], j["joint"], kind): (j[kind]["value"], j[kind]["edited"])
        for j in detail["joints"]
        if j["present"]
        for kind in ("erosion", "jsn")
        if j[kind] is not None
    }
    read_back = {}
    for group in groups:
        side_word, joint = group.tracking_identifier.split(" ")
        side = side_word.lower()
        for kind in ("erosion", "jsn"):
            grade = group.get_qualitative_evaluations(
                name=hd.sr.CodedConcept(kind, "99RASHARP", "")
            )
            changed = group.get_qualitative_evaluations(
                name=hd.sr.CodedConcept(f"{kind}-changed", "99RASHARP", "")
            )
            if grade:
                read_back[(side, joint, kind)] = (
                    int(grade[0].value.value.rsplit("-", 1)[1]),
                    changed[0].value.meaning == "Yes",
                )
        assert group.source_images[0].referenced_sop_instance_uid in {
            i.SOPInstanceUID for i in pacs.retrieve_series(study_uid, series["DX"])
        }
    assert read_back == expected
    assert read_back[("right", "MCP2", "erosion")] == (new_erosion, True)

    marked = pacs.retrieve_series(study_uid, series["OT"])[0]
    assert "RESEARCH USE ONLY" in marked.ImageComments and marked.BurnedInAnnotation == "YES"
    assert marked.PatientID == PATIENT_ID

    from rasharp_service.pacs.models import PacsSend

    log = db.scalars(select(PacsSend).where(PacsSend.study_id == study_id)).all()
    assert [(s.documents, s.succeeded, s.reidentified) for s in log] == [(["sr", "sc"], True, True)]


@pytest.mark.skipif(not models_present(), reason="models/weights/localizer.onnx is not there yet")
@pytest.mark.usefixtures("worker")
def test_a_film_uploaded_by_hand_is_sent_with_its_deidentified_identifiers(
    client_for, orthanc, seeded_study, db
):
    from dicomweb_client.api import DICOMwebClient

    from rasharp_service.pacs.models import PacsSend

    admin = client_for(admin=True)
    endpoint = admin.post("/api/pacs/endpoints", json=_endpoint(orthanc)).json()
    sends = f"/api/pacs/endpoints/{endpoint['id']}/sends"
    png_study = seeded_study(admin)
    refused = admin.post(sends, json={"study_id": png_study})
    assert refused.status_code == 422 and refused.json()["code"] == "pacs.send_needs_dicom"

    # a bare film: no study or series UIDs, no study ID, date or accession number
    film = dicom_bytes(two_hands())
    original_uid = pydicom.dcmread(io.BytesIO(film)).SOPInstanceUID
    uploaded = admin.post(
        "/api/studies",
        files={"file": ("hands.dcm", film, "application/dicom")},
        data={"patient_code": "RA-0042"},
    )
    study_id = uploaded.json()["study_id"]
    assert wait_for_status(admin, study_id)["status"] == "done"

    nowhere = admin.post(
        "/api/pacs/endpoints",
        json={"name": f"gone {secrets.token_hex(3)}", "base_url": "http://127.0.0.1:9/dicom-web"},
    ).json()
    failed = admin.post(f"/api/pacs/endpoints/{nowhere['id']}/sends", json={"study_id": study_id})
    assert failed.status_code == 503 and failed.json()["code"] == "pacs.unreachable"

    sent = admin.post(sends, json={"study_id": study_id, "documents": ["sr"]})
    assert sent.status_code == 201 and sent.json()["reidentified"] is False

    pacs = DICOMwebClient(orthanc.dicomweb_url)
    pacs._session.auth = orthanc.auth
    assert pacs.search_for_instances(search_filters={"SOPInstanceUID": original_uid}) == []
    received = pacs.search_for_studies(search_filters={"PatientID": "RA-0042"})
    assert len(received) == 1
    series = pacs.search_for_series(pydicom.Dataset.from_json(received[0]).StudyInstanceUID)
    assert [pydicom.Dataset.from_json(s).Modality for s in series] == ["SR"]

    log = db.scalars(select(PacsSend).where(PacsSend.study_id == study_id).order_by(PacsSend.id))
    assert [(s.endpoint_id, s.succeeded, s.reidentified) for s in log] == [
        (nowhere["id"], False, False),
        (endpoint["id"], True, False),
    ]

    # removing a connection keeps the log of what was sent, with the connection's name
    assert admin.delete(f"/api/pacs/endpoints/{nowhere['id']}").status_code == 204
    db.expire_all()
    log = db.scalars(select(PacsSend).where(PacsSend.study_id == study_id).order_by(PacsSend.id))
    assert [(s.endpoint_id, s.endpoint_name) for s in log] == [
        (None, nowhere["name"]),
        (endpoint["id"], endpoint["name"]),
    ]


def test_a_retrieval_whose_worker_died_goes_on_from_the_first_film_not_handled(
    client_for, orthanc, db
):
    from datetime import timedelta

    from pydicom.uid import generate_uid

    from rasharp_service.auth.models import User
    from rasharp_service.db import utcnow
    from rasharp_service.pacs.models import PacsImport, PacsOrigin
    from rasharp_service.pacs.retrieval import run_import
    from rasharp_service.storage import get_storage

    study_uid, series_uid = generate_uid(), generate_uid()
    for scale in (0.3, 0.35):
        orthanc.store(pacs_film(two_hands(scale=scale), study_uid, series_uid))
    admin = client_for(admin=True)
    endpoint = admin.post("/api/pacs/endpoints", json=_endpoint(orthanc)).json()
    user = db.scalar(select(User).where(User.username == admin.username))

    def job(updated_minutes_ago: float) -> PacsImport:
        row = PacsImport(
            endpoint_id=endpoint["id"],
            team_id=user.team_id,
            user_id=user.id,
            status="running",
            study_uids=[study_uid],
            instances_total=2,
            # the first film was handled before the worker died
            results=[{"film": 0, "error": "x", "code": "pacs.unreachable", "params": {}}],
            updated_at=utcnow() - timedelta(minutes=updated_minutes_ago),
        )
        db.add(row)
        db.commit()
        return row

    busy = job(updated_minutes_ago=0.5)  # another worker is still at it: left alone
    assert run_import(db, get_storage(), busy.id) is False  # the worker's job asks again later
    db.refresh(busy)
    assert busy.status == "running" and len(busy.results) == 1

    abandoned = job(updated_minutes_ago=30)
    assert run_import(db, get_storage(), abandoned.id) is True
    db.refresh(abandoned)
    assert abandoned.status == "done" and abandoned.study_uids == []
    assert [r["film"] for r in abandoned.results] == [0, 1]
    assert "study_id" in abandoned.results[1]
    origins = db.scalars(select(PacsOrigin).where(PacsOrigin.endpoint_id == endpoint["id"])).all()
    assert len(origins) == 1  # only the film not yet handled was imported
