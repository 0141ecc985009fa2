"""The results of a study as DICOM for a PACS: a TID 1500 Measurement Report (structured
report) and a Secondary Capture of the film with the joint markers and grades burned in."""

from __future__ import annotations

import highdicom as hd
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset
from pydicom.sr.codedict import codes
from pydicom.uid import generate_uid

from rasharp.scheme import GRADE_KINDS

from .. import __version__

# The Sharp/van der Heijde grades have no codes in DICOM, SNOMED CT or LOINC, so they are coded
# in a private coding scheme (PS3.3 8.1: a designator beginning with "99" is a private one).
# Its codes: the concepts below, and the grades "<kind>-<grade>", e.g. "erosion-3".
SCHEME = "99RASHARP"
PROCEDURE = hd.sr.CodedConcept("svdh-scoring", SCHEME, "Sharp/van der Heijde hand scoring")
GRADE_CONCEPTS = {
    "erosion": hd.sr.CodedConcept("erosion", SCHEME, "SvdH erosion grade"),
    "jsn": hd.sr.CodedConcept("jsn", SCHEME, "SvdH joint space narrowing grade"),
}
READER_CHANGED = {
    kind: hd.sr.CodedConcept(f"{kind}-changed", SCHEME, f"{label} changed by a reader")
    for kind, label in (("erosion", "Erosion grade"), ("jsn", "JSN grade"))
}
JOINT_SPACE_WIDTH = hd.sr.CodedConcept("jsw", SCHEME, "Joint space width")
RESEARCH_ONLY = "FOR RESEARCH USE ONLY - not for clinical diagnosis"
LEGEND = "E erosion, N joint space narrowing (Sharp/van der Heijde); * changed by a reader"
SIDE_WORDS = {"left": "Left", "right": "Right"}


def grade_concept(kind: str, grade: int) -> hd.sr.CodedConcept:
    return hd.sr.CodedConcept(f"{kind}-{grade}", SCHEME, f"{kind.upper()} grade {grade}")


def joint_label(side: str, joint: str) -> str:
    """The tracking identifier of a joint's measurement group, e.g. "Left MCP2"."""
    return f"{SIDE_WORDS[side]} {joint}"


def measurement_report(
    source: Dataset, joints: list[dict], model_versions: dict, series_number: int = 901
) -> hd.sr.Comprehensive3DSR:
    """TID 1500: for each joint on the film, its grades as coded evaluations, whether a reader
    changed them, its joint space width in mm, and the film it was read on."""
    versions = "; ".join(f"{k} {v}" for k, v in sorted(model_versions.items()) if v)
    device = hd.sr.ObserverContext(
        observer_type=codes.DCM.Device,
        observer_identifying_attributes=hd.sr.DeviceObserverIdentifyingAttributes(
            uid=generate_uid(), name="rasharp", model_name=versions[:64] or "unknown"
        ),
    )
    algorithm = hd.sr.AlgorithmIdentification(name="rasharp", version=versions[:64] or "unknown")
    image = hd.sr.SourceImageForMeasurementGroup.from_source_image(source)
    groups = []
    for row in joints:
        if not row["present"]:
            continue
        evaluations = []
        for kind in GRADE_KINDS:
            grade = row[kind]
            if grade is None or grade["value"] is None:
                continue
            evaluations.append(
                hd.sr.QualitativeEvaluation(
                    GRADE_CONCEPTS[kind], grade_concept(kind, grade["value"])
                )
            )
            evaluations.append(
                hd.sr.QualitativeEvaluation(
                    READER_CHANGED[kind], codes.SCT.Yes if grade["edited"] else codes.SCT.No
                )
            )
        measurements = []
        if row.get("jsw_mm") is not None:
            measurements.append(
                hd.sr.Measurement(
                    name=JOINT_SPACE_WIDTH,
                    value=float(row["jsw_mm"]),
                    unit=codes.UCUM.Millimeter,
                    algorithm_id=algorithm,
                )
            )
        groups.append(
            hd.sr.MeasurementsAndQualitativeEvaluations(
                tracking_identifier=hd.sr.TrackingIdentifier(
                    uid=generate_uid(), identifier=joint_label(row["side"], row["joint"])
                ),
                measurements=measurements or None,
                qualitative_evaluations=evaluations or None,
                source_images=[image],
            )
        )
    report = hd.sr.MeasurementReport(
        observation_context=hd.sr.ObservationContext(observer_device_context=device),
        procedure_reported=PROCEDURE,
        imaging_measurements=groups,
    )
    return hd.sr.Comprehensive3DSR(
        evidence=[source],
        content=report,
        series_instance_uid=generate_uid(),
        series_number=series_number,
        sop_instance_uid=generate_uid(),
        instance_number=1,
        manufacturer="rasharp",
        series_description="rasharp SvdH grades - research use only",
        software_versions=__version__,
    )


def marked_film(
    source: Dataset, picture: Image.Image, joints: list[dict], series_number: int = 902
) -> hd.sc.SCImage:
    """A copy of the film with each joint's marker and grades burned in, labelled for research
    use only."""
    film = picture.convert("RGB")
    draw = ImageDraw.Draw(film)
    size = max(12, round(min(film.size) / 60))
    font = ImageFont.load_default(size=size)
    radius = max(4, size // 2)
    for row in joints:
        if row["x"] is None or row["y"] is None:
            continue
        x, y = row["x"], row["y"]
        colour = (255, 200, 0) if row["side"] == "right" else (0, 200, 255)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=colour, width=3)
        draw.text(
            (x + radius + 2, y - size),
            _grades_text(row),
            fill=colour,
            font=font,
            stroke_width=2,
            stroke_fill=(0, 0, 0),
        )
    banner = ImageFont.load_default(size=size * 2)
    draw.rectangle([0, 0, film.width, size * 5], fill=(0, 0, 0))
    draw.text((size, size // 2), RESEARCH_ONLY, fill=(255, 64, 64), font=banner)
    draw.text((size, size * 3), LEGEND, fill=(255, 255, 255), font=font)
    sc = hd.sc.SCImage.from_ref_dataset(
        ref_dataset=source,
        pixel_array=np.asarray(film, dtype=np.uint8),
        photometric_interpretation=hd.PhotometricInterpretationValues.RGB,
        bits_allocated=8,
        coordinate_system=hd.CoordinateSystemNames.PATIENT,
        patient_orientation=_orientation(source),
        series_instance_uid=generate_uid(),
        series_number=series_number,
        sop_instance_uid=generate_uid(),
        instance_number=1,
        manufacturer="rasharp",
    )
    sc.SeriesDescription = "rasharp joint markers - research use only"
    sc.ImageComments = RESEARCH_ONLY
    sc.BurnedInAnnotation = "YES"
    return sc


def _orientation(source: Dataset) -> tuple[str, str]:
    """The film's own PatientOrientation, else that of a PA hand film as rasharp reads it: the
    patient's right on the viewer's left (rows run to the patient's left) and the fingers up
    (columns run from the fingertips to the wrist: towards the head, in anatomical position)."""
    given = [str(v) for v in source.get("PatientOrientation") or []]
    return (given[0], given[1]) if len(given) == 2 and all(given) else ("L", "H")


def _grades_text(row: dict) -> str:
    parts = [row["joint"]]
    for kind, letter in (("erosion", "E"), ("jsn", "N")):
        grade = row[kind]
        if grade is not None and grade["value"] is not None:
            parts.append(f"{letter}{grade['value']}{'*' if grade['edited'] else ''}")
    return " ".join(parts)
