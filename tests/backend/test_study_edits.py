"""A study's details and a hand's side corrected afterwards, with history; deletion by an
administrator only, leaving no results or files but a record of who deleted what and when."""

from __future__ import annotations

import hashlib
import uuid

from backend_images import small_png
from sqlalchemy import select

from rasharp_service.config import get_settings
from rasharp_service.studies.models import Analysis, GradeEdit, Study


def _history(client, study_id: int) -> list[tuple]:
    return [
        (h["field"], h["old_value"], h["new_value"], h["user"])
        for h in client.get(f"/api/studies/{study_id}/history").json()
    ]


def test_details_are_corrected_and_the_history_keeps_old_and_new(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client, patient_code="RA-1")
    url = f"/api/studies/{study_id}"
    changed = client.patch(
        url,
        json={"patient_code": "RA-2", "visit_date": "2024-05-06", "birth_year": 1960, "sex": "F"},
    )
    assert changed.status_code == 200, changed.text
    detail = client.get(url).json()
    assert (
        detail["patient_code"],
        detail["visit_date"],
        detail["patient_birth_year"],
        detail["patient_sex"],
    ) == ("RA-2", "2024-05-06", 1960, "F")
    assert [s["patient_code"] for s in client.get("/api/studies").json()["items"]] == ["RA-2"]

    client.patch(url, json={"visit_date": None})
    assert client.patch(url, json={"visit_date": None}).status_code == 200  # no change: no entry
    assert _history(client, study_id) == [
        ("details", {"visit_date": "2024-05-06"}, {"visit_date": None}, client.username),
        (
            "details",
            {"patient_code": "RA-1", "birth_year": None, "sex": None, "visit_date": None},
            {"patient_code": "RA-2", "birth_year": 1960, "sex": "F", "visit_date": "2024-05-06"},
            client.username,
        ),
    ]


def test_wrong_details_are_refused_saying_what_is_accepted_and_change_nothing(
    client_for, seeded_study
):
    client = client_for()
    study_id = seeded_study(client, patient_code="RA-1")
    url = f"/api/studies/{study_id}"
    cases = [
        ({"patient_code": "RA\n1"}, "The patient code contains control characters"),
        ({"patient_code": None, "sex": "M"}, "A birth year or sex needs a patient code"),
        ({"birth_year": 1850}, "The birth year must be between 1900 and"),
        ({"visit_date": "2999-01-01"}, "The visit date must be between 1900-01-01 and today"),
    ]
    for body, message in cases:
        response = client.patch(url, json=body)
        assert response.status_code == 422, body
        assert response.json()["detail"].startswith(message), response.json()
    assert client.patch(url, json={"sex": "Q"}).status_code == 422
    assert client.patch(url, json={"name": "Jane"}).status_code == 422
    assert client.get(url).json()["patient_code"] == "RA-1"
    assert _history(client, study_id) == []


def test_a_hands_side_is_corrected_and_two_hands_swap_with_their_grades(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    client.patch(f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": 5})
    swapped = client.put(f"/api/studies/{study_id}/hands/right", json={"side": "left"})
    assert swapped.status_code == 200, swapped.text
    joints = {(j["side"], j["joint"]): j for j in swapped.json()["joints"]}
    assert joints[("left", "MCP2")]["erosion"]["value"] == 5  # the edited hand is now the left
    assert joints[("right", "MCP2")]["erosion"]["value"] == 2
    assert len(joints) == 30 and swapped.json()["sides"] == ["right", "left"]
    assert _history(client, study_id)[0] == (
        "side",
        {"side": "right"},
        {"side": "left", "swapped": True},
        client.username,
    )
    # the reset still returns each joint to its own model output, on its new side
    client.post(f"/api/studies/{study_id}/reset")
    left_mcp2 = client.get(f"/api/studies/{study_id}").json()["joints"]
    assert (
        next(j for j in left_mcp2 if (j["side"], j["joint"]) == ("left", "MCP2"))["erosion"][
            "value"
        ]
        == 2
    )
    bad = client.put(f"/api/studies/{study_id}/hands/right", json={"side": "middle"})
    assert bad.status_code == 422


def test_only_an_administrator_deletes_a_study_and_the_deletion_is_kept(client_for, db):
    reader = client_for()
    admin = client_for(team=reader.team, admin=True)
    data = small_png(40, 50) + uuid.uuid4().bytes  # a film no other test stored
    ids = [
        reader.post(
            "/api/studies",
            files={"file": (name, data, "image/png")},
            data={"patient_code": "RA-9"},
        ).json()["study_id"]
        for name in ("first.png", "same-film.png")
    ]
    storage = get_settings().storage_dir
    (film,) = storage.rglob(f"{hashlib.sha256(data).hexdigest()}.*")

    refused = reader.delete(f"/api/studies/{ids[0]}")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only an administrator may delete a study."
    assert reader.get(f"/api/studies/{ids[0]}").status_code == 200

    assert admin.delete(f"/api/studies/{ids[0]}").status_code == 204
    assert reader.get(f"/api/studies/{ids[0]}").status_code == 404
    assert [s["id"] for s in reader.get("/api/studies").json()["items"]] == [ids[1]]
    assert film.exists()  # the other study holds the same film
    assert admin.delete(f"/api/studies/{ids[1]}").status_code == 204
    assert not film.exists()
    assert reader.get("/api/studies").json()["total"] == 0

    db.expire_all()
    gone = db.scalars(select(Study).where(Study.id.in_(ids))).all()
    assert all(s.deleted_at is not None and s.radiograph_id is None for s in gone)
    assert db.scalar(select(Analysis.id).where(Analysis.study_id.in_(ids))) is None
    record = db.scalars(
        select(GradeEdit).where(GradeEdit.study_id == ids[0], GradeEdit.field == "deleted")
    ).one()
    assert record.old_value["patient_code"] == "RA-9"
    assert record.old_value["original_name"] == "first.png"
    assert admin.delete(f"/api/studies/{ids[0]}").status_code == 404


def test_a_deleted_finished_study_leaves_no_heatmap_or_image_files(client_for, seeded_study):
    admin = client_for(admin=True)
    study_id = seeded_study(admin)
    assert admin.get(f"/api/studies/{study_id}/image").status_code == 200  # the display copy
    assert admin.get(f"/api/studies/{study_id}/heatmaps/erosion").status_code == 200  # overlay
    storage = get_settings().storage_dir
    before = {p for p in storage.rglob("*") if p.is_file()}
    assert admin.delete(f"/api/studies/{study_id}").status_code == 204
    left = {p for p in storage.rglob("*") if p.is_file()}
    removed = sorted(p.parts[len(storage.parts)] for p in before - left)
    assert removed == ["display", "heatmaps", "overlays", "radiographs"]


def test_an_analysis_finishing_after_its_study_was_deleted_leaves_no_heatmap_files():
    from rasharp_service.storage import get_storage
    from rasharp_service.worker.tasks import _heatmap_key, _save_analysis

    missing_analysis = 2_000_000_000
    storage = get_storage()
    key = _heatmap_key(missing_analysis, "erosion")
    storage.write(key, b"a heatmap written before the deletion")
    _save_analysis(missing_analysis, 1, None, {}, {"erosion": b"..."}, {})
    assert not storage.exists(key)
