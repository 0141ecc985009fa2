"""The FastAPI application: every route under /api, and the built UI at / when present."""

from __future__ import annotations

import logging
from http import HTTPStatus
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as DBTimeoutError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .audit.router import router as audit_router
from .auth.router import router as auth_router
from .auth.service import SESSION_COOKIE, user_for_token
from .config import get_settings
from .datasets.router import router as datasets_router
from .db import new_session
from .disclaimer.router import router as disclaimer_router
from .errors import ERROR_RESPONSES, ServiceError, error_body
from .exports.router import cohort_router
from .exports.router import router as exports_router
from .folder_imports.router import router as folder_imports_router
from .health.router import router as health_router
from .limits import BodySizeLimit
from .logs import configure_logging
from .origin_check import CrossSiteRequestRefusal
from .pacs.router import router as pacs_router
from .patients.router import router as patients_router
from .reading_sessions.router import router as reading_sessions_router
from .registry.router import router as registry_router
from .security_headers import DOCS_PATH, SecurityHeaders
from .studies.router import router as studies_router
from .training.router import router as training_router
from .users.router import router as users_router

DEFAULT_UI_DIR = Path(__file__).resolve().parents[2] / "frontend" / "dist"


def operation_id(route: APIRoute) -> str:
    """Stable ids for the generated client: `<tag>-<function name>`, e.g. studies-get_study."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def _validation_problems(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


async def _signed_in(token: str) -> bool:
    def lookup() -> bool:
        with new_session() as db:
            return user_for_token(db, token, get_settings().secret_key) is not None

    return await run_in_threadpool(lookup)


def create_app(ui_dir: Path | None = DEFAULT_UI_DIR) -> FastAPI:
    settings = get_settings()
    # The interactive documentation and the schema it reads are for development only.
    documented = settings.environment != "production"
    app = FastAPI(
        title="rasharp",
        version=__version__,
        description="Per-joint Sharp/van der Heijde scoring of hand radiographs. "
        "For research use only - not for clinical diagnosis.",
        generate_unique_id_function=operation_id,
        openapi_url="/api/openapi.json" if documented else None,
        docs_url=DOCS_PATH if documented else None,
        redoc_url=None,
    )
    api = APIRouter(prefix="/api")
    for router in (
        health_router,
        auth_router,
        disclaimer_router,
        studies_router,
        exports_router,
        cohort_router,
        patients_router,
        users_router,
        reading_sessions_router,
        audit_router,
        datasets_router,
        pacs_router,
        registry_router,
        folder_imports_router,
        training_router,
    ):
        # Health answers 503 with its own report; every other route refuses with an ErrorBody.
        responses = None if router is health_router else ERROR_RESPONSES
        api.include_router(router, responses=responses)
    app.include_router(api)

    configure_logging(settings)
    app.add_middleware(
        BodySizeLimit,
        max_upload_bytes=settings.max_upload_bytes,
        session_cookie=SESSION_COOKIE,
        signed_in=_signed_in,
    )
    if (
        settings.cors_origin_list
    ):  # only for a UI served from another origin; same origin needs none
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(
        CrossSiteRequestRefusal,
        public_url=settings.public_url,
        trusted_origins=settings.cors_origin_list,
    )
    app.add_middleware(SecurityHeaders)  # outermost: refusals above get the headers too

    @app.exception_handler(ServiceError)
    async def service_error(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBTimeoutError)
    async def database_unreachable(_: Request, exc: Exception) -> JSONResponse:
        # The server is restarting or unreachable; pool_pre_ping reconnects once it is back.
        logging.getLogger(__name__).warning("database unreachable: %s", exc)
        return JSONResponse(
            error_body("service.database_unreachable"),
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            error_body("request.invalid", problems=_validation_problems(exc)), status_code=422
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_refusal(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unknown routes and methods, answered by the framework with its bare status phrase.
        if exc.detail != HTTPStatus(exc.status_code).phrase:
            body = error_body(str(exc.detail))  # a sentence: sent as it is
        elif exc.status_code == 404:
            body = error_body("request.no_route", path=request.url.path)
        else:
            body = error_body("request.refused", status=exc.status_code)
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    if ui_dir is not None and (ui_dir / "index.html").is_file():
        _serve_ui(app, ui_dir)
    return app


def _serve_ui(app: FastAPI, ui_dir: Path) -> None:
    """Static files of the built UI; any other non-API path gets index.html (client routing)."""
    index = ui_dir / "index.html"

    @app.get("/{path:path}", include_in_schema=False)
    async def ui(path: str):
        if path == "api" or path.startswith("api/"):
            raise StarletteHTTPException(404)
        candidate = (ui_dir / path).resolve()
        if path and ui_dir.resolve() in candidate.parents and candidate.is_file():
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})


app = create_app()
