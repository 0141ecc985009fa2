"""De-identification of DICOM files on ingest: the PS3.15 Basic Application Level Confidentiality
Profile, with the Retain Patient Characteristics option (sex, age, size and weight: joint space
norms depend on them) and the Retain Longitudinal Temporal Information option, with the study's
dates kept or shifted per patient.

The profile's table of attributes and actions (PS3.15 Table E.1-1, release 2026c) comes from
the `dicom-anonymizer` package; the actions are applied here, to every nested item as well:
remove (X), empty (Z), dummy (D), and UIDs (U) replaced by keyed hashes, so that the same study
uploaded twice, or its other series, keep the same new UIDs and stay grouped, while the old UIDs
cannot be recovered without the site's key. Private attributes are removed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import warnings
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from .imaging import dicom_metadata

DateHandling = Literal["keep", "shift"]
DATE_HANDLINGS: tuple[DateHandling, ...] = ("keep", "shift")
MAX_DATE_SHIFT_DAYS = 730

PATIENT_CHARACTERISTICS = {"PatientSex", "PatientAge", "PatientSize", "PatientWeight"}
# The film's own timeline: kept (or shifted) for longitudinal research; every other date goes.
STUDY_DATES = {"StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate"}
STUDY_DATETIMES = {"AcquisitionDateTime"}
STUDY_TIMES = {"StudyTime", "SeriesTime", "AcquisitionTime", "ContentTime"}
RETAINED = PATIENT_CHARACTERISTICS | STUDY_DATES | STUDY_DATETIMES | STUDY_TIMES
RETAINED |= {"BurnedInAnnotation"}  # what the reader is warned about, not an identity

# DICOM codes of the profile and options applied (PS3.16 CID 7050).
METHOD_CODES = {
    "113100": "Basic Application Confidentiality Profile",
    "113108": "Retain Patient Characteristics Option",
}
DATE_OPTION_CODES = {
    "keep": ("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
    "shift": ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
}

DATE_OPTION_SUMMARY = {
    "keep": "PS3.15 Basic; Retain Patient Characteristics; Full Dates",
    "shift": "PS3.15 Basic; Retain Patient Characteristics; Modified Dates",
}


@dataclass
class Deidentified:
    data: bytes  # the de-identified file, the only copy to be stored
    patient_code: str | None  # the code given, else a keyed hash of PatientID, else None
    burned_in_annotation: bool  # the film says identifying text may be in its pixels
    metadata: dict  # the de-identified header, as `Radiograph.metadata` keeps it


def patient_code_for(patient_id: str, key: bytes) -> str:
    """A pseudonymous code for a PatientID: the same person gets the same code at one site, and
    the ID cannot be found from the code without the site's key."""
    digest = _keyed(key, "patient", patient_id.strip())
    return "p-" + base64.b32encode(digest[:10]).decode().lower()


def deidentify_dicom(
    data: bytes, key: bytes, dates: DateHandling = "keep", patient_code: str | None = None
) -> Deidentified:
    """The de-identified copy of a DICOM file (already read successfully by `read_image`).

    ``patient_code`` (the user's) replaces PatientID and PatientName; without it, the code is
    derived from PatientID with the site's ``key``.
    """
    if dates not in DATE_HANDLINGS:
        raise ValueError(f"dates must be one of {', '.join(DATE_HANDLINGS)}, not {dates!r}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(io.BytesIO(data), force=True)
    patient_id = str(ds.get("PatientID", "") or "").strip()
    code = patient_code or (patient_code_for(patient_id, key) if patient_id else None)
    shift = _date_shift(key, code) if dates == "shift" else dt.timedelta(0)

    _clean(ds, key, shift)
    ds.remove_private_tags()
    file_meta = getattr(ds, "file_meta", None)
    if file_meta is not None:
        _clean(file_meta, key, shift)
    _record_method(ds, dates, code)

    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=file_meta is not None)
    burned_in = str(ds.get("BurnedInAnnotation", "") or "").strip().upper() == "YES"
    return Deidentified(out.getvalue(), code, burned_in, dicom_metadata(ds))


@cache
def _profile_actions() -> tuple[dict[tuple[int, int], str], list[tuple[tuple[int, ...], str]]]:
    """Tag -> action ("X", "Z", "D" or "U"), and the masked repeating-group tags."""
    from dicomanonymizer.dicomfields_selector import dicom_anonymization_database_selector

    table = dicom_anonymization_database_selector("dicomfields_2026c")
    # Where the profile allows a choice, the one that keeps least: X before Z before D.
    by_list = {
        "U_TAGS": "U",
        "X_Z_U_STAR_TAGS": "U",
        "D_TAGS": "D",
        "Z_D_TAGS": "Z",
        "Z_TAGS": "Z",
        "X_TAGS": "X",
        "X_Z_TAGS": "X",
        "X_D_TAGS": "X",
        "X_Z_D_TAGS": "X",
    }
    exact: dict[tuple[int, int], str] = {}
    masked: list[tuple[tuple[int, ...], str]] = []
    for name, action in by_list.items():
        for tag in table[name]:
            if len(tag) == 2:
                exact[tag] = action
            else:
                masked.append((tag, action))
    return exact, masked


