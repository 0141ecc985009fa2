"""The Dockerfile read as a builder would (no Docker engine runs here): every file it copies
exists and is not excluded by .dockerignore, the targets the compose file builds exist, the
image runs as a non-root user with a health check and no secrets, and the service's inference
path imports without torch, which enters only the trainer image."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO

DOCKERFILE = (REPO / "Dockerfile").read_text()


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    result = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def stage_names() -> set[str]:
    return {
        m.group(1)
        for word, rest in instructions()
        if word == "FROM"
        for m in [re.search(r"\bAS\s+(\S+)", rest, re.I)]
        if m
    }


def pattern_regex(pattern: str) -> re.Pattern:
    """A .dockerignore pattern as a regular expression: ** spans folders, * and ? do not."""
    out = ""
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
        out += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
            token, re.escape(token)
        )
    return re.compile(out + r"\Z")


def dockerignore_excludes(path: str) -> bool:
    """Whether the build context leaves `path` out: the last matching rule wins, and a
    folder left out takes everything inside it along."""
    parts = path.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    excluded = False
    for line in (REPO / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate, regex = line.startswith("!"), pattern_regex(line.lstrip("!").rstrip("/"))
        if any(regex.match(c) for c in candidates):
            excluded = not negate
    return excluded


def copy_sources() -> list[str]:
    sources = []
    for word, rest in instructions():
        if word == "COPY" and "--from=" not in rest:
            args = [a for a in rest.split() if not a.startswith("--")]
            sources += args[:-1]
    return sources


def test_every_copied_file_exists_and_reaches_the_build():
    sources = copy_sources()
    assert "models/weights/" in sources and "deploy/entrypoint.sh" in sources
    for source in sources:
        if source == "models/weights/":
            continue  # the trained models land later; the build stops with a clear message without them
        assert (REPO / source).exists(), f"COPY {source}: no such file in the repository"
        assert not dockerignore_excludes(source.rstrip("/")), (
            f"COPY {source} is excluded by .dockerignore"
        )


def test_secrets_and_local_files_stay_out_of_the_build_context():
    for path in (
        ".env",
        ".venv",
        "frontend/node_modules",
        "var",
        ".git",
        "deploy/certs",
        "backend/rasharp_service/__pycache__",
    ):
        assert dockerignore_excludes(path), f"{path} would be sent into the image build"
    assert not dockerignore_excludes(".env.example")
    for word, rest in instructions():
        if word in ("ENV", "ARG"):
            assert not re.search(r"SECRET|PASSWORD|ACCESS_KEY", rest), (
                f"{word} {rest} bakes a secret in"
            )


def test_stages_and_targets():
    stages = stage_names()
    assert {"frontend", "python-build", "weights", "runtime", "gpu"} <= stages
    for word, rest in instructions():
        for reference in re.findall(r"--from=(\S+)", rest):
            assert reference in stages, f"{word} --from={reference}: no such stage"
    compose = (REPO / "docker-compose.yml").read_text()
    for target in re.findall(r"target:\s*(\S+)", compose):
        assert target in stages, f"docker-compose.yml builds target {target}, not in the Dockerfile"


def test_runtime_is_non_root_with_health_check_and_entry_point():
    words = [w for w, _ in instructions()]
    users = [rest for w, rest in instructions() if w == "USER"]
    assert users and users[-1] not in ("root", "0"), "the image must end as a non-root user"
    assert "HEALTHCHECK" in words
    entry = next(rest for w, rest in instructions() if w == "ENTRYPOINT")
    assert "/app/deploy/entrypoint.sh" in entry
    assert (REPO / "deploy" / "entrypoint.sh").stat().st_mode & 0o111
    check = subprocess.run(
        ["bash", "-n", str(REPO / "deploy" / "entrypoint.sh")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def stages() -> dict[str, list[tuple[str, str]]]:
    """Each stage's instructions, by stage name (the unnamed last stage under "")."""
    found: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for word, rest in instructions():
        if word == "FROM":
            named = re.search(r"\bAS\s+(\S+)", rest, re.I)
            current = found.setdefault(named.group(1) if named else "", [])
        current.append((word, rest))
    return found


TRAINER_STAGES = {"trainer-build", "trainer"}


def test_gpu_image_pins_onnxruntime_gpu_and_only_the_trainer_installs_torch():
    assert re.search(r"ARG ONNXRUNTIME_GPU_VERSION=\d+\.\d+\.\d+", DOCKERFILE)
    assert "onnxruntime-gpu[cuda,cudnn]==${ONNXRUNTIME_GPU_VERSION}" in DOCKERFILE
    by_stage = stages()
    for stage, lines in by_stage.items():
        if stage in TRAINER_STAGES:
            continue
        for word, rest in lines:
            if word == "RUN" and "pip install" in rest:
                assert "torch" not in rest.split("import torch")[0], rest
                assert "[train" not in rest and "train.txt" not in rest, (
                    f"stage {stage or 'default'}: the train extra (torch) must not enter the image"
                )
            if word == "COPY" and "--from=" in rest:
                source = re.search(r"--from=(\S+)", rest).group(1)
                assert source not in TRAINER_STAGES, (
                    f"stage {stage} copies from the trainer: {rest}"
                )
    trainer = " ".join(rest for word, rest in by_stage["trainer-build"] if word == "RUN")
    assert "--require-hashes" in trainer and "-r requirements/train.txt" in trainer
    assert "import rasharp.finetune" in trainer
    runtime = " ".join(rest for word, rest in by_stage["python-build"] if word == "RUN")
    assert "torch entered the runtime environment" in runtime


def test_inference_path_imports_without_torch(tmp_path):
    """What the image runs (API, worker tasks, model loading) must not need torch."""
    code = (
        "import sys\n"
        "sys.modules['torch'] = None  # any `import torch` now fails\n"
        "import rasharp_service.main, rasharp_service.worker.tasks\n"
        "import rasharp.pipeline, rasharp.imaging, rasharp.localization.infer, rasharp.scoring.infer\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "RASHARP_ENVIRONMENT": "development"},
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
