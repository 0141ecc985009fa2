"""A DICOMweb client for a configured PACS, and its failures as refusals a reader can act on."""

from __future__ import annotations

import requests
from dicomweb_client.api import DICOMwebClient

from ..errors import ServiceError, Unavailable
from .credentials import decrypt_secret
from .models import PacsEndpoint

TIMEOUT_S = 30


class _PacsSession(requests.Session):
    """Query wildcards go as the literal "*" and "?" (which RFC 3986 allows in a query) rather
    than percent-encoded: some PACS (Orthanc's DICOMweb plugin among them) do not decode them,
    and a search for "*smith*" would find nothing."""

    def request(self, method, url, *args, **kwargs):
        path, mark, query = str(url).partition("?")
        if mark:
            url = path + mark + query.replace("%2A", "*").replace("%3F", "?")
        return super().request(method, url, *args, **kwargs)


def dicomweb_client(endpoint: PacsEndpoint, secret_key: str) -> DICOMwebClient:
    session = _PacsSession()
    if endpoint.auth != "none":
        secret = decrypt_secret(endpoint.secret_encrypted or "", secret_key)
        if secret is None:
            raise Unavailable("pacs.secret_unreadable", name=endpoint.name)
        if endpoint.auth == "basic":
            session.auth = (endpoint.username or "", secret)
        else:
            session.headers["Authorization"] = f"Bearer {secret}"
    return DICOMwebClient(
        url=endpoint.base_url.rstrip("/"),
        qido_url_prefix=endpoint.qido_prefix or None,
        wado_url_prefix=endpoint.wado_prefix or None,
        stow_url_prefix=endpoint.stow_prefix or None,
        session=session,
        timeout=TIMEOUT_S,  # a PACS that does not answer is reported, not waited for
    )


def pacs_failure(endpoint: PacsEndpoint, exc: Exception) -> ServiceError:
    """Why the PACS could not be used, as a refusal naming it."""
    if not isinstance(exc, requests.RequestException):  # an answer dicomweb-client cannot read
        return Unavailable("pacs.bad_answer", name=endpoint.name, error=type(exc).__name__)
    status = getattr(exc.response, "status_code", None)
    if status in (401, 403):
        return Unavailable("pacs.credentials_refused", name=endpoint.name, status=status)
    if status is not None:
        return Unavailable("pacs.answered_error", name=endpoint.name, status=status)
    return Unavailable("pacs.unreachable", name=endpoint.name, error=type(exc).__name__)
