"""What a reader does with finished results: read, edit, reset, history, images, exports."""

from __future__ import annotations

import csv
import io
from datetime import UTC

import pytest
from PIL import Image

from rasharp.scheme import JOINT_CODES

SEEDED_TOTALS = {
    "erosion": 36,
    "jsn": 10,
    "total": 46,
    "svdh_erosion": 26,
    "svdh_jsn": 10,
    "svdh_total": 36,
}


def _joint(detail: dict, side: str, code: str) -> dict:
    return next(j for j in detail["joints"] if j["side"] == side and j["joint"] == code)


def test_study_detail_lists_every_joint_of_both_hands_in_table_order(client_for, seeded_study):
    client = client_for()
    detail = client.get(f"/api/studies/{seeded_study(client)}").json()
    assert detail["status"] == "done"
    assert [(j["side"], j["joint"]) for j in detail["joints"]] == [
        (side, code) for side in ("right", "left") for code in JOINT_CODES
    ]
    mcp2 = _joint(detail, "right", "MCP2")
    assert mcp2["erosion"]["value"] == 2 and mcp2["erosion"]["model"] == 2
    assert mcp2["erosion"]["edited"] is False and len(mcp2["erosion"]["probabilities"]) == 6
    assert mcp2["jsn"]["value"] == 1 and len(mcp2["jsn"]["probabilities"]) == 5
    assert mcp2["jsw_mm"] == 1.5 and mcp2["pending"] is False and mcp2["box"]
    cmc1 = _joint(detail, "left", "CMC1")
    assert cmc1["jsn"] is None and cmc1["erosion"]["value"] == 1
    assert _joint(detail, "left", "IP1")["erosion"]["uncertain"] is True
    assert detail["totals"] == SEEDED_TOTALS
    assert detail["models"] == {"localizer": "test-loc", "scorer": "test-sc"}
    assert detail["heatmaps"] == ["erosion"]
    listed = client.get("/api/studies").json()["items"]
    assert listed[0]["totals"] == SEEDED_TOTALS and listed[0]["status"] == "done"


