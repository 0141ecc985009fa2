"""De-identification of DICOM files (PS3.15 Basic Profile with retained characteristics and dates)."""

import io

import numpy as np
import pydicom
import pytest
from identifying_dicom import IDENTIFYING, NESTED, identifying_dicom, identifying_values

from rasharp.deidentify import deidentify_dicom, patient_code_for
from rasharp.imaging import read_image

KEY = b"site-key-for-tests-0123456789abcdef"


@pytest.fixture(scope="module")
def film() -> bytes:
    rng = np.random.default_rng(0)
    return identifying_dicom(rng.integers(0, 256, size=(64, 48)))


def read(data: bytes) -> pydicom.Dataset:
    return pydicom.dcmread(io.BytesIO(data))


def test_no_identifying_value_is_left_in_the_file(film):
    copy = deidentify_dicom(film, KEY, dates="shift")
    leaked = [v for v in identifying_values() if v.encode() in copy.data]
    assert leaked == []
    header = read(copy.data)
    assert header.PatientIdentityRemoved == "YES"
    assert not any(element.tag.is_private for element in header.iterall())


def test_the_image_and_what_grading_needs_are_kept(film):
    copy = deidentify_dicom(film, KEY)
    before, after = read_image(film), read_image(copy.data)
    assert np.array_equal(before.pixels, after.pixels)
    assert after.pixel_spacing_mm == before.pixel_spacing_mm
    header = read(copy.data)
    assert (header.PatientSex, header.PatientAge) == ("F", "041Y")
    assert (header.Modality, header.BodyPartExamined, header.ViewPosition) == ("DX", "HAND", "PA")
    assert header.StudyDate == IDENTIFYING["StudyDate"]  # full dates kept when so configured
    codes = [item.CodeValue for item in header.DeidentificationMethodCodeSequence]
    assert codes == ["113100", "113108", "113106"]


def test_uids_are_replaced_the_same_way_for_every_file_of_the_study(film):
    first, again = deidentify_dicom(film, KEY), deidentify_dicom(film, KEY)
    assert first.data == again.data  # the same upload twice is the same stored file
    header = read(first.data)
    assert header.StudyInstanceUID != IDENTIFYING["StudyInstanceUID"]
    assert header.StudyInstanceUID.startswith("2.25.")
    assert header.file_meta.MediaStorageSOPInstanceUID == header.SOPInstanceUID
    assert header.ReferencedImageSequence[0].ReferencedSOPInstanceUID.startswith("2.25.")
    other_key = read(deidentify_dicom(film, b"another site's key").data)
    assert other_key.StudyInstanceUID != header.StudyInstanceUID


def test_patient_code_is_a_keyed_hash_of_the_patient_id(film):
    copy = deidentify_dicom(film, KEY)
    assert copy.patient_code == patient_code_for(IDENTIFYING["PatientID"], KEY)
    assert IDENTIFYING["PatientID"] not in copy.patient_code
    assert patient_code_for(IDENTIFYING["PatientID"], b"other key") != copy.patient_code
    assert read(copy.data).PatientID == copy.patient_code
    given = deidentify_dicom(film, KEY, patient_code="RA-017")
    assert given.patient_code == "RA-017" and read(given.data).PatientName == "RA-017"


def test_shifted_dates_move_back_together_and_keep_the_interval(film):
    header = read(deidentify_dicom(film, KEY, dates="shift").data)
    study, acquisition = header.StudyDate, header.AcquisitionDate
    assert study < IDENTIFYING["StudyDate"]
    assert int(acquisition) - int(study) == 2  # 17 and 19 April: two days apart, still
    assert header.LongitudinalTemporalInformationModified == "MODIFIED"
    assert "PatientBirthDate" not in header or not header.PatientBirthDate
    assert [i.CodeValue for i in header.DeidentificationMethodCodeSequence][-1] == "113107"


def test_burned_in_annotation_is_reported(film):
    header = read(film)
    header.BurnedInAnnotation = "YES"
    out = io.BytesIO()
    header.save_as(out)
    assert deidentify_dicom(out.getvalue(), KEY).burned_in_annotation
    assert not deidentify_dicom(film, KEY).burned_in_annotation


def test_nested_identifiers_go(film):
    header = read(deidentify_dicom(film, KEY).data)
    for value in NESTED.values():
        assert value not in str(header)
