"""Patients over time: visits, the change between two visits, progression, team isolation."""

from __future__ import annotations

from datetime import date

import pytest


def _visit(client, seeded_study, code: str, day: str | None) -> int:
    study_id = seeded_study(client, patient_code=code)
    if day is not None:
        response = client.patch(f"/api/studies/{study_id}", json={"visit_date": day})
        assert response.status_code == 200, response.text
    return study_id


def _edit(client, study_id: int, side: str, joint: str, **grades) -> None:
    response = client.patch(f"/api/studies/{study_id}/joints/{side}/{joint}", json=grades)
    assert response.status_code == 200, response.text


def _grade(client, study_id: int, side: str, joint: str, kind: str) -> int:
    joints = client.get(f"/api/studies/{study_id}").json()["joints"]
    row = next(j for j in joints if (j["side"], j["joint"]) == (side, joint))
    return row[kind]["value"]


def test_two_visits_give_the_change_per_joint_and_in_total_and_flag_progression(
    client_for, seeded_study
):
    client = client_for()
    first = _visit(client, seeded_study, "RA-7", "2024-01-10")
    later = _visit(client, seeded_study, "RA-7", "2025-01-10")
    erosion_before = _grade(client, later, "right", "MCP2", "erosion")
    _edit(client, later, "right", "MCP2", erosion=erosion_before + 3)
    _edit(client, later, "left", "PIP3", jsn=2)  # was 0

    (summary,) = client.get("/api/patients").json()["items"]
    patient = client.get(f"/api/patients/{summary['id']}").json()
    assert [v["date"] for v in patient["visits"]] == ["2024-01-10", "2025-01-10"]
    assert [[(h["side"], h["study_id"]) for h in v["hands"]] for v in patient["visits"]] == [
        [("right", first), ("left", first)],
        [("right", later), ("left", later)],
    ]
    assert [v["edited"] for v in patient["visits"]] == [False, True]
    assert {v["date_source"] for v in patient["visits"]} == {"visit_date"}
    baseline = client.get(f"/api/studies/{first}").json()["totals"]
    assert patient["visits"][0]["totals"] == baseline
    assert patient["visits"][1]["totals"]["total"] == baseline["total"] + 5
    assert (patient["sdc"], patient["sdc_source"]) == (3.0, "default")
    assert summary == {
        "id": patient["id"],
        "code": "RA-7",
        "birth_year": None,
        "sex": None,
        "visits": 2,
        "first_visit": "2024-01-10",
        "last_visit": "2025-01-10",
        "latest_total": baseline["total"] + 5,
        "progression": True,
    }

    change = client.get(
        f"/api/patients/{patient['id']}/change", params={"from": "2024-01-10", "to": "2025-01-10"}
    ).json()
    joints = {(j["side"], j["joint"]): j for j in change["joints"]}
    assert len(joints) == 30
    assert joints[("right", "MCP2")]["erosion"] == {
        "before": erosion_before,
        "after": erosion_before + 3,
        "change": 3,
    }
    assert joints[("left", "PIP3")]["jsn"] == {"before": 0, "after": 2, "change": 2}
    assert joints[("left", "CMC1")]["jsn"] is None  # CMC1 has no narrowing grade
    assert joints[("left", "MCP2")]["erosion"]["change"] == 0
    assert change["totals_change"] == {
        "erosion": 3,
        "jsn": 2,
        "total": 5,
        "svdh_erosion": 3,
        "svdh_jsn": 2,
        "svdh_total": 5,
    }
    assert change["compared_sides"] == ["right", "left"]
    assert (change["progression"], change["sdc"], change["sdc_source"]) == (True, 3.0, "default")
    assert change["before"]["date"] == "2024-01-10" and change["after"]["edited"] is True


def test_a_change_of_the_sdc_itself_is_not_progression(client_for, seeded_study):
    client = client_for()
    _visit(client, seeded_study, "RA-8", "2024-03-01")
    later = _visit(client, seeded_study, "RA-8", "2024-09-01")
    _edit(client, later, "left", "PIP2", jsn=3)  # 0 -> 3: exactly the SDC of 3
    patient_id = client.get("/api/patients").json()["items"][0]["id"]
    change = client.get(
        f"/api/patients/{patient_id}/change", params={"from": "2024-03-01", "to": "2024-09-01"}
    ).json()
    assert (change["totals_change"]["total"], change["progression"]) == (3, False)
    assert client.get("/api/patients").json()["items"][0]["progression"] is False


