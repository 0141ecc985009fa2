"""The S3 storage against a real S3-compatible server process: what the API writes, a worker
on another machine reads; missing files and unusable buckets give clear errors."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from PIL import Image

from rasharp_service.storage_s3 import S3Storage, StorageUnavailable

S3_CREDENTIALS = {
    "RASHARP_S3_ACCESS_KEY_ID": "rasharp-test",
    "RASHARP_S3_SECRET_ACCESS_KEY": "rasharp-test-secret",
    "RASHARP_S3_REGION": "eu-central-1",
}


def storage_for(endpoint: str, bucket: str, prefix: str = "") -> S3Storage:
    return S3Storage(
        bucket,
        prefix=prefix,
        endpoint_url=endpoint,
        region=S3_CREDENTIALS["RASHARP_S3_REGION"],
        access_key_id=S3_CREDENTIALS["RASHARP_S3_ACCESS_KEY_ID"],
        secret_access_key=S3_CREDENTIALS["RASHARP_S3_SECRET_ACCESS_KEY"],
    )


def radiograph_png(seed: int = 0) -> bytes:
    """A 16-bit greyscale PNG with structure, like an exported radiograph."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:300, 0:240]
    pixels = (
        (20000 + 15000 * np.sin(x / 17.0) * np.cos(y / 23.0) + rng.normal(0, 500, (300, 240)))
        .clip(0, 65535)
        .astype(np.uint16)
    )
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def run_python(code: str, env: dict, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_upload_read_delete(s3_endpoint, s3_bucket):
    storage = storage_for(s3_endpoint, s3_bucket)
    storage.check()
    data = radiograph_png()
    key = (
        f"radiographs/{hashlib.sha256(data).hexdigest()[:2]}/{hashlib.sha256(data).hexdigest()}.png"
    )

    assert not storage.exists(key)
    storage.write(key, data)
    assert storage.exists(key)
    assert storage.read(key) == data

    replacement = radiograph_png(seed=1)
    storage.write(key, replacement)
    assert storage.read(key) == replacement

    storage.delete(key)
    assert not storage.exists(key)
    with pytest.raises(FileNotFoundError, match=key):
        storage.read(key)
    storage.delete(key)  # deleting what is gone is not an error, as with the local storage


def test_prefix_keeps_sites_apart(s3_endpoint, s3_bucket):
    site_a = storage_for(s3_endpoint, s3_bucket, "site-a")
    site_b = storage_for(s3_endpoint, s3_bucket, "site-b/")
    site_a.write("reports/1/report.pdf", b"%PDF-1.7 a")
    assert not site_b.exists("reports/1/report.pdf")
    listed = site_a.client.list_objects_v2(Bucket=s3_bucket)["Contents"]
    assert [item["Key"] for item in listed] == ["site-a/reports/1/report.pdf"]


@pytest.mark.parametrize("key", ["../escape.png", "/absolute.png", "a/../../b.png", "a\\b.png", ""])
def test_keys_outside_the_storage_are_refused(s3_endpoint, s3_bucket, key):
    with pytest.raises(ValueError, match="not a relative path"):
        storage_for(s3_endpoint, s3_bucket).write(key, b"x")


def test_missing_bucket_is_reported_with_its_name(s3_endpoint):
    with pytest.raises(StorageUnavailable, match=r"no-such-bucket.*does not exist"):
        storage_for(s3_endpoint, "no-such-bucket").check()


def test_worker_process_reads_what_the_api_process_wrote(s3_settings_env, s3_bucket, tmp_path):
    """Two processes configured only by their environment, as the API and a worker on
    another machine are: the worker decodes the radiograph the API stored."""
    data = radiograph_png(seed=7)
    (tmp_path / "upload.png").write_bytes(data)
    api = run_python(
        """
        import hashlib, sys
        from rasharp_service.storage import get_storage
        data = open("upload.png", "rb").read()
        key = "radiographs/" + hashlib.sha256(data).hexdigest() + ".png"
        get_storage().write(key, data)
        print(key)
    """,
        s3_settings_env,
        tmp_path,
    )
    assert api.returncode == 0, api.stderr
    key = api.stdout.strip()

    worker = run_python(
        f"""
        import hashlib, json
        from rasharp.imaging import read_image
        from rasharp_service.storage import get_storage
        storage = get_storage()
        data = storage.read({key!r})
        image = read_image(data, "upload.png")
        print(json.dumps({{"backend": type(storage).__name__,
                          "sha256": hashlib.sha256(data).hexdigest(),
                          "shape": list(image.pixels.shape)}}))
    """,
        s3_settings_env,
        tmp_path,
    )
    assert worker.returncode == 0, worker.stderr
    seen = json.loads(worker.stdout.strip().splitlines()[-1])
    assert seen == {
        "backend": "S3Storage",
        "sha256": hashlib.sha256(data).hexdigest(),
        "shape": [300, 240],
    }

    # The object sits under the configured prefix, where another machine's worker looks.
    assert (
        storage_for(s3_settings_env["RASHARP_S3_ENDPOINT_URL"], s3_bucket, "site-a").read(key)
        == data
    )

    cleanup = run_python(
        f"""
        from rasharp_service.storage import get_storage
        get_storage().delete({key!r})
        print(get_storage().exists({key!r}))
    """,
        s3_settings_env,
        tmp_path,
    )
    assert cleanup.stdout.strip() == "False", cleanup.stderr


def test_s3_backend_without_bucket_refuses_to_start(s3_settings_env, tmp_path):
    env = dict(s3_settings_env, RASHARP_S3_BUCKET="")
    result = run_python(
        "from rasharp_service.config import get_settings; get_settings()", env, tmp_path
    )
    assert result.returncode != 0
    assert "RASHARP_S3_BUCKET" in result.stderr
