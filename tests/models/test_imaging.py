from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image

from rasharp.codestreams import rle_decoded_length
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


def _with_first_frame(name: str, change) -> bytes:
    """A pydicom-data file whose first frame's codestream is replaced by ``change(frame)``."""
    from pydicom.encaps import encapsulate, generate_frames

    ds = pydicom.dcmread(DICOM_DATA / name)
    frames = list(generate_frames(ds.PixelData, number_of_frames=ds.get("NumberOfFrames", 1)))
    frames[0] = change(frames[0])
    ds.PixelData = encapsulate(frames)
    out = io.BytesIO()
    ds.save_as(out)
    return out.getvalue()


def _jpeg_size_set(marker: bytes, width: int, height: int):
    """Rewrite the image size in the frame header (SOFn or SOF55) starting with ``marker``."""

    def change(frame: bytes) -> bytes:
        at = frame.index(marker)
        return frame[: at + 5] + struct.pack(">HH", height, width) + frame[at + 9 :]

    return change


def _j2k_size_set(width: int, height: int):
    return lambda frame: frame[:8] + struct.pack(">II", width, height) + frame[16:]


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("emri_small_jpeg_ls_lossless.dcm", _jpeg_size_set(b"\xff\xf7", 128, 128)),
        ("JPGLosslessP14SV1_1s_1f_8b.dcm", _jpeg_size_set(b"\xff\xc3", 1024, 1536)),
        ("color3d_jpeg_baseline.dcm", _jpeg_size_set(b"\xff\xc0", 1280, 480)),
        ("emri_small_jpeg_2k_lossless.dcm", _j2k_size_set(64, 60000)),
    ],
)
def test_a_codestream_larger_than_the_dicom_header_is_refused_before_decoding(name, change):
    with pytest.raises(ImageReadError, match=r"larger than the .* of the DICOM header"):
        read_image(_with_first_frame(name, change), name=name)


def test_a_jpeg_height_left_to_a_later_marker_is_refused():
    data = _with_first_frame("JPGLosslessP14SV1_1s_1f_8b.dcm", _jpeg_size_set(b"\xff\xc3", 1024, 0))
    with pytest.raises(ImageReadError, match="declares an image of 1024 x 0 pixels"):
        read_image(data, name="dnl.dcm")


def test_rle_runs_decoding_past_the_header_are_refused_before_decoding():
    # 2 MB of repeat runs after the last segment of a real 64 x 64 RLE file: 128 MB decoded
    def change(frame: bytes) -> bytes:
        return frame + b"\x81\x00" * 2**20

    with pytest.raises(ImageReadError, match="RLE segment 2 decodes to more than the 4,096 bytes"):
        read_image(_with_first_frame("emri_small_RLE.dcm", change), name="rle.dcm")


def test_rle_segments_must_match_samples_and_bits():
    def change(frame: bytes) -> bytes:
        return struct.pack("<I", 3) + frame[4:]

    with pytest.raises(ImageReadError, match=r"lists 3 segment\(s\), where 1 sample\(s\)"):
        read_image(_with_first_frame("emri_small_RLE.dcm", change), name="rle.dcm")


def test_rle_decoded_length_is_what_pydicom_decodes():
    from pydicom.pixels.decoders.rle import _rle_decode_segment

    rng = np.random.default_rng(3)
    headers = np.array([0, 1, 5, 127, 128, 129, 200, 255], dtype=np.uint8)  # all kinds of run
    for _ in range(500):
        segment = rng.choice(headers, int(rng.integers(0, 300))).tobytes()
        expected = len(_rle_decode_segment(segment))
        assert rle_decoded_length(segment, 0, len(segment), stop_after=10**9) == expected
        padded = b"xyz" + segment + b"\x81\x00"
        assert rle_decoded_length(padded, 3, 3 + len(segment), stop_after=10**9) == expected


def test_rle_decoded_length_stops_counting_past_the_limit():
    assert rle_decoded_length(b"\x81\x00" * 10**6, 0, 2 * 10**6, stop_after=1000) == 1024
    assert rle_decoded_length(b"\x80" * 10**7, 0, 10**7, stop_after=1000) == 0


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
