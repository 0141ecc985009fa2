"""Password rules wherever a password is chosen (the user API, rasharp-admin, the first
administrator's RASHARP_ADMIN_PASSWORD), and usernames unique regardless of case."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

WEAK = [
    ("password", "at least 10 characters"),
    ("12345678", "at least 10 characters"),
    ("qwertyuiop", "most common"),
    ("Password1234", "most common"),  # "password" followed by digits
    ("Sunshine2024!", "most common"),
]


def new_name() -> str:
    return f"reader-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize(("password", "reason"), WEAK)
def test_the_api_refuses_weak_passwords_and_creates_nobody(client_for, password, reason):
    admin = client_for(admin=True)
    name = new_name()
    refused = admin.post("/api/users", json={"username": name, "password": password})
    assert refused.status_code == 422, refused.text
    assert reason in refused.json()["detail"]
    assert name not in [u["username"] for u in admin.get("/api/users").json()]


def test_the_password_may_not_be_the_username(client_for):
    admin = client_for(admin=True)
    name = "Reader.Same." + uuid.uuid4().hex[:6]
    refused = admin.post("/api/users", json={"username": name, "password": name.lower()})
    assert refused.status_code == 422
    assert "may not be the username" in refused.json()["detail"]


def test_a_password_change_follows_the_rules_and_keeps_the_old_one_when_refused(
    app, client_for, make_user
):
    admin = client_for(admin=True)
    username, password, _ = make_user()
    user_id = next(u["id"] for u in admin.get("/api/users").json() if u["username"] == username)
    refused = admin.patch(f"/api/users/{user_id}", json={"password": "1234567890"})
    assert refused.status_code == 422 and "most common" in refused.json()["detail"]
    login = {"username": username, "password": password}
    assert TestClient(app).post("/api/auth/login", json=login).status_code == 200

    changed = admin.patch(f"/api/users/{user_id}", json={"password": "violet-harbour-lamp"})
    assert changed.status_code == 200
    login["password"] = "violet-harbour-lamp"
    assert TestClient(app).post("/api/auth/login", json=login).status_code == 200


def test_usernames_differing_only_in_case_are_the_same(client_for):
    admin = client_for(admin=True)
    name = "Case.Reader." + uuid.uuid4().hex[:6]
    first = admin.post("/api/users", json={"username": name, "password": "violet-harbour-lamp"})
    assert first.status_code == 201
    again = admin.post(
        "/api/users", json={"username": name.upper(), "password": "violet-harbour-lamp"}
    )
    assert again.status_code == 409 and "already exists" in again.json()["detail"]


def test_the_database_refuses_a_second_name_in_another_case(db, make_user):
    from rasharp_service.auth.models import User
    from rasharp_service.auth.service import user_named

    username, _, _ = make_user()
    existing = user_named(db, username)
    db.add(
        User(
            username=username.upper(),
            password_hash=existing.password_hash,
            team_id=existing.team_id,
        )
    )
    with pytest.raises(IntegrityError, match="ux_users_username_lower"):
        db.flush()
    db.rollback()


def run_admin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rasharp_service.admin_cli", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def test_rasharp_admin_applies_the_rules(app, make_user):
    name = new_name()
    weak = run_admin("create-user", name, "--password", "password")
    assert weak.returncode == 2 and "at least 10 characters" in weak.stderr
    common = run_admin("create-user", name, "--password", "iloveyou12345")
    assert common.returncode == 2 and "most common" in common.stderr

    username, password, _ = make_user()
    refused = run_admin("set-password", username, "--password", username)
    assert refused.returncode == 2 and "may not be the username" in refused.stderr
    login = {"username": username, "password": password}
    assert TestClient(app).post("/api/auth/login", json=login).status_code == 200


def test_a_weak_admin_password_from_the_environment_is_refused(monkeypatch):
    from rasharp_service.auth.passwords import WeakPassword
    from rasharp_service.serve import initial_admin_password

    monkeypatch.setenv("RASHARP_ADMIN_PASSWORD", "abc")
    with pytest.raises(WeakPassword, match=r"RASHARP_ADMIN_PASSWORD is refused: .* at least 10"):
        initial_admin_password()
    monkeypatch.setenv("RASHARP_ADMIN_PASSWORD", "violet-harbour-lamp")
    assert initial_admin_password() == "violet-harbour-lamp"
    monkeypatch.delenv("RASHARP_ADMIN_PASSWORD")
    assert len(initial_admin_password()) >= 20


def test_the_admin_password_from_the_environment_never_resets_an_existing_admin(
    app, db, monkeypatch
):
    from rasharp_service.auth.service import create_user, user_named
    from rasharp_service.serve import ADMIN_USERNAME, ensure_admin

    if user_named(db, ADMIN_USERNAME) is None:
        create_user(db, ADMIN_USERNAME, "original-admin-secret", is_admin=True)
        db.commit()
    else:
        pytest.fail("the test database already has an administrator named admin")
    monkeypatch.setenv("RASHARP_ADMIN_PASSWORD", "another-admin-secret")
    ensure_admin()
    client = TestClient(app, client=("203.0.113.77", 50000))
    kept = {"username": ADMIN_USERNAME, "password": "original-admin-secret"}
    assert client.post("/api/auth/login", json=kept).status_code == 200
    reset = {"username": ADMIN_USERNAME, "password": "another-admin-secret"}
    assert client.post("/api/auth/login", json=reset).status_code == 401
