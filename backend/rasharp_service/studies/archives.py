"""ZIP archives of radiographs: a whole study, or several, sent as one file.

The archive is checked as a whole before any member is unpacked (member count, unpacked size,
compression ratios, names), so a zip bomb or a name pointing outside the archive is refused
with nothing written. Then each member is an upload of its own through `service.create_study`
(so every DICOM is stored de-identified like any other, and a member that fails leaves no row
or file): a DICOM image of a radiograph becomes a study, a non-image DICOM object (structured
report, presentation state) or a DICOMDIR is skipped, and a bad member is refused by name while
the others go on.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

import pydicom
from pydicom.uid import UID
from sqlalchemy.orm import Session

from ..auth.models import User
from ..errors import Invalid, ServiceError, TooLarge, Unavailable, error_body
from ..storage import FileStore
from . import service
from .models import Study

log = logging.getLogger(__name__)
MAX_MEMBERS = 2000
MAX_RATIO = 100  # unpacked : packed size of one member; ordinary DICOM stays far below
RATIO_CHECKED_FROM = 1024 * 1024  # small members (headers, text) may compress better
UNPACKED_FACTOR = 8  # all members together unpack to at most this many times the upload limit
RADIOGRAPH_MODALITIES = ("CR", "DX", "RG", "OT")  # OT: digitised films, secondary captures
DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10"
_NESTED_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz", ".zst")
_NESTED_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"\xfd7zXZ")
_PICTURE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG
_ENCRYPTED = 0x1  # general purpose flag bit 0


@dataclass
class MemberOutcome:
    """What became of one file of the archive."""

    name: str
    outcome: str  # created, skipped or refused
    study_id: int | None = None
    status: str | None = None  # the created study's analysis
    patient_code: str | None = None
    visit_date: date | None = None
    dicom_study: int | None = None  # 1, 2, ...: which DICOM study of the archive
    dicom_series: int | None = None  # 1, 2, ...: which series of that study
    message: dict | None = None  # detail, code and params: why skipped or refused


@dataclass
class _Grouping:
    """Numbers the archive's DICOM studies, and each study's series, in order of appearance."""

    studies: dict[str, int] = field(default_factory=dict)
    series: dict[tuple[str, str], int] = field(default_factory=dict)

    def place(self, header: pydicom.Dataset) -> tuple[int, int]:
        study_uid = str(header.get("StudyInstanceUID", "") or "")
        series_uid = str(header.get("SeriesInstanceUID", "") or "")
        study = self.studies.setdefault(study_uid, len(self.studies) + 1)
        within = sum(1 for s, _ in self.series if s == study_uid)
        series = self.series.setdefault((study_uid, series_uid), within + 1)
        return study, series


def checked_archive(
    data: bytes, upload_limit: int
) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and its files (folders left out), once it is safe to unpack."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise Invalid("archive.not_zip", problem=str(exc) or type(exc).__name__) from None
    if not members:
        raise Invalid("archive.empty")
    if len(members) > MAX_MEMBERS:
        raise TooLarge("archive.too_many_members", count=len(members), maximum=MAX_MEMBERS)
    for member in members:
        if _unsafe_name(member.filename):
            raise Invalid("archive.unsafe_name", name=member.filename)
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise TooLarge(
                "archive.compression_ratio",
                name=member.filename,
                ratio=member.file_size // max(member.compress_size, 1),
                maximum=MAX_RATIO,
            )
    unpacked = sum(m.file_size for m in members)
    if unpacked > UNPACKED_FACTOR * upload_limit:
        raise TooLarge(
            "archive.too_large_unpacked",
            megabytes=_megabytes(unpacked),
            maximum=_megabytes(UNPACKED_FACTOR * upload_limit),
        )
    return archive, members


def _unsafe_name(name: str) -> bool:
    """An absolute path, a drive, or a .. step: a name that would land outside a folder."""
    parts = re.split(r"[\\/]", name)
    return name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name)) or ".." in parts


def _megabytes(size: int) -> int:
    return -(-size // (1024 * 1024))


def create_studies(
    db: Session,
    storage: FileStore,
    user: User,
    data: bytes,
    upload_limit: int,
    patient_code: str | None,
    side: str,
    birth_year: int | None = None,
    sex: str | None = None,
    visit_date: date | None = None,
) -> list[MemberOutcome]:
    """A study for every radiograph of the archive; what became of each of its files."""
    # The options are checked once for the whole archive, not refused again for every member.
    if side not in service.REQUESTABLE_SIDES:
        raise Invalid(
            "upload.side_invalid", side=side, accepted=", ".join(service.REQUESTABLE_SIDES)
        )
    service.checked_patient(patient_code, birth_year, sex)
    service.check_visit_date(visit_date)
    archive, members = checked_archive(data, upload_limit)
    grouping = _Grouping()
    outcomes = []
    with archive:
        for member in members:
            outcome = MemberOutcome(name=member.filename, outcome="refused")
            try:
                picture = _take(archive, member, outcome, grouping, upload_limit)
                if picture is not None:
                    study = service.create_study(
                        db,
                        storage,
                        user,
                        picture,
                        member.filename,
                        patient_code,
                        side,
                        birth_year,
                        sex,
                        visit_date,
                        dated_by_film=True,
                    )
                    _created(db, study, outcome)
            except ServiceError as refusal:
                outcome.outcome, outcome.message = "refused", refusal.body()
            except Exception as exc:  # create_study has undone its writes; the others go on
                log.exception("archive member %r could not be stored", member.filename)
                outcome.message = error_body(
                    "archive.member_failed", name=member.filename, error=type(exc).__name__
                )
            outcomes.append(outcome)
    return outcomes


def _created(db: Session, study: Study, outcome: MemberOutcome) -> None:
    """Queue the study's analysis; a queue that is down leaves the study there, failed, as a
    single upload would."""
    outcome.outcome, outcome.study_id = "created", study.id
    outcome.patient_code = study.patient.code if study.patient else None
    outcome.visit_date = study.visit_date
    analysis = study.analyses[-1]
    try:
        service.enqueue_analysis(db, analysis)
    except Unavailable as refusal:
        outcome.message = refusal.body()
    outcome.status = analysis.status


def _take(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    outcome: MemberOutcome,
    grouping: _Grouping,
    upload_limit: int,
) -> bytes | None:
    """The member's bytes to upload, or None when it is skipped (``outcome`` then says why).
    Raises the refusal of a member that cannot be taken."""
    name = member.filename
    if is_system_file(name):
        skip: tuple[str, dict[str, str]] | None = ("archive.skipped_system_file", {})
    else:
        data = _unpacked(archive, member, upload_limit)
        verdict = file_verdict(PurePosixPath(name.replace("\\", "/")).name, data)
        if verdict.header is not None:
            outcome.dicom_study, outcome.dicom_series = grouping.place(verdict.header)
        skip = verdict.skip
    if skip is not None:
        code, params = skip
        outcome.outcome, outcome.message = "skipped", error_body(code, name=name, **params)
        return None
    return data


def is_system_file(name: str) -> bool:
    """A hidden file, a macOS resource fork or a Windows thumbnail cache: never a film."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return base.startswith(".") or name.startswith("__MACOSX/") or base.lower() == "thumbs.db"


