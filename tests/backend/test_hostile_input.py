"""Hostile input: every bad file or request gets a clear 4xx, leaves no row and no stored file,
and the service still answers; user text in exports is printed, never obeyed."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import tempfile

import numpy as np
import pytest
from backend_images import small_png
from hostile_corpus import (
    ACCEPTED,
    bad_uploads,
    compressed_dicom,
    deflated_dicom,
    dicom,
    gradient,
    image_bytes,
    jpeg_2000,
    rle_dicom,
    rle_encoded_dicom,
)
from leftovers import row_counts, stored_files
from pydicom.uid import JPEG2000Lossless, JPEGBaseline8Bit

from rasharp_service.auth.service import SESSION_COOKIE
from rasharp_service.config import get_settings
from rasharp_service.studies.models import Study

CORPUS = bad_uploads()


def _still_answering(client) -> None:
    health = client.get("/api/health").json()  # 503 only because no worker runs in these tests
    assert (health["database"], health["broker"]) == ("ok", "ok"), health
    assert client.get("/api/studies").status_code == 200


@pytest.mark.parametrize("case", CORPUS)
def test_a_hostile_file_is_refused_clearly_and_leaves_nothing(client_for, db, case):
    bad = CORPUS[case]
    client = client_for()
    before, files_before = row_counts(db), stored_files()
    form = {"patient_code": bad.patient_code or "HOSTILE-1"}
    response = client.post(
        "/api/studies",
        files={"file": (bad.filename, bad.data, "application/octet-stream")},
        data=form,
    )
    assert response.status_code == bad.status, response.text
    detail = response.json()["detail"]
    assert bad.reason in detail
    if "file was not accepted" in detail:
        assert ACCEPTED in detail and "PNG" in detail and "JPEG" in detail
    assert row_counts(db) == before
    assert stored_files() == files_before
    _still_answering(client)


BIG = "99999999999999999999"
REQUESTS = {
    "list offset beyond bigint": ("GET", f"/api/studies?offset={BIG}", None, 422, "offset"),
    "list offset past int": ("GET", "/api/studies?offset=2147483648", None, 422, "offset"),
    "list offset negative": ("GET", "/api/studies?offset=-1", None, 422, "offset"),
    "list offset not a number": ("GET", "/api/studies?offset=1e3", None, 422, "offset"),
    "list limit zero": ("GET", "/api/studies?limit=0", None, 422, "limit"),
    "list limit huge": ("GET", f"/api/studies?limit={BIG}", None, 422, "limit"),
    "list patient code filter too long": (
        "GET",
        "/api/studies?patient_code=" + "x" * 65,
        None,
        422,
        "patient_code",
    ),
    "study id beyond bigint": ("GET", f"/api/studies/{BIG}", None, 422, "study_id"),
    "study id past int": ("GET", "/api/studies/2147483648", None, 422, "study_id"),
    "study id zero": ("GET", "/api/studies/0", None, 422, "study_id"),
    "study id not a number": ("GET", "/api/studies/abc", None, 422, "study_id"),
    "history of a huge id": ("GET", f"/api/studies/{BIG}/history", None, 422, "study_id"),
    "image of a huge id": ("GET", f"/api/studies/{BIG}/image", None, 422, "study_id"),
    "csv of a huge id": ("GET", f"/api/studies/{BIG}/export.csv", None, 422, "study_id"),
    "pdf of a huge id": ("GET", f"/api/studies/{BIG}/export.pdf", None, 422, "study_id"),
    "grade edit of a huge id": (
        "PATCH",
        f"/api/studies/{BIG}/joints/right/MCP2",
        {"json": {"erosion": 1}},
        422,
        "study_id",
    ),
    "reset of a huge id": ("POST", f"/api/studies/{BIG}/reset", None, 422, "study_id"),
    "json body over 1 MB": (
        "POST",
        "/api/auth/login",
        {"content": b"{" + b" " * (2 * 1024 * 1024) + b"}"},
        413,
        "larger than 1 MB",
    ),
    "upload without a file": ("POST", "/api/studies", {"data": {"side": "auto"}}, 422, "file"),
    "upload as json": ("POST", "/api/studies", {"json": {"file": "x"}}, 422, "file"),
    "upload with an unknown side": (
        "POST",
        "/api/studies",
        {"files": {"file": ("h.png", small_png())}, "data": {"side": "both"}},
        422,
        "side must be one of",
    ),
    "upload with a birth year not a number": (
        "POST",
        "/api/studies",
        {
            "files": {"file": ("h.png", small_png())},
            "data": {"patient_code": "P", "birth_year": "x"},
        },
        422,
        "birth_year",
    ),
    "upload with a huge birth year": (
        "POST",
        "/api/studies",
        {
            "files": {"file": ("h.png", small_png())},
            "data": {"patient_code": "P", "birth_year": BIG},
        },
        422,
        "birth year must be between",
    ),
    "upload with an unknown sex": (
        "POST",
        "/api/studies",
        {"files": {"file": ("h.png", small_png())}, "data": {"patient_code": "P", "sex": "Q"}},
        422,
        "sex must be F, M or X",
    ),
}


@pytest.mark.parametrize("case", REQUESTS)
def test_a_hostile_request_is_refused_clearly_and_leaves_nothing(client_for, db, case):
    method, path, body, status, reason = REQUESTS[case]
    client = client_for()
    before, files_before = row_counts(db), stored_files()
    response = client.request(method, path, **(body or {}))
    assert response.status_code == status, response.text
    assert reason in response.json()["detail"]
    assert row_counts(db) == before
    assert stored_files() == files_before
    _still_answering(client)


def test_an_upload_before_the_disclaimer_is_refused(client_for, db):
    client = client_for(accept=False)
    before = row_counts(db)
    response = client.post("/api/studies", files={"file": ("h.png", small_png(), "image/png")})
    assert response.status_code == 403 and "disclaimer" in response.json()["detail"]
    assert row_counts(db) == before


def _palette_dicom() -> bytes:
    ramp = (np.arange(256, dtype=np.uint16) * 257).astype("<u2").tobytes()
    descriptor = [256, 0, 16]
    return dicom(
        gradient(256, 256),
        rows=256,
        columns=256,
        photometric="PALETTE COLOR",
        RedPaletteColorLookupTableDescriptor=descriptor,
        GreenPaletteColorLookupTableDescriptor=descriptor,
        BluePaletteColorLookupTableDescriptor=descriptor,
        RedPaletteColorLookupTableData=ramp,
        GreenPaletteColorLookupTableData=ramp,
        BluePaletteColorLookupTableData=ramp,
    )


UNUSUAL_BUT_VALID = {
    "signed 16-bit": dicom(
        np.arange(-32768, -32768 + 256 * 256, dtype="<i2").tobytes(),
        rows=256,
        columns=256,
        bits=16,
        PixelRepresentation=1,
    ),
    "1-bit": dicom(
        np.packbits(np.tile([0, 1], 256 * 128).astype(np.uint8)).tobytes(),
        rows=256,
        columns=256,
        bits=1,
    ),
    "palette colour with its lookup table": _palette_dicom(),
    "deflated": deflated_dicom(gradient(256, 256), rows=256, columns=256),
    "rle single frame": rle_dicom(256, 256, 1),
    "declared one frame": dicom(gradient(256, 256), rows=256, columns=256, NumberOfFrames=1),
    # multi-frame within the decoded-size bound: the first frame is the radiograph
    "two frames": dicom(gradient(256, 256) * 2, rows=256, columns=256, NumberOfFrames=2),
    "rle two frames": rle_dicom(256, 256, 2),
    # compressed frames whose codestreams are read before decoding
    "rle of literal runs": rle_encoded_dicom(256, 256),
    "jpeg baseline": compressed_dicom(
        JPEGBaseline8Bit, image_bytes("JPEG", (256, 256)), rows=256, columns=256
    ),
    "jpeg 2000": compressed_dicom(JPEG2000Lossless, jpeg_2000((256, 256)), rows=256, columns=256),
}


@pytest.mark.parametrize("case", UNUSUAL_BUT_VALID)
def test_unusual_but_valid_dicom_is_accepted(client_for, db, case):
    client = client_for()
    response = client.post(
        "/api/studies", files={"file": ("hand.dcm", UNUSUAL_BUT_VALID[case], "application/dicom")}
    )
    assert response.status_code == 202, response.text
    db.expire_all()
    radiograph = db.get(Study, response.json()["study_id"]).radiograph
    assert (radiograph.width, radiograph.height) == (256, 256)


def test_a_file_name_with_folders_keeps_only_its_name(client_for, db):
    client = client_for()
    for sent in ("../../../etc/hand.png", "..\\..\\windows\\hand.png"):
        response = client.post("/api/studies", files={"file": (sent, small_png(), "image/png")})
        assert response.status_code == 202, response.text
        db.expire_all()
        study = db.get(Study, response.json()["study_id"])
        assert study.original_name == "hand.png"
        root = get_settings().storage_dir.resolve()
        assert (root / study.radiograph.storage_key).resolve().is_relative_to(root)


# ---- uploads are refused before their body is read -----------------------------------------------


def _asgi_upload(app, cookie: str | None, total_mb: int) -> tuple[int, dict, int]:
    """POST a chunked multipart upload of ``total_mb`` MB straight to the ASGI app, as a server
    passes a body without Content-Length; returns (status, body, bytes the app read)."""
    import json

    chunk = b"\0" * (1024 * 1024)
    head = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="h.png"\r\n'
        b"Content-Type: image/png\r\n\r\n"
    )
    parts = [head] + [chunk] * total_mb + [b"\r\n--b--\r\n"]
    read, sent = 0, []
    headers = [(b"content-type", b"multipart/form-data; boundary=b"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"{SESSION_COOKIE}={cookie}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/studies",
        "raw_path": b"/api/studies",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }

    async def receive():
        nonlocal read
        if not parts:
            await asyncio.sleep(3600)  # the client waits for the answer
        part = parts.pop(0)
        read += len(part)
        return {"type": "http.request", "body": part, "more_body": bool(parts)}

    async def send(message):
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), 60))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body), read


@pytest.fixture
def small_upload_limit(monkeypatch):
    """An app whose upload limit is 2 MB (the limit is read when the app is made)."""
    from rasharp_service.main import create_app

    monkeypatch.setenv("RASHARP_MAX_UPLOAD_MB", "2")
    get_settings.cache_clear()
    try:
        yield create_app(ui_dir=None)
    finally:
        monkeypatch.delenv("RASHARP_MAX_UPLOAD_MB")
        get_settings.cache_clear()


def test_a_chunked_upload_over_the_limit_is_cut_off_at_the_limit(small_upload_limit, client_for):
    signed_in = client_for()
    status, body, read = _asgi_upload(
        small_upload_limit, signed_in.cookies[SESSION_COOKIE], total_mb=40
    )
    assert status == 413
    assert body["detail"] == "The file is larger than the upload limit of 2 MB."
    assert read <= (2 + 1 + 1) * 1024 * 1024  # the limit, the form allowance, one chunk


@pytest.mark.parametrize("cookie", [None, "not-a-session"])
def test_an_upload_without_a_session_is_refused_before_its_body_is_read(app, cookie):
    status, body, read = _asgi_upload(app, cookie, total_mb=40)
    assert status == 401
    assert "Not signed in" in body["detail"]
    assert read == 0


# ---- exports: user text is printed, never obeyed --------------------------------------------------


@pytest.fixture
def outside_image():
    """A PNG outside the storage, at a path short enough for a patient code."""
    handle, path = tempfile.mkstemp(suffix=".png", dir="/tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(small_png(64, 64))
    yield path
    os.unlink(path)


def _pdf(client, study_id: int):
    from pypdf import PdfReader

    response = client.get(f"/api/studies/{study_id}/export.pdf")
    assert response.status_code == 200, response.text
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return text, images


MARKUP_CODES = [
    "A<B",
    "<b>unclosed",
    '<font size="40">big</font>',
    '<a href="http://evil.example">x</a>',
    "R&D <3 &amp;",
]


@pytest.mark.usefixtures("worker")
def test_markup_in_a_patient_code_is_printed_in_the_pdf_not_obeyed(
    client_for, seeded_study, outside_image
):
    client = client_for()
    for code in [f'<img src="{outside_image}"/>', *MARKUP_CODES]:
        text, images = _pdf(client, seeded_study(client, patient_code=code))
        assert code in text
        assert images == 1  # the radiograph's thumbnail, no file named in the code


@pytest.mark.usefixtures("worker")
def test_a_failed_report_says_so_without_internal_paths(client_for, seeded_study, db):
    client = client_for()
    study_id = seeded_study(client)
    db.expire_all()
    storage_dir = get_settings().storage_dir
    (storage_dir / db.get(Study, study_id).radiograph.storage_key).unlink()
    response = client.get(f"/api/studies/{study_id}/export.pdf")
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert f"The report of study {study_id} could not be made" in detail
    assert str(storage_dir) not in detail and "/" not in detail
    _still_answering(client)


FORMULAS = [
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\tTAB",
    "\r=1",
]


@pytest.mark.parametrize("code", FORMULAS)
def test_a_formula_in_a_patient_code_is_quoted_in_the_csv(client_for, seeded_study, code):
    client = client_for()
    study_id = seeded_study(client, patient_code=code)
    response = client.get(f"/api/studies/{study_id}/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["patient_code"] for row in rows} == {"'" + code}
    assert {row["side"] for row in rows} == {"right", "left"}


@pytest.mark.parametrize("code", ["-12", "+3.5", "RA-0042", "1e5"])
def test_plain_numbers_and_codes_are_kept_in_the_csv(client_for, seeded_study, code):
    client = client_for()
    study_id = seeded_study(client, patient_code=code)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/studies/{study_id}/export.csv").text)))
    assert {row["patient_code"] for row in rows} == {code}
