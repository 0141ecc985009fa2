"""A real S3-compatible server for the storage tests: moto's standalone server, as its own
process on a free port (the same HTTP API that Amazon S3, MinIO or Ceph answer)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _moto_server_command() -> list[str]:
    script = Path(sys.executable).parent / "moto_server"
    if script.exists():
        return [str(script)]
    if shutil.which("moto_server"):
        return ["moto_server"]
    pytest.skip(
        "moto's standalone server is not installed (pip install 'moto[server]'; "
        "`make install` installs it with the backend's dev extra)"
    )


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """URL of a running S3-compatible server; stopped after the session."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [*_moto_server_command(), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"moto_server did not start on port {port}:\n{log.read_text()}")
            time.sleep(0.1)
    yield endpoint
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()


S3_CREDENTIALS = {
    "RASHARP_S3_ACCESS_KEY_ID": "rasharp-test",
    "RASHARP_S3_SECRET_ACCESS_KEY": "rasharp-test-secret",
    "RASHARP_S3_REGION": "eu-central-1",
}  # moto accepts any


@pytest.fixture
def s3_bucket(s3_endpoint) -> str:
    """A new, empty bucket on the server."""
    import boto3

    name = f"rasharp-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-central-1",
        aws_access_key_id="rasharp-test",
        aws_secret_access_key="rasharp-test-secret",
    )
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    return name


@pytest.fixture
def s3_settings_env(s3_endpoint, s3_bucket) -> dict[str, str]:
    """The environment of a process configured for the S3 storage, as on a deployed machine."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RASHARP_", "AWS_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(S3_CREDENTIALS)
    env.update(
        {
            "RASHARP_STORAGE_BACKEND": "s3",
            "RASHARP_S3_BUCKET": s3_bucket,
            "RASHARP_S3_ENDPOINT_URL": s3_endpoint,
            "RASHARP_S3_PREFIX": "site-a/",
        }
    )
    return env
