"""Refusals a clinician can read, in any language the UI speaks.

Every refusal has a stable ``code`` from :data:`MESSAGES` and the ``params`` its sentence
needs; the answer's body is :class:`ErrorBody`: the English sentence in ``detail`` (for API
users and logs), and ``code`` and ``params`` for the UI, which says the same in the reader's
language (frontend/src/features/i18n/serverMessages.ts has a ``server.<code>`` text for every
code, in English and Russian).
A sentence given instead of a code is sent as it is, with the code ``untranslated``.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, Field

UNTRANSLATED = "untranslated"

# Refused files: the English sentence names the problem as the image reader put it; the code
# and these values let a translation say the same.
_FILE_REFUSALS = (
    "upload.file_empty",
    "upload.file_not_image",
    "upload.file_format",
    "upload.file_too_small",
    "upload.file_too_large",
    "upload.file_damaged",
    "upload.file_not_accepted",
)
_FILE_VALUES = ("name", "format", "width", "height", "minimum", "maximum")

# code -> the English sentence, with {param} places. Add a code here, then its translations.
MESSAGES: dict[str, str] = {
    UNTRANSLATED: "{detail}",
    # requests the service cannot take
    "request.invalid": "The request was not valid: {problems}.",
    "request.no_route": "No API route {path}.",
    "request.refused": "The request was refused ({status}).",
    "request.body_too_large": "The request body is larger than {megabytes} MB.",
    "request.cross_site": (
        "Refused: this change was sent by a page of {origin}, not by this service's own pages "
        "({own}). Open the application at {own} and try again."
    ),
    "request.cross_site_unknown": (
        "Refused: this change was sent by a page of another site. Open the application at its "
        "own address and try again."
    ),
    "service.database_unreachable": (
        "The database is not reachable just now (it may be restarting). Try again in a moment."
    ),
    # signing in and rights
    "auth.not_signed_in": "Not signed in, or the session has expired: please log in.",
    "auth.wrong_credentials": "Wrong username or password.",
    "auth.too_many_attempts": (
        "Too many failed sign-ins for this account or from this address: sign-in is paused "
        "for about {minutes} min. Try again then, or ask an administrator to set a new password."
    ),
    "auth.throttle_unreachable": (
        "Sign-in is unavailable: the service cannot reach its Redis server, which counts failed "
        "sign-ins. Try again shortly; an administrator can check /api/health."
    ),
    "auth.disclaimer_required": (
        "Please read and accept the research-use disclaimer first (GET /api/disclaimer, then "
        "POST /api/disclaimer/accept): uploads, edits and exports are refused until the current "
        "version is accepted."
    ),
    "auth.admin_only": "Only an administrator may manage users.",
    "disclaimer.outdated": (
        "Disclaimer version {version} has been replaced by version {current}: read the new "
        "version and accept it."
    ),
    # users
    "users.not_found": "There is no user {user_id}.",
    "users.name_taken": (
        "A user named {username!r} already exists (names are compared regardless of case)."
    ),
    "users.not_yourself": "You cannot remove your own administrator rights or disable yourself.",
    "password.too_short": (
        "The password must have at least {minimum} characters (it has {length}); a few "
        "unrelated words make a good one."
    ),
    "password.too_long": "The password may have at most {maximum} characters.",
    "password.is_username": "The password may not be the username.",
    "password.common": (
        "This password is among the most common ones (or one of them followed by digits), which "
        "are tried first by anyone guessing: choose another."
    ),
    # uploads
    "upload.too_large": "The file is larger than the upload limit of {megabytes} MB.",
    "upload.name_control_characters": (
        "The file name contains control characters (such as line breaks); rename the file."
    ),
    "upload.side_invalid": "side must be one of {accepted}, not {side!r}.",
    "upload.code_control_characters": (
        "The patient code contains control characters (such as line breaks or tabs); use "
        "letters, digits and punctuation."
    ),
    "upload.code_too_long": "The patient code is longer than {maximum} characters.",
    "upload.patient_needs_code": "A birth year or sex needs a patient code to belong to.",
    "upload.birth_year_range": "The birth year must be between {minimum} and {maximum}.",
    "upload.sex_invalid": "sex must be F, M or X (other or unknown).",
    # a file that is not a radiograph this service reads; {problem} names it in English
    **dict.fromkeys(
        _FILE_REFUSALS, "The file was not accepted: {problem}. Accepted formats: {accepted}."
    ),
    "upload.queue_unreachable": (
        "The image was stored but the job queue is not reachable ({error}); please try again later."
    ),
    # ZIP archives: the whole archive refused, nothing written
    "archive.not_zip": (
        "The file is not a ZIP archive ({problem}). Send a .zip of DICOM files, or the files "
        "themselves."
    ),
    "archive.empty": "The archive holds no files.",
    "archive.too_many_members": (
        "The archive has {count} files; at most {maximum} are accepted in one archive. Split it "
        "into smaller archives."
    ),
    "archive.too_large_unpacked": (
        "The archive's files come to {megabytes} MB unpacked; at most {maximum} MB are accepted "
        "in one archive. Split it into smaller archives."
    ),
    "archive.compression_ratio": (
        "{name} would unpack to {ratio} times its packed size (at most {maximum} times is "
        "accepted): the archive looks like a zip bomb and was refused."
    ),
    "archive.unsafe_name": (
        "The archive has a file named {name!r}, a path that leads outside the archive (absolute, "
        "a drive, or ..); such archives are refused. Archive the files with relative names."
    ),
    # one file of an archive, refused while the others go on
    "archive.member_encrypted": (
        "{name} is encrypted (password-protected); archive the files without a password."
    ),
    "archive.member_nested": (
        "{name} is an archive inside the archive; unpack it and send its files or a single "
        "archive of them."
    ),
    "archive.member_too_large": "{name} is larger than the upload limit of {megabytes} MB.",
    "archive.member_method": (
        "{name} is packed with a method this service cannot unpack (method {method}); use "
        "ordinary ZIP compression (deflate)."
    ),
    "archive.member_damaged": "{name} could not be unpacked: the archive is damaged ({problem}).",
    "archive.member_failed": (
        "{name} could not be stored ({error}); nothing of it was kept. The error has been logged."
    ),
    # one file of an archive, skipped: not a radiograph to study
    "archive.skipped_system_file": "{name} is a hidden or system file; skipped.",
    "archive.skipped_dicomdir": "{name} is a DICOMDIR (an index of the files, not an image); skipped.",
    "archive.skipped_no_image": "{name} is not an image ({kind}); skipped.",
    "archive.skipped_not_radiograph": (
        "{name} is a {modality} image, not a radiograph (accepted modalities: {accepted}); skipped."
    ),
    "archive.skipped_not_image": "{name} is not a DICOM, PNG or JPEG file; skipped.",
    # folder imports: a folder of the server, imported by an administrator's job
    "folder_import.off": (
        "Folder import is off on this server: set RASHARP_IMPORT_ROOT to the server folder "
        "under which films may be imported, and restart the service."
    ),
    "folder_import.folder_empty": (
        "Name the folder to import: a path below the import folder {root}, e.g. trial/site1."
    ),
    "folder_import.outside_root": (
        "{folder!r} is not below the import folder {root}. Give a folder below it (a path "
        "relative to it, or an absolute path inside it), without '..' steps and not through a "
        "link that leads elsewhere."
    ),
    "folder_import.not_found": "There is no folder {folder!r} below the import folder {root}.",
    "folder_import.not_folder": "{folder!r} is a file, not a folder; name the folder to import.",
    "folder_import.queue_unreachable": (
        "The import was recorded but the job queue is not reachable ({error}); try again later."
    ),
    "folder_import.import_not_found": "There is no folder import {import_id} in your team.",
    "folder_import.unreadable": "{name} could not be read ({problem}).",
    "folder_import.file_failed": (
        "{name} could not be stored ({error}); nothing of it was kept. The error has been logged."
    ),
    "folder_import.skipped_already_imported": (
        "{name} was imported before (study {study_id}); skipped."
    ),
    "folder_import.skipped_outside_root": (
        "{name} is a link to a file outside the import folder; skipped."
    ),
    # studies, joints and grades
    "study.not_found": "There is no study {study_id} in your team.",
    "study.no_results": "Study {study_id} has no results yet (analysis {state}).",
    "dataset.nothing_reviewed": (
        "No study of your team is marked reviewed yet: a dataset snapshot holds reviewed "
        "studies only (mark a study reviewed on its page when its grades are final)."
    ),
    "dataset.not_found": "There is no dataset snapshot {snapshot_id} in your team.",
    # the model registry (one per deployment)
    "model.not_found": "There is no model version {version!r}.",
    "model.not_candidate": (
        "Model version {version} is {state}: only a candidate can be promoted (to return to a "
        "version promoted before, roll back to it)."
    ),
    "model.never_promoted": (
        "Model version {version} is {state}: a roll-back returns only to a retired version "
        "that was promoted before."
    ),
    "model.file_name_invalid": (
        "{name!r} is not a model file name: use letters, digits, '.', '_' and '-' only."
    ),
    "model.file_missing": "A model version needs {required}; the files given were: {names}.",
    "model.file_not_onnx": "{name} is not an ONNX model ({error}).",
    "model.metrics_invalid": (
        "The metrics must be a JSON object of names and values (e.g. balanced_accuracy: 0.8)."
    ),
    "model.snapshot_not_found": "There is no dataset snapshot {snapshot_id}.",
    # training runs (fine-tuning by the trainer process)
    "training.not_found": "There is no training run {run_id}.",
    "training.already_active": (
        "Training run {run_id} is {state}: one run at a time. Wait for it to finish, or cancel "
        "it, then start another."
    ),
    "training.not_active": (
        "Training run {run_id} is {state}: only a queued or running run can be cancelled."
    ),
    "training.no_promoted_version": ("No model version is promoted: promote one to fine-tune it."),
    "training.queue_unreachable": (
        "The training run could not be queued: the job queue is not reachable. Try again later."
    ),
    "study.rescore_pending": (
        "A joint of study {study_id} is being re-scored; re-analyse the study once it is done."
    ),
    "study.reviewed_final": (
        "Study {study_id} is marked reviewed: its grades, joint positions and calibration are "
        "final. Reopen it to change them."
    ),
    "joint.side_invalid": "side must be one of {accepted}, not {side!r}.",
    "joint.unknown": "unknown joint {joint!r}; known joints: {accepted}.",
    "joint.hand_not_found": "No {side} hand was found on this radiograph, so it has no {joint}.",
    "joint.outside_image": (
        "The position ({x}, {y}) is outside the image (0-{max_x} x 0-{max_y} pixels)."
    ),
    "joint.rescore_unreachable": (
        "The new position was saved but the joint could not be re-scored: the job queue is not "
        "reachable ({error})."
    ),
    "grade.nothing_to_change": "Nothing to change: send erosion and/or jsn.",
    "grade.cannot_empty": "A grade cannot be emptied; use reset to return to the model's value.",
    "grade.not_scored": "{joint} has no {kind} grade in this scheme.",
    "grade.out_of_range": "{kind} grade of {joint} must be an integer {minimum}-{maximum}.",
    "reset.side_needed": "To reset one joint, give its side as well as the joint.",
    "reset.hand_not_found": "No {side} hand was found on this radiograph.",
    "heatmap.unknown": "No {kind!r} heatmap; available: {accepted}.",
    "grade.kind_invalid": "kind must be one of {accepted}, not {kind!r}.",
    "grade.nothing_to_confirm": "{joint} has no {kind} grade to confirm.",
    "grade.confirm_while_rescoring": (
        "{joint} is being re-scored; confirm its grade when the new one is shown."
    ),
    "upload.visit_date_range": (
        "The visit date must be between {minimum} and today ({maximum}), not {date}."
    ),
    "study.hand_not_found": "No {side} hand was found on this radiograph.",
    "study.delete_admin_only": "Only an administrator may delete a study.",
    # patients over time
    "patient.not_found": "There is no patient {patient_id} in your team.",
    "patient.visit_not_found": (
        "Patient {patient_id} has no analysed visit on {date}; their visits: {accepted}."
    ),
    "patient.same_visit": "Choose two different visits: both dates are {date}.",
    "patient.visits_reversed": (
        "from ({before}) must be the earlier visit and to ({after}) the later one."
    ),
    # why an analysis failed (kept on the analysis, shown in the worklist and the study)
    "analysis.no_hand": (
        "No hand was found on this radiograph. Upload a posteroanterior (PA) radiograph of one "
        "or both hands, fingers pointing up."
    ),
    "analysis.models_unavailable": "{error}",
    "analysis.failed": "The analysis failed ({error}).",
    "analysis.not_stored": "The results could not be stored ({error}).",
    "analysis.queue_unreachable": (
        "The job queue could not be reached; upload the file again later."
    ),
    # a reader's pixel spacing
    "spacing.one_way": (
        "Send either mm_per_pixel, or distance_mm with the line's start and end on the film."
    ),
    "spacing.line_incomplete": (
        "A known distance needs distance_mm, start and end (x, y in pixels)."
    ),
    "spacing.point_outside": (
        "The point ({x}, {y}) is outside the image ({width} x {height} pixels)."
    ),
    "spacing.line_too_short": (
        "The line is only {pixels} pixels long; draw one of at least {minimum} pixels (the "
        "longer, the more exact)."
    ),
    "spacing.distance_invalid": (
        "The distance must be a positive number of millimetres, not {distance}."
    ),
    "spacing.implausible": (
        "{mm_per_pixel} mm per pixel is not plausible for a hand radiograph; accepted: more "
        "than 0 and at most {maximum} mm per pixel."
    ),
    # reading sessions (reader studies)
    "session.not_found": "There is no reading session {session_id} of yours in your team.",
    "session.admin_only": (
        "Only an administrator may create a reading session or settle its disagreements."
    ),
    "session.no_studies": "Choose at least one study for the session.",
    "session.no_readers": "Choose at least one reader for the session (two or more to compare).",
    "session.study_not_ready": (
        "Study {study_id} is not an analysed study of your team; a session takes only studies "
        "whose analysis has finished."
    ),
    "session.reader_unknown": "User {user_id} is not an active user of your team.",
    "session.not_a_reader": "You are not a reader of session {session_id}, so you have no queue.",
    "session.item_not_found": "There is no item {item_id} in your queue of session {session_id}.",
    "session.complete": (
        "Session {session_id} is complete: every reader has finished, and reads no longer change."
    ),
    "session.read_done": ("You marked this item done; reopen it to change its grades."),
    "session.grades_missing": (
        "Grade every joint on the film before marking it done; still without a grade: {joints}."
    ),
    "session.joint_not_on_film": "{side} {joint} is not on this film, so it takes no grade.",
    "session.report_not_yet": (
        "The report of session {session_id} opens to its readers once every reader has finished."
    ),
    "session.not_a_disagreement": (
        "{side} {joint} {kind} of item {item_id} is not a disagreement of more than one grade "
        "between finished reads; only those are adjudicated."
    ),
    # the hospital's PACS (DICOMweb)
    "pacs.admin_only": "Only an administrator may set up PACS connections.",
    "pacs.endpoint_not_found": "There is no PACS connection {endpoint_id}.",
    "pacs.name_empty": "Give the PACS connection a name.",
    "pacs.name_taken": "A PACS connection named {name!r} already exists.",
    "pacs.url_invalid": (
        "{url!r} is not a DICOMweb address: give its http:// or https:// base URL, e.g. "
        "https://pacs.example.org/dicom-web."
    ),
    "pacs.auth_invalid": "auth must be one of {accepted}, not {auth!r}.",
    "pacs.username_missing": "Basic authentication needs a username.",
    "pacs.secret_missing": (
        "Authentication {auth} needs a secret: the password (basic) or the token (bearer)."
    ),
    "pacs.secret_unreadable": (
        "The stored secret of PACS {name} cannot be read (RASHARP_SECRET_KEY has changed): an "
        "administrator must enter it again."
    ),
    "pacs.credentials_refused": (
        "PACS {name} refused the credentials (HTTP {status}): an administrator should check the "
        "username, password or token."
    ),
    "pacs.answered_error": "PACS {name} answered with an error (HTTP {status}).",
    "pacs.bad_answer": "PACS {name} gave an answer that could not be read ({error}).",
    "pacs.unreachable": (
        "PACS {name} could not be reached ({error}): check its address, or try again later."
    ),
    "pacs.modality_invalid": "modality must be one of {accepted}, not {modality!r}.",
    "pacs.dates_reversed": "The start of the date range is after its end.",
    "pacs.no_studies": "Choose at least one study to retrieve.",
    "pacs.too_many_studies": "Retrieve at most {maximum} studies at a time.",
    "pacs.uid_invalid": "{uid!r} is not a DICOM UID (digits and dots, at most 64 characters).",
    "pacs.queue_unreachable": (
        "The retrieval could not be started: the job queue is not reachable ({error})."
    ),
    "pacs.import_not_found": "There is no PACS retrieval {import_id} in your team.",
    "pacs.send_admin_only": "Only an administrator may send results to a PACS.",
    "pacs.documents_invalid": "Choose what to send, among {accepted}.",
    "pacs.send_needs_dicom": (
        "Study {study_id} was not a DICOM file, so there is no film in a PACS to attach results to."
    ),
    # exports
    "export.report_timeout": (
        "The report was not ready within {seconds} s: the workers are busy or not running. "
        "Please try again."
    ),
    "export.report_failed": (
        "The report of study {study_id} could not be made; the error has been logged. Please "
        "try again later or tell the administrator."
    ),
}

Param = str | int | float


def params_of(code: str) -> set[str]:
    """The values a message of this code can carry."""
    named = set(re.findall(r"\{(\w+)(?:![rs])?\}", MESSAGES[code]))
    return named | set(_FILE_VALUES) if code in _FILE_REFUSALS else named


def english(code: str, params: dict[str, Param]) -> str:
    return MESSAGES[code].format(**params)


class ErrorBody(BaseModel):
    """Every refusal's body: the English sentence, its code and the values it names."""

    detail: str = Field(description="The refusal in English: what is wrong and what is accepted.")
    code: Annotated[
        str,
        Field(
            description="Stable code of the message, for translation.",
            json_schema_extra={"enum": list(MESSAGES)},
        ),
    ]
    params: dict[str, Param] = Field(
        default_factory=dict, description="The values the message names, by name."
    )