def test_any_two_visits_and_how_each_visit_is_dated(client_for, seeded_study, db):
    from rasharp_service.studies.models import Study

    client = client_for()
    dicom = _visit(client, seeded_study, "RA-3", None)
    study = db.get(Study, dicom)
    study.radiograph.dicom_metadata = {"StudyDate": "20230105"}
    # both hands of 2024-02-02 on two films, one hand each
    right_film = _visit(client, seeded_study, "RA-3", "2024-02-02")
    left_film = _visit(client, seeded_study, "RA-3", "2024-02-02")
    for study_id, other_side in ((right_film, "left"), (left_film, "right")):
        analysis = db.get(Study, study_id).analyses[-1]
        for joint in [j for j in analysis.joints if j.side == other_side]:
            db.delete(joint)
    uploaded = _visit(client, seeded_study, "RA-3", None)
    db.commit()
    _edit(client, left_film, "left", "MCP3", erosion=4)  # 0 -> 4
    _edit(client, uploaded, "right", "DIP2", jsn=2)  # 0 -> 2

    patient_id = client.get("/api/patients", params={"code": "ra-3"}).json()["items"][0]["id"]
    visits = client.get(f"/api/patients/{patient_id}").json()["visits"]
    today = date.today().isoformat()
    assert [(v["date"], v["date_source"]) for v in visits] == [
        ("2023-01-05", "dicom"),
        ("2024-02-02", "visit_date"),
        (today, "upload"),
    ]
    assert [(h["side"], h["study_id"]) for h in visits[1]["hands"]] == [
        ("right", right_film),
        ("left", left_film),
    ]

    def total_change(before: str, after: str) -> int:
        response = client.get(
            f"/api/patients/{patient_id}/change", params={"from": before, "to": after}
        )
        assert response.status_code == 200, response.text
        return response.json()["totals_change"]["total"]

    assert total_change("2023-01-05", "2024-02-02") == 4
    assert total_change("2024-02-02", today) == -4 + 2
    assert total_change("2023-01-05", today) == 2

    # a later film of the left hand on the same day replaces the earlier one
    again = _visit(client, seeded_study, "RA-3", "2024-02-02")
    visits = client.get(f"/api/patients/{patient_id}").json()["visits"]
    assert [(h["side"], h["study_id"]) for h in visits[1]["hands"]] == [
        ("right", again),
        ("left", again),
    ]
    assert total_change("2023-01-05", "2024-02-02") == 0


def test_another_teams_patient_does_not_exist(client_for, seeded_study):
    owner, stranger = client_for(), client_for()
    _visit(owner, seeded_study, "RA-1", "2024-01-01")
    _visit(owner, seeded_study, "RA-1", "2024-06-01")
    patient_id = owner.get("/api/patients").json()["items"][0]["id"]

    assert stranger.get("/api/patients").json()["items"] == []
    for url in (f"/api/patients/{patient_id}", f"/api/patients/{patient_id}/change"):
        response = stranger.get(url, params={"from": "2024-01-01", "to": "2024-06-01"})
        assert response.status_code == 404
        assert response.json()["code"] == "patient.not_found"
        assert response.json()["detail"] == f"There is no patient {patient_id} in your team."
    assert stranger.get("/api/exports/cohort.csv").text.count("\r\n") == 1  # the header only


@pytest.mark.parametrize(
    ("params", "status", "code", "detail"),
    [
        (
            {"from": "2024-01-01", "to": "2024-02-03"},
            404,
            "patient.visit_not_found",
            "has no analysed visit on 2024-02-03; their visits: 2024-01-01, 2024-06-01.",
        ),
        (
            {"from": "2024-01-01", "to": "2024-01-01"},
            422,
            "patient.same_visit",
            "Choose two different visits: both dates are 2024-01-01.",
        ),
        (
            {"from": "2024-06-01", "to": "2024-01-01"},
            422,
            "patient.visits_reversed",
            "from (2024-06-01) must be the earlier visit and to (2024-01-01) the later one.",
        ),
        ({"from": "June", "to": "2024-01-01"}, 422, "request.invalid", "from"),
        ({"to": "2024-01-01"}, 422, "request.invalid", "from"),
    ],
)
def test_a_bad_choice_of_visits_is_refused_saying_what_is_accepted(
    client_for, seeded_study, params, status, code, detail
):
    client = client_for()
    _visit(client, seeded_study, "RA-2", "2024-01-01")
    _visit(client, seeded_study, "RA-2", "2024-06-01")
    patient_id = client.get("/api/patients").json()["items"][0]["id"]
    response = client.get(f"/api/patients/{patient_id}/change", params=params)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert detail in response.json()["detail"]


def test_unknown_patients_and_bad_pages_are_refused(client_for):
    client = client_for()
    missing = client.get("/api/patients/99999")
    assert (missing.status_code, missing.json()["code"]) == (404, "patient.not_found")
    assert client.get("/api/patients/0").status_code == 422
    assert client.get("/api/patients", params={"limit": 0}).status_code == 422
    assert client_for(accept=False).get("/api/exports/cohort.csv").status_code == 403
