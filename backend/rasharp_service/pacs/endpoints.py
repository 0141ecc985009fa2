"""PACS endpoints as an administrator sets them up, and the test of a connection."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..auth.models import User
from ..errors import Conflict, Invalid, NotFound, ServiceError
from .client import dicomweb_client, pacs_failure
from .credentials import encrypt_secret
from .models import AUTH_KINDS, PacsEndpoint


@dataclass
class EndpointFields:
    name: str
    base_url: str
    qido_prefix: str | None = None
    wado_prefix: str | None = None
    stow_prefix: str | None = None
    auth: str = "none"
    username: str | None = None
    secret: str | None = None  # None: keep the one stored


def list_endpoints(db: Session) -> list[PacsEndpoint]:
    return list(db.scalars(select(PacsEndpoint).order_by(PacsEndpoint.name)))


def find_endpoint(db: Session, endpoint_id: int) -> PacsEndpoint:
    endpoint = db.get(PacsEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound("pacs.endpoint_not_found", endpoint_id=endpoint_id)
    return endpoint


def save_endpoint(
    db: Session,
    fields: EndpointFields,
    user: User,
    secret_key: str,
    endpoint: PacsEndpoint | None = None,
) -> PacsEndpoint:
    """Create an endpoint (``endpoint`` None) or change one; the secret is stored encrypted.

    A change that sends no secret keeps the stored one, as long as the kind of authentication
    stays the same."""
    name = fields.name.strip()
    if not name:
        raise Invalid("pacs.name_empty")
    url = urlsplit(fields.base_url.strip())
    if url.scheme not in ("http", "https") or not url.netloc:
        raise Invalid("pacs.url_invalid", url=fields.base_url)
    if fields.auth not in AUTH_KINDS:
        raise Invalid("pacs.auth_invalid", auth=fields.auth, accepted=", ".join(AUTH_KINDS))
    username = (fields.username or "").strip() or None
    if fields.auth == "basic" and username is None:
        raise Invalid("pacs.username_missing")
    kept = endpoint.secret_encrypted if endpoint and endpoint.auth == fields.auth else None
    if fields.auth == "none":
        secret_encrypted = None
    elif fields.secret:
        secret_encrypted = encrypt_secret(fields.secret, secret_key)
    elif kept is not None:
        secret_encrypted = kept
    else:
        raise Invalid("pacs.secret_missing", auth=fields.auth)

    if endpoint is None:
        endpoint = PacsEndpoint(created_by_id=user.id)
        db.add(endpoint)
    endpoint.name = name
    endpoint.base_url = fields.base_url.strip().rstrip("/")
    endpoint.qido_prefix = (fields.qido_prefix or "").strip("/ ") or None
    endpoint.wado_prefix = (fields.wado_prefix or "").strip("/ ") or None
    endpoint.stow_prefix = (fields.stow_prefix or "").strip("/ ") or None
    endpoint.auth = fields.auth
    endpoint.username = username if fields.auth == "basic" else None
    endpoint.secret_encrypted = secret_encrypted
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise Conflict("pacs.name_taken", name=name) from None
    return endpoint


def delete_endpoint(db: Session, endpoint: PacsEndpoint) -> None:
    db.delete(endpoint)
    db.commit()


def check_connection(endpoint: PacsEndpoint, secret_key: str) -> ServiceError | None:
    """None when the PACS answers a search for one study; else why not."""
    try:
        dicomweb_client(endpoint, secret_key).search_for_studies(limit=1)
    except ServiceError as exc:
        return exc
    except Exception as exc:  # requests and dicomweb-client raise several error types
        return pacs_failure(endpoint, exc)
    return None
