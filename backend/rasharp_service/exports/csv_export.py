"""CSV export: one row per joint with current and model grades, the edited, confirmed and moved
flags, who last changed the joint and the models' versions.

Text cells that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) get a leading single quote, as OWASP advises against CSV injection; numbers are kept.
"""

from __future__ import annotations

import csv
import io
import re

from ..studies.joint_rows import joint_rows
from ..studies.models import Study

COLUMNS = [
    "study_id",
    "patient_code",
    "side",
    "joint",
    "present",
    "x",
    "y",
    "erosion",
    "erosion_model",
    "erosion_edited",
    "erosion_uncertain",
    "erosion_confirmed",
    "jsn",
    "jsn_model",
    "jsn_edited",
    "jsn_uncertain",
    "jsn_confirmed",
    "jsw_mm",
    "jsw_mm_basis",
    "jsw_relative",
    "jsw_z",
    "jsw_reason",
    "confidence",
    "moved",
    "reader",
    "model",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value):
    """The value, with text that a spreadsheet would run as a formula quoted as text."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def model_versions(study: Study) -> str:
    """The analysis's models, e.g. 'detector 1.2; grader 0.4'."""
    versions = (study.analysis.model_versions if study.analysis else None) or {}
    return "; ".join(f"{name} {version}" for name, version in sorted(versions.items()) if version)


def study_csv(study: Study, readers: dict[tuple[str, str], str] | None = None) -> str:
    """``readers``: who last changed each joint, by (side, joint); empty where nobody did."""
    readers = readers or {}
    model = model_versions(study)
    out = io.StringIO()
    # CRLF (RFC 4180): a carriage return inside a cell then gets the cell quoted too.
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    patient = study.patient.code if study.patient else ""
    for row in joint_rows(study):
        line = {
            "study_id": study.id,
            "patient_code": patient,
            "side": row["side"],
            "joint": row["joint"],
            "present": int(row["present"]),
            "x": _num(row["x"]),
            "y": _num(row["y"]),
            "jsw_mm": _num(row["jsw_mm"], 3),
            "jsw_mm_basis": row["jsw_mm_basis"] or "",
            "jsw_relative": _num(row["jsw_relative"], 3),
            "jsw_z": _num(row["jsw_z"], 2),
            "jsw_reason": row["jsw_reason"] or "",
            "confidence": _num(row["confidence"], 3),
            "moved": int(bool(row["moved"])),
            "reader": readers.get((row["side"], row["joint"]), ""),
            "model": model,
        }
        for kind in ("erosion", "jsn"):
            grade = row[kind]
            line[kind] = "" if grade is None or grade["value"] is None else grade["value"]
            line[f"{kind}_model"] = (
                "" if grade is None or grade["model"] is None else grade["model"]
            )
            line[f"{kind}_edited"] = "" if grade is None else int(grade["edited"])
            line[f"{kind}_uncertain"] = "" if grade is None else int(grade["uncertain"])
            line[f"{kind}_confirmed"] = "" if grade is None else int(grade["confirmed"])
        writer.writerow({column: spreadsheet_safe(value) for column, value in line.items()})
    return out.getvalue()


def _num(value, digits: int = 1):
    return "" if value is None else round(float(value), digits)
