"""Service benchmark: prints figures, asserts nothing.

    .venv/bin/python backend/benchmarks/bench_api.py [--clients 50] [--requests 20] [--uploads 5]

Starts `rasharp-serve` in embedded mode (its own PostgreSQL, Redis and worker process, in a
temporary folder) unless DATABASE_URL / REDIS_URL are set, then measures:

1. upload-to-done: POST /api/studies of a two-hand PNG built from the hand atlas until
   GET /api/studies/{id} says done (median of --uploads runs, each a new file);
2. the worker's peak memory (VmHWM of the worker process) after scoring those uploads;
3. GET /api/studies/{id} latency with --clients concurrent clients, each sending --requests
   requests (after one untimed request that opens its connection, as a browser keeps one open)
   back to back, then paced (one every --interval seconds, as open study pages poll),
   p50/p95, against GET /api/auth/me measured the same way in the same run (the baseline:
   session check only); and the same GET with the study's ETag in If-None-Match, which is what
   a browser polling an unchanged study sends (answered 304).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
ATLAS = REPO.parent / "shared" / "data" / "hand-atlas"


def two_hand_png(seed: int) -> bytes | None:
    from PIL import Image, ImageOps

    path = ATLAS / "images" / "3143.jpg"
    if not path.is_file():
        return None
    left = Image.open(path).convert("L")
    canvas = Image.new("L", (left.width * 2 + left.width // 10, left.height))
    canvas.paste(ImageOps.mirror(left), (0, 0))
    canvas.paste(left, (left.width + left.width // 10, 0))
    canvas.putpixel((0, 0), seed % 256)  # a different file each time: no shortcut by content
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def start_server(
    data_dir: Path, port: int, password: str, api_workers: int = 1
) -> subprocess.Popen:
    env = {**os.environ, "RASHARP_ADMIN_PASSWORD": password}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rasharp_service.serve",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--api-workers",
            str(api_workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(data_dir / "serve.log", "w"),  # noqa: SIM115 (the server keeps it)
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not start; see {data_dir / 'serve.log'}")


def stop_server(server: subprocess.Popen, data_dir: Path, keep: bool = False) -> None:
    """SIGTERM to the server's process group (SIGKILL after 90 s); the data folder goes too."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(90)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)


def admin_client(base: str, password: str, timeout: float) -> tuple[httpx.Client, dict]:
    """A client signed in as admin with the notice accepted, once the worker has loaded its
    models; and those models."""
    client = httpx.Client(base_url=base, timeout=timeout)
    client.post(
        "/api/auth/login", json={"username": "admin", "password": password}
    ).raise_for_status()
    client.post("/api/disclaimer/accept").raise_for_status()
    deadline = time.monotonic() + 120
    while (models := client.get("/api/health").json()["models"]) is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the worker never reported its models")
        time.sleep(0.5)
    return client, models


def worker_pid(server_pid: int) -> int | None:
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        ppid = int(
            next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:"))
        )
        if ppid == server_pid and "celery" in cmdline:
            return int(proc.name)
    return None


