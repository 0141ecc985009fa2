"""Refuse a request body larger than the upload limit from its declared length, before any of
it is read or spooled to disk."""

from __future__ import annotations

from starlette.responses import JSONResponse

MULTIPART_ALLOWANCE = 1024 * 1024  # form fields and part headers around the file


class BodySizeLimit:
    def __init__(self, app, max_upload_bytes: int):
        self.app = app
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("POST", "PUT", "PATCH"):
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.max_upload_bytes + MULTIPART_ALLOWANCE:
                megabytes = self.max_upload_bytes // (1024 * 1024)
                response = JSONResponse(
                    {"detail": f"The file is larger than the upload limit of {megabytes} MB."},
                    status_code=413,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
