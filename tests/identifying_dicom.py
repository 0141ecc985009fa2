"""A DICOM radiograph full of identifying attributes, for the de-identification tests.

Every value is distinctive, so finding any of it (or of its words) anywhere means it leaked.
"""

from __future__ import annotations

import io

import numpy as np
from pydicom.datadict import dictionary_VR
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian

ROOT = "1.2.826.0.1.3680043.8.498.4417"  # a test root; the UIDs below are the film's own

IDENTIFYING = {
    "PatientName": "Zyxwabcde^Quirinalda",
    "PatientID": "MRN-88431177",
    "IssuerOfPatientID": "Krasnogorsk Regional Registry",
    "OtherPatientIDs": "ALT-55219930",
    "OtherPatientNames": "Brommelkampf^Ottoline",
    "PatientBirthName": "Vandersnoot^Quirinalda",
    "PatientMotherBirthName": "Plumtrelawny^Hermengild",
    "PatientBirthDate": "19470312",
    "PatientBirthTime": "031415",
    "PatientAddress": "17 Fennimore Crescent, Oakhollow",
    "PatientTelephoneNumbers": "+7 495 8812233",
    "PatientReligiousPreference": "Quietistic Fellowship",
    "MilitaryRank": "Wingcommandress",
    "BranchOfService": "Coastal Lancers",
    "Occupation": "Lighthousekeeper",
    "MedicalRecordLocator": "Shelf Ninetyseven",
    "PatientComments": "Allergic to marmalade beans",
    "AdditionalPatientHistory": "Fell from tandem bicycle",
    "CountryOfResidence": "Ruritania",
    "RegionOfResidence": "Grand Fenwick",
    "InstitutionName": "Saint Wenceslas Infirmary",
    "InstitutionAddress": "3 Wrenfield Lane, Morrowdale",
    "InstitutionalDepartmentName": "Radiology Wing Gamma",
    "ReferringPhysicianName": "Haverbrook^Cornelius",
    "ReferringPhysicianAddress": "9 Thistlewood Mews, Kettering",
    "ReferringPhysicianTelephoneNumbers": "+44 1536 771199",
    "PerformingPhysicianName": "Oxenbridge^Philippa",
    "NameOfPhysiciansReadingStudy": "Marchbanks^Evander",
    "PhysiciansOfRecord": "Tregothnan^Isolde",
    "OperatorsName": "Quillfeather^Barnaby",
    "RequestingPhysician": "Underhill^Rosamund",
    "AccessionNumber": "ACC77310042",
    "StudyID": "STX990413",
    "StationName": "XRAYROOMDELTA",
    "DeviceSerialNumber": "SN-4470-QQ-19",
    "StudyDescription": "Hands of Quirinalda for tribunal",
    "SeriesDescription": "Series for Zyxwabcde",
    "RequestedProcedureDescription": "Requested by Underhill clinic",
    "StudyDate": "19830417",
    "SeriesDate": "19830418",
    "AcquisitionDate": "19830419",
    "ContentDate": "19830420",
    "StudyInstanceUID": f"{ROOT}.1.20230417",
    "SeriesInstanceUID": f"{ROOT}.2.20230417",
    "SOPInstanceUID": f"{ROOT}.3.20230417",
    "FrameOfReferenceUID": f"{ROOT}.4.20230417",
}
NESTED = {
    "RequestedProcedureID": "RPID-66120044",
    "ScheduledProcedureStepID": "SPSID-31337008",
    "ReferencedSOPInstanceUID": f"{ROOT}.5.20230417",
}
PRIVATE_VALUE = "Hospital private note about Zyxwabcde"


def identifying_values() -> list[str]:
    """Every value put into the file, and each part of the person names on their own."""
    values = [*IDENTIFYING.values(), *NESTED.values(), PRIVATE_VALUE]
    names = [v for k, v in IDENTIFYING.items() if dictionary_VR(k) == "PN"]
    return sorted(set(values) | {part for name in names for part in name.split("^")})


def identifying_dicom(pixels: np.ndarray, spacing_mm: float = 0.15) -> bytes:
    """A 12-bit MONOCHROME2 DX film of ``pixels`` (8-bit) carrying every value above."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    meta.MediaStorageSOPInstanceUID = IDENTIFYING["SOPInstanceUID"]
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    for keyword, value in IDENTIFYING.items():
        setattr(ds, keyword, value)
    request = Dataset()
    request.RequestedProcedureID = NESTED["RequestedProcedureID"]
    request.ScheduledProcedureStepID = NESTED["ScheduledProcedureStepID"]
    ds.RequestAttributesSequence = Sequence([request])
    reference = Dataset()
    reference.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    reference.ReferencedSOPInstanceUID = NESTED["ReferencedSOPInstanceUID"]
    ds.ReferencedImageSequence = Sequence([reference])  # a prior film of the same patient
    ds.private_block(0x0011, "SAINT WENCESLAS", create=True).add_new(0x01, "LO", PRIVATE_VALUE)
    ds.Modality, ds.BodyPartExamined, ds.ViewPosition = "DX", "HAND", "PA"
    ds.PatientSex, ds.PatientAge = "F", "041Y"
    pixels = np.asarray(pixels, dtype=np.uint16) * 16
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelSpacing = [spacing_mm, spacing_mm]
    ds.PixelData = pixels.tobytes()
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()
