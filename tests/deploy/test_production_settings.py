"""Production behaviour a deployment relies on: CORS only for the configured origin, and log
lines in the configured format (one JSON object per line for a log collector)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap


def run_service_code(code: str, tmp_path, **settings) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("RASHARP_") and k not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(settings)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


CORS_PROBE = """
    import json
    from fastapi.testclient import TestClient
    from rasharp_service.main import create_app

    client = TestClient(create_app(ui_dir=None))
    answers = {}
    for origin in ("https://ui.hospital.example", "https://elsewhere.example"):
        answer = client.options("/api/auth/login", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        answers[origin] = {"allow_origin": answer.headers.get("access-control-allow-origin"),
                           "credentials": answer.headers.get("access-control-allow-credentials")}
    print(json.dumps(answers))
"""


def test_cors_answers_only_the_configured_origin(tmp_path):
    result = run_service_code(
        CORS_PROBE, tmp_path, RASHARP_CORS_ORIGINS="https://ui.hospital.example/"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["https://ui.hospital.example"] == {
        "allow_origin": "https://ui.hospital.example",
        "credentials": "true",
    }
    assert answers["https://elsewhere.example"]["allow_origin"] is None


def test_without_configured_origins_no_cross_origin_access(tmp_path):
    result = run_service_code(CORS_PROBE, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(a["allow_origin"] is None for a in answers.values())


def test_json_log_lines(tmp_path):
    result = run_service_code(
        """
        import logging
        from rasharp_service.main import create_app
        create_app(ui_dir=None)
        logging.getLogger("rasharp_service.studies").warning('upload of "%s" refused', "hand.png")
        logging.getLogger("uvicorn.error").info("server started")
        logging.getLogger("rasharp_service.studies").debug("not shown at INFO")
    """,
        tmp_path,
        RASHARP_LOG_FORMAT="json",
        RASHARP_LOG_LEVEL="INFO",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.strip().splitlines()]
    assert [(line["level"], line["logger"], line["message"]) for line in lines] == [
        ("WARNING", "rasharp_service.studies", 'upload of "hand.png" refused'),
        ("INFO", "uvicorn.error", "server started"),
    ]
    assert all(line["time"].endswith("+00:00") for line in lines)


def test_text_log_lines(tmp_path):
    result = run_service_code(
        """
        import logging
        from rasharp_service.main import create_app
        create_app(ui_dir=None)
        create_app(ui_dir=None)  # a second app in the process does not double the lines
        logging.getLogger("rasharp_service.worker").error("models missing")
    """,
        tmp_path,
        RASHARP_LOG_FORMAT="text",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith("ERROR   rasharp_service.worker: models missing")


DOCS_PROBE = """
    import json
    from fastapi.testclient import TestClient
    from rasharp_service.main import create_app

    client = TestClient(create_app(ui_dir=None))
    print(json.dumps({path: client.get(path).status_code
                      for path in ("/api/docs", "/api/openapi.json")}))
"""


def test_api_documentation_is_not_served_in_production(tmp_path):
    production = run_service_code(
        DOCS_PROBE,
        tmp_path,
        RASHARP_ENVIRONMENT="production",
        RASHARP_SECRET_KEY=secrets.token_urlsafe(48),
        RASHARP_COOKIE_SECURE="true",
    )
    assert production.returncode == 0, production.stderr[-3000:]
    assert json.loads(production.stdout.strip().splitlines()[-1]) == {
        "/api/docs": 404,
        "/api/openapi.json": 404,
    }
    development = run_service_code(DOCS_PROBE, tmp_path)
    assert development.returncode == 0, development.stderr[-3000:]
    assert json.loads(development.stdout.strip().splitlines()[-1]) == {
        "/api/docs": 200,
        "/api/openapi.json": 200,
    }
