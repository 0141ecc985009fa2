"""Signing in, sessions, the research-use disclaimer gate, and user management."""

from __future__ import annotations

import os
import subprocess
import sys

from backend_images import small_png
from fastapi.testclient import TestClient


def test_login_sets_an_httponly_samesite_cookie_and_me_answers(app, make_user):
    username, password, team = make_user()
    client = TestClient(app)
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"].lower()
    assert "rasharp_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    me = client.get("/api/auth/me").json()
    assert me == {
        "id": me["id"],
        "username": username,
        "team": team,
        "is_admin": False,
        "disclaimer_accepted": False,
    }


def test_wrong_password_and_missing_session_are_refused_with_a_sentence(app, make_user):
    username, _, _ = make_user()
    client = TestClient(app)
    wrong = client.post("/api/auth/login", json={"username": username, "password": "not-it"})
    assert wrong.status_code == 401
    assert wrong.json() == {
        "detail": "Wrong username or password.",
        "code": "auth.wrong_credentials",
        "params": {},
    }
    anonymous = client.get("/api/studies")
    assert anonymous.status_code == 401
    assert "log in" in anonymous.json()["detail"]


def test_logout_ends_the_session(client_for):
    client = client_for()
    assert client.get("/api/auth/me").status_code == 200
    token = client.cookies.get("rasharp_session")
    assert client.post("/api/auth/logout").status_code == 204
    client.cookies.set("rasharp_session", token)  # a copied cookie is dead too
    assert client.get("/api/auth/me").status_code == 401


def test_upload_edit_and_export_are_refused_until_the_disclaimer_is_accepted(
    client_for, seeded_study
):
    client = client_for(accept=False)
    study_id = seeded_study(client)
    disclaimer = client.get("/api/disclaimer").json()
    assert disclaimer["accepted"] is False and "research use only" in disclaimer["text"]

    refused = [
        client.post("/api/studies", files={"file": ("hand.png", small_png(), "image/png")}),
        client.patch(f"/api/studies/{study_id}/joints/right/MCP2", json={"erosion": 2}),
        client.put(f"/api/studies/{study_id}/joints/right/MCP2/position", json={"x": 5, "y": 5}),
        client.post(f"/api/studies/{study_id}/reset"),
        client.get(f"/api/studies/{study_id}/export.csv"),
        client.get(f"/api/studies/{study_id}/export.pdf"),
    ]
    for response in refused:
        assert response.status_code == 403, response.request.url
        assert "accept the research-use disclaimer" in response.json()["detail"]
    # Reading is allowed: the reader must be able to see what they would accept.
    assert client.get(f"/api/studies/{study_id}").status_code == 200

    accepted = client.post("/api/disclaimer/accept").json()
    assert accepted["accepted"] is True and accepted["version"] == disclaimer["version"]
    assert client.get("/api/auth/me").json()["disclaimer_accepted"] is True
    assert client.get(f"/api/studies/{study_id}/export.csv").status_code == 200


def test_only_admins_manage_users_and_a_disabled_user_cannot_log_in(app, client_for):
    admin = client_for(admin=True)
    someone = client_for()
    assert someone.get("/api/users").status_code == 403

    created = admin.post(
        "/api/users",
        json={"username": "reader.one", "password": "long-enough-1", "team": "clinic-b"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["team"] == "clinic-b" and created.json()["is_admin"] is False
    again = admin.post("/api/users", json={"username": "reader.one", "password": "long-enough-1"})
    assert again.status_code == 409 and "already exists" in again.json()["detail"]
    short = admin.post("/api/users", json={"username": "reader.two", "password": "short"})
    assert short.status_code == 422 and "password" in short.json()["detail"]

    reader = TestClient(app)
    assert (
        reader.post(
            "/api/auth/login", json={"username": "reader.one", "password": "long-enough-1"}
        ).status_code
        == 200
    )
    disabled = admin.patch(f"/api/users/{created.json()['id']}", json={"is_active": False})
    assert disabled.status_code == 200 and disabled.json()["is_active"] is False
    assert reader.get("/api/auth/me").status_code == 401  # open sessions end at once
    refused = TestClient(app).post(
        "/api/auth/login", json={"username": "reader.one", "password": "long-enough-1"}
    )
    # the same answer as a wrong password: a guesser learns nothing about the account
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "Wrong username or password.",
        "code": "auth.wrong_credentials",
        "params": {},
    }
    names = [u["username"] for u in admin.get("/api/users").json()]
    assert "reader.one" in names and admin.username in names


def test_admin_cli_creates_a_user_who_can_log_in(app):
    command = [
        sys.executable,
        "-m",
        "rasharp_service.admin_cli",
        "create-user",
        "cli.reader",
        "--password",
        "cli-password-1",
        "--team",
        "Клиника",
        "--admin",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "created administrator cli.reader in team Клиника" in done.stdout
    client = TestClient(app)
    me = client.post(
        "/api/auth/login", json={"username": "cli.reader", "password": "cli-password-1"}
    )
    assert me.status_code == 200 and me.json()["team"] == "Клиника" and me.json()["is_admin"]

    duplicate = subprocess.run(
        command, capture_output=True, text=True, env=os.environ.copy(), timeout=120
    )
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr
