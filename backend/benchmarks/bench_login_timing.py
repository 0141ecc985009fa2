"""Sign-in timing benchmark: prints figures, asserts nothing.

    .venv/bin/python backend/benchmarks/bench_login_timing.py [--runs 25]

Starts embedded PostgreSQL and Redis in a temporary folder (unless DATABASE_URL / REDIS_URL are
set), creates a user and a disabled user, and times POST /api/auth/login in-process for an
unknown username, a known username with a wrong password, and a disabled account with its right
password: the median and spread of --runs attempts each. The three should not be told apart.
The throttling limits are raised for the run, so that every attempt reaches the password check.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="rasharp-bench-login-"))
    os.environ.update(
        RASHARP_SECRET_KEY=secrets.token_urlsafe(48),
        RASHARP_LOGIN_MAX_FAILURES="100000",
        RASHARP_LOGIN_MAX_FAILURES_PER_ADDRESS="100000",
    )
    from rasharp_service.bootstrap import Environment

    environment = Environment(work)
    environment.start()
    try:
        measure(args.runs)
    finally:
        environment.stop()
        shutil.rmtree(work, ignore_errors=True)


def measure(runs: int) -> None:
    import logging

    from fastapi.testclient import TestClient

    from rasharp_service.auth.service import create_user
    from rasharp_service.db import new_session
    from rasharp_service.main import create_app

    password = secrets.token_urlsafe(16)
    with new_session() as db:
        create_user(db, "bench-known", password)
        create_user(db, "bench-disabled", password).is_active = False
        db.commit()
    client = TestClient(create_app(ui_dir=None))
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    cases = {
        "unknown username": lambda i: {"username": f"bench-nobody-{i}", "password": "wrong-guess"},
        "known, wrong password": lambda _i: {"username": "bench-known", "password": "wrong-guess"},
        "disabled, right password": lambda _i: {"username": "bench-disabled", "password": password},
    }
    client.post("/api/auth/login", json=cases["unknown username"](-1))  # warms the stand-in hash
    print(f"POST /api/auth/login, {runs} runs each (ms):")
    for name, body in cases.items():
        times = []
        for i in range(runs):
            started = time.perf_counter()
            status = client.post("/api/auth/login", json=body(i)).status_code
            times.append((time.perf_counter() - started) * 1000)
            assert status == 401, status
        quartiles = statistics.quantiles(times, n=4)
        print(
            f"  {name:26s} median {statistics.median(times):6.1f}"
            f"   p25 {quartiles[0]:6.1f}   p75 {quartiles[2]:6.1f}"
        )


if __name__ == "__main__":
    main()
