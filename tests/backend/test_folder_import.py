"""Folder imports by the real worker: a server folder's films become studies on the worklist,
a second run imports nothing twice, folders outside the import root are refused, and a worker
killed mid-import leaves the job to finish after its restart without a film imported twice."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from backend_images import dicom_bytes, png_bytes, small_png, two_hands
from conftest import models_present, wait_for_status
from PIL import Image
from sqlalchemy import func, select

from rasharp_service.config import get_settings


@pytest.fixture(scope="module")
def import_root(tmp_path_factory, worker):
    """Folder imports on, below a fresh folder; the worker restarted to read the setting."""
    root = tmp_path_factory.mktemp("import-root")
    os.environ["RASHARP_IMPORT_ROOT"] = str(root)
    get_settings.cache_clear()
    worker.stop()
    worker.start()
    yield root
    del os.environ["RASHARP_IMPORT_ROOT"]
    get_settings.cache_clear()


def _variant(number: int, size: tuple[int, int] = (256, 320)) -> Image.Image:
    """A small greyscale film whose bytes differ from every other number's."""
    pixels = np.tile(np.linspace(0, 200, size[0], dtype=np.uint8), (size[1], 1))
    pixels[:4, :4] = number % 256
    pixels[4:8, :4] = number // 256
    return Image.fromarray(pixels, mode="L")


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _structured_report() -> bytes:
    """A Basic Text SR: a DICOM object without pixels, named like a film."""
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, generate_uid()
    ds.Modality, ds.PatientID = "SR", "ID-A"
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _wait_finished(client, import_id: int, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/api/folder-imports/{import_id}").json()
        if body["status"] in ("done", "failed"):
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"folder import {import_id} still {body['status']}: {body}")
        time.sleep(0.2)


def test_a_folders_films_land_on_the_worklist_and_a_second_run_skips_them(
    client_for, import_root, db
):
    from rasharp_service.audit.models import AuditEvent

    site = import_root / "trial" / "site1"
    outside = import_root.parent / "outside-film.png"
    outside.write_bytes(png_bytes(_variant(999)))
    _write(
        site,
        {
            "patient1/visit1/hands.png": png_bytes(two_hands(scale=0.3)),
            "patient1/visit2/hands.jpg": _jpeg(_variant(1)),
            "patient2/films/hands.dcm": dicom_bytes(_variant(2)),
            "patient2/films/IM000001": dicom_bytes(_variant(3)),  # DICOM named without a suffix
            "patient2/films/report.dcm": _structured_report(),
            "patient2/notes.txt": b"visit notes, not a film",
            "patient3/broken.png": small_png()[:200],
        },
    )
    (site / "patient3" / "elsewhere.png").symlink_to(outside)
    admin = client_for(admin=True)

    started = admin.post("/api/folder-imports", json={"folder": "trial/site1"})
    assert started.status_code == 202, started.text
    assert started.json()["folder"] == "trial/site1"
    first = _wait_finished(admin, started.json()["id"])

    assert first["status"] == "done", first
    assert (first["files_found"], first["files_done"]) == (8, 8)
    assert (first["created"], first["skipped"], first["failed"]) == (4, 3, 1)
    assert [(f["path"], f["message"]["code"]) for f in first["failures"]] == [
        ("patient3/broken.png", "upload.file_damaged")
    ]
    assert sorted((f["path"], f["message"]["code"]) for f in first["skipped_files"]) == [
        ("patient2/films/report.dcm", "archive.skipped_no_image"),
        ("patient2/notes.txt", "archive.skipped_not_image"),
        ("patient3/elsewhere.png", "folder_import.skipped_outside_root"),
    ]

    from rasharp_service.folder_imports.models import FolderImportFile

    created = db.scalars(
        select(FolderImportFile).where(
            FolderImportFile.import_id == first["id"], FolderImportFile.outcome == "created"
        )
    ).all()
    study_ids = sorted(f.study_id for f in created)
    assert len(set(study_ids)) == 4
    worklist = admin.get("/api/studies", params={"limit": 100}).json()["items"]
    assert set(study_ids) <= {item["id"] for item in worklist}
    analysed = {f.path: wait_for_status(admin, f.study_id)["status"] for f in created}
    # every film was analysed; the two-hand film is scored, the test patterns have no hands
    assert set(analysed.values()) <= {"done", "failed"}
    assert analysed["patient1/visit1/hands.png"] == "done" or not models_present()
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "imported",
                AuditEvent.details["folder"].astext == "trial/site1",
            )
        )
        == 1
    )

    again = admin.post("/api/folder-imports", json={"folder": str(site)})  # absolute, inside
    assert again.status_code == 202, again.text
    second = _wait_finished(admin, again.json()["id"])
    assert (second["created"], second["skipped"], second["failed"]) == (0, 7, 1)
    already = [
        f for f in second["skipped_files"] if f["message"]["code"].endswith("already_imported")
    ]
    assert sorted(f["message"]["params"]["study_id"] for f in already) == study_ids
    listed = admin.get("/api/folder-imports").json()
    assert [job["id"] for job in listed[:2]] == [second["id"], first["id"]]
    assert listed[1]["films_per_second"] is not None and listed[1]["films_per_second"] > 0


