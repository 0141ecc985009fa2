"""A reader calibrates a film without a pixel spacing (a JPEG): widths in millimetres follow."""

from __future__ import annotations

import csv
import io

import pytest

from rasharp.reference import Patient, z_score

WIDTH_PX = 12.5  # every measured joint space of the film below


@pytest.fixture
def jpeg_like_study(client_for, seeded_study, db):
    """A finished study whose film had no pixel spacing: widths in pixels only, as for a JPEG;
    the patient a woman born in 1960 (for the z-scores)."""
    from sqlalchemy import text

    client = client_for()
    study_id = seeded_study(client, patient_code="CAL-1")
    db.execute(
        text("""
            UPDATE joints SET jsw_px = :px, jsw_mm = NULL, jsw_mm_basis = NULL, jsw_z = NULL,
                jsw_reason = 'pixel spacing unknown: width given in pixels only'
            WHERE jsw_relative IS NOT NULL
              AND analysis_id IN (SELECT id FROM analyses WHERE study_id = :id)
        """),
        {"px": WIDTH_PX, "id": study_id},
    )
    db.execute(
        text("""UPDATE patients SET sex = 'F', birth_year = 1960
                WHERE id = (SELECT patient_id FROM studies WHERE id = :id)"""),
        {"id": study_id},
    )
    db.commit()
    return client, study_id


def _joint(detail: dict, side: str, code: str) -> dict:
    return next(j for j in detail["joints"] if j["side"] == side and j["joint"] == code)


def test_a_typed_spacing_gives_every_measured_joint_its_width_in_mm(jpeg_like_study):
    client, study_id = jpeg_like_study
    before = client.get(f"/api/studies/{study_id}").json()
    assert before["reader_pixel_spacing_mm"] is None
    assert {j["jsw_mm"] for j in before["joints"]} == {None}

    answer = client.put(f"/api/studies/{study_id}/pixel-spacing", json={"mm_per_pixel": 0.1})
    assert answer.status_code == 200, answer.text
    detail = client.get(f"/api/studies/{study_id}").json()
    assert detail["reader_pixel_spacing_mm"] == 0.1
    measured = [j for j in detail["joints"] if j["jsw_px"] is not None]
    assert len(measured) == 28  # every joint with a narrowing grade, both hands
    assert {(j["jsw_mm"], j["jsw_mm_basis"]) for j in measured} == {(1.25, "reader")}
    assert all("pixel spacing unknown" not in (j["jsw_reason"] or "") for j in measured)
    # the z-score against the adult reference for a woman of the film's year
    film_year = int(detail["created_at"][:4])
    expected, _ = z_score(1.25, "MCP2", Patient("F", 1960, film_year))
    assert expected is not None
    assert _joint(detail, "right", "MCP2")["jsw_z"] == pytest.approx(expected, abs=0.01)
    assert (
        _joint(detail, "left", "DIP2")["jsw_reason"] == "no z-score: no reference values for DIP2"
    )
    cmc1 = _joint(detail, "right", "CMC1")
    assert cmc1["jsw_mm"] is None and cmc1["jsw_reason"] == "not scored at this joint"

    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/studies/{study_id}/export.csv").text)))
    mcp2 = next(r for r in rows if r["side"] == "right" and r["joint"] == "MCP2")
    assert (mcp2["jsw_mm"], mcp2["jsw_mm_basis"]) == ("1.25", "reader")

    history = client.get(f"/api/studies/{study_id}/history").json()
    assert [(h["field"], h["user"], h["old_value"], h["new_value"]) for h in history] == [
        ("pixel_spacing", client.username, None, {"mm_per_pixel": 0.1})
    ]


def test_a_known_distance_drawn_on_the_film_sets_the_spacing(jpeg_like_study):
    client, study_id = jpeg_like_study
    answer = client.put(
        f"/api/studies/{study_id}/pixel-spacing",
        json={"distance_mm": 24, "start": {"x": 10, "y": 20}, "end": {"x": 130, "y": 180}},
    )
    assert answer.status_code == 200, answer.text
    # the line is 200 pixels long (120 across, 160 down): 0.12 mm per pixel
    assert answer.json()["reader_pixel_spacing_mm"] == pytest.approx(0.12)
    assert _joint(answer.json(), "left", "PIP3")["jsw_mm"] == pytest.approx(1.5)
    entry = client.get(f"/api/studies/{study_id}/history").json()[0]
    assert entry["new_value"] == {"mm_per_pixel": 0.12, "distance_mm": 24, "pixels": 200.0}


def test_clearing_the_calibration_returns_to_the_films_own_and_is_recorded(jpeg_like_study):
    client, study_id = jpeg_like_study
    client.put(f"/api/studies/{study_id}/pixel-spacing", json={"mm_per_pixel": 0.2})
    answer = client.delete(f"/api/studies/{study_id}/pixel-spacing")
    assert answer.status_code == 200, answer.text
    detail = client.get(f"/api/studies/{study_id}").json()
    assert detail["reader_pixel_spacing_mm"] is None
    mcp2 = _joint(detail, "right", "MCP2")
    assert (mcp2["jsw_mm"], mcp2["jsw_mm_basis"], mcp2["jsw_px"]) == (None, None, WIDTH_PX)
    assert mcp2["jsw_reason"] == "pixel spacing unknown: width given in pixels only"
    history = client.get(f"/api/studies/{study_id}/history").json()
    assert [(h["field"], h["old_value"], h["new_value"]) for h in history] == [
        ("pixel_spacing", {"mm_per_pixel": 0.2}, None),
        ("pixel_spacing", None, {"mm_per_pixel": 0.2}),
    ]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({}, "Send either mm_per_pixel, or distance_mm"),
        (
            {
                "mm_per_pixel": 0.1,
                "distance_mm": 10,
                "start": {"x": 0, "y": 0},
                "end": {"x": 50, "y": 0},
            },
            "Send either mm_per_pixel, or distance_mm",
        ),
        ({"mm_per_pixel": 5}, "accepted: more than 0 and at most 2 mm per pixel"),
        ({"mm_per_pixel": -0.1}, "accepted: more than 0 and at most 2 mm per pixel"),
        ({"distance_mm": 10, "start": {"x": 0, "y": 0}}, "needs distance_mm, start and end"),
        (
            {"distance_mm": 10, "start": {"x": 5, "y": 5}, "end": {"x": 9, "y": 5}},
            "only 4.0 pixels long",
        ),
        (
            {"distance_mm": 10, "start": {"x": 5, "y": 5}, "end": {"x": 900, "y": 5}},
            "The point (900, 5) is outside the image (256 x 320 pixels)",
        ),
        (
            {"distance_mm": 0, "start": {"x": 5, "y": 5}, "end": {"x": 105, "y": 5}},
            "The distance must be a positive number of millimetres",
        ),
    ],
)
def test_a_calibration_that_cannot_be_right_is_refused_with_what_is_accepted(
    jpeg_like_study, body, says
):
    client, study_id = jpeg_like_study
    answer = client.put(f"/api/studies/{study_id}/pixel-spacing", json=body)
    assert answer.status_code == 422
    assert says in answer.json()["detail"]
    assert client.get(f"/api/studies/{study_id}").json()["reader_pixel_spacing_mm"] is None
    assert client.get(f"/api/studies/{study_id}/history").json() == []


def test_another_team_cannot_calibrate_a_study(client_for, jpeg_like_study):
    _, study_id = jpeg_like_study
    stranger = client_for()
    answer = stranger.put(f"/api/studies/{study_id}/pixel-spacing", json={"mm_per_pixel": 0.1})
    assert answer.status_code == 404