def _action(group: int, element: int) -> str | None:
    exact, masked = _profile_actions()
    if (group, element) in exact:
        return exact[(group, element)]
    for (g, e, group_mask, element_mask), action in masked:
        if group & group_mask == g & group_mask and element & element_mask == e & element_mask:
            return action
    return None


def _clean(ds: Dataset, key: bytes, shift: dt.timedelta) -> None:
    def visit(dataset: Dataset, element) -> None:
        keyword = element.keyword
        if keyword in RETAINED:
            _retain(element, shift)
            return
        action = _action(element.tag.group, element.tag.element)
        if action == "X":
            del dataset[element.tag]
        elif action == "U":
            _replace_uids(element, key)
        elif action in ("Z", "D"):
            _blank(element, key, action)
        elif element.VR == "UI":
            _replace_uids(element, key)  # an instance UID the table does not name: no trace kept

    ds.walk(visit)


def _retain(element, shift: dt.timedelta) -> None:
    if not shift or element.value in (None, ""):
        return
    if element.keyword in STUDY_DATES:
        element.value = _shifted_date(str(element.value), shift)
    elif element.keyword in STUDY_DATETIMES:
        text = str(element.value)
        element.value = _shifted_date(text[:8], shift) + text[8:]


def _shifted_date(value: str, shift: dt.timedelta) -> str:
    try:
        day = dt.datetime.strptime(value.strip()[:8], "%Y%m%d").date()
    except ValueError:
        return ""  # a date that cannot be shifted is not kept as it came
    return (day - shift).strftime("%Y%m%d")


# Standard UIDs that name things rather than instances: kept so the file stays readable.
_KEPT_UIDS = {
    "TransferSyntaxUID",
    "SOPClassUID",
    "MediaStorageSOPClassUID",
    "ImplementationClassUID",
}


def _replace_uids(element, key: bytes) -> None:
    if element.keyword in _KEPT_UIDS or element.VR == "SQ":
        return
    if element.VR != "UI":
        _blank(element, key, "Z")
        return
    if isinstance(element.value, (list, tuple)) or type(element.value).__name__ == "MultiValue":
        element.value = [_new_uid(str(v), key) for v in element.value]
    elif element.value:
        element.value = _new_uid(str(element.value), key)


def _new_uid(uid: str, key: bytes) -> str:
    """A UID under the 2.25 root (PS3.5 B.2) made from a keyed hash of the old one."""
    return "2.25." + str(int.from_bytes(_keyed(key, "uid", uid)[:16], "big"))


def _blank(element, key: bytes, action: str) -> None:
    if element.VR == "SQ":
        element.value = Sequence()  # a sequence the profile names goes whole
    elif element.VR == "UI":
        _replace_uids(element, key)
    elif element.VR in ("OB", "OW", "UN"):
        element.value = b""
    elif element.VR in ("US", "SS", "UL", "SL", "FL", "FD"):
        element.value = 0 if action == "D" else None
    elif element.VR in ("DS", "IS"):
        element.value = "0" if action == "D" else ""
    elif action == "D" and element.VR in ("LO", "SH", "PN", "LT", "ST", "UT", "UC", "CS"):
        element.value = "REMOVED"
    else:
        element.value = ""


def _record_method(ds: Dataset, dates: DateHandling, code: str | None) -> None:
    ds.PatientID = code or ""
    ds.PatientName = code or ""
    ds.PatientIdentityRemoved = "YES"
    codes = [*METHOD_CODES.items(), DATE_OPTION_CODES[dates]]
    ds.DeidentificationMethod = DATE_OPTION_SUMMARY[dates]  # LO: 64 characters at most
    items = []
    for value, meaning in codes:
        item = Dataset()
        item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, "DCM", meaning
        items.append(item)
    ds.DeidentificationMethodCodeSequence = Sequence(items)
    ds.LongitudinalTemporalInformationModified = "MODIFIED" if dates == "shift" else "UNMODIFIED"


def _date_shift(key: bytes, code: str | None) -> dt.timedelta:
    """Days every date of one patient moves back: the same for all their films, so the time
    between visits holds."""
    days = int.from_bytes(_keyed(key, "dates", code or "")[:4], "big") % MAX_DATE_SHIFT_DAYS
    return dt.timedelta(days=days + 1)


def _keyed(key: bytes, purpose: str, value: str) -> bytes:
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
