"""Makes a ZIP of DICOM files as a scanner's export holds them: two studies of two patients,
a structured report, a file cut short and a note.

Usage: python dicom_archive.py OUT.zip
"""

import io
import sys
import zipfile
from pathlib import Path

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid


def dicom(
    patient_id: str, study_uid: str, study_date: str, sop_class: str, pixels: bool
) -> bytes:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID = f"Patient^{patient_id}", patient_id
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, generate_uid()
    ds.StudyDate = study_date
    ds.Modality = "DX" if pixels else "SR"
    if pixels:
        gradient = np.tile(np.linspace(0, 4095, 320, dtype=np.uint16), (400, 1))
        ds.Rows, ds.Columns = gradient.shape
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        ds.PixelData = gradient.tobytes()
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def main(out: Path) -> None:
    film = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray, for presentation
    report = "1.2.840.10008.5.1.4.1.1.88.11"  # Basic Text SR
    first, second = generate_uid(), generate_uid()
    cut = dicom("E2E-B", second, "20240211", film, True)
    members = {
        "export/STUDY1/IM0001": dicom("E2E-A", first, "20230104", film, True),
        "export/STUDY1/SR0001": dicom("E2E-A", first, "20230104", report, False),
        "export/STUDY2/IM0001": dicom("E2E-B", second, "20240211", film, True),
        "export/STUDY2/IM0002": cut[: len(cut) // 2],
        "export/README.txt": b"Exported from the scanner.\n",
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    print(f"{out}: {len(members)} files")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
