"""Review per cell: a reader confirms a grade, an edit counts as reviewed, a reset clears both,
and the uncertainty flag is shown only where the model sees a grade two or more away."""

from __future__ import annotations

import csv
import io


def _grade(client, study_id: int, side: str, code: str, kind: str) -> dict:
    detail = client.get(f"/api/studies/{study_id}").json()
    joint = next(j for j in detail["joints"] if j["side"] == side and j["joint"] == code)
    return joint[kind]


def test_a_confirmed_grade_is_reviewed_and_recorded_with_who_and_when(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    before = _grade(client, study_id, "left", "IP1", "erosion")
    assert (before["confirmed"], before["reviewed"], before["uncertain"]) == (False, False, True)

    url = f"/api/studies/{study_id}/joints/left/IP1/confirm"
    confirmed = client.post(url, json={"kind": "erosion"})
    assert confirmed.status_code == 200, confirmed.text
    grade = confirmed.json()["erosion"]
    assert (grade["value"], grade["confirmed"], grade["reviewed"], grade["edited"]) == (
        1,
        True,
        True,
        False,
    )
    assert confirmed.json()["jsn"]["reviewed"] is False  # the other grade of the joint stays
    assert client.post(url, json={"kind": "erosion"}).status_code == 200  # twice: one record

    history = client.get(f"/api/studies/{study_id}/history").json()
    assert [(h["side"], h["joint"], h["field"], h["new_value"], h["user"]) for h in history] == [
        ("left", "IP1", "confirm", {"erosion": 1}, client.username)
    ]
    assert history[0]["created_at"]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/studies/{study_id}/export.csv").text)))
    ip1 = next(r for r in rows if r["side"] == "left" and r["joint"] == "IP1")
    assert (ip1["erosion_confirmed"], ip1["jsn_confirmed"]) == ("1", "0")


def test_an_edit_is_reviewed_and_an_edit_back_to_the_model_or_a_reset_is_not(
    client_for, seeded_study
):
    client = client_for()
    study_id = seeded_study(client)
    base = f"/api/studies/{study_id}/joints/right/MCP2"
    edited = client.patch(base, json={"erosion": 4}).json()["erosion"]
    assert (edited["reviewed"], edited["confirmed"], edited["edited"]) == (True, False, True)

    back = client.patch(base, json={"erosion": 2}).json()["erosion"]
    assert (back["reviewed"], back["edited"]) == (False, False)

    client.post(f"{base}/confirm", json={"kind": "jsn"})
    client.post(f"{base}/confirm", json={"kind": "erosion"})
    assert _grade(client, study_id, "right", "MCP2", "jsn")["reviewed"] is True
    changed = client.patch(base, json={"jsn": 3}).json()["jsn"]
    assert (changed["confirmed"], changed["reviewed"]) == (False, True)  # reviewed as an edit

    reset = client.post(f"/api/studies/{study_id}/reset", json={"side": "right", "joint": "MCP2"})
    assert reset.json() == {"changed_joints": 1}
    for kind in ("erosion", "jsn"):
        assert _grade(client, study_id, "right", "MCP2", kind)["reviewed"] is False
    last = client.get(f"/api/studies/{study_id}/history").json()[0]
    assert last["field"] == "reset"
    assert last["old_value"]["right MCP2"]["confirmed"] == ["erosion"]


def test_what_cannot_be_confirmed_is_refused_with_the_reason(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    base = f"/api/studies/{study_id}/joints"
    no_grade = client.post(f"{base}/left/CMC1/confirm", json={"kind": "jsn"})
    assert no_grade.status_code == 422
    assert no_grade.json()["detail"] == "CMC1 has no jsn grade to confirm."
    unknown_kind = client.post(f"{base}/left/PIP2/confirm", json={"kind": "osteophytes"})
    assert unknown_kind.status_code == 422
    assert client.get(f"/api/studies/{study_id}/history").json() == []

    stranger = client_for()
    other = stranger.post(f"{base}/left/PIP2/confirm", json={"kind": "erosion"})
    assert other.status_code == 404


def test_the_flag_is_shown_only_where_a_grade_two_or_more_away_is_likely(
    client_for, seeded_study, db
):
    from sqlalchemy import update

    from rasharp_service.studies.models import Joint

    client = client_for()
    study_id = seeded_study(client)
    # The model's own flag on three joints: 80 % with the rest on the neighbours (kept quiet),
    # 80 % with 15 % two grades away, and a grade under 50 %.
    cases = {
        "PIP2": [0.05, 0.80, 0.15, 0.0, 0.0, 0.0],
        "PIP3": [0.0, 0.80, 0.05, 0.15, 0.0, 0.0],
        "PIP4": [0.0, 0.45, 0.40, 0.15, 0.0, 0.0],
    }
    for code, probabilities in cases.items():
        db.execute(
            update(Joint)
            .where(Joint.code == code, Joint.side == "right")
            .where(Joint.analysis_id.in_(_analysis_of(study_id)))
            .values(
                erosion=1,
                erosion_model=1,
                erosion_probabilities=probabilities,
                erosion_uncertain=True,
            )
        )
    db.commit()
    shown = {
        code: _grade(client, study_id, "right", code, "erosion")["uncertain"] for code in cases
    }
    assert shown == {"PIP2": False, "PIP3": True, "PIP4": True}


def _analysis_of(study_id: int):
    from sqlalchemy import select

    from rasharp_service.studies.models import Analysis

    return select(Analysis.id).where(Analysis.study_id == study_id)
