"""The hospital's PACS: connections (administrators), search and retrieval, results sent back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from ..auth.models import User
from ..deps import AcceptedUser, CurrentUser, RowId, SessionDep, SettingsDep
from ..errors import ErrorBody, Forbidden, NotFound
from ..storage import get_storage
from ..studies.service import find_study
from . import endpoints, retrieval, search, send
from .models import PacsEndpoint, PacsImport

router = APIRouter(prefix="/pacs", tags=["pacs"])


def pacs_admin(user: CurrentUser) -> User:
    if not user.is_admin:
        raise Forbidden("pacs.admin_only")
    return user


PacsAdmin = Annotated[User, Depends(pacs_admin)]
AuthKind = Literal["none", "basic", "bearer"]


class EndpointIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    base_url: str = Field(min_length=1, max_length=500, description="DICOMweb base URL")
    qido_prefix: str | None = Field(None, max_length=100)
    wado_prefix: str | None = Field(None, max_length=100)
    stow_prefix: str | None = Field(None, max_length=100)
    auth: AuthKind = "none"
    username: str | None = Field(None, max_length=200)
    secret: str | None = Field(
        None, max_length=4000, description="password or token; empty keeps the stored one"
    )


class EndpointOut(BaseModel):
    """A connection as anyone sees it: the secret is never sent back, only whether one is set."""

    id: int
    name: str
    base_url: str
    qido_prefix: str | None
    wado_prefix: str | None
    stow_prefix: str | None
    auth: AuthKind
    username: str | None
    has_secret: bool
    created_at: datetime


class ConnectionTest(BaseModel):
    ok: bool
    problem: ErrorBody | None = None


class SearchIn(BaseModel):
    patient_id: str | None = Field(None, max_length=64)
    patient_name: str | None = Field(None, max_length=100)
    date_from: date | None = None
    date_to: date | None = None
    modality: Literal["CR", "DX"] | None = None
    body_part: str | None = Field(None, max_length=16, pattern=r"^[A-Za-z ]*$")


class StudyFoundOut(BaseModel):
    study_uid: str
    patient_id: str
    patient_name: str
    study_date: date | None
    description: str
    modalities: list[str]
    instances: int | None


class ImportIn(BaseModel):
    study_uids: list[str] = Field(max_length=retrieval.MAX_STUDIES)


class ImportOut(BaseModel):
    id: int
    endpoint_id: int
    status: str
    instances_total: int
    instances_done: int
    imported_study_ids: list[int]
    failures: list[ErrorBody]
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class SendIn(BaseModel):
    study_id: int = Field(ge=1, le=2**31 - 1)
    documents: list[str] = Field(default=["sr", "sc"], description="sr and/or sc")


class SendOut(BaseModel):
    id: int
    study_id: int
    endpoint_id: int | None
    documents: list[str]
    reidentified: bool
    sent_at: datetime


def _endpoint_out(endpoint: PacsEndpoint) -> EndpointOut:
    return EndpointOut(
        id=endpoint.id,
        name=endpoint.name,
        base_url=endpoint.base_url,
        qido_prefix=endpoint.qido_prefix,
        wado_prefix=endpoint.wado_prefix,
        stow_prefix=endpoint.stow_prefix,
        auth=endpoint.auth,
        username=endpoint.username,
        has_secret=endpoint.secret_encrypted is not None,
        created_at=endpoint.created_at,
    )


def _fields(body: EndpointIn) -> endpoints.EndpointFields:
    return endpoints.EndpointFields(**body.model_dump())


@router.get("/endpoints", response_model=list[EndpointOut])
def list_endpoints(_: CurrentUser, db: SessionDep) -> list[EndpointOut]:
    return [_endpoint_out(e) for e in endpoints.list_endpoints(db)]


@router.post("/endpoints", response_model=EndpointOut, status_code=status.HTTP_201_CREATED)
def create_endpoint(
    body: EndpointIn, admin: PacsAdmin, db: SessionDep, settings: SettingsDep
) -> EndpointOut:
    endpoint = endpoints.save_endpoint(db, _fields(body), admin, settings.secret_key)
    return _endpoint_out(endpoint)


@router.put("/endpoints/{endpoint_id}", response_model=EndpointOut)
def update_endpoint(
    endpoint_id: RowId, body: EndpointIn, admin: PacsAdmin, db: SessionDep, settings: SettingsDep
) -> EndpointOut:
    endpoint = endpoints.find_endpoint(db, endpoint_id)
    endpoint = endpoints.save_endpoint(db, _fields(body), admin, settings.secret_key, endpoint)
    return _endpoint_out(endpoint)


@router.delete(
    "/endpoints/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(pacs_admin)],
)
def delete_endpoint(endpoint_id: RowId, db: SessionDep) -> Response:
    endpoints.delete_endpoint(db, endpoints.find_endpoint(db, endpoint_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/endpoints/{endpoint_id}/test",
    response_model=ConnectionTest,
    dependencies=[Depends(pacs_admin)],
)
async def test_endpoint(
    endpoint_id: RowId, db: SessionDep, settings: SettingsDep
) -> ConnectionTest:
    """Whether the PACS answers a search with these settings, and if not, why."""
    endpoint = endpoints.find_endpoint(db, endpoint_id)
    problem = await run_in_threadpool(endpoints.check_connection, endpoint, settings.secret_key)
    if problem is None:
        return ConnectionTest(ok=True)
    return ConnectionTest(ok=False, problem=ErrorBody(**problem.body()))


# A POST, not a GET: patient names and IDs stay out of addresses and access logs.
@router.post("/endpoints/{endpoint_id}/search", response_model=list[StudyFoundOut])
async def search_studies(
    endpoint_id: RowId, body: SearchIn, _: AcceptedUser, db: SessionDep, settings: SettingsDep
) -> list[StudyFoundOut]:
    """The PACS's CR/DX studies matching the filters (QIDO-RS), newest first."""
    endpoint = endpoints.find_endpoint(db, endpoint_id)
    found = await run_in_threadpool(
        search.search_studies,
        endpoint,
        search.SearchFilters(**body.model_dump()),
        settings.secret_key,
    )
    return [StudyFoundOut(**vars(s)) for s in found]


