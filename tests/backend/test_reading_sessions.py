"""Reading sessions: an administrator sets studies before readers; each reader grades their own
queue, blinded as the session says; the session's grades never touch the studies' own."""

from __future__ import annotations

from rasharp.scheme import JOINTS, SIDES

URL = "/api/reading-sessions"


def user_id(client) -> int:
    return client.get("/api/auth/me").json()["id"]


def create(admin, study_ids, readers, **options) -> dict:
    body = {
        "name": "Trial films",
        "study_ids": [str(s) for s in study_ids],
        "reader_ids": [user_id(r) for r in readers],
        "show_model_grades": False,
        "order": "random",
        "blind_to_each_other": True,
        **options,
    }
    response = admin.post(URL, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def grade_all(client, session_id: int, item_id: int, erosion: int = 1, jsn: int = 0) -> None:
    for side in SIDES:
        for joint in JOINTS:
            for kind, value in (("erosion", erosion), ("jsn", jsn)):
                if joint.scores(kind):
                    response = client.put(
                        f"{URL}/{session_id}/items/{item_id}/grades",
                        json={"side": side, "joint": joint.code, "kind": kind, "value": value},
                    )
                    assert response.status_code == 200, response.text


def test_only_an_administrator_creates_and_only_the_teams_readers_see_a_session(
    client_for, seeded_study
):
    admin = client_for(admin=True)
    reader, outsider = client_for(team=admin.team), client_for(team=admin.team)
    other_team = client_for(admin=True)
    study = seeded_study(admin)
    body = {"name": "S", "study_ids": [str(study)], "reader_ids": [user_id(reader)]}

    refused = reader.post(URL, json=body)
    assert (refused.status_code, refused.json()["code"]) == (403, "session.admin_only")
    session = create(admin, [study], [reader])
    assert session["status"] == "open" and session["study_count"] == 1
    assert session["readers"] == [
        {"id": user_id(reader), "name": reader.username, "done": 0, "total": 1}
    ]

    assert [s["id"] for s in reader.get(URL).json()] == [session["id"]]
    assert [s["id"] for s in admin.get(URL).json()] == [session["id"]]
    assert outsider.get(URL).json() == []
    assert other_team.get(URL).json() == []
    for client in (outsider, other_team):
        for path in ("", "/queue", "/report", "/reads.csv", "/disagreements"):
            response = client.get(f"{URL}/{session['id']}{path}")
            assert (response.status_code, response.json()["code"]) == (404, "session.not_found")
    # the administrator sees the session but, not reading in it, has no queue
    assert admin.get(f"{URL}/{session['id']}/queue").json()["code"] == "session.not_a_reader"


def test_a_session_takes_only_analysed_studies_and_active_readers_of_the_team(
    client_for, seeded_study
):
    admin = client_for(admin=True)
    reader = client_for(team=admin.team)
    stranger = client_for()
    study = seeded_study(admin)
    foreign_study = seeded_study(stranger)
    cases = [
        ({"study_ids": []}, "session.no_studies"),
        ({"reader_ids": []}, "session.no_readers"),
        ({"study_ids": [str(foreign_study)]}, "session.study_not_ready"),
        ({"study_ids": ["twelve"]}, "session.study_not_ready"),
        ({"reader_ids": [user_id(stranger)]}, "session.reader_unknown"),
    ]
    for change, code in cases:
        body = {"name": "S", "study_ids": [str(study)], "reader_ids": [user_id(reader)], **change}
        response = admin.post(URL, json=body)
        assert (response.status_code, response.json()["code"]) == (422, code), change
    assert admin.post(URL, json={**body, "order": "by size"}).status_code == 422
    assert admin.post(URL, json={**body, "name": "   "}).status_code == 422
    assert admin.get(URL).json() == []


def test_a_blinded_reader_sees_only_their_own_grades_and_no_patient_or_date(
    client_for, seeded_study
):
    admin = client_for(admin=True)
    first, second = client_for(team=admin.team), client_for(team=admin.team)
    studies = [seeded_study(admin, patient_code=f"P-{i}") for i in range(8)]
    session = create(admin, studies, [first, second])
    sid = session["id"]

    queues = [c.get(f"{URL}/{sid}/queue").json() for c in (first, second)]
    for queue in queues:
        assert [e["position"] for e in queue] == list(range(1, 9))
        assert all(e["patient_code"] is None and e["visit_date"] is None for e in queue)
    orders = [[e["item_id"] for e in q] for q in queues]
    assert sorted(orders[0]) == sorted(orders[1]) and orders[0] != orders[1]

    item = orders[0][0]
    assert (
        first.put(
            f"{URL}/{sid}/items/{item}/grades",
            json={"side": "right", "joint": "MCP2", "kind": "erosion", "value": 4},
        ).json()["erosion"]
        == 4
    )
    mine = first.get(f"{URL}/{sid}/items/{item}").json()
    theirs = second.get(f"{URL}/{sid}/items/{item}").json()
    assert mine["patient_code"] is None and mine["visit_date"] is None
    assert "study_id" not in mine
    joint = next(j for j in mine["joints"] if (j["side"], j["joint"]) == ("right", "MCP2"))
    assert (joint["erosion"], joint["model_erosion"], joint["model_jsn"]) == (4, None, None)
    assert all(
        j["erosion"] is None and j["jsn"] is None and j["model_erosion"] is None
        for j in theirs["joints"]
    )
    image = second.get(f"{URL}/{sid}/items/{item}/image")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    # each sees only their own progress; the administrator sees everyone's
    assert [r["name"] for r in first.get(f"{URL}/{sid}").json()["readers"]] == [first.username]
    assert len(admin.get(f"{URL}/{sid}").json()["readers"]) == 2
    missing = first.get(f"{URL}/{sid}/items/{max(orders[0]) + 1000}")
    assert (missing.status_code, missing.json()["code"]) == (404, "session.item_not_found")


def test_chronological_sessions_show_visits_in_order_and_start_from_the_models_grades(
    client_for, seeded_study
):
    admin = client_for(admin=True)
    reader = client_for(team=admin.team)
    later = seeded_study(admin, patient_code="RA-1")
    earlier = seeded_study(admin, patient_code="RA-1")
    other = seeded_study(admin, patient_code="RA-0")
    for study, day in ((later, "2024-06-01"), (earlier, "2023-01-15"), (other, "2024-01-01")):
        assert admin.patch(f"/api/studies/{study}", json={"visit_date": day}).status_code == 200
    session = create(
        admin,
        [later, earlier, other],
        [reader],
        order="chronological",
        show_model_grades=True,
        blind_to_each_other=False,
    )
    queue = reader.get(f"{URL}/{session['id']}/queue").json()
    assert [(e["patient_code"], e["visit_date"]) for e in queue] == [
        ("RA-0", "2024-01-01"),
        ("RA-1", "2023-01-15"),
        ("RA-1", "2024-06-01"),
    ]
    item = reader.get(f"{URL}/{session['id']}/items/{queue[0]['item_id']}").json()
    study = admin.get(f"/api/studies/{other}").json()
    model = {(j["side"], j["joint"]): j for j in study["joints"]}
    for joint in item["joints"]:
        seeded = model[(joint["side"], joint["joint"])]
        assert joint["model_erosion"] == joint["erosion"] == seeded["erosion"]["model"]
        if seeded["jsn"] is not None:
            assert joint["model_jsn"] == joint["jsn"] == seeded["jsn"]["model"]


def test_a_read_is_done_only_when_every_joint_is_graded_and_never_changes_the_study(
    client_for, seeded_study
):
    admin = client_for(admin=True)
    first, second = client_for(team=admin.team), client_for(team=admin.team)
    study = seeded_study(admin)
    before = admin.get(f"/api/studies/{study}").json()["joints"]
    sid = create(admin, [study], [first, second], blind_to_each_other=False)["id"]
    item = first.get(f"{URL}/{sid}/queue").json()[0]["item_id"]
    grades = f"{URL}/{sid}/items/{item}/grades"

    bad = [
        ({"side": "right", "joint": "CMC1", "kind": "jsn", "value": 1}, "grade.not_scored"),
        ({"side": "right", "joint": "MCP2", "kind": "erosion", "value": 6}, "grade.out_of_range"),
    ]
    for body, code in bad:
        response = first.put(grades, json=body)
        assert (response.status_code, response.json()["code"]) == (422, code)
    first.put(grades, json={"side": "right", "joint": "MCP2", "kind": "erosion", "value": 3})
    refused = first.post(f"{URL}/{sid}/items/{item}/done")
    assert (refused.status_code, refused.json()["code"]) == (409, "session.grades_missing")
    assert "right IP1" in refused.json()["detail"]

    grade_all(first, sid, item)
    done = first.post(f"{URL}/{sid}/items/{item}/done")
    assert done.status_code == 200 and done.json()["done"] is True
    locked = first.put(grades, json={"side": "right", "joint": "MCP2", "kind": "jsn", "value": 2})
    assert (locked.status_code, locked.json()["code"]) == (409, "session.read_done")
    progress = {
        r["name"]: (r["done"], r["total"]) for r in second.get(f"{URL}/{sid}").json()["readers"]
    }
    assert progress == {first.username: (1, 1), second.username: (0, 1)}

    assert first.post(f"{URL}/{sid}/items/{item}/reopen").json()["done"] is False
    assert first.post(f"{URL}/{sid}/items/{item}/done").status_code == 200
    grade_all(second, sid, item, erosion=2, jsn=1)
    assert second.post(f"{URL}/{sid}/items/{item}/done").status_code == 200
    assert admin.get(f"{URL}/{sid}").json()["status"] == "complete"
    closed = second.post(f"{URL}/{sid}/items/{item}/reopen")
    assert (closed.status_code, closed.json()["code"]) == (409, "session.complete")

    assert admin.get(f"/api/studies/{study}").json()["joints"] == before
    assert admin.get(f"/api/studies/{study}/history").json() == []


def test_a_deleted_study_leaves_the_sessions_it_was_in(client_for, seeded_study):
    admin = client_for(admin=True)
    reader = client_for(team=admin.team)
    kept, deleted = seeded_study(admin), seeded_study(admin)
    sid = create(admin, [kept, deleted], [reader])["id"]
    assert admin.delete(f"/api/studies/{deleted}").status_code == 204
    assert admin.get(f"{URL}/{sid}").json()["study_count"] == 1
    queue = reader.get(f"{URL}/{sid}/queue").json()
    assert len(queue) == 1
    item = reader.get(f"{URL}/{sid}/items/{queue[0]['item_id']}").json()
    assert len(item["joints"]) == 30
