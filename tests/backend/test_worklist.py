"""The worklist's pages and totals, and study changes pushed as Server-Sent Events."""

from __future__ import annotations

import json
import queue
import threading
import time

import httpx
import pytest
from backend_images import small_png
from sqlalchemy import event


def _statements_during(call) -> int:
    from rasharp_service.db import get_engine

    count = 0

    def counted(*_):
        nonlocal count
        count += 1

    event.listen(get_engine(), "before_cursor_execute", counted)
    try:
        call()
    finally:
        event.remove(get_engine(), "before_cursor_execute", counted)
    return count


def test_a_page_is_newest_first_with_the_details_totals_and_the_count_of_all(
    client_for, seeded_study
):
    client = client_for()
    ids = [seeded_study(client, patient_code=f"RA-{n}") for n in range(3)]
    first = client.get("/api/studies", params={"limit": 2}).json()
    assert [s["id"] for s in first["items"]] == ids[:0:-1]
    assert (first["limit"], first["offset"], first["total"]) == (2, 0, 3)
    for summary in first["items"]:
        detail = client.get(f"/api/studies/{summary['id']}").json()
        assert summary["totals"] == detail["totals"]
        assert summary["status"] == "done" and summary["patient_code"] == detail["patient_code"]
    rest = client.get("/api/studies", params={"limit": 2, "offset": 2}).json()
    assert [s["id"] for s in rest["items"]] == [ids[0]] and rest["total"] == 3

    filtered = client.get("/api/studies", params={"patient_code": "ra-1"}).json()
    assert [s["id"] for s in filtered["items"]] == [ids[1]] and filtered["total"] == 1
    other_team = client_for()
    assert other_team.get("/api/studies").json() == {
        "items": [],
        "limit": 50,
        "offset": 0,
        "total": 0,
    }


def test_a_queued_study_is_listed_without_totals(client_for, db):
    from sqlalchemy import select

    from rasharp_service.studies.events import publish_study_change
    from rasharp_service.studies.models import Analysis

    client = client_for()
    # a worker left running by an earlier test may take it up (this image has no hand: it fails)
    study_id = client.post(
        "/api/studies", files={"file": ("one.png", small_png(), "image/png")}
    ).json()["study_id"]
    (item,) = client.get("/api/studies").json()["items"]
    assert (item["id"], item["totals"]) == (study_id, None)
    assert item["status"] in ("queued", "running", "failed")
    analysis = db.scalar(select(Analysis).where(Analysis.study_id == study_id))
    team_id = analysis.study.team_id
    db.delete(analysis)  # a study whose analysis is gone still lists, as queued
    db.commit()
    publish_study_change(team_id, study_id, "queued")  # as every change through the service does
    assert client.get("/api/studies").json()["items"][0]["status"] == "queued"


def test_a_page_takes_the_same_few_queries_however_many_studies_it_shows(client_for, seeded_study):
    client = client_for()
    seeded_study(client)
    # pages of another size each time: a cached page would take no query at all
    one = _statements_during(lambda: client.get("/api/studies?limit=10").raise_for_status())
    for n in range(5):
        seeded_study(client, patient_code=f"P-{n}")
    six = _statements_during(lambda: client.get("/api/studies?limit=11").raise_for_status())
    assert six == one


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 100_001}, "offset"),
    ],
)
def test_page_bounds_are_enforced_with_a_clear_message(client_for, params, named):
    response = client_for().get("/api/studies", params=params)
    assert response.status_code == 422
    assert named in response.json()["detail"]


@pytest.fixture(scope="module")
def live_server(app):
    """The app served by uvicorn on a free port: a streamed response needs a real server."""
    import uvicorn

    from rasharp_service.embedded import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


class EventStream:
    """Reads an SSE response in a thread; events arrive on a queue as (name, data)."""

    def __init__(self, base: str, cookies):
        self.events: queue.Queue = queue.Queue()
        # the TestClient's cookies are bound to its host name: sent here by name and value
        session = {cookie.name: cookie.value for cookie in cookies.jar}
        self.client = httpx.Client(base_url=base, cookies=session, timeout=None)
        self.response = self.client.send(
            self.client.build_request("GET", "/api/studies/events"), stream=True
        )
        assert self.response.status_code == 200, self.response.read()
        assert self.response.headers["content-type"].startswith("text/event-stream")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = None
        try:
            for line in self.response.iter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    self.events.put((name, json.loads(line[6:])))
        except httpx.HTTPError:
            pass  # closed by the test

    def next(self, timeout: float) -> tuple[str, dict]:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        self.response.close()
        self.client.close()


def test_the_events_stream_needs_a_session(live_server):
    response = httpx.get(f"{live_server}/api/studies/events")
    assert response.status_code == 401


@pytest.mark.usefixtures("worker")
def test_a_team_stream_receives_the_workers_status_changes_and_no_other_teams(
    client_for, live_server
):
    client, stranger = client_for(), client_for()
    mine = EventStream(live_server, client.cookies)
    theirs = EventStream(live_server, stranger.cookies)
    try:
        assert mine.next(10)[0] == "ready" and theirs.next(10)[0] == "ready"
        # a blank image: the real worker runs the models, finds no hand and fails the study
        study_id = client.post(
            "/api/studies", files={"file": ("blank.png", small_png(640, 800), "image/png")}
        ).json()["study_id"]
        seen = []
        deadline = time.monotonic() + 180
        while "failed" not in seen:
            name, data = mine.next(max(0.1, deadline - time.monotonic()))
            assert name == "study" and data["study_id"] == study_id
            seen.append(data["status"])
        assert {"queued", "running"} <= set(seen)
        assert client.get(f"/api/studies/{study_id}").json()["status"] == "failed"
        with pytest.raises(queue.Empty):
            theirs.next(0.5)
    finally:
        mine.close()
        theirs.close()


def test_a_grade_edit_is_pushed_to_the_team(client_for, seeded_study, live_server):
    client = client_for()
    study_id = seeded_study(client)
    stream = EventStream(live_server, client.cookies)
    try:
        assert stream.next(10)[0] == "ready"
        client.patch(f"/api/studies/{study_id}/joints/left/MCP2", json={"erosion": 3})
        assert stream.next(10) == ("study", {"study_id": study_id, "status": "done"})
    finally:
        stream.close()


def test_a_listed_page_shows_a_grade_edit_at_once(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    before = client.get("/api/studies").json()["items"][0]["totals"]
    joint = next(
        j
        for j in client.get(f"/api/studies/{study_id}").json()["joints"]
        if (j["side"], j["joint"]) == ("left", "MCP2")
    )
    new_value = 5 if joint["erosion"]["value"] != 5 else 4
    client.patch(f"/api/studies/{study_id}/joints/left/MCP2", json={"erosion": new_value})
    after = client.get("/api/studies").json()["items"][0]["totals"]
    assert after["erosion"] - before["erosion"] == new_value - joint["erosion"]["value"]
    assert after == client.get(f"/api/studies/{study_id}").json()["totals"]
