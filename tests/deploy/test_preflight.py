"""The container's start-up checks (deploy/preflight.py): a worker refuses to start with model
files that differ from the checksums recorded at build time, unusable storage or unsafe
production settings, and says what to change."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from conftest import REPO

PREFLIGHT = REPO / "deploy" / "preflight.py"
STRONG_KEY = "kT3vQ9xLm2Zp7RwA5bNc8YdHf4JsGe6U"  # 32 characters, 32 different


def clean_env(**values) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RASHARP_", "AWS_")) and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(values)
    return env


def preflight(role: str, env: dict, cwd, checksums=None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(PREFLIGHT), "--role", role]
    if checksums is not None:
        command += ["--model-checksums", str(checksums)]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def worker_files(tmp_path):
    """A models folder with its checksum file, and a storage folder."""
    models = tmp_path / "weights"
    models.mkdir()
    (models / "localizer.onnx").write_bytes(b"localizer weights " * 1000)
    (models / "scorer.onnx").write_bytes(b"scorer weights " * 1000)
    checksums = tmp_path / "models.sha256"
    checksums.write_text(
        "".join(
            f"{hashlib.sha256((models / n).read_bytes()).hexdigest()}  {n}\n"
            for n in ("localizer.onnx", "scorer.onnx")
        )
    )
    env = clean_env(RASHARP_MODEL_DIR=str(models), RASHARP_STORAGE_DIR=str(tmp_path / "storage"))
    return models, checksums, env


def test_worker_starts_with_intact_models(worker_files, tmp_path):
    _, checksums, env = worker_files
    result = preflight("worker", env, tmp_path, checksums)
    assert result.returncode == 0, result.stderr
    assert "models ok (localizer.onnx" in result.stdout and "storage ok" in result.stdout
    left = [p for p in (tmp_path / "storage").rglob("*") if p.is_file()]
    assert not left, f"the storage probe was left behind: {left}"


def test_changed_model_file_is_refused(worker_files, tmp_path):
    models, checksums, env = worker_files
    (models / "scorer.onnx").write_bytes(b"other weights")
    result = preflight("worker", env, tmp_path, checksums)
    assert result.returncode == 4
    assert "scorer.onnx does not match its checksum" in result.stderr


def test_missing_model_file_is_refused(worker_files, tmp_path):
    models, checksums, env = worker_files
    (models / "localizer.onnx").unlink()
    result = preflight("worker", env, tmp_path, checksums)
    assert result.returncode == 4 and "localizer.onnx is missing" in result.stderr


def test_storage_that_cannot_be_written_is_refused(worker_files, tmp_path):
    *_, env = worker_files
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the storage folder should be")
    result = preflight("api", dict(env, RASHARP_STORAGE_DIR=str(blocked)), tmp_path)
    assert result.returncode == 3 and "could not be written" in result.stderr


@pytest.mark.skipif(os.getuid() == 0, reason="root writes into any folder; needs an ordinary user")
def test_storage_owned_by_another_user_names_the_fix(worker_files, tmp_path):
    _, _, env = worker_files
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = preflight("api", dict(env, RASHARP_STORAGE_DIR=str(locked)), tmp_path)
    assert result.returncode == 3 and "chown" in result.stderr


def test_missing_s3_bucket_is_refused(s3_settings_env, tmp_path):
    result = preflight("api", dict(s3_settings_env, RASHARP_S3_BUCKET="not-created"), tmp_path)
    assert result.returncode == 3
    assert "not-created" in result.stderr and "does not exist" in result.stderr


def test_s3_storage_passes(s3_settings_env, tmp_path):
    result = preflight("api", s3_settings_env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "storage ok (s3://" in result.stdout


@pytest.mark.parametrize(
    "values, named",
    [
        ({}, "RASHARP_SECRET_KEY"),
        ({"RASHARP_SECRET_KEY": "a" * 36, "RASHARP_COOKIE_SECURE": "true"}, "RASHARP_SECRET_KEY"),
        ({"RASHARP_SECRET_KEY": STRONG_KEY}, "RASHARP_COOKIE_SECURE"),
        (
            {
                "RASHARP_SECRET_KEY": STRONG_KEY,
                "RASHARP_COOKIE_SECURE": "true",
                "RASHARP_CORS_ORIGINS": "*",
            },
            "RASHARP_CORS_ORIGINS",
        ),
    ],
)
def test_unsafe_production_settings_are_refused(tmp_path, values, named):
    env = clean_env(
        RASHARP_ENVIRONMENT="production", RASHARP_STORAGE_DIR=str(tmp_path / "s"), **values
    )
    result = preflight("migrate", env, tmp_path)
    assert result.returncode == 2
    assert named in result.stderr and "Traceback" not in result.stderr


def test_gpu_worker_without_cuda_is_refused(worker_files, tmp_path):
    """Here onnxruntime has no CUDA provider, as in the CPU image: a worker told to use the GPU
    stops at start instead of running slowly on the CPU."""
    import onnxruntime

    if "CUDAExecutionProvider" in onnxruntime.get_available_providers():
        pytest.skip("this machine's onnxruntime has CUDA")
    _, checksums, env = worker_files
    result = preflight("worker", dict(env, RASHARP_DEVICE="cuda"), tmp_path, checksums)
    assert result.returncode == 5
    assert "no CUDA provider" in result.stderr and "rasharp:gpu" in result.stderr


def test_the_trainer_starts_where_torch_is_and_is_refused_where_it_is_not(tmp_path):
    env = clean_env(RASHARP_STORAGE_DIR=str(tmp_path / "storage"))
    result = preflight("trainer", env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "storage ok" in result.stdout and "training ok (torch " in result.stdout
    # as in the runtime image: torch cannot be imported
    hidden = tmp_path / "no-torch"
    (hidden / "torch").mkdir(parents=True)
    (hidden / "torch" / "__init__.py").write_text("raise ImportError('No module named torch')\n")
    result = preflight("trainer", dict(env, PYTHONPATH=str(hidden)), tmp_path)
    assert result.returncode == 4
    assert "the trainer cannot fine-tune" in result.stderr and "--target trainer" in result.stderr
