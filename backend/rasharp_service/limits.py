"""Request bodies are bounded, and uploads need a session, before any of a body is read.

FastAPI parses a multipart body (spooling its file to disk) before any dependency runs, so a
route cannot refuse early by itself. This ASGI middleware answers first:

- 413 when the declared length (Content-Length) is over the limit, or when the bytes counted as
  they arrive (a chunked body declares none) pass it: the rest is never read;
- 401 for a multipart body (an upload) without a valid session cookie, before reading any of it.

The limit is the upload limit for multipart bodies and MAX_OTHER_BODY for any other body.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import cookie_parser
from starlette.responses import JSONResponse

from .errors import error_body

MULTIPART_ALLOWANCE = 1024 * 1024  # form fields and part headers around the file
MAX_OTHER_BODY = 1024 * 1024  # JSON requests (grades, positions, users, login) are small


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    def __init__(
        self,
        app,
        max_upload_bytes: int,
        session_cookie: str,
        signed_in: Callable[[str], Awaitable[bool]],
    ):
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.session_cookie = session_cookie
        self.signed_in = signed_in

    def _too_large(self, multipart: bool) -> dict:
        if multipart:
            return error_body("upload.too_large", megabytes=self.max_upload_bytes // (1024 * 1024))
        return error_body("request.body_too_large", megabytes=MAX_OTHER_BODY // (1024 * 1024))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/")
        limit = self.max_upload_bytes + MULTIPART_ALLOWANCE if multipart else MAX_OTHER_BODY
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            await _answer(scope, receive, send, 413, self._too_large(multipart))
            return
        if multipart:
            token = cookie_parser(headers.get(b"cookie", b"").decode("latin-1")).get(
                self.session_cookie
            )
            if not token or not await self.signed_in(token):
                await _answer(scope, receive, send, 401, error_body("auth.not_signed_in"))
                return
        await self._counted(scope, receive, send, limit, self._too_large(multipart))

    async def _counted(self, scope, receive, send, limit: int, refusal: dict) -> None:
        """Pass the request on, counting its body; past the limit, answer 413 and stop reading."""
        received, response_started, refused = 0, False, False

        async def counting_receive():
            nonlocal received, refused
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    refused = True
                    if not response_started:
                        await _answer(scope, receive, send, 413, refusal)
                    raise BodyTooLarge
            return event

        async def guarded_send(event):
            nonlocal response_started
            if refused:
                return  # the 413 is the answer; the app's reaction to the cut body is dropped
            response_started = True
            await send(event)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            pass
        except Exception:
            if not refused:
                raise


async def _answer(scope, receive, send, status_code: int, body: dict) -> None:
    await JSONResponse(body, status_code=status_code)(scope, receive, send)