def _unpacked(archive: zipfile.ZipFile, member: zipfile.ZipInfo, upload_limit: int) -> bytes:
    name = member.filename
    if member.flag_bits & _ENCRYPTED:
        raise Invalid("archive.member_encrypted", name=name)
    if name.lower().endswith(_NESTED_SUFFIXES):
        raise Invalid("archive.member_nested", name=name)
    if member.file_size > upload_limit:
        raise TooLarge("archive.member_too_large", name=name, megabytes=_megabytes(upload_limit))
    try:
        with archive.open(member) as packed:
            data = packed.read(upload_limit + 1)  # never more than its declared (checked) size
    except NotImplementedError:
        raise Invalid("archive.member_method", name=name, method=member.compress_type) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise Invalid("archive.member_damaged", name=name, problem=str(exc)) from None
    if data.startswith(_NESTED_MAGIC):
        raise Invalid("archive.member_nested", name=name)
    return data


@dataclass
class FileVerdict:
    """Whether a file is a radiograph to study, and a DICOM file's data set."""

    skip: tuple[str, dict[str, str]] | None  # why not (a code and its values); None: upload it
    header: pydicom.Dataset | None = None  # pixels not decoded; None unless readable DICOM


def file_verdict(base: str, data: bytes) -> FileVerdict:
    """Whether the file named ``base`` (its name without folders) is a radiograph to study:
    a DICOMDIR, a non-image DICOM object, another modality or a file that is neither DICOM nor
    PNG nor JPEG is skipped; a damaged file is not, so that its upload says what is wrong."""
    if base.upper() == "DICOMDIR":
        return FileVerdict(("archive.skipped_dicomdir", {}))
    if not _looks_like_dicom(data):
        picture = data.startswith(_PICTURE_MAGIC)
        return FileVerdict(None if picture else ("archive.skipped_not_image", {}))
    header = _dicom_header(data)
    if header is None:
        return FileVerdict(None)  # damaged: its upload says what is wrong with it
    sop_class = UID(str(header.get("SOPClassUID", "") or _stored_class(header)))
    if sop_class == DICOMDIR_SOP_CLASS:
        return FileVerdict(("archive.skipped_dicomdir", {}), header)
    # An image class without pixels is a damaged image, refused by its upload; only objects that
    # are not images at all (reports, presentation states, documents) are skipped.
    has_pixels = any(k in header for k in ("PixelData", "FloatPixelData", "DoubleFloatPixelData"))
    if not has_pixels and sop_class.is_valid and "Image" not in sop_class.name:
        return FileVerdict(("archive.skipped_no_image", {"kind": sop_class.name}), header)
    modality = str(header.get("Modality", "") or "").strip().upper()
    if has_pixels and modality and modality not in RADIOGRAPH_MODALITIES:
        accepted = ", ".join(RADIOGRAPH_MODALITIES)
        skip = ("archive.skipped_not_radiograph", {"modality": modality, "accepted": accepted})
        return FileVerdict(skip, header)
    return FileVerdict(None, header)


def _looks_like_dicom(data: bytes) -> bool:
    """The DICM prefix, or (without a preamble) a first tag of group 0002 or 0008."""
    return data[128:132] == b"DICM" or data[:2] in (b"\x02\x00", b"\x08\x00")


def _dicom_header(data: bytes) -> pydicom.Dataset | None:
    """The DICOM data set (pixels not decoded); None when it cannot be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pydicom.dcmread(io.BytesIO(data), force=True)
    except Exception:  # pydicom raises many types for a damaged header
        return None


def _stored_class(header: pydicom.Dataset) -> str:
    meta = getattr(header, "file_meta", None)
    return str(meta.get("MediaStorageSOPClassUID", "") or "") if meta is not None else ""