def test_grades_out_of_range_or_not_scored_are_refused(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    cases = [
        ("right/MCP2", {"erosion": 6}, "erosion grade of MCP2 must be an integer 0-5."),
        ("right/MCP2", {"jsn": 5}, "jsn grade of MCP2 must be an integer 0-4."),
        ("left/PIP3", {"erosion": -1}, "erosion grade of PIP3 must be an integer 0-5."),
        ("left/CMC1", {"jsn": 1}, "CMC1 has no jsn grade in this scheme."),
    ]
    for path, body, message in cases:
        response = client.patch(f"/api/studies/{study_id}/joints/{path}", json=body)
        assert response.status_code == 422, (path, body)
        assert response.json()["detail"] == message
    for body in ({"erosion": 2.5}, {"erosion": "3"}, {"erosion": True}, {"osteophytes": 1}):
        response = client.patch(f"/api/studies/{study_id}/joints/right/MCP2", json=body)
        assert response.status_code == 422, body
        assert isinstance(response.json()["detail"], str)
    unknown = client.patch(f"/api/studies/{study_id}/joints/right/MCP9", json={"erosion": 1})
    assert unknown.status_code == 404 and "known joints: IP1" in unknown.json()["detail"]
    assert client.get(f"/api/studies/{study_id}").json()["totals"] == SEEDED_TOTALS
    assert client.get(f"/api/studies/{study_id}/history").json() == []


def test_edit_is_kept_marked_and_recorded_and_reset_returns_to_the_model(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    edited = client.patch(
        f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": 4, "jsn": 3}
    )
    assert edited.status_code == 200
    assert edited.json()["erosion"] == {
        **edited.json()["erosion"],
        "value": 4,
        "model": 2,
        "edited": True,
    }
    client.patch(f"/api/studies/{study_id}/joints/left/CMC1", json={"erosion": 5})

    detail = client.get(f"/api/studies/{study_id}").json()
    assert _joint(detail, "right", "MCP2")["jsn"]["edited"] is True
    assert detail["totals"]["erosion"] == SEEDED_TOTALS["erosion"] + 2 + 4
    assert detail["totals"]["jsn"] == SEEDED_TOTALS["jsn"] + 2
    assert detail["totals"]["svdh_total"] == SEEDED_TOTALS["svdh_total"] + 8

    history = client.get(f"/api/studies/{study_id}/history").json()
    assert [
        (h["side"], h["joint"], h["field"], h["old_value"], h["new_value"]) for h in history
    ] == [
        ("left", "CMC1", "erosion", 1, 5),
        ("right", "MCP2", "jsn", 1, 3),
        ("right", "MCP2", "erosion", 2, 4),
    ]
    assert {h["user"] for h in history} == {client.username}

    one = client.post(f"/api/studies/{study_id}/reset", json={"side": "left", "joint": "CMC1"})
    assert one.json() == {"changed_joints": 1}
    detail = client.get(f"/api/studies/{study_id}").json()
    assert _joint(detail, "left", "CMC1")["erosion"]["edited"] is False
    assert (
        _joint(detail, "right", "MCP2")["erosion"]["value"] == 4
    )  # untouched by a one-joint reset

    everything = client.post(f"/api/studies/{study_id}/reset")
    assert everything.json() == {"changed_joints": 1}
    detail = client.get(f"/api/studies/{study_id}").json()
    assert detail["totals"] == SEEDED_TOTALS
    assert not any(
        j["erosion"]["edited"] or (j["jsn"] or {}).get("edited") for j in detail["joints"]
    )
    history = client.get(f"/api/studies/{study_id}/history").json()
    assert [h["field"] for h in history[:2]] == ["reset", "reset"]
    assert history[0]["old_value"] == {
        "right MCP2": {"erosion": 4, "jsn": 3, "x": 120.0, "y": 30.0}
    }
    assert history[0]["new_value"]["right MCP2"]["erosion"] == 2
    assert len(history) == 5  # the history only grows


def test_a_polled_detail_is_answered_304_until_anything_shown_changes(client_for, seeded_study, db):
    from sqlalchemy import text

    client = client_for()
    study_id = seeded_study(client)
    url = f"/api/studies/{study_id}"
    first = client.get(url)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""

    client.patch(f"{url}/joints/right/MCP2", json={"erosion": 4})
    edited = client.get(url, headers={"If-None-Match": etag})
    assert edited.status_code == 200 and edited.headers["etag"] != etag
    assert _joint(edited.json(), "right", "MCP2")["erosion"]["value"] == 4

    # Writes that do not pass through the API process, as the worker's, are seen as well.
    etag = edited.headers["etag"]
    db.execute(
        text(
            "UPDATE joints SET jsw_mm = 2.25 WHERE side = 'left' AND code = 'PIP3' AND "
            "analysis_id = (SELECT id FROM analyses WHERE study_id = :s)"
        ),
        {"s": study_id},
    )
    db.execute(
        text(
            "UPDATE patients SET birth_year = 1961 WHERE id = "
            "(SELECT patient_id FROM studies WHERE id = :s)"
        ),
        {"s": study_id},
    )
    db.commit()
    written = client.get(url, headers={"If-None-Match": etag})
    assert written.status_code == 200
    assert _joint(written.json(), "left", "PIP3")["jsw_mm"] == 2.25
    assert written.json()["patient_birth_year"] == 1961

    stranger = client_for()
    assert stranger.get(url, headers={"If-None-Match": written.headers["etag"]}).status_code == 404


def test_a_move_outside_the_image_is_refused(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client, width=256, height=320)
    response = client.put(
        f"/api/studies/{study_id}/joints/right/PIP3/position", json={"x": 400, "y": 10}
    )
    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "The position (400, 10) is outside the image (0-255 x 0-319 pixels)."
    )


@pytest.mark.usefixtures("worker")
def test_another_teams_study_does_not_exist_for_the_user(client_for, seeded_study):
    owner = client_for()
    study_id = seeded_study(owner)
    stranger = client_for()
    same_team = client_for(team=owner.team)
    paths = [
        f"/api/studies/{study_id}",
        f"/api/studies/{study_id}/history",
        f"/api/studies/{study_id}/image",
        f"/api/studies/{study_id}/heatmaps/erosion",
        f"/api/studies/{study_id}/export.csv",
        f"/api/studies/{study_id}/export.pdf",
    ]
    for path in paths:
        response = stranger.get(path)
        assert response.status_code == 404, path
        assert response.json() == {
            "detail": f"There is no study {study_id} in your team.",
            "code": "study.not_found",
            "params": {"study_id": study_id},
        }
        assert same_team.get(path).status_code == 200, path
    assert (
        stranger.patch(
            f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": 1}
        ).status_code
        == 404
    )
    assert stranger.post(f"/api/studies/{study_id}/reset").status_code == 404
    assert study_id not in [s["id"] for s in stranger.get("/api/studies").json()["items"]]
    assert study_id in [s["id"] for s in same_team.get("/api/studies").json()["items"]]


def test_display_image_and_heatmap_overlay_are_pngs_of_the_radiograph_size(
    client_for, seeded_study
):
    client = client_for()
    study_id = seeded_study(client, width=256, height=320)
    image = Image.open(io.BytesIO(client.get(f"/api/studies/{study_id}/image").content))
    assert image.format == "PNG" and image.size == (256, 320) and image.mode == "L"
    response = client.get(f"/api/studies/{study_id}/heatmaps/erosion")
    overlay = Image.open(io.BytesIO(response.content))
    assert overlay.size == (256, 320) and overlay.mode == "RGBA"
    assert overlay.getpixel((40, 40))[3] > 150 and overlay.getpixel((200, 200))[3] == 0
    missing = client.get(f"/api/studies/{study_id}/heatmaps/jsn")
    assert missing.status_code == 404 and "available: erosion" in missing.json()["detail"]


def test_csv_has_one_row_per_joint_with_current_and_model_grades(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client, patient_code="Пациент-7")
    client.patch(f"/api/studies/{study_id}/joints/left/PIP4", json={"jsn": 2})
    response = client.get(f"/api/studies/{study_id}/export.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert f"-study-{study_id}.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 30
    assert {r["patient_code"] for r in rows} == {"Пациент-7"}
    pip4 = next(r for r in rows if r["side"] == "left" and r["joint"] == "PIP4")
    assert (pip4["jsn"], pip4["jsn_model"], pip4["jsn_edited"]) == ("2", "0", "1")
    cmc1 = next(r for r in rows if r["side"] == "right" and r["joint"] == "CMC1")
    assert cmc1["jsn"] == "" and cmc1["erosion"] == "1"


def test_joint_space_width_details_reach_the_api_and_the_csv(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    detail = client.get(f"/api/studies/{study_id}").json()
    mcp2, dip2 = _joint(detail, "right", "MCP2"), _joint(detail, "right", "DIP2")
    assert (
        mcp2["jsw_mm"],
        mcp2["jsw_mm_basis"],
        mcp2["jsw_relative"],
        mcp2["jsw_z"],
        mcp2["jsw_reason"],
    ) == (1.5, "detector", 0.18, -0.4, None)
    assert dip2["jsw_z"] is None and dip2["jsw_reason"] == "no z-score: no reference values"
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/studies/{study_id}/export.csv").text)))
    row = next(r for r in rows if r["side"] == "right" and r["joint"] == "MCP2")
    assert (row["jsw_mm"], row["jsw_mm_basis"], row["jsw_relative"], row["jsw_z"]) == (
        "1.5",
        "detector",
        "0.18",
        "-0.4",
    )
    cmc1 = next(r for r in rows if r["side"] == "right" and r["joint"] == "CMC1")
    assert cmc1["jsw_relative"] == "" and cmc1["jsw_reason"] == "not scored at this joint"


def test_the_analysis_gets_the_patient_and_the_year_of_the_film():
    from datetime import datetime

    from rasharp.imaging import Radiograph
    from rasharp_service.worker.tasks import _at_film

    patient = {
        "sex": "F",
        "birth_year": 1970,
        "uploaded": datetime(2026, 11, 30, tzinfo=UTC),
    }
    png = Radiograph(pixels=None, format="png")
    assert _at_film(patient, png).age == 56  # no date in the file: the upload's year
    dicom = Radiograph(pixels=None, format="dicom", metadata={"StudyDate": "20190305"})
    film = _at_film(patient, dicom)
    assert (film.sex, film.birth_year, film.study_year, film.age) == ("F", 1970, 2019, 49)
    assert (
        _at_film({"sex": "X", "birth_year": None, "uploaded": patient["uploaded"]}, png).sex is None
    )
    visited = {**patient, "visited": datetime(2021, 6, 1).date()}  # the reader's date comes first
    assert _at_film(visited, dicom).age == 51 and _at_film(visited, png).age == 51


@pytest.mark.usefixtures("worker")
def test_pdf_report_holds_the_table_totals_edits_and_the_notice_on_every_page(
    client_for, seeded_study
):
    from pypdf import PdfReader

    client = client_for()
    study_id = seeded_study(client, patient_code="Иванова-01")
    client.patch(f"/api/studies/{study_id}/joints/right/MCP3", json={"erosion": 5})
    response = client.get(f"/api/studies/{study_id}/export.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "Иванова-01" in text  # Cyrillic survives
    for code in JOINT_CODES:
        assert code in text
    assert "Right" in text and "Left" in text and "Erosion" in text and "JSN" in text
    assert "SvdH-comparable subtotal" in text
    assert "41 / 150" in text  # erosion total after the edit (36 - 0 + 5)
    assert "Right MCP3 erosion: 0 → 5 by " + client.username in text
    assert "test-loc" in text
    assert "Joint space width" in text and "1.50 mm (detector), 0.18 of bone, z -0.4" in text
    for page in pages:
        assert "For research use only" in page


def test_the_history_cannot_be_rewritten_even_in_the_database(client_for, seeded_study, db):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    client = client_for()
    study_id = seeded_study(client)
    client.patch(f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": 4})
    for statement in (
        "UPDATE grade_edits SET new_value = '0' WHERE study_id = :id",
        "DELETE FROM grade_edits WHERE study_id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(text(statement), {"id": study_id})
        db.rollback()
    history = client.get(f"/api/studies/{study_id}/history").json()
    assert [(h["field"], h["new_value"]) for h in history] == [("erosion", 4)]
