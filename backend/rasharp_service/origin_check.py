"""Refuse changes sent by other sites' pages (cross-site request forgery).

A browser names the page behind a request in Origin, and says in Sec-Fetch-Site whether it is
cross-site; both are set by the browser, not by the page. POST, PUT, PATCH and DELETE are
refused when they come from a page of another origin, whatever their content type (SameSite
cookies alone let a sibling subdomain's page, or a top-level form, through). Requests with
neither header come from programs, not pages (curl, the CLI, scripts), and pass.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse

from .errors import error_body

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalized_origin(origin: str) -> str:
    """scheme://host[:port] in lower case, without a trailing slash or a default port."""
    origin = origin.strip().rstrip("/").lower()
    scheme, _, host = origin.partition("://")
    if host.endswith(f":{DEFAULT_PORTS.get(scheme, '')}"):
        host = host.rsplit(":", 1)[0]
    return f"{scheme}://{host}"


def request_origin(scope) -> str:
    """The origin this request was sent to: its scheme (uvicorn takes X-Forwarded-Proto from a
    trusted proxy) and its Host header (which the Caddy proxy and Vite's dev proxy keep)."""
    host = Headers(scope=scope).get("host", "")
    return normalized_origin(f"{scope.get('scheme', 'http')}://{host}")


class CrossSiteRequestRefusal:
    def __init__(self, app, public_url: str = "", trusted_origins: list[str] | None = None):
        self.app = app
        self.public_origin = normalized_origin(public_url) if public_url else None
        self.trusted_origins = {normalized_origin(o) for o in trusted_origins or []}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            refusal = self.refusal(scope)
            if refusal is not None:
                await JSONResponse(refusal, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def refusal(self, scope) -> dict | None:
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None:
            own = self.public_origin or request_origin(scope)
            if normalized_origin(origin) in {own, *self.trusted_origins}:
                return None
            return error_body("request.cross_site", origin=origin, own=own)
        if headers.get("sec-fetch-site") == "cross-site":
            return error_body("request.cross_site_unknown")
        return None
