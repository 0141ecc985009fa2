"""The audit log: who opened, exported or sent which study, seen by the team's administrator."""

from __future__ import annotations

import pytest

from rasharp_service.audit.service import forget_opened


@pytest.fixture(autouse=True)
def fresh_window():
    forget_opened()
    yield
    forget_opened()


def _events(admin, **query) -> list[dict]:
    response = admin.get("/api/audit", params=query)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_opening_and_exporting_a_study_are_recorded_once_per_visit(client_for, seeded_study):
    admin = client_for(team="audited", admin=True)
    reader = client_for(team="audited")
    study_id = seeded_study(reader)
    for _ in range(3):  # the study page asks again after every change
        assert reader.get(f"/api/studies/{study_id}").status_code == 200
    assert reader.get(f"/api/studies/{study_id}/export.csv").status_code == 200

    events = _events(admin, study_id=study_id)
    assert [(e["username"], e["action"]) for e in events] == [
        (reader.username, "exported"),
        (reader.username, "opened"),
    ]
    assert events[0]["details"] == {"format": "csv"}
    assert _events(admin, action="opened", study_id=study_id)[0]["action"] == "opened"
    assert (
        _events(admin, user_id=events[0]["user_id"], action="exported")[0]["study_id"] == study_id
    )


def test_only_the_teams_administrator_reads_the_log(client_for, seeded_study):
    reader = client_for(team="audit-private")
    study_id = seeded_study(reader)
    reader.get(f"/api/studies/{study_id}")
    assert reader.get("/api/audit").status_code == 403
    other_admin = client_for(team="another-team", admin=True)
    assert _events(other_admin, study_id=study_id) == []


def test_a_refused_filter_says_what_is_accepted(client_for):
    admin = client_for(team="audit-filters", admin=True)
    response = admin.get("/api/audit", params={"action": "deleted"})
    assert response.status_code == 422
    assert "opened" in response.text
