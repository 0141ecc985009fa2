"""docker-compose.yml as an operator uses it: `deploy/init-env` writes .env, the compose client
validates the stack, and the containers' settings pass the service's production checks."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import REPO

LONG_RUNNING = ("postgres", "redis", "api", "worker-cpu", "worker-gpu", "proxy")


def compose_client() -> list[str]:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip(
        "no docker compose client here: `apt-get install docker-compose` "
        "(`make deploy-tools`) or the Docker Compose plugin provides one"
    )


def stack_copy(tmp_path):
    """What an operator has on the server: the compose file, .env.example and deploy/."""
    for name in ("docker-compose.yml", ".env.example", "Dockerfile"):
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "deploy", tmp_path / "deploy")
    return tmp_path


def init_env(stack, *args) -> str:
    result = subprocess.run(
        [str(stack / "deploy" / "init-env"), "rasharp.hospital.example", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def compose_config(stack, env: dict | None = None) -> dict:
    import os

    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RASHARP_", "COMPOSE_", "POSTGRES_", "REDIS_"))
    }
    environment.update(env or {})
    result = subprocess.run(
        [*compose_client(), "-f", "docker-compose.yml", "config"],
        cwd=stack,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def env_dict(environment) -> dict[str, str]:
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {k: "" if v is None else str(v) for k, v in (environment or {}).items()}


@pytest.fixture
def gpu_stack(tmp_path):
    stack = stack_copy(tmp_path)
    init_env(stack)
    # As on a GPU server (init-env found none here): the GPU profile and a CPU-only CPU worker.
    return compose_config(
        stack, {"COMPOSE_PROFILES": "gpu,monitoring", "RASHARP_CPU_WORKER_QUEUES": "cpu"}
    )


def test_stack_has_every_service_with_health_checks(gpu_stack):
    services = gpu_stack["services"]
    assert set(services) >= {
        "postgres",
        "redis",
        "migrate",
        "api",
        "worker-gpu",
        "worker-cpu",
        "proxy",
        "flower",
    }
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"
        # a worker killed (or crashed) is started again by Docker
        assert services[name].get("restart") in ("unless-stopped", "always"), name
    assert services["migrate"]["restart"] == "no"


def test_start_order_waits_for_health_and_migrations(gpu_stack):
    services = gpu_stack["services"]
    for name in ("api", "worker-gpu", "worker-cpu"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"]["api"]["condition"] == "service_healthy"


def test_gpu_worker_reserves_the_gpu_and_takes_the_gpu_queue(gpu_stack):
    services = gpu_stack["services"]
    gpu = services["worker-gpu"]
    device = gpu["deploy"]["resources"]["reservations"]["devices"][0]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]
    assert gpu["build"]["target"] == "gpu"
    gpu_env = env_dict(gpu["environment"])
    assert gpu_env["RASHARP_WORKER_QUEUES"] == "gpu" and gpu_env["RASHARP_DEVICE"] == "cuda"
    assert env_dict(services["worker-cpu"]["environment"])["RASHARP_WORKER_QUEUES"] == "cpu"


def test_the_trainer_runs_in_the_training_profile_like_a_worker(tmp_path):
    stack = stack_copy(tmp_path)
    init_env(stack, "--no-gpu")
    services = compose_config(stack, {"COMPOSE_PROFILES": "training"})["services"]
    trainer, worker = services["trainer"], services["worker-cpu"]
    assert trainer["profiles"] == ["training"]  # only where training runs are wanted
    assert trainer["build"]["target"] == "trainer" and trainer["command"] == ["trainer"]
    assert trainer["image"].endswith(":trainer") and worker["image"].endswith(":cpu")
    # The same stored files as the workers; the import folder is the workers' alone.
    assert trainer["volumes"] == [v for v in worker["volumes"] if not v.endswith("/import:ro")]
    trainer_env, worker_env = env_dict(trainer["environment"]), env_dict(worker["environment"])
    for name in ("DATABASE_URL", "REDIS_URL", "RASHARP_STORAGE_DIR", "RASHARP_ENVIRONMENT"):
        assert trainer_env[name] == worker_env[name], name
    assert trainer_env["RASHARP_TRAIN_DEVICE"] == "auto"
    assert trainer["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert trainer["healthcheck"]["test"] and trainer["restart"] == "unless-stopped"


def test_without_a_gpu_the_cpu_worker_also_takes_gpu_work(tmp_path):
    stack = stack_copy(tmp_path)
    out = init_env(stack, "--no-gpu")
    assert "GPU worker:    no" in out
    services = compose_config(stack)["services"]
    assert env_dict(services["worker-cpu"]["environment"])["RASHARP_WORKER_QUEUES"] == "cpu,gpu"


def test_storage_and_database_live_on_named_volumes(gpu_stack):
    services = gpu_stack["services"]
    assert {"storage", "pgdata", "redisdata"} <= set(gpu_stack["volumes"])

    def mounts(service):
        return [
            str(v.get("source") if isinstance(v, dict) else v.split(":")[0])
            for v in services[service].get("volumes", [])
        ]

    for name in ("api", "worker-gpu", "worker-cpu"):
        assert any(m.endswith("storage") for m in mounts(name)), f"{name} lacks the shared storage"
    assert any(m.endswith("pgdata") for m in mounts("postgres"))


def volume_mounts(service: dict) -> list[tuple[str, str, bool]]:
    """(source, target, read-only) of each mount, in the long or the short syntax."""
    found = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            found.append(
                (str(volume.get("source")), volume["target"], bool(volume.get("read_only")))
            )
        else:
            source, target, *mode = volume.split(":")
            found.append((source, target, "ro" in mode))
    return found


def test_the_import_folder_is_mounted_read_only_where_imports_run(tmp_path):
    stack = stack_copy(tmp_path)
    init_env(stack)
    (stack / "trial-archive").mkdir()
    services = compose_config(
        stack, {"COMPOSE_PROFILES": "gpu", "RASHARP_IMPORT_HOST_DIR": "./trial-archive"}
    )["services"]
    for name in ("api", "worker-gpu", "worker-cpu"):
        mounts = [m for m in volume_mounts(services[name]) if m[1] == "/import"]
        assert len(mounts) == 1, f"{name} does not see the import folder"
        source, _, read_only = mounts[0]
        assert read_only, f"{name} could write into the import folder"
        assert source == str(stack / "trial-archive")
    for name in ("postgres", "redis", "proxy", "migrate"):
        targets = [m[1] for m in volume_mounts(services[name])]
        assert "/import" not in targets, f"{name} needs no import folder"


def test_containers_get_production_settings_that_the_service_accepts(gpu_stack, tmp_path):
    """The environment compose gives each service (.env plus its overrides) passes the
    service's own production checks: random secret, secure cookies, the stack's database."""
    for name in ("api", "worker-gpu", "worker-cpu", "migrate"):
        env = env_dict(gpu_stack["services"][name]["environment"])
        assert env["RASHARP_ENVIRONMENT"] == "production"
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://rasharp:")
        assert env["DATABASE_URL"].endswith("@postgres:5432/rasharp")
        assert env["REDIS_URL"].startswith("redis://:") and env["REDIS_URL"].endswith(
            "@redis:6379/0"
        )
        check = subprocess.run(
            [
                sys.executable,
                "-c",
                "from rasharp_service.config import get_settings; s = get_settings(); "
                "print(s.environment, s.cookie_secure, len(s.secret_key), s.storage_dir)",
            ],
            env={"PATH": "/usr/bin:/bin", **env},
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, f"{name}: {check.stderr}"
        environment, secure, key_length, storage = check.stdout.split()
        assert (environment, secure, storage) == ("production", "True", "/data/storage")
        assert int(key_length) >= 32


def test_missing_secrets_are_named(tmp_path):
    stack = stack_copy(tmp_path)
    shutil.copy(stack / ".env.example", stack / ".env")  # copied, but the passwords left empty
    result = subprocess.run(
        [*compose_client(), "-f", "docker-compose.yml", "config"],
        cwd=stack,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr or "REDIS_PASSWORD" in result.stderr


def test_init_env_keeps_an_existing_env_and_makes_fresh_secrets(tmp_path):
    stack = stack_copy(tmp_path)
    init_env(stack)
    first = (stack / ".env").read_text()
    again = subprocess.run(
        [str(stack / "deploy" / "init-env"), "rasharp.hospital.example"],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 1 and "exists" in again.stderr
    assert (stack / ".env").read_text() == first
    init_env(stack, "--force")
    second = (stack / ".env").read_text()

    def value(text, name):
        return next(
            line.split("=", 1)[1] for line in text.splitlines() if line.startswith(name + "=")
        )

    for name in (
        "RASHARP_SECRET_KEY",
        "POSTGRES_PASSWORD",
        "REDIS_PASSWORD",
        "RASHARP_ADMIN_PASSWORD",
    ):
        assert value(first, name) != value(second, name)
        assert value(second, name).isalnum()
    assert (stack / ".env").stat().st_mode & 0o077 == 0, ".env must be readable by its owner only"


def test_proxy_configuration_is_valid_caddyfile():
    if not shutil.which("caddy"):
        pytest.skip("caddy is not installed here (`make deploy-tools` installs Debian's)")
    import json

    for tls in ("internal", "/certs/cert.pem /certs/key.pem"):
        result = subprocess.run(
            [
                "caddy",
                "adapt",
                "--config",
                str(REPO / "deploy" / "Caddyfile"),
                "--adapter",
                "caddyfile",
            ],
            env={
                "PATH": "/usr/bin:/bin",
                "RASHARP_TLS": tls,
                "RASHARP_SITE_ADDRESS": "rasharp.hospital.example",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        config = json.loads(result.stdout)
        server = config["apps"]["http"]["servers"]["srv0"]
        assert server["listen"] == [":443"]
        assert '"dial":"api:8000"' in result.stdout.replace(" ", "")
        assert server["routes"][0]["match"][0]["host"] == ["rasharp.hospital.example"]
