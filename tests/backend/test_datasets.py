"""Reviewed studies become a versioned, checksummed dataset snapshot (API and CLI) that the
rasharp library reads back for training, with every reader's final grades."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile

import pytest

from rasharp.snapshots import read_snapshot


def _reviewed_study(client, seeded_study, move: bool = False) -> int:
    study_id = seeded_study(client)
    edit = client.patch(f"/api/studies/{study_id}/joints/left/MCP2", json={"erosion": 4})
    assert edit.status_code == 200, edit.text
    if move:  # the reader puts the PIP3 marker elsewhere; the worker grades it again there
        pip3 = _joint(client.get(f"/api/studies/{study_id}").json(), "left", "PIP3")
        moved = client.put(
            f"/api/studies/{study_id}/joints/left/PIP3/position",
            json={"x": pip3["x"] + 5, "y": pip3["y"] - 3},
        )
        assert moved.status_code == 202, moved.text
        deadline = time.monotonic() + 120
        while _joint(client.get(f"/api/studies/{study_id}").json(), "left", "PIP3")["pending"]:
            assert time.monotonic() < deadline, "the moved joint was never graded again"
            time.sleep(0.1)
    assert client.post(f"/api/studies/{study_id}/review").status_code == 200
    return study_id


def _joint(detail: dict, side: str, code: str) -> dict:
    return next(j for j in detail["joints"] if (j["side"], j["joint"]) == (side, code))


@pytest.mark.usefixtures("worker")  # grades the moved marker again
def test_a_snapshot_holds_the_reviewed_studies_only_with_their_readers(
    client_for, seeded_study, tmp_path
):
    admin = client_for(team="dataset-site", admin=True)
    reader = client_for(team="dataset-site")
    refused = admin.post("/api/datasets", json={"name": "nothing yet"})
    assert (refused.status_code, refused.json()["code"]) == (422, "dataset.nothing_reviewed")

    reviewed = _reviewed_study(reader, seeded_study, move=True)
    seeded_study(reader)  # analysed but not reviewed: not training data
    first = admin.post("/api/datasets", json={"name": "fine-tuning, November"})
    assert first.status_code == 201, first.text
    assert (first.json()["version"], first.json()["films"]) == (1, 1)

    download = admin.get(f"/api/datasets/{first.json()['id']}/download")
    assert download.status_code == 200
    zipfile.ZipFile(io.BytesIO(download.content)).extractall(tmp_path / "v1")
    snapshot = read_snapshot(tmp_path / "v1")
    assert snapshot.manifest["sha256"] == first.json()["sha256"]
    assert snapshot.readers == [reader.username]
    (film,) = snapshot.films
    assert film.film == str(reviewed) and film.reviewed_by == reader.username
    mcp2 = next(j for j in film.joints if (j.side, j.joint) == ("left", "MCP2"))
    assert mcp2.final["erosion"] == 4
    assert mcp2.source["erosion"] == reader.username
    assert mcp2.readers[reader.username]["erosion"] == 4
    ip1 = next(j for j in film.joints if (j.side, j.joint) == ("left", "IP1"))
    assert ip1.source["erosion"] == "model"
    pip3 = next(j for j in film.joints if (j.side, j.joint) == ("left", "PIP3"))
    assert (pip3.position_source, mcp2.position_source) == (reader.username, "model")
    labelled = snapshot.labelled_set("final")
    assert len(labelled) == sum(j.present for j in film.joints)

    second = admin.post("/api/datasets", json={"name": "again"})
    assert second.json()["version"] == 2
    assert [s["version"] for s in admin.get("/api/datasets").json()] == [2, 1]
    audit = admin.get("/api/audit", params={"action": "exported"}).json()["items"]
    assert audit[0]["details"] == {"what": "dataset", "version": 1}


def test_only_the_teams_administrator_makes_or_reads_snapshots(client_for, seeded_study):
    reader = client_for(team="dataset-private")
    _reviewed_study(reader, seeded_study)
    assert reader.post("/api/datasets", json={"name": "mine"}).status_code == 403
    admin = client_for(team="dataset-private", admin=True)
    made = admin.post("/api/datasets", json={"name": "site"}).json()
    stranger = client_for(team="dataset-elsewhere", admin=True)
    missing = stranger.get(f"/api/datasets/{made['id']}/download")
    assert (missing.status_code, missing.json()["code"]) == (404, "dataset.not_found")


def test_the_command_line_unpacks_a_snapshot_that_verifies(client_for, seeded_study, tmp_path):
    reader = client_for(team="dataset-cli")
    _reviewed_study(reader, seeded_study)
    out = tmp_path / "from-cli"
    command = [
        sys.executable,
        "-m",
        "rasharp_service.admin_cli",
        "snapshot",
        "--team",
        "dataset-cli",
        "--name",
        "from the terminal",
        "--out",
        str(out),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "1 reviewed studies" in done.stdout
    assert read_snapshot(out).manifest["name"] == "from the terminal"
    again = subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), timeout=120
    )
    assert again.returncode == 2 and "is not empty" in again.stderr
