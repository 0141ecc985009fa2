"""Makes a two-hand DX film as a hospital PACS holds it: the patient's identity on it.

Usage: python pacs_film.py ATLAS_DIR OUT.dcm PATIENT_ID PATIENT_NAME STUDY_DATE
Prints the film's StudyInstanceUID.
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

HEIGHT = 1400


def main(atlas: Path, out: Path, patient_id: str, patient_name: str, study_date: str) -> None:
    images = sorted(p for p in (atlas / "images").iterdir() if p.suffix.lower() in (".jpg", ".png"))
    left = Image.open(images[0]).convert("L")
    left = left.resize((round(left.width * HEIGHT / left.height), HEIGHT), Image.LANCZOS)
    gap = left.width // 8
    film = Image.new("L", (2 * left.width + gap, HEIGHT), color=0)
    film.paste(ImageOps.mirror(left), (0, 0))
    film.paste(left, (left.width + gap, 0))
    pixels = (np.asarray(film, dtype=np.uint16) * 16).astype(np.uint16)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Modality, ds.BodyPartExamined, ds.ViewPosition = "DX", "HAND", "PA"
    ds.PatientID, ds.PatientName, ds.PatientSex = patient_id, patient_name, "F"
    ds.PatientBirthDate, ds.InstitutionName = "19580917", "City Hospital"
    ds.StudyDate, ds.SeriesDate, ds.StudyTime = study_date, study_date, "093000"
    ds.AccessionNumber, ds.StudyDescription = "E2E-ACC-1", "Hands PA"
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelSpacing = [0.15, 0.15]
    ds.PixelData = pixels.tobytes()
    ds.save_as(out, enforce_file_format=True)
    print(ds.StudyInstanceUID)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:6])
