from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    File,
    Form,
    Header,
    Path,
    Query,
    Response,
    UploadFile,
    status,
)
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from rasharp.scheme import JOINT_CODES, SIDES

from ..audit import service as audit
from ..deps import (
    AcceptedUser,
    CurrentUser,
    RowId,
    SessionDep,
    SettingsDep,
    TeamStudy,
)
from ..errors import Invalid, NotFound, TooLarge
from ..storage import get_storage
from . import archives, calibration, corrections, events, images, service, views, worklist
from .detail_cache import study_details, worklist_pages
from .joint_rows import done_analysis
from .models import Heatmap, Study
from .schemas import (
    ArchiveCreated,
    ArchiveMember,
    GradeChange,
    GradeConfirmation,
    HandSideChange,
    HistoryEntry,
    JointOut,
    PixelSpacingChange,
    PositionChange,
    ResetDone,
    ResetRequest,
    StudyCreated,
    StudyDetail,
    StudyDetailsChange,
    StudyList,
)

router = APIRouter(prefix="/studies", tags=["studies"])
PNG: dict[str, Any] = {"content": {"image/png": {}}}


# Enums in the API description, but checked by the service: an unknown hand or joint is a 404
# that names the known ones, not a validation error.
SidePath = Annotated[str, Path(json_schema_extra={"enum": list(SIDES)})]
JointPath = Annotated[str, Path(json_schema_extra={"enum": list(JOINT_CODES)})]


async def read_limited(upload: UploadFile, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := await upload.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise TooLarge("upload.too_large", megabytes=limit // (1024 * 1024))
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=StudyCreated)
async def create_study(
    user: AcceptedUser,
    db: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="DICOM, PNG or JPEG radiograph")],
    patient_code: Annotated[str | None, Form(max_length=64)] = None,
    side: Annotated[str, Form(description="auto, left or right")] = "auto",
    birth_year: Annotated[int | None, Form()] = None,
    sex: Annotated[str | None, Form(description="F, M or X")] = None,
    visit_date: Annotated[
        date | None, Form(description="when the film was taken, YYYY-MM-DD")
    ] = None,
) -> StudyCreated:
    data = await read_limited(file, settings.max_upload_bytes)
    study = await run_in_threadpool(
        service.create_study,
        db,
        get_storage(),
        user,
        data,
        file.filename or "upload",
        patient_code,
        side,
        birth_year,
        sex or None,
        visit_date,
    )
    analysis = study.analyses[-1]  # the one create_study queued
    await run_in_threadpool(service.enqueue_analysis, db, analysis)
    return StudyCreated(study_id=study.id, status=analysis.status)


@router.post("/archive", response_model=ArchiveCreated)
async def create_studies_from_archive(
    user: AcceptedUser,
    db: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="ZIP archive of DICOM files (PNG, JPEG too)")],
    patient_code: Annotated[
        str | None, Form(max_length=64, description="for every film; else each DICOM's PatientID")
    ] = None,
    side: Annotated[str, Form(description="auto, left or right")] = "auto",
    birth_year: Annotated[int | None, Form()] = None,
    sex: Annotated[str | None, Form(description="F, M or X")] = None,
    visit_date: Annotated[
        date | None, Form(description="for every film; else each DICOM's StudyDate")
    ] = None,
) -> ArchiveCreated:
    """A study for every radiograph in the archive; each file's outcome (created, skipped or
    refused with its reason). A bad file does not stop the others."""
    data = await read_limited(file, settings.max_upload_bytes)
    outcomes = await run_in_threadpool(
        archives.create_studies,
        db,
        get_storage(),
        user,
        data,
        settings.max_upload_bytes,
        patient_code,
        side,
        birth_year,
        sex or None,
        visit_date,
    )
    members = [ArchiveMember.model_validate(vars(o)) for o in outcomes]
    return ArchiveCreated(
        created=sum(m.outcome == "created" for m in members),
        skipped=sum(m.outcome == "skipped" for m in members),
        refused=sum(m.outcome == "refused" for m in members),
        members=members,
    )


