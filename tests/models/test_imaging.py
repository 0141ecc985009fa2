from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image

from rasharp.imaging import ImageReadError, read_image

data_store = pytest.importorskip("data_store", reason="pydicom-data is not installed")
DICOM_DATA = Path(data_store.__file__).parent / "data"


def test_monochrome1_cr_is_inverted_so_bone_is_bright():
    stored = pydicom.dcmread(DICOM_DATA / "RG1_UNCR.dcm").pixel_array.astype(np.float64)
    image = read_image(DICOM_DATA / "RG1_UNCR.dcm")
    assert image.format == "dicom" and (image.width, image.height) == (1841, 1955)
    assert np.corrcoef(stored.ravel()[::97], image.pixels.ravel()[::97])[0, 1] < -0.9
    # Chest radiograph: the spine (centre column) is brighter than the lung fields beside it.
    h, w = image.pixels.shape
    rows = slice(int(h * 0.3), int(h * 0.5))
    spine = image.pixels[rows, int(w * 0.47) : int(w * 0.53)].mean()
    lungs = np.mean(
        [
            image.pixels[rows, int(w * 0.2) : int(w * 0.3)].mean(),
            image.pixels[rows, int(w * 0.7) : int(w * 0.8)].mean(),
        ]
    )
    assert spine > lungs + 0.1


def test_jpeg2000_lossless_matches_uncompressed():
    reference = read_image(DICOM_DATA / "RG1_UNCR.dcm").pixels
    decoded = read_image(DICOM_DATA / "RG1_J2KR.dcm").pixels
    assert np.abs(reference - decoded).max() < 1e-6


def test_jpeg2000_lossy_is_close_to_uncompressed():
    reference = read_image(DICOM_DATA / "RG3_UNCR.dcm").pixels
    decoded = read_image(DICOM_DATA / "RG3_J2KI.dcm").pixels
    assert np.abs(reference - decoded).mean() < 0.02


@pytest.mark.parametrize(
    "name",
    [
        "emri_small_jpeg_ls_lossless",
        "emri_small_RLE",
        "emri_small_jpeg_2k_lossless",
        "emri_small_big_endian",
    ],
)
def test_compressed_transfer_syntaxes_decode_like_uncompressed(name):
    reference = read_image(DICOM_DATA / "emri_small.dcm").pixels
    assert np.abs(read_image(DICOM_DATA / f"{name}.dcm").pixels - reference).max() < 1e-6


def test_jpeg_baseline_and_lossless_dicom_decode():
    assert read_image(DICOM_DATA / "color3d_jpeg_baseline.dcm").pixels.shape == (480, 640)
    assert read_image(DICOM_DATA / "JPGLosslessP14SV1_1s_1f_8b.dcm").pixels.shape == (768, 1024)


def _dicom_bytes(**attributes) -> bytes:
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    ds = FileDataset("x.dcm", {}, file_meta=meta, preamble=b"\0" * 128)
    pixels = np.tile(np.arange(0, 4096, 32, dtype=np.uint16), (64, 1))
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 16, 12, 11
    ds.PixelRepresentation = 0
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Modality = "CR"
    ds.PatientName = "Doe^Jane"
    ds.PatientID = "12345"
    for key, value in attributes.items():
        setattr(ds, key, value)
    ds.PixelData = pixels.tobytes()
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def test_pixel_spacing_from_imager_pixel_spacing_and_rescale():
    image = read_image(
        _dicom_bytes(ImagerPixelSpacing=[0.15, 0.15], RescaleSlope=2, RescaleIntercept=-10)
    )
    assert image.pixel_spacing_mm == pytest.approx(0.15)
    assert image.pixel_spacing_basis == "detector"
    assert image.pixels[:, 0].max() < 0.05 and image.pixels[:, -1].min() > 0.95


def test_pixel_spacing_prefers_pixel_spacing():
    image = read_image(_dicom_bytes(PixelSpacing=[0.1, 0.1], ImagerPixelSpacing=[0.2, 0.2]))
    assert image.pixel_spacing_mm == pytest.approx(0.1)
    assert image.pixel_spacing_basis == "anatomy"


def test_window_is_applied():
    image = read_image(_dicom_bytes(WindowCenter=1024, WindowWidth=512))
    row = image.pixels[0]
    assert row[:20].max() == 0.0  # below the window: black
    assert row[-40:].min() == 1.0  # above it: white


def test_identifying_attributes_are_not_kept():
    image = read_image(_dicom_bytes(PixelSpacing=[0.1, 0.1]))
    assert "PatientName" not in image.metadata and "PatientID" not in image.metadata
    assert image.metadata["Modality"] == "CR" and "PixelData" not in image.metadata


def test_sixteen_bit_png_uses_its_range():
    ramp = np.tile(np.linspace(200, 3800, 256).astype(np.uint16), (64, 1))
    buffer = io.BytesIO()
    Image.fromarray(ramp).save(buffer, format="PNG")
    image = read_image(buffer.getvalue(), name="ramp.png")
    assert image.format == "png" and image.bits_stored == 16
    assert image.pixels[:, 5].mean() < 0.05 and image.pixels[:, -5].mean() > 0.95
    assert np.all(np.diff(image.pixels[0]) >= 0)


def test_jpeg_exif_orientation_is_applied():
    picture = Image.new("L", (120, 60), 0)
    picture.paste(255, (0, 0, 20, 60))  # bright band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: display needs a 90 degree clockwise turn
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    image = read_image(buffer.getvalue(), name="sideways.jpg")
    assert (image.width, image.height) == (60, 120)
    assert image.pixels[:20].mean() > 0.9  # the band is now at the top


def _huge_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def _bad_inputs() -> dict[str, bytes]:
    full = (DICOM_DATA / "RG1_UNCR.dcm").read_bytes()
    gif = io.BytesIO()
    Image.new("L", (64, 64)).save(gif, format="GIF")
    return {
        "empty.dcm": b"",
        "truncated.dcm": full[: len(full) // 2],
        "notes.png": b"this is a text file, not a picture\n" * 20,
        "huge.png": _huge_png(),
        "animation.gif": gif.getvalue(),
    }


@pytest.mark.parametrize("name", list(_bad_inputs()))
def test_bad_input_gets_the_documented_error(name):
    with pytest.raises(ImageReadError) as caught:
        read_image(_bad_inputs()[name], name=name)
    message = str(caught.value)
    assert name in message and "Accepted formats" in message and "DICOM" in message


def test_missing_file_gets_the_documented_error(tmp_path):
    with pytest.raises(ImageReadError, match="no such file"):
        read_image(tmp_path / "absent.png")
