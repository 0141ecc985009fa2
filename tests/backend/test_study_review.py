"""A reader marks a study reviewed (final: training data) and reopens it; both are in the history."""

from __future__ import annotations

import pytest


def test_a_reviewed_study_is_final_until_it_is_reopened(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    reviewed = client.post(f"/api/studies/{study_id}/review")
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["reviewed_by"] == client.username
    assert reviewed.json()["reviewed_at"] is not None

    refused = [
        client.patch(f"/api/studies/{study_id}/joints/left/MCP2", json={"erosion": 3}),
        client.post(f"/api/studies/{study_id}/joints/left/MCP2/confirm", json={"kind": "erosion"}),
        client.put(f"/api/studies/{study_id}/joints/left/MCP2/position", json={"x": 40, "y": 50}),
        client.post(f"/api/studies/{study_id}/reset"),
        client.put(f"/api/studies/{study_id}/pixel-spacing", json={"mm_per_pixel": 0.1}),
    ]
    for response in refused:
        assert response.status_code == 409, response.text
        assert response.json()["code"] == "study.reviewed_final"
        assert "Reopen it" in response.json()["detail"]

    assert client.post(f"/api/studies/{study_id}/review").status_code == 200  # changes nothing
    reopened = client.post(f"/api/studies/{study_id}/reopen")
    assert reopened.status_code == 200 and reopened.json()["reviewed_at"] is None
    edit = client.patch(f"/api/studies/{study_id}/joints/left/MCP2", json={"erosion": 3})
    assert edit.status_code == 200

    history = client.get(f"/api/studies/{study_id}/history").json()
    fields = [entry["field"] for entry in history]
    assert fields.count("reviewed") == 1 and fields.count("reopened") == 1
    reopen = next(entry for entry in history if entry["field"] == "reopened")
    assert reopen["old_value"] == {"reviewed_by": client.username}


@pytest.mark.parametrize("action", ["review", "reopen"])
def test_another_teams_study_cannot_be_reviewed(client_for, seeded_study, action):
    owner, stranger = client_for(team="owners"), client_for(team="strangers")
    study_id = seeded_study(owner)
    assert stranger.post(f"/api/studies/{study_id}/{action}").status_code == 404