@router.get("", response_model=StudyList)
def list_studies(
    user: CurrentUser,
    db: SessionDep,
    patient_code: Annotated[
        str | None, Query(max_length=64, description="part of the patient code, any case")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=worklist.MAX_PAGE_SIZE)] = worklist.PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=worklist.MAX_OFFSET)] = 0,
) -> Response:
    """The team's studies, newest first, one page at a time."""
    # Polled by every open worklist: a page is built once per change of the team's studies.
    version = events.team_version(user.team_id)
    key = (user.team_id, patient_code or "", limit, offset)
    body = None if version is None else worklist_pages.get(key, version)
    if body is None:
        items, total = worklist.list_page(db, user.team_id, patient_code, limit, offset)
        page = StudyList(items=items, limit=limit, offset=offset, total=total)
        body = page.model_dump_json().encode()
        if version is not None:
            worklist_pages.put(key, version, body)
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


# Declared before /{study_id}, which would take "events" for a (malformed) study id.
@router.get(
    "/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def study_events(user: CurrentUser, db: SessionDep) -> StreamingResponse:
    """Server-Sent Events: a `study` event ({study_id, status}) whenever a study of the team
    changes. The stream ends after a few minutes; EventSource reconnects by itself."""
    team_id = user.team_id
    db.close()  # the stream holds no database connection while it lasts
    return StreamingResponse(
        events.team_events(team_id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get(
    "/{study_id}",
    response_model=StudyDetail,
    responses={304: {"description": "Not modified since the version in If-None-Match"}},
)
def get_study(
    study_id: RowId,
    user: CurrentUser,
    db: SessionDep,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    # The most polled endpoint: one query says whether anything changed since the caller's copy
    # (ETag) or since this process last built the detail (cache); only then is it rebuilt.
    version = service.study_version(db, study_id, user.team_id)
    audit.record_opened(db, user, study_id)
    headers = {"ETag": f'"{version}"', "Cache-Control": "private, no-cache"}
    if if_none_match == headers["ETag"]:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    body = study_details.get(study_id, version)
    if body is None:
        study = service.find_study(db, study_id, user.team_id)
        body = _detail(db, study).model_dump_json().encode()
        study_details.put(study_id, version, body)
    return Response(body, media_type="application/json", headers=headers)


def _detail(db: Session, study: Study) -> StudyDetail:
    joints, heatmap_kinds = service.study_results(db, study)
    return StudyDetail.model_validate(views.study_detail(study, joints, heatmap_kinds))


@router.patch("/{study_id}", response_model=StudyDetail)
def edit_study_details(
    study: TeamStudy, body: StudyDetailsChange, user: AcceptedUser, db: SessionDep
) -> StudyDetail:
    """Patient code, birth year, sex (the patient's, for all their studies) or visit date."""
    corrections.update_details(db, study, user, body.model_dump(exclude_unset=True))
    return _detail(db, study)


@router.put("/{study_id}/hands/{side}", response_model=StudyDetail)
def set_hand_side(
    study: TeamStudy, side: SidePath, body: HandSideChange, user: AcceptedUser, db: SessionDep
) -> StudyDetail:
    """The hand found as `side` is in truth `body.side`; on a two-hand film the hands swap."""
    corrections.set_hand_side(db, study, user, side, body.side)
    return _detail(db, study)


@router.delete("/{study_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def delete_study(study: TeamStudy, user: AcceptedUser, db: SessionDep) -> Response:
    """Administrators only: results, files and radiograph go; who deleted it, and when, stays."""
    corrections.delete_study(db, get_storage(), study, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/{study_id}/joints/{side}/{joint}", response_model=JointOut)
def edit_joint_grades(
    study: TeamStudy,
    side: SidePath,
    joint: JointPath,
    body: GradeChange,
    user: AcceptedUser,
    db: SessionDep,
) -> dict:
    changes = body.model_dump(exclude_unset=True)
    if any(v is None for v in changes.values()):
        raise Invalid("grade.cannot_empty")
    joint_row = service.edit_grades(db, study, user, side, joint, changes)
    return views.joint_view(joint_row, views.reader_spacing(study))


@router.post("/{study_id}/joints/{side}/{joint}/confirm", response_model=JointOut)
def confirm_joint_grade(
    study: TeamStudy,
    side: SidePath,
    joint: JointPath,
    body: GradeConfirmation,
    user: AcceptedUser,
    db: SessionDep,
) -> dict:
    """The reader agrees with the grade shown; recorded in the history like an edit."""
    joint_row = service.confirm_grade(db, study, user, side, joint, body.kind)
    return views.joint_view(joint_row, views.reader_spacing(study))


@router.put(
    "/{study_id}/joints/{side}/{joint}/position",
    response_model=JointOut,
    status_code=status.HTTP_202_ACCEPTED,
)
def move_joint(
    study: TeamStudy,
    side: SidePath,
    joint: JointPath,
    body: PositionChange,
    user: AcceptedUser,
    db: SessionDep,
) -> dict:
    joint_row = service.move_joint(db, study, user, side, joint, body.x, body.y)
    return views.joint_view(joint_row, views.reader_spacing(study))


@router.put("/{study_id}/pixel-spacing", response_model=StudyDetail)
def set_pixel_spacing(
    study: TeamStudy, body: PixelSpacingChange, user: AcceptedUser, db: SessionDep
) -> StudyDetail:
    """Calibrate the film: every joint space width then has millimetres ("reader" basis)."""
    calibration.set_pixel_spacing(
        db,
        study,
        user,
        body.mm_per_pixel,
        body.distance_mm,
        None if body.start is None else (body.start.x, body.start.y),
        None if body.end is None else (body.end.x, body.end.y),
    )
    return _detail(db, study)


@router.delete("/{study_id}/pixel-spacing", response_model=StudyDetail)
def clear_pixel_spacing(study: TeamStudy, user: AcceptedUser, db: SessionDep) -> StudyDetail:
    """Back to the film's own pixel spacing (none for most JPEG and PNG files)."""
    calibration.clear_pixel_spacing(db, study, user)
    return _detail(db, study)


@router.post("/{study_id}/review", response_model=StudyDetail)
def mark_reviewed(study: TeamStudy, user: AcceptedUser, db: SessionDep) -> StudyDetail:
    """The study's grades and joint positions are final: they become training data, and
    changes are refused until it is reopened."""
    service.mark_reviewed(db, study, user)
    return _detail(db, study)


@router.post("/{study_id}/reopen", response_model=StudyDetail)
def reopen(study: TeamStudy, user: AcceptedUser, db: SessionDep) -> StudyDetail:
    service.reopen(db, study, user)
    return _detail(db, study)


@router.post("/{study_id}/reanalyse", response_model=StudyDetail)
def reanalyse(study: TeamStudy, user: AcceptedUser, db: SessionDep) -> StudyDetail:
    """Analyse the film again with the promoted model version. Grades a reader changed stay;
    the detail's model_changes lists the model grades the new model changed."""
    service.reanalyse(db, study, user)
    return _detail(db, study)


@router.post("/{study_id}/reset", response_model=ResetDone)
def reset_study(
    study: TeamStudy, user: AcceptedUser, db: SessionDep, body: ResetRequest | None = None
) -> ResetDone:
    body = body or ResetRequest()
    return ResetDone(changed_joints=service.reset(db, study, user, body.side, body.joint))


@router.get("/{study_id}/history", response_model=list[HistoryEntry])
def study_history(study: TeamStudy, db: SessionDep) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            id=e.id,
            created_at=e.created_at,
            user=username,
            side=e.side,
            joint=e.joint_code,
            field=e.field,
            old_value=e.old_value,
            new_value=e.new_value,
        )
        for e, username in service.history(db, study)
    ]


@router.get("/{study_id}/image", response_class=Response, responses={200: PNG})
def study_image(study: TeamStudy) -> Response:
    return Response(
        images.display_png(get_storage(), study.radiograph),
        media_type="image/png",
        headers={"Cache-Control": "private, max-age=86400"},
    )


@router.get("/{study_id}/heatmaps/{kind}", response_class=Response, responses={200: PNG})
def study_heatmap(study: TeamStudy, kind: str, db: SessionDep) -> Response:
    analysis = done_analysis(study)
    heatmap = db.scalar(
        select(Heatmap).where(Heatmap.analysis_id == analysis.id, Heatmap.kind == kind)
    )
    if heatmap is None:
        known = ", ".join(h.kind for h in analysis.heatmaps) or "none for this study"
        raise NotFound("heatmap.unknown", kind=kind, accepted=known)
    storage = get_storage()
    key = heatmap.storage_key.replace("heatmaps/", "overlays/", 1)
    if not storage.exists(key):
        storage.write(
            key,
            images.overlay_png(storage.read(heatmap.storage_key), heatmap.width, heatmap.height),
        )
    return Response(
        storage.read(key),
        media_type="image/png",
        headers={"Cache-Control": "private, max-age=86400"},
    )