def error_body(code: str, **params: Param) -> dict:
    if code not in MESSAGES:  # a plain sentence, not yet given a code
        code, params = UNTRANSLATED, {"detail": code}
    return {"detail": english(code, params), "code": code, "params": params}


# Documented for every route that can refuse (the 4XX and 5XX answers of the OpenAPI).
ERROR_RESPONSES: dict[int | str, dict] = {
    "4XX": {"model": ErrorBody, "description": "Refused: what is wrong and what is accepted"},
    "5XX": {"model": ErrorBody, "description": "The service cannot answer just now"},
}


class ServiceError(Exception):
    """A refusal: ``raise Invalid("upload.sex_invalid")``, ``NotFound("study.not_found",
    study_id=7)``."""

    status_code = 400
    headers: dict[str, str] | None = None  # sent with the answer, e.g. Retry-After

    def __init__(self, code: str, /, **params: Param):
        body = error_body(code, **params)
        super().__init__(body["detail"])
        self.code, self.params, self.message = body["code"], body["params"], body["detail"]

    def body(self) -> dict:
        return {"detail": self.message, "code": self.code, "params": self.params}


class Unauthorized(ServiceError):
    status_code = 401


class Forbidden(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    status_code = 409


class Invalid(ServiceError):
    status_code = 422


class TooLarge(ServiceError):
    status_code = 413


class TooManyRequests(ServiceError):
    status_code = 429


class Unavailable(ServiceError):
    status_code = 503
