"""Guessing passwords: throttled per account and per client address (in Redis, so across API
processes), and no answer or timing that tells which usernames exist."""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from rasharp_service.config import get_settings

LOGIN = "/api/auth/login"
_addresses = itertools.count(1)


def client_from_new_address(app) -> TestClient:
    """A browser at an address no other test used, so that per-address counts start at zero."""
    n = next(_addresses)
    return TestClient(app, client=(f"198.51.{100 + n // 250}.{n % 250 + 1}", 50000))


def attempt(client: TestClient, username: str, password: str) -> int:
    return client.post(LOGIN, json={"username": username, "password": password}).status_code


def test_an_account_is_locked_after_too_many_failures_even_for_the_right_password(app, make_user):
    from rasharp_service.main import create_app

    username, password, _ = make_user()
    limit = get_settings().login_max_failures
    client = client_from_new_address(app)
    assert [attempt(client, username, "wrong-guess") for _ in range(limit)] == [401] * limit

    locked = client.post(LOGIN, json={"username": username, "password": password})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.json()["detail"]
    window = get_settings().login_lockout_minutes * 60
    assert 0 < int(locked.headers["retry-after"]) <= window
    assert "rasharp_session" not in locked.headers.get("set-cookie", "")
    # The lock is on the account, whatever the address, and is kept in Redis: another API
    # process (a second application instance here) refuses too.
    elsewhere = client_from_new_address(create_app(ui_dir=None))
    assert attempt(elsewhere, username, password) == 429


def test_an_address_is_locked_after_too_many_failures_across_accounts(app, make_user):
    username, password, _ = make_user()
    limit = get_settings().login_max_failures_per_address
    guesser = client_from_new_address(app)
    answers = [attempt(guesser, f"nobody-{i}", "wrong-guess") for i in range(limit)]
    assert answers == [401] * limit
    assert attempt(guesser, username, password) == 429
    assert attempt(client_from_new_address(app), username, password) == 200


def test_a_success_starts_the_account_count_afresh(app, make_user):
    username, password, _ = make_user()
    below = get_settings().login_max_failures - 1
    client = client_from_new_address(app)
    for _ in range(2):
        assert [attempt(client, username, "wrong-guess") for _ in range(below)] == [401] * below
        assert attempt(client, username, password) == 200


def test_guesses_sent_at_once_cannot_exceed_the_limit(app, make_user):
    username, _, _ = make_user()
    limit = get_settings().login_max_failures
    clients = [client_from_new_address(app) for _ in range(limit + 7)]
    with ThreadPoolExecutor(len(clients)) as pool:
        answers = list(pool.map(lambda c: attempt(c, username, "wrong-guess"), clients))
    assert sorted(answers) == [401] * limit + [429] * 7


def test_the_lock_ends_with_its_window(make_user):
    from rasharp_service.auth.throttle import LoginThrottle
    from rasharp_service.deps import _redis_client, login_throttle
    from rasharp_service.main import create_app

    short = create_app(ui_dir=None)
    short.dependency_overrides[login_throttle] = lambda: LoginThrottle(
        _redis_client(get_settings().redis_url), max_per_account=2, max_per_address=50, window_s=2
    )
    username, password, _ = make_user()
    client = client_from_new_address(short)
    assert [attempt(client, username, "wrong-guess") for _ in range(2)] == [401, 401]
    assert attempt(client, username, password) == 429
    time.sleep(2.5)
    assert attempt(client, username, password) == 200


def test_unknown_names_wrong_passwords_and_disabled_accounts_get_the_same_answer(
    app, client_for, make_user
):
    username, _, _ = make_user()
    admin = client_for(admin=True)
    disabled_name, disabled_password, _ = make_user()
    disabled_id = next(
        u["id"] for u in admin.get("/api/users").json() if u["username"] == disabled_name
    )
    assert admin.patch(f"/api/users/{disabled_id}", json={"is_active": False}).status_code == 200

    answers = []
    for name, secret in [
        ("nobody-" + username, "wrong-guess"),
        (username, "wrong-guess"),
        (disabled_name, disabled_password),  # the right password of a disabled account
    ]:
        response = client_from_new_address(app).post(
            LOGIN, json={"username": name, "password": secret}
        )
        answers.append((response.status_code, response.json()))
    assert (
        answers
        == [
            (
                401,
                {
                    "detail": "Wrong username or password.",
                    "code": "auth.wrong_credentials",
                    "params": {},
                },
            )
        ]
        * 3
    )


def test_an_unknown_name_costs_the_same_password_check_as_a_known_one(app, make_user, monkeypatch):
    """Timing: an unknown name is checked against a stand-in hash, so it takes one scrypt
    like a known name (figures: backend/benchmarks/bench_login_timing.py)."""
    from rasharp_service.auth import service

    checks = []
    real_verify = service.verify_password

    def counted(password: str, stored: str) -> bool:
        checks.append(stored.split("$")[0])
        return real_verify(password, stored)

    monkeypatch.setattr(service, "verify_password", counted)
    username, _, _ = make_user()
    client = client_from_new_address(app)
    assert attempt(client, "nobody-" + username, "wrong-guess") == 401
    assert attempt(client, username, "wrong-guess") == 401
    assert checks == ["scrypt", "scrypt"]


@pytest.mark.parametrize("spelling", [str.upper, str.title])
def test_sign_in_ignores_the_case_of_the_username(app, make_user, spelling):
    username, password, _ = make_user()
    response = client_from_new_address(app).post(
        LOGIN, json={"username": spelling(username), "password": password}
    )
    assert response.status_code == 200 and response.json()["username"] == username