@router.post(
    "/endpoints/{endpoint_id}/imports",
    response_model=ImportOut,
    status_code=status.HTTP_202_ACCEPTED,
)
def start_import(
    endpoint_id: RowId, body: ImportIn, user: AcceptedUser, db: SessionDep
) -> ImportOut:
    """Retrieve the chosen studies (WADO-RS) into analysis, one study per film, as a job."""
    endpoint = endpoints.find_endpoint(db, endpoint_id)
    job = retrieval.start_import(db, user, endpoint, body.study_uids)
    return ImportOut(**retrieval.import_progress(job))


@router.get("/imports/{import_id}", response_model=ImportOut)
def get_import(import_id: RowId, user: CurrentUser, db: SessionDep) -> ImportOut:
    """A retrieval's progress: films done of the total, the studies made, the failures."""
    job = db.scalar(
        select(PacsImport).where(PacsImport.id == import_id, PacsImport.team_id == user.team_id)
    )
    if job is None:
        raise NotFound("pacs.import_not_found", import_id=import_id)
    return ImportOut(**retrieval.import_progress(job))


@router.post(
    "/endpoints/{endpoint_id}/sends",
    response_model=SendOut,
    status_code=status.HTTP_201_CREATED,
)
async def send_results(
    endpoint_id: RowId, body: SendIn, user: AcceptedUser, db: SessionDep
) -> SendOut:
    """Send a finished study's results (STOW-RS): the structured report (sr) and the marked
    film (sc). Administrators only; every send is logged."""
    if not send.may_send(user):
        raise Forbidden("pacs.send_admin_only")
    endpoint = endpoints.find_endpoint(db, endpoint_id)
    study = find_study(db, body.study_id, user.team_id)
    record = await run_in_threadpool(
        send.send_results, db, get_storage(), user, endpoint, study, body.documents
    )
    return SendOut(
        id=record.id,
        study_id=record.study_id,
        endpoint_id=record.endpoint_id,
        documents=record.documents,
        reidentified=record.reidentified,
        sent_at=record.sent_at,
    )