def test_folders_outside_the_import_root_are_refused_saying_what_is_accepted(
    client_for, import_root, tmp_path
):
    (import_root / "ok").mkdir(exist_ok=True)
    (import_root / "film.png").write_bytes(small_png())
    (import_root / "link-out").symlink_to(tmp_path, target_is_directory=True)
    admin = client_for(admin=True)

    def refusal(folder: str) -> tuple[int, str]:
        answer = admin.post("/api/folder-imports", json={"folder": folder})
        return answer.status_code, answer.json()["code"]

    assert refusal("../") == (422, "folder_import.outside_root")
    assert refusal("ok/../../etc") == (422, "folder_import.outside_root")
    assert refusal(str(tmp_path)) == (422, "folder_import.outside_root")
    assert refusal("link-out") == (422, "folder_import.outside_root")
    assert refusal("not-there") == (404, "folder_import.not_found")
    assert refusal("film.png") == (422, "folder_import.not_folder")
    answer = admin.post("/api/folder-imports", json={"folder": "../"})
    assert str(import_root.resolve()) in answer.json()["detail"]
    assert "without '..'" in answer.json()["detail"]

    alias = tmp_path / "alias-of-root"  # the root named by an absolute path through a link
    alias.symlink_to(import_root, target_is_directory=True)
    accepted = admin.post("/api/folder-imports", json={"folder": str(alias / "ok")})
    assert accepted.status_code == 202 and accepted.json()["folder"] == "ok"

    reader = client_for()
    assert reader.post("/api/folder-imports", json={"folder": "ok"}).status_code == 403
    assert reader.get("/api/folder-imports").status_code == 403


def test_with_no_import_root_the_feature_is_off_and_says_how_to_turn_it_on(
    client_for, import_root, monkeypatch
):
    monkeypatch.delenv("RASHARP_IMPORT_ROOT")
    get_settings.cache_clear()
    try:
        admin = client_for(admin=True)
        answer = admin.post("/api/folder-imports", json={"folder": "ok"})
        assert answer.status_code == 409
        assert answer.json()["code"] == "folder_import.off"
        assert "RASHARP_IMPORT_ROOT" in answer.json()["detail"]
    finally:
        monkeypatch.setenv("RASHARP_IMPORT_ROOT", str(import_root))
        get_settings.cache_clear()


def test_the_admin_command_imports_a_folder_and_waits_for_it(client_for, import_root, db):
    from rasharp_service.auth.models import User

    _write(import_root / "cli", {"a.png": png_bytes(_variant(500)), "b.jpg": _jpeg(_variant(501))})
    admin = client_for(admin=True)
    command = Path(sys.executable).parent / "rasharp-admin"
    done = subprocess.run(
        [str(command), "import-folder", "cli", "--user", admin.username, "--wait"],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert done.returncode == 0, done.stderr
    assert "done: 2 of 2 files: 2 created, 0 skipped, 0 failed" in done.stdout
    team = db.scalar(select(User).where(User.username == admin.username)).team.name
    assert f"queued for team {team}" in done.stdout


def test_an_import_whose_job_never_reached_the_queue_is_sent_by_the_worker(
    client_for, import_root, db
):
    from datetime import timedelta

    from rasharp_service.auth.models import User
    from rasharp_service.db import utcnow
    from rasharp_service.folder_imports.service import record_import

    _write(import_root / "unsent", {"a.png": png_bytes(_variant(700))})
    admin = client_for(admin=True)
    user = db.scalar(select(User).where(User.username == admin.username))
    job = record_import(db, user, "unsent")  # recorded, as by the command with Redis down
    job.queued_at = utcnow() - timedelta(minutes=2)
    db.commit()
    finished = _wait_finished(admin, job.id, timeout=60)
    assert (finished["status"], finished["created"]) == ("done", 1)


def test_a_worker_killed_mid_import_finishes_it_after_restart_without_duplicates(
    client_for, import_root, worker, db
):
    from rasharp_service.folder_imports.models import FolderImport, FolderImportFile

    films = 60
    _write(
        import_root / "large",
        {f"p{n:03d}/film.png": png_bytes(_variant(1000 + n)) for n in range(films)},
    )
    admin = client_for(admin=True)
    import_id = admin.post("/api/folder-imports", json={"folder": "large"}).json()["id"]

    deadline = time.monotonic() + 60
    while True:
        db.expire_all()
        job = db.get(FolderImport, import_id)
        if job.status == "running" and job.files_done >= 3:
            worker.kill()
            break
        assert job.status != "done", "the import finished before the worker could be killed"
        assert time.monotonic() < deadline, "the import never got going"
        time.sleep(0.02)
    db.expire_all()
    killed = db.get(FolderImport, import_id)
    assert killed.status == "running" and 3 <= killed.files_done < films

    worker.start()
    finished = _wait_finished(admin, import_id, timeout=120)
    assert finished["status"] == "done", finished
    assert (finished["created"], finished["skipped"], finished["failed"]) == (films, 0, 0)
    recorded = db.scalars(
        select(FolderImportFile).where(FolderImportFile.import_id == import_id)
    ).all()
    assert len(recorded) == films
    assert len({f.sha256 for f in recorded}) == films
    assert len({f.study_id for f in recorded}) == films
    names = admin.get("/api/studies", params={"limit": 200}).json()["items"]
    assert sum(1 for item in names if item["id"] in {f.study_id for f in recorded}) == films
