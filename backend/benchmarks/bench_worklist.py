"""Worklist benchmark: prints figures, asserts nothing.

    .venv/bin/python backend/benchmarks/bench_worklist.py [--studies 10000] [--clients 50]
        [--seconds 20] [--runs 3] [--data-dir DIR] [--api-workers 1]

Seeds the admin's team with --studies studies (seed_studies.py; kept in --data-dir, so a second
run with the same folder reuses them), starts `rasharp-serve` on that folder as bench_api.py
does, and measures with --clients clients, each polling once a second as an open page does:

1. GET /api/studies, the first page (50 studies, totals included);
2. GET /api/studies?patient_code=..., the first page of a filter;
3. GET /api/studies/{id} of a finished study (detail; 30 joints);
4. GET /api/studies/{id} back to back from the same clients (the most it can serve).

For each: p50 / p95 / p99 latency and responses per second, the median over --runs runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from bench_api import percentile, start_server, stop_server


def seed(data_dir: Path, password: str, count: int) -> None:
    """The admin account and ``count`` seeded studies in its team, unless already there."""
    from seed_studies import SEED_PREFIX, seed_studies
    from sqlalchemy import text

    from rasharp_service.bootstrap import Environment
    from rasharp_service.db import get_engine
    from rasharp_service.serve import ensure_admin

    outer = dict(os.environ)  # the server started later sets up its own engines again
    os.environ["RASHARP_ADMIN_PASSWORD"] = password
    environment = Environment(data_dir, need_redis=False)
    environment.start()
    try:
        ensure_admin()
        with get_engine().connect() as conn:
            have = conn.execute(
                text(
                    "SELECT count(*) FROM studies s JOIN patients p ON p.id = s.patient_id "
                    "WHERE p.code LIKE :prefix"
                ),
                {"prefix": SEED_PREFIX + "%"},
            ).scalar_one()
        if have < count:
            start = time.perf_counter()
            seed_studies(count - have)
            print(f"seeded {count - have} studies in {time.perf_counter() - start:.1f} s")
        else:
            print(f"reusing {have} seeded studies in {data_dir}")
    finally:
        get_engine().dispose()
        environment.stop()
        os.environ.clear()
        os.environ.update(outer)


async def poll(
    base: str, cookies, path: str, clients: int, seconds: float, interval: float
) -> tuple[list[float], int]:
    """Each client requests ``path`` every ``interval`` s (0: back to back) for ``seconds``."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, limits=limits, timeout=60
    ) as client:
        errors = 0

        async def one_client() -> list[float]:
            nonlocal errors
            times: list[float] = []
            await asyncio.sleep(random.uniform(0, interval))
            await client.get(path)  # untimed: opens the connection, as a browser keeps one
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                start = time.perf_counter()
                response = await client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                errors += response.status_code != 200
                await asyncio.sleep(max(0.0, interval - times[-1] / 1000))
            return times

        results = await asyncio.gather(*(one_client() for _ in range(clients)))
    return [t for r in results for t in r], errors


def measure(label: str, base: str, cookies, path: str, args, interval: float) -> None:
    runs = []
    for _ in range(args.runs):
        times, errors = asyncio.run(poll(base, cookies, path, args.clients, args.seconds, interval))
        if errors:
            print(f"  {label}: {errors} responses were not 200")
        runs.append(
            (
                percentile(times, 50),
                percentile(times, 95),
                percentile(times, 99),
                len(times) / args.seconds,
            )
        )
    p50, p95, p99, rate = (statistics.median(r[i] for r in runs) for i in range(4))
    pace = "back to back" if interval == 0 else f"every {interval:g} s"
    print(
        f"{label}: {args.clients} clients {pace}, {args.seconds:g} s, median of {args.runs} runs: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, {rate:.0f} responses/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--studies", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--api-workers", type=int, default=1)
    parser.add_argument(
        "--data-dir", type=Path, help="keep the seeded database here (default: a temporary one)"
    )
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="rasharp-worklist-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    seed(data_dir, password, args.studies)
    if not args.port:
        from rasharp_service.embedded import free_port

        args.port = free_port()
    server = start_server(data_dir, args.port, password, args.api_workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        client = httpx.Client(base_url=base, timeout=60)
        client.post(
            "/api/auth/login", json={"username": "admin", "password": password}
        ).raise_for_status()
        first = client.get("/api/studies").json()
        done = next(s for s in first["items"] if s["status"] == "done")
        code = done["patient_code"]
        filtered = client.get("/api/studies", params={"patient_code": code}).json()
        print(
            f"worklist: {first['total']} studies, first page {len(first['items'])} "
            f"({len(client.get('/api/studies').content)} bytes); "
            f"filter {code!r}: {filtered['total']} studies"
        )
        measure("GET /api/studies (first page)", base, client.cookies, "/api/studies", args, 1.0)
        measure(
            "GET /api/studies?patient_code= (first page of a filter)",
            base,
            client.cookies,
            f"/api/studies?patient_code={code}",
            args,
            1.0,
        )
        detail = f"/api/studies/{done['id']}"
        measure("GET /api/studies/{id}", base, client.cookies, detail, args, 1.0)
        measure("GET /api/studies/{id}", base, client.cookies, detail, args, 0.0)
        print(
            f"(machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; the server, "
            "its database and these clients share them)"
        )
    finally:
        stop_server(server, data_dir, keep=args.data_dir is not None)


if __name__ == "__main__":
    main()
