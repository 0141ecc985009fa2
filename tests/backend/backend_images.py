"""Test radiographs: two hands from the hand atlas, as PNG and as DICOM, and broken files."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageOps

from shared_data import hand_atlas


def two_hands(name: str = "3143.jpg", scale: float = 0.6) -> Image.Image:
    """A PA two-hand radiograph: the atlas's left hand and its mirror (a right hand).

    As on a real two-hand film, the right hand is on the viewer's left.
    """
    left = Image.open(hand_atlas() / "images" / name).convert("L")
    left = left.resize((round(left.width * scale), round(left.height * scale)))
    right = ImageOps.mirror(left)
    gap = left.width // 10
    canvas = Image.new("L", (left.width * 2 + gap, left.height), color=0)
    canvas.paste(right, (0, 0))
    canvas.paste(left, (left.width + gap, 0))
    return canvas


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def dicom_bytes(
    image: Image.Image, spacing_mm: float = 0.15, patient_name: str = "Doe^Jane"
) -> bytes:
    """Wrap an 8-bit image into a 12-bit MONOCHROME2 DX DICOM file with a pixel spacing."""
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    pixels = (np.asarray(image, dtype=np.uint16) * 16).astype(np.uint16)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray, for presentation
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = (
        meta.MediaStorageSOPClassUID,
        meta.MediaStorageSOPInstanceUID,
    )
    ds.Modality, ds.BodyPartExamined, ds.ViewPosition = "DX", "HAND", "PA"
    ds.PatientName, ds.PatientID, ds.PatientSex = patient_name, "ID-12345", "F"
    ds.InstitutionName = "General Hospital"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelSpacing = [spacing_mm, spacing_mm]
    ds.PixelData = pixels.tobytes()
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def small_png(width: int = 256, height: int = 320) -> bytes:
    """A small valid greyscale PNG (no hands): enough for upload validation and storage."""
    gradient = np.tile(np.linspace(0, 255, width, dtype=np.uint8), (height, 1))
    return png_bytes(Image.fromarray(gradient, mode="L"))


def decompression_bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few kB of PNG that declares 900 million pixels (all black, 1 bit deep)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\0" + b"\0" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )
