"""The rules of studies: upload, listing, grade edits, joint moves, resets and history."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import PurePosixPath

from sqlalchemy import Row, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, selectinload, undefer

from rasharp.deidentify import deidentify_dicom
from rasharp.imaging import ACCEPTED_FORMATS, MAX_PIXELS, MIN_SIDE, ImageReadError, read_image
from rasharp.scheme import GRADE_KINDS, GRADE_RANGES, JOINT_CODES, SIDES
from rasharp.scheme import joint as scheme_joint

from ..auth.models import User
from ..config import get_settings
from ..db import utcnow
from ..errors import Conflict, Invalid, NotFound, Unavailable
from ..storage import FileStore
from ..worker.celery_app import ANALYZE_TASK, RESCORE_TASK, celery_app
from .events import publish_study_change
from .joint_rows import apply_joint_result, done_analysis, open_analysis
from .models import Analysis, GradeEdit, Heatmap, Joint, Patient, Radiograph, Study

log = logging.getLogger(__name__)
REQUESTABLE_SIDES = ("auto", "left", "right")
PATIENT_SEXES = ("F", "M", "X")
_EXTENSIONS = {"dicom": "dcm", "png": "png", "jpeg": "jpg"}


def find_study(db: Session, study_id: int, team_id: int) -> Study:
    """The study if it belongs to the team; another team's study does not exist for this user."""
    study = (
        db.scalars(select(Study).where(Study.id == study_id).options(selectinload(Study.analyses)))
        .unique()
        .one_or_none()
    )
    if study is None or study.team_id != team_id or study.deleted_at is not None:
        raise _no_study(study_id)
    return study


def _no_study(study_id: int) -> NotFound:
    return NotFound("study.not_found", study_id=study_id)


def create_study(
    db: Session,
    storage: FileStore,
    user: User,
    data: bytes,
    filename: str,
    patient_code: str | None,
    side: str,
    birth_year: int | None = None,
    sex: str | None = None,
    visit_date: date | None = None,
    dated_by_film: bool = False,
    recorded_with: Callable[[Study], None] | None = None,
) -> Study:
    """Validate the file, store it once, and record the study with a queued analysis.

    Nothing is written (no row, no file) unless the image reads correctly. With
    ``dated_by_film``, a study without a visit date takes the film's (DICOM StudyDate, as stored).
    ``recorded_with`` adds rows that are saved in the study's own transaction, or not at all
    (a folder import's record of the file, so that a film is never imported twice).
    """
    if _has_control_characters(filename):
        raise Invalid("upload.name_control_characters")
    # Only the name is kept: a browser sends no folders, anything else sent is dropped.
    name = PurePosixPath((filename or "upload").replace("\\", "/")).name[:255] or "upload"
    if side not in REQUESTABLE_SIDES:
        raise Invalid("upload.side_invalid", side=side, accepted=", ".join(REQUESTABLE_SIDES))
    code = checked_patient(patient_code, birth_year, sex)
    check_visit_date(visit_date)
    try:
        image = read_image(data, name)
    except ImageReadError as exc:
        raise _refused_file(exc, name) from None
    if image.format == "dicom":  # only the de-identified copy is kept, never the bytes sent
        settings = get_settings()
        copy = deidentify_dicom(
            data, settings.deidentification_key_bytes, settings.dicom_dates, code
        )
        data, code, image.metadata = copy.data, copy.patient_code, copy.metadata
    if visit_date is None and dated_by_film:
        visit_date = film_date(image.metadata)

    digest = hashlib.sha256(data).hexdigest()
    key = f"radiographs/{digest[:2]}/{digest}.{_EXTENSIONS.get(image.format, 'bin')}"
    wrote_file = not storage.exists(key)
    if wrote_file:
        storage.write(key, data)
    try:
        db.execute(
            insert(Radiograph)
            .values(
                sha256=digest,
                storage_key=key,
                format=image.format,
                size_bytes=len(data),
                width=image.width,
                height=image.height,
                pixel_spacing_mm=image.pixel_spacing_mm,
                dicom_metadata=image.metadata or None,
            )
            .on_conflict_do_nothing(index_elements=["sha256"])
        )
        radiograph = db.scalars(select(Radiograph).where(Radiograph.sha256 == digest)).one()
        study = Study(
            team_id=user.team_id,
            patient_id=patient_id_for(db, user.team_id, code, birth_year, sex),
            radiograph_id=radiograph.id,
            uploaded_by_id=user.id,
            original_name=name,
            requested_side=side,
            visit_date=visit_date,
        )
        study.analyses.append(Analysis(status="queued"))
        db.add(study)
        if recorded_with is not None:
            recorded_with(study)
        db.commit()
    except BaseException:
        db.rollback()
        if (
            wrote_file
            and db.scalar(select(Radiograph.id).where(Radiograph.sha256 == digest)) is None
        ):
            storage.delete(key)
        raise
    return study


def checked_patient(
    patient_code: str | None, birth_year: int | None, sex: str | None
) -> str | None:
    """The patient code as kept (trimmed; None for none), once the patient's details are valid."""
    code = (patient_code or "").strip() or None
    if code is not None and _has_control_characters(code):
        raise Invalid("upload.code_control_characters")
    if code is not None and len(code) > 64:
        raise Invalid("upload.code_too_long", maximum=64)
    if code is None and (birth_year is not None or sex is not None):
        raise Invalid("upload.patient_needs_code")
    if birth_year is not None and not 1900 <= birth_year <= utcnow().year:
        raise Invalid("upload.birth_year_range", minimum=1900, maximum=utcnow().year)
    if sex is not None and sex not in PATIENT_SEXES:
        raise Invalid("upload.sex_invalid")
    return code


def check_visit_date(visit_date: date | None) -> None:
    if visit_date is not None and not date(1900, 1, 1) <= visit_date <= utcnow().date():
        raise Invalid(
            "upload.visit_date_range",
            minimum="1900-01-01",
            maximum=str(utcnow().date()),
            date=str(visit_date),
        )


def film_date(metadata: dict | None) -> date | None:
    """The day the film was taken (DICOM StudyDate, YYYYMMDD), if it is a plausible visit date."""
    taken = str((metadata or {}).get("StudyDate") or "").strip()
    try:
        day = datetime.strptime(taken, "%Y%m%d").date()
    except ValueError:
        return None
    return day if date(1900, 1, 1) <= day <= utcnow().date() else None


_FILE_REFUSALS = {
    "empty": "upload.file_empty",
    "not_image": "upload.file_not_image",
    "format": "upload.file_format",
    "too_small": "upload.file_too_small",
    "too_large": "upload.file_too_large",
    "damaged": "upload.file_damaged",
}


def _refused_file(exc: ImageReadError, name: str) -> Invalid:
    """Why the file was refused, and which files are accepted."""
    code = _FILE_REFUSALS.get(exc.reason, "upload.file_not_accepted")
    limits = {"minimum": MIN_SIDE} if exc.reason == "too_small" else {"maximum": MAX_PIXELS}
    return Invalid(
        code,
        problem=exc.problem,
        accepted=ACCEPTED_FORMATS,
        name=name,
        **limits,
        **exc.details,
    )


def _has_control_characters(text: str) -> bool:
    """Line breaks, tabs, escapes and invisible format characters (such as right-to-left
    overrides that disguise a name)."""
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def patient_id_for(
    db: Session, team_id: int, code: str | None, birth_year: int | None, sex: str | None
) -> int | None:
    if code is None:
        return None
    db.execute(
        insert(Patient)
        .values(team_id=team_id, code=code)
        .on_conflict_do_nothing(index_elements=["team_id", "code"])
    )
    patient = db.scalars(
        select(Patient).where(Patient.team_id == team_id, Patient.code == code)
    ).one()
    patient.birth_year = birth_year if birth_year is not None else patient.birth_year
    patient.sex = sex if sex is not None else patient.sex
    return patient.id


def enqueue_analysis(db: Session, analysis: Analysis) -> None:
    """Send the job for a committed analysis row; mark it failed if the queue is down."""
    try:
        celery_app.send_task(ANALYZE_TASK, args=[analysis.id], ignore_result=True, retry=False)
    except Exception as exc:  # kombu raises several connection error types
        log.exception("could not queue analysis %s", analysis.id)
        analysis.fail("analysis.queue_unreachable")
        db.commit()
        publish_study_change(analysis.study.team_id, analysis.study_id, "failed")
        raise Unavailable("upload.queue_unreachable", error=type(exc).__name__) from None
    publish_study_change(analysis.study.team_id, analysis.study_id, "queued")


# Every column a reader sees; the model's original output stays in the database.
_JOINT_VIEW_COLUMNS = [c for c in Joint.__table__.c if c.name != "model_output"]


# Every row the study view is built from, by its row version: PostgreSQL gives each inserted or
# updated row a new xmin, so the digest changes with any write that changes the view (and with
# rows added or removed) without a counter that every writer would have to remember to bump.
_STUDY_VERSION = text("""
    SELECT s.team_id, md5(concat_ws('|', s.xmin, p.xmin, r.xmin, a.id, a.xmin,
        (SELECT string_agg(j.id || '.' || j.xmin, ',' ORDER BY j.id)
           FROM joints j WHERE j.analysis_id = a.id),
        (SELECT string_agg(h.id || '.' || h.xmin, ',' ORDER BY h.id)
           FROM heatmaps h WHERE h.analysis_id = a.id)))
    FROM studies s
    JOIN radiographs r ON r.id = s.radiograph_id
    LEFT JOIN patients p ON p.id = s.patient_id
    LEFT JOIN LATERAL (SELECT id, xmin FROM analyses WHERE study_id = s.id
                       ORDER BY id DESC LIMIT 1) a ON true
    WHERE s.id = :study_id AND s.deleted_at IS NULL
""")


def study_version(db: Session, study_id: int, team_id: int) -> str:
    """A digest that changes whenever anything shown in the study's detail changes."""
    row = db.execute(_STUDY_VERSION, {"study_id": study_id}).one_or_none()
    if row is None or row.team_id != team_id:
        raise _no_study(study_id)
    return row.md5


def study_results(db: Session, study: Study) -> tuple[Sequence[Row], list[str]]:
    """Joints (as plain rows, cheaper than ORM objects) and heatmap kinds of a finished study."""
    analysis = study.analysis
    if analysis is None or analysis.status != "done":
        return [], []
    joints = db.execute(select(*_JOINT_VIEW_COLUMNS).where(Joint.analysis_id == analysis.id)).all()
    kinds = list(
        db.scalars(
            select(Heatmap.kind).where(Heatmap.analysis_id == analysis.id).order_by(Heatmap.kind)
        )
    )
    return joints, kinds


def mark_reviewed(db: Session, study: Study, user: User) -> None:
    """The reader says the grades and positions are final; a second call changes nothing."""
    done_analysis(study)
    if study.reviewed_at is None:
        study.reviewed_at, study.reviewed_by = utcnow(), user
        db.add(GradeEdit(study_id=study.id, user_id=user.id, field="reviewed"))
        db.commit()
        publish_study_change(study.team_id, study.id, "done")


def reopen(db: Session, study: Study, user: User) -> None:
    if study.reviewed_at is not None:
        old = {"reviewed_by": study.reviewed_by.username if study.reviewed_by else None}
        study.reviewed_at, study.reviewed_by = None, None
        db.add(GradeEdit(study_id=study.id, user_id=user.id, field="reopened", old_value=old))
        db.commit()
        publish_study_change(study.team_id, study.id, "done")


def reanalyse(db: Session, study: Study, user: User) -> None:
    """Analyse the film again with the promoted model: the readers' grades stay, the new
    model's become the model values (the analysis lists which of them changed)."""
    analysis = open_analysis(study)
    if any(joint.rescore_pending for joint in analysis.joints):
        raise Conflict("study.rescore_pending", study_id=study.id)
    analysis.status, analysis.queued_at = "queued", utcnow()
    analysis.started_at = analysis.finished_at = analysis.worker = None
    db.add(GradeEdit(study_id=study.id, user_id=user.id, field="reanalysed"))
    db.commit()
    enqueue_analysis(db, analysis)


def find_joint(db: Session, study: Study, side: str, code: str, lock: bool = False) -> Joint:
    if side not in SIDES:
        raise NotFound("joint.side_invalid", side=side, accepted=", ".join(SIDES))
    if code not in JOINT_CODES:
        raise NotFound("joint.unknown", joint=code, accepted=", ".join(JOINT_CODES))
    analysis = done_analysis(study)
    query = select(Joint).where(
        Joint.analysis_id == analysis.id, Joint.side == side, Joint.code == code
    )
    joint = db.scalar(query.with_for_update() if lock else query)
    if joint is None:
        raise NotFound("joint.hand_not_found", side=side, joint=code)
    return joint


def edit_grades(
    db: Session, study: Study, user: User, side: str, code: str, changes: dict[str, int]
) -> Joint:
    if not changes:
        raise Invalid("grade.nothing_to_change")
    open_analysis(study)
    joint = find_joint(db, study, side, code, lock=True)
    for kind, value in changes.items():
        _check_grade(code, kind, value)
    for kind, value in changes.items():
        old = getattr(joint, kind)
        if old == value:
            continue
        setattr(joint, kind, value)
        # an edit is a review by itself; an edit back to the model's value is not one
        setattr(joint, f"{kind}_confirmed", False)
        db.add(
            GradeEdit(
                study_id=study.id,
                user_id=user.id,
                side=side,
                joint_code=code,
                field=kind,
                old_value=old,
                new_value=value,
            )
        )
    db.commit()
    publish_study_change(study.team_id, study.id, "done")
    return joint


def confirm_grade(db: Session, study: Study, user: User, side: str, code: str, kind: str) -> Joint:
    """Record that the reader agrees with the grade shown, as it is."""
    if kind not in GRADE_KINDS:
        raise Invalid("grade.kind_invalid", kind=kind, accepted=", ".join(GRADE_KINDS))
    open_analysis(study)
    joint = find_joint(db, study, side, code, lock=True)
    value = getattr(joint, kind)
    if value is None:
        raise Invalid("grade.nothing_to_confirm", joint=code, kind=kind)
    if joint.rescore_pending:
        raise Conflict("grade.confirm_while_rescoring", joint=code)
    if not getattr(joint, f"{kind}_confirmed"):
        setattr(joint, f"{kind}_confirmed", True)
        db.add(
            GradeEdit(
                study_id=study.id,
                user_id=user.id,
                side=side,
                joint_code=code,
                field="confirm",
                old_value=None,
                new_value={kind: value},
            )
        )
        db.commit()
        publish_study_change(study.team_id, study.id, "done")
    return joint


def _check_grade(code: str, kind: str, value: int) -> None:
    if not scheme_joint(code).scores(kind):
        raise Invalid("grade.not_scored", joint=code, kind=kind)
    r = GRADE_RANGES[kind]
    if isinstance(value, bool) or not isinstance(value, int) or not r.contains(value):
        raise Invalid(
            "grade.out_of_range", joint=code, kind=kind, minimum=r.minimum, maximum=r.maximum
        )


def move_joint(
    db: Session, study: Study, user: User, side: str, code: str, x: float, y: float
) -> Joint:
    radiograph = study.radiograph
    if not (0 <= x < radiograph.width and 0 <= y < radiograph.height):
        raise Invalid(
            "joint.outside_image",
            x=f"{x:g}",
            y=f"{y:g}",
            max_x=radiograph.width - 1,
            max_y=radiograph.height - 1,
        )
    open_analysis(study)
    joint = find_joint(db, study, side, code, lock=True)
    old = None if joint.x is None else {"x": joint.x, "y": joint.y}
    joint.x, joint.y = float(x), float(y)
    joint.present, joint.absent = True, None
    joint.moved = True
    joint.rescore_pending = True
    joint.move_count += 1  # a re-score running for the older position is dropped
    joint.rescore_queued_at, joint.rescore_worker = utcnow(), None
    db.add(
        GradeEdit(
            study_id=study.id,
            user_id=user.id,
            side=side,
            joint_code=code,
            field="position",
            old_value=old,
            new_value={"x": joint.x, "y": joint.y},
        )
    )
    db.commit()
    publish_study_change(study.team_id, study.id, "done")
    try:
        celery_app.send_task(
            RESCORE_TASK, args=[joint.id, joint.move_count], ignore_result=True, retry=False
        )
    except Exception as exc:
        joint.rescore_pending = False
        db.commit()
        raise Unavailable("joint.rescore_unreachable", error=type(exc).__name__) from None
    return joint


def reset(db: Session, study: Study, user: User, side: str | None, code: str | None) -> int:
    """Put grades and positions back to the model's values; returns how many joints changed."""
    analysis = open_analysis(study)
    if code is not None and side is None:
        raise Invalid("reset.side_needed")
    if side is not None:
        if code:
            find_joint(db, study, side, code)  # a clear 404 for an unknown joint or hand
        targets = [
            j
            for j in _joints_for_reset(db, analysis)
            if j.side == side and (code is None or j.code == code)
        ]
        if not targets:
            raise NotFound("reset.hand_not_found", side=side)
    else:
        targets = _joints_for_reset(db, analysis)
    before, after = {}, {}
    for joint in targets:
        old = _snapshot(joint)
        _restore_model_output(joint)
        new = _snapshot(joint)
        if old != new:
            before[f"{joint.side} {joint.code}"], after[f"{joint.side} {joint.code}"] = old, new
    if before:
        db.add(
            GradeEdit(
                study_id=study.id,
                user_id=user.id,
                side=side,
                joint_code=code,
                field="reset",
                old_value=before,
                new_value=after,
            )
        )
    db.commit()
    if before:
        publish_study_change(study.team_id, study.id, "done")
    return len(before)


def _joints_for_reset(db: Session, analysis: Analysis) -> list[Joint]:
    return list(
        db.scalars(
            select(Joint)
            .where(Joint.analysis_id == analysis.id)
            .options(undefer(Joint.model_output))
            .order_by(Joint.id)
            .with_for_update()
        )
    )


def _snapshot(joint: Joint) -> dict:
    snapshot: dict = {"erosion": joint.erosion, "jsn": joint.jsn, "x": joint.x, "y": joint.y}
    confirmed = [kind for kind in GRADE_KINDS if getattr(joint, f"{kind}_confirmed")]
    if confirmed:
        snapshot["confirmed"] = confirmed
    return snapshot


def _restore_model_output(joint: Joint) -> None:
    out = joint.model_output
    joint.move_count += 1  # a re-score still queued for an older position is dropped
    joint.rescore_pending, joint.rescore_worker = False, None
    joint.moved = False
    apply_joint_result(joint, out, follow_model=True)
    for kind in GRADE_KINDS:
        setattr(joint, f"{kind}_confirmed", False)
    joint.x, joint.y, joint.box = out.get("x"), out.get("y"), out.get("box")
    joint.present, joint.absent = out.get("x") is not None, out.get("absent")


def history(db: Session, study: Study) -> list[tuple[GradeEdit, str]]:
    rows = db.execute(
        select(GradeEdit, User.username)
        .join(User, GradeEdit.user_id == User.id)
        .where(GradeEdit.study_id == study.id)
        .order_by(GradeEdit.created_at.desc(), GradeEdit.id.desc())
    )
    return [(edit, username) for edit, username in rows]
