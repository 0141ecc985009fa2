""".env.example documents every setting that the code reads, with its default, and nothing
that no code reads. The list is derived from the code: the pydantic settings class, the
environment variables the service and the deploy scripts read, and docker-compose.yml."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import REPO

from rasharp_service.config import Settings

ENV_EXAMPLE = REPO / ".env.example"
DOCUMENTED_LINE = re.compile(r"^#? ?([A-Z][A-Z0-9_]*)=")
COMPOSE_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
# In the entry point, an input from the environment is one with a default: ${NAME:-default}.
SHELL_INPUT = re.compile(r"\$\{([A-Z][A-Z0-9_]*):-")
POSIX = {"TMPDIR", "HOME", "PATH"}  # the system's own, not settings


def documented() -> set[str]:
    return {
        m.group(1)
        for line in ENV_EXAMPLE.read_text().splitlines()
        if (m := DOCUMENTED_LINE.match(line))
    }


def settings_variables() -> dict[str, set[str]]:
    """Each field of Settings -> the environment names that set it."""
    prefix = Settings.model_config.get("env_prefix", "")
    names = {}
    for field, info in Settings.model_fields.items():
        alias = info.validation_alias
        choices = getattr(alias, "choices", None) or ([alias] if isinstance(alias, str) else [])
        names[field] = set(choices) if choices else {(prefix + field).upper()}
    return names


def environment_reads(source: str) -> set[str]:
    """Names read with os.environ.get / os.getenv / os.environ[...] (writes are not reads)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        target = None
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = ast.unparse(node.func)
            if func in ("os.environ.get", "os.getenv", "environ.get", "getenv"):
                target = node.args[0].value
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and ast.unparse(node.value) in ("os.environ", "environ")
            and isinstance(node.slice, ast.Constant)
        ):
            target = node.slice.value
        if isinstance(target, str):
            found.add(target)
    return found


def code_variables() -> set[str]:
    names = set()
    sources = [
        *(REPO / "backend" / "rasharp_service").rglob("*.py"),
        *(REPO / "deploy").glob("*.py"),
    ]
    for path in sources:
        names |= environment_reads(path.read_text())
    names |= set(SHELL_INPUT.findall((REPO / "deploy" / "entrypoint.sh").read_text())) - POSIX
    names |= set(COMPOSE_VARIABLE.findall((REPO / "docker-compose.yml").read_text()))
    return names


def test_every_settings_field_is_documented():
    missing = {
        field: names for field, names in settings_variables().items() if not names & documented()
    }
    assert not missing, f"settings missing from .env.example: {missing}"


def test_every_variable_the_code_reads_is_documented():
    missing = code_variables() - documented()
    assert not missing, f"read by the code but missing from .env.example: {sorted(missing)}"


def test_nothing_documented_is_unused():
    used = code_variables() | set().union(*settings_variables().values()) | {"COMPOSE_PROFILES"}
    stale = documented() - used
    assert not stale, f".env.example documents variables nothing reads: {sorted(stale)}"


def test_values_shown_are_the_defaults(tmp_path):
    """Loading .env.example as it is gives exactly the settings of an empty environment."""
    code = (
        "import json, sys\n"
        "from rasharp_service.config import Settings\n"
        "as_file = Settings(_env_file=sys.argv[1]).model_dump(mode='json')\n"
        "defaults = Settings(_env_file=None).model_dump(mode='json')\n"
        "print(json.dumps({k: [as_file[k], defaults[k]] for k in defaults if as_file[k] != defaults[k]}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ENV_EXAMPLE)],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{}", f"differ (.env.example, default): {result.stdout}"