def memory_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_done(client: httpx.Client, study_id: int, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/studies/{study_id}").json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.02)
    raise RuntimeError(f"study {study_id} not finished after {timeout} s")


async def latencies(
    base: str,
    cookies,
    path: str,
    clients: int,
    requests: int,
    interval: float,
    headers: dict | None = None,
) -> list[float]:
    """Each client sends its requests one after another, ``interval`` seconds apart (0: at once)."""
    import random

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, limits=limits, timeout=60
    ) as client:

        async def one_client() -> list[float]:
            times = []
            await asyncio.sleep(random.uniform(0, interval))
            await client.get(path, headers=headers)  # untimed: opens a connection
            for _ in range(requests):
                start = time.perf_counter()
                response = await client.get(path, headers=headers)
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code not in (200, 304):
                    response.raise_for_status()
                await asyncio.sleep(max(0.0, interval - times[-1] / 1000))
            return times

        results = await asyncio.gather(*(one_client() for _ in range(clients)))
    return [t for r in results for t in r]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="per client")
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument(
        "--interval",
        type=float,
        default=1.0,
        help="seconds between one client's requests in the paced run (as a UI polls)",
    )
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--api-workers", type=int, default=1, help="rasharp-serve --api-workers")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="rasharp-bench-"))
    password = secrets.token_urlsafe(12)
    server = start_server(data_dir, args.port, password, args.api_workers)
    base = f"http://127.0.0.1:{args.port}"
    try:
        client, models = admin_client(base, password, timeout=120)
        print(f"models: {models}")
        pid = worker_pid(server.pid)
        if pid:
            print(f"worker after start (models loaded): RSS {memory_mb(pid, 'VmRSS'):.0f} MB")

        study_id = None
        if two_hand_png(0) is None:
            print(f"upload-to-done: skipped, no hand atlas at {ATLAS}")
        else:
            totals, stages = [], []
            for i in range(args.uploads):
                data = two_hand_png(i + 1)
                start = time.perf_counter()
                response = client.post(
                    "/api/studies", files={"file": ("hands.png", data, "image/png")}
                )
                response.raise_for_status()
                study_id = response.json()["study_id"]
                body = wait_done(client, study_id)
                totals.append(time.perf_counter() - start)
                stages.append(body["timings_ms"])
                if body["status"] != "done":
                    print(f"upload {i + 1}: failed: {body['error']}")
                    break
            print(
                f"upload-to-done ({len(totals)} runs, 2 hands, "
                f"{len(data) / 1e6:.1f} MB PNG): median {statistics.median(totals):.2f} s, "
                f"min {min(totals):.2f} s, max {max(totals):.2f} s (goal <= 3 s)"
            )
            print(f"  stages of the last run (ms): {stages[-1]}")
            if pid:
                print(
                    f"worker peak memory while scoring: VmHWM {memory_mb(pid, 'VmHWM'):.0f} MB "
                    f"(goal <= 1024 MB)"
                )
        if study_id is None:
            study_id = (
                client.get("/api/studies").json()["items"][0]["id"]
                if client.get("/api/studies").json()["items"]
                else None
            )
        if study_id is None:
            print("GET study latency: skipped, no study")
            return
        detail = client.get(f"/api/studies/{study_id}").json()
        print(
            f"GET /api/studies/{study_id}: status {detail['status']}, "
            f"{len(detail['joints'])} joints, {len(client.get(f'/api/studies/{study_id}').content)} bytes"
        )
        for interval in (0.0, args.interval):
            pace = "back to back" if interval == 0 else f"one request every {interval:g} s each"
            revalidate = {"If-None-Match": client.get(f"/api/studies/{study_id}").headers["etag"]}
            for label, path, headers in (
                ("GET /api/auth/me (baseline)", "/api/auth/me", None),
                ("GET /api/studies/{id}", f"/api/studies/{study_id}", None),
                (
                    "GET /api/studies/{id} with If-None-Match (304)",
                    f"/api/studies/{study_id}",
                    revalidate,
                ),
            ):
                runs = []
                for _ in range(3):
                    times = asyncio.run(
                        latencies(
                            base,
                            client.cookies,
                            path,
                            args.clients,
                            args.requests,
                            interval,
                            headers,
                        )
                    )
                    runs.append((percentile(times, 50), percentile(times, 95)))
                p50 = statistics.median(r[0] for r in runs)
                p95 = statistics.median(r[1] for r in runs)
                print(
                    f"{label}: {args.clients} clients, {pace}, {args.requests} requests each, "
                    f"median of 3 runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms"
                )
                if headers is None and path == "/api/auth/me":
                    baseline = p95
                elif headers is None:
                    study_p95 = p95
            print(
                f"  study p95 / baseline p95 = {study_p95 / baseline:.2f} (goal: study p95 <= 50 ms)"
            )
    finally:
        stop_server(server, data_dir)


if __name__ == "__main__":
    main()
