"""Hostile uploads, built in memory: broken, mislabelled, oversized and bomb files, and the reason
fragment each refusal must name. Used by test_hostile_input.py and by
backend/benchmarks/bench_hostile_input.py (which builds the bombs at their full size).

Bombs are cheap to build: zeros compress to almost nothing, so a few MB declare gigabytes.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image
from pydicom.uid import JPEG2000, JPEG2000Lossless, JPEGBaseline8Bit, RLELossless

ACCEPTED = "Accepted formats: DICOM"


@dataclass(frozen=True)
class BadUpload:
    filename: str
    data: bytes
    reason: str  # a fragment the refusal's detail must contain
    status: int = 422
    patient_code: str | None = None


# ---- PNG and JPEG -------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_of_zeros(width: int, height: int, bit_depth: int = 8) -> bytes:
    """A greyscale PNG of zeros; 8944 x 8944 (80 MP) is some 80 kB."""
    row = b"\0" * (1 + (width * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def png_header_only(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


def image_bytes(fmt: str, size: tuple[int, int] = (64, 64), mode: str = "L") -> bytes:
    out = io.BytesIO()
    gradient = np.tile(np.linspace(0, 255, size[0], dtype=np.uint8), (size[1], 1))
    Image.fromarray(gradient, mode="L").convert(mode).save(out, format=fmt)
    return out.getvalue()


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF0) is rewritten to declare another size."""
    data = bytearray(image_bytes("JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


# ---- DICOM --------------------------------------------------------------------------------------


def dicom_dataset(
    pixels: bytes | None = None,
    rows: int = 64,
    columns: int = 64,
    bits: int = 8,
    syntax: str = "1.2.840.10008.1.2.1",  # Explicit VR Little Endian
    photometric: str = "MONOCHROME2",
    encapsulated: list[bytes] | None = None,
    **attributes,
):
    """A DX DICOM data set; pixel data as given (raw or encapsulated frames), nothing checked."""
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.encaps import encapsulate
    from pydicom.uid import generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1.1"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, generate_uid()
    ds.Modality = "DX"
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits, bits, bits - 1
    ds.PixelRepresentation = 0
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    if encapsulated is not None:
        ds.PixelData = encapsulate(encapsulated)
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
    elif pixels is not None:
        ds.PixelData = pixels
        ds["PixelData"].VR = "OB" if bits <= 8 else "OW"
    return ds


def dicom(pixels: bytes | None = None, **kwargs) -> bytes:
    out = io.BytesIO()
    dicom_dataset(pixels, **kwargs).save_as(out, implicit_vr=False, little_endian=True)
    return out.getvalue()


def gradient(rows: int = 64, columns: int = 64) -> bytes:
    return np.tile(np.arange(columns, dtype=np.uint8), (rows, 1)).tobytes()


def rle_zero_frame(pixels: int) -> bytes:
    """One RLE Lossless frame (one 8-bit segment) of ``pixels`` zeros: 2 bytes per 128 pixels."""
    runs, rest = divmod(pixels, 128)
    segment = b"\x81\x00" * runs + (bytes([257 - rest, 0]) if rest > 1 else b"\0\0" * rest)
    if len(segment) % 2:
        segment += b"\x80"
    return struct.pack("<16I", 1, 64, *([0] * 14)) + segment


def rle_dicom(rows: int, columns: int, frames: int) -> bytes:
    return dicom(
        rows=rows,
        columns=columns,
        syntax=RLELossless,
        encapsulated=[rle_zero_frame(rows * columns)] * frames,
        NumberOfFrames=frames,
    )


def rle_expanding_dicom(decoded_bytes: int) -> bytes:
    """RLE Lossless declaring 64 x 64 pixels whose one segment of repeat runs decodes to
    ``decoded_bytes`` all the same (64 times the segment's own size)."""
    return dicom(syntax=RLELossless, encapsulated=[rle_zero_frame(decoded_bytes)])


def rle_encoded_dicom(rows: int = 256, columns: int = 256) -> bytes:
    """A real RLE Lossless gradient, encoded by pydicom (literal runs: its length is counted)."""
    ds = dicom_dataset(gradient(rows, columns), rows=rows, columns=columns)
    ds.compress(RLELossless, encoding_plugin="pydicom")
    out = io.BytesIO()
    ds.save_as(out)
    return out.getvalue()


def jpeg_2000(size: tuple[int, int] = (64, 64)) -> bytes:
    """A JPEG 2000 codestream (no JP2 wrapper, as DICOM holds it) of a gradient, by Pillow."""
    out = io.BytesIO()
    ramp = np.tile(np.linspace(0, 255, size[0], dtype=np.uint8), (size[1], 1))
    Image.fromarray(ramp, mode="L").save(out, format="JPEG2000", no_jp2=True)
    return out.getvalue()


def jpeg_2000_declaring(width: int, height: int) -> bytes:
    """A small JPEG 2000 codestream whose image size segment (SIZ) declares another size."""
    data = bytearray(jpeg_2000())
    data[8:16] = struct.pack(">II", width, height)  # Xsiz, Ysiz after SOC, SIZ, Lsiz, Rsiz
    return bytes(data)


def compressed_dicom(syntax: str, frame: bytes, rows: int = 64, columns: int = 64) -> bytes:
    return dicom(rows=rows, columns=columns, syntax=syntax, encapsulated=[frame])


def deflated_dicom(pixels: bytes = b"", zeros: int = 0, rows: int = 512, columns: int = 512):
    """Deflated Explicit VR Little Endian; its pixel data is ``pixels`` then ``zeros`` zero bytes,
    deflated a megabyte at a time (a 1 GiB bomb is some 1 MB)."""
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset, write_file_meta_info
    from pydicom.uid import DeflatedExplicitVRLittleEndian

    ds = dicom_dataset(b"", rows=rows, columns=columns, syntax=DeflatedExplicitVRLittleEndian)
    head = DicomBytesIO()
    head.write(ds.preamble + b"DICM")
    write_file_meta_info(head, ds.file_meta, enforce_standard=True)
    body = DicomBytesIO()
    body.is_little_endian, body.is_implicit_VR = True, False
    write_dataset(body, ds)
    plain = body.getvalue()
    element_at = plain.index(b"\xe0\x7f\x10\x00")
    size = len(pixels) + zeros + (len(pixels) + zeros) % 2
    compressor = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
    parts = [
        compressor.compress(plain[: element_at + 8] + struct.pack("<I", size) + pixels),
    ]
    block, left = bytes(1 << 20), size - len(pixels)
    while left > 0:
        parts.append(compressor.compress(block[: min(left, len(block))]))
        left -= len(block)
    return head.getvalue() + b"".join(parts) + compressor.flush()


def deflated_garbage() -> bytes:
    valid = deflated_dicom(gradient(64, 64), rows=64, columns=64)
    meta_end = 132 + 12 + struct.unpack("<I", valid[140:144])[0]
    return valid[:meta_end] + b"\xff\xfe not deflate data" * 50


def _with_element_length(data: bytes, tag: bytes, length: int) -> bytes:
    """Rewrite the 2-byte length of a short explicit-VR element (such as Rows, US)."""
    at = data.rindex(tag)
    return data[: at + 6] + struct.pack("<H", length) + data[at + 8 :]


# ---- the corpus ---------------------------------------------------------------------------------


def bad_uploads(bombs: str = "test") -> dict[str, BadUpload]:
    """Every hostile file, by case name. ``bombs="full"`` builds the bombs at the sizes found in
    the field (1 GiB deflated, 8000 x 8000 x 10 frames); "test" keeps them just past the limits."""
    full = bombs == "full"
    good_png = image_bytes("PNG", (300, 300))
    good_dicom = dicom(gradient(256, 256), rows=256, columns=256)
    cases: dict[str, BadUpload] = {
        # not an image at all
        "empty": BadUpload("empty.png", b"", "empty (0 bytes)"),
        "one byte": BadUpload("x.png", b"\x89", "not a DICOM, PNG or JPEG file"),
        "zeros": BadUpload("zeros.dcm", bytes(1000), "not a DICOM, PNG or JPEG file"),
        "random bytes": BadUpload(
            "noise.jpg",
            np.random.default_rng(7).bytes(4096),
            "not a DICOM, PNG or JPEG file",
        ),
        "text named png": BadUpload(
            "hand.png", b"patient: Jane Doe\nnot an image\n" * 20, "not a DICOM, PNG or JPEG"
        ),
        "utf-8 bom only": BadUpload("bom.png", b"\xef\xbb\xbf", "not a DICOM, PNG or JPEG"),
        "svg": BadUpload(
            "hand.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">'
            b'<script>alert(1)</script><rect width="64" height="64"/></svg>',
            "not a DICOM, PNG or JPEG",
        ),
        "html": BadUpload(
            "hand.html",
            b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>",
            "not a DICOM, PNG or JPEG",
        ),
        "xml": BadUpload(
            "hand.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<x>&e;</x>",
            "not a DICOM, PNG or JPEG",
        ),
        "json": BadUpload("hand.json", b'{"image": "hands"}', "not a DICOM, PNG or JPEG"),
        "pdf": BadUpload("hand.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "not a DICOM"),
        "zip": BadUpload("hands.zip", _zip_of(good_png), "not a DICOM, PNG or JPEG"),
        "gzip": BadUpload("hand.png.gz", _gzip_of(good_png), "not a DICOM, PNG or JPEG"),
        "tar": BadUpload("hands.tar", _tar_of(good_png), "not a DICOM, PNG or JPEG"),
        "windows executable": BadUpload(
            "hand.exe", b"MZ\x90\x00" + bytes(60) + b"PE\0\0", "not a DICOM, PNG or JPEG"
        ),
        "elf executable": BadUpload(
            "hand.png", b"\x7fELF\x02\x01\x01" + bytes(57), "not a DICOM, PNG or JPEG"
        ),
        "shell script": BadUpload("hand.dcm", b"#!/bin/sh\nrm -rf /\n", "not a DICOM, PNG or JPEG"),
        # other image formats
        "gif": BadUpload("hand.gif", image_bytes("GIF"), "GIF images are not accepted"),
        "bmp": BadUpload("hand.bmp", image_bytes("BMP"), "BMP images are not accepted"),
        "tiff": BadUpload("hand.tif", image_bytes("TIFF"), "TIFF images are not accepted"),
        "webp": BadUpload("hand.webp", image_bytes("WEBP"), "WEBP images are not accepted"),
        "ico": BadUpload("hand.ico", image_bytes("ICO", (32, 32)), "images are not accepted"),
        # broken PNG and JPEG
        "png signature only": BadUpload("cut.png", good_png[:8], "not a DICOM, PNG or JPEG"),
        "png cut in header": BadUpload("cut.png", good_png[:20], "damaged or truncated"),
        "png cut in data": BadUpload("cut.png", good_png[:300], "damaged or truncated"),
        "png cut at half": BadUpload("cut.png", good_png[: len(good_png) // 2], "damaged"),
        "png header only": BadUpload("empty.png", png_header_only(300, 300), "damaged"),
        "png bad checksum": BadUpload(
            "crc.png", good_png[:29] + b"\0\0\0\0" + good_png[33:], "not a DICOM, PNG or JPEG"
        ),
        "png too small": BadUpload("tiny.png", image_bytes("PNG", (16, 16)), "too small"),
        "png one pixel high": BadUpload("line.png", png_of_zeros(4000, 1), "too small"),
        "png 8944 x 8944 of zeros": BadUpload(
            "zeros.png", png_of_zeros(8944, 8944), "declared image size is too large"
        ),
        "png 30000 x 30000 1-bit bomb": BadUpload(
            "bomb.png", png_of_zeros(30_000, 30_000, bit_depth=1), "too large"
        ),
        "png declaring 65535 x 65535": BadUpload(
            "huge.png", png_header_only(65535, 65535), "too large"
        ),
        "png declaring 0 x 0": BadUpload("zero.png", png_header_only(0, 0), "not a DICOM, PNG"),
        "jpeg cut at half": BadUpload(
            "cut.jpg", image_bytes("JPEG", (300, 300))[:400], "damaged or truncated"
        ),
        "jpeg header only": BadUpload(
            "cut.jpg", image_bytes("JPEG", (300, 300))[:2], "not a DICOM, PNG or JPEG"
        ),
        "jpeg declaring 60000 x 60000": BadUpload(
            "huge.jpg", jpeg_declaring(60000, 60000), "too large"
        ),
        "jpeg declaring 6500 x 6500": BadUpload("big.jpg", jpeg_declaring(6500, 6500), "too large"),
        "jpeg too small": BadUpload("tiny.jpg", image_bytes("JPEG", (20, 20)), "too small"),
        # broken DICOM
        "dicom preamble only": BadUpload("cut.dcm", bytes(128) + b"DICM", "DICOM"),
        "dicom cut in meta": BadUpload("cut.dcm", good_dicom[:180], "DICOM"),
        "dicom cut in data set": BadUpload("cut.dcm", good_dicom[:400], "DICOM"),
        "dicom cut in pixel data": BadUpload(
            "cut.dcm", good_dicom[: len(good_dicom) - 5000], "pixel data cannot be decoded"
        ),
        "dicom without pixel data": BadUpload("nopix.dcm", dicom(None), "no Pixel Data"),
        "dicom float pixel data": BadUpload(
            "float.dcm",
            dicom(None, bits=32, FloatPixelData=bytes(64 * 64 * 4)),
            "floating-point pixel data is not accepted",
        ),
        "dicom without rows": BadUpload("norows.dcm", _without(good_dicom, "Rows"), "DICOM"),
        "dicom too small": BadUpload(
            "tiny.dcm", dicom(gradient(16, 16), rows=16, columns=16), "too small"
        ),
        "dicom declaring 65535 x 65535": BadUpload(
            "huge.dcm", dicom(gradient(), rows=65535, columns=65535, bits=16), "MB accepted"
        ),
        "dicom declaring 6500 x 6500 8-bit": BadUpload(
            "big.dcm", dicom(gradient(), rows=6500, columns=6500), "too large"
        ),
        "dicom rle frames bomb": BadUpload(
            "frames.dcm",
            rle_dicom(8000, 8000, 10) if full else rle_dicom(4000, 4000, 10),
            "MB accepted",
        ),
        "dicom declaring 8000 x 8000 x 10 frames": BadUpload(
            "frames.dcm", dicom(gradient(), rows=8000, columns=8000, NumberOfFrames=10), "MB"
        ),
        "dicom frames not a number": BadUpload(
            "frames.dcm",
            dicom(gradient(), NumberOfFrames=9753).replace(b"9753", b"abc "),
            "DICOM",
        ),
        "dicom 3 frames declared, 1 present": BadUpload(
            "frames.dcm", dicom(gradient(), NumberOfFrames=3), "pixel data cannot be decoded"
        ),
        "dicom negative frames": BadUpload(
            "frames.dcm", dicom(gradient(), NumberOfFrames=-4), "unsupported DICOM pixel layout"
        ),
        "dicom 4 samples per pixel": BadUpload(
            "cmyk.dcm",
            dicom(gradient() * 4, SamplesPerPixel=4),
            "unsupported DICOM pixel layout",
        ),
        "dicom 64 bits allocated": BadUpload(
            "wide.dcm", dicom(gradient() * 8, bits=64), "unsupported DICOM pixel layout"
        ),
        "dicom 12 bits allocated": BadUpload(
            "odd.dcm", dicom(gradient(), bits=12), "unsupported DICOM pixel layout"
        ),
        "dicom palette without lookup table": BadUpload(
            "palette.dcm",
            dicom(gradient(), photometric="PALETTE COLOR"),
            "PALETTE COLOR image needs its colour lookup table",
        ),
        "dicom window centre not a number": BadUpload(
            "window.dcm",
            dicom(gradient(), WindowCenter=97531, WindowWidth=100).replace(
                b"97531.0 ", b"abcdefgh"
            ),
            "DICOM",
        ),
        "dicom pixel data shorter than declared": BadUpload(
            "short.dcm", dicom(gradient()[:1000]), "pixel data cannot be decoded"
        ),
        "dicom signed 16-bit cut": BadUpload(
            "signed.dcm",
            dicom(bytes(100), bits=16, PixelRepresentation=1),
            "pixel data cannot be decoded",
        ),
        "dicom 1-bit cut": BadUpload(
            "bits.dcm", dicom(bytes(10), bits=1), "pixel data cannot be decoded"
        ),
        "dicom 1-bit declaring 60000 x 60000": BadUpload(
            "bits.dcm", dicom(bytes(512), rows=60000, columns=60000, bits=1), "MB accepted"
        ),
        "dicom rows element length past the end": BadUpload(
            "long.dcm", _with_element_length(good_dicom, b"\x28\x00\x10\x00", 0xFFF0), "DICOM"
        ),
        "dicom unknown transfer syntax": BadUpload(
            "ts.dcm", dicom(gradient(), syntax="1.2.3.4.5.6"), "DICOM"
        ),
        "dicom jpeg syntax with garbage": BadUpload(
            "jpeg.dcm",
            dicom(syntax="1.2.840.10008.1.2.4.50", encapsulated=[b"\xff\xd8garbage\xff\xd9"]),
            "pixel data cannot be decoded",
        ),
        "dicom jpeg 2000 syntax with garbage": BadUpload(
            "j2k.dcm",
            dicom(syntax="1.2.840.10008.1.2.4.90", encapsulated=[b"\xff\x4f\xff\x51garbage"]),
            "pixel data cannot be decoded",
        ),
        "dicom rle syntax with garbage": BadUpload(
            "rle.dcm",
            dicom(syntax="1.2.840.10008.1.2.5", encapsulated=[b"\x09" * 64]),
            "pixel data cannot be decoded",
        ),
        "dicom rle segment expanding 64 times": BadUpload(
            "rle.dcm",
            rle_expanding_dicom(8 * 2**30 if full else 128 * 2**20),
            "RLE segment 1 decodes to more than the 4,096 bytes",
        ),
        "dicom rle segments fewer than the header needs": BadUpload(
            "rle.dcm",
            dicom(bits=16, syntax=RLELossless, encapsulated=[rle_zero_frame(64 * 64)]),
            "lists 1 segment(s), where 1 sample(s) of 16 bits need 2",
        ),
        "dicom jpeg frame declaring 60000 x 60000": BadUpload(
            "jpeg.dcm",
            compressed_dicom(JPEGBaseline8Bit, jpeg_declaring(*(2 * [60000 if full else 4000]))),
            "larger than the 64 x 64 of the DICOM header",
        ),
        "dicom jpeg frame larger than its header": BadUpload(
            "jpeg.dcm",
            compressed_dicom(JPEGBaseline8Bit, image_bytes("JPEG", (512, 512))),
            "declares an image of 512 x 512 pixels, larger than the 64 x 64",
        ),
        "dicom jpeg 2000 frame declaring 60000 x 60000": BadUpload(
            "j2k.dcm",
            compressed_dicom(JPEG2000, jpeg_2000_declaring(*(2 * [60000 if full else 4000]))),
            "larger than the 64 x 64 of the DICOM header",
        ),
        "dicom jpeg 2000 frame larger than its header": BadUpload(
            "j2k.dcm",
            compressed_dicom(JPEG2000Lossless, jpeg_2000((512, 512))),
            "declares an image of 512 x 512 pixels, larger than the 64 x 64",
        ),
        "dicom deflated bomb": BadUpload(
            "deflated.dcm",
            deflated_dicom(zeros=2**30 if full else 200 * 2**20),
            "inflates to more than",
        ),
        "dicom deflated garbage": BadUpload("deflated.dcm", deflated_garbage(), "DICOM"),
        # names and fields around a bad file
        "path traversal name": BadUpload("../../../etc/passwd", b"root:x:0:0", "not a DICOM"),
        "windows path traversal name": BadUpload(
            "..\\..\\windows\\win.ini", b"[fonts]\n", "not a DICOM"
        ),
        "control characters in the file name": BadUpload(
            "hand\r\n\x00\x1b[31m.png", good_png, "control characters", status=422
        ),
        "control characters in the patient code": BadUpload(
            "hand.png", good_png, "control characters", patient_code="RA\r\n=1+1"
        ),
        "patient code too long": BadUpload(
            "hand.png", good_png, "at most 64 characters", patient_code="P" * 65
        ),
    }
    return cases


def _without(data: bytes, keyword: str) -> bytes:
    import pydicom

    ds = pydicom.dcmread(io.BytesIO(data))
    delattr(ds, keyword)
    out = io.BytesIO()
    ds.save_as(out)
    return out.getvalue()


def _zip_of(data: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("hand.png", data)
    return out.getvalue()


def _gzip_of(data: bytes) -> bytes:
    import gzip

    return gzip.compress(data)


def _tar_of(data: bytes) -> bytes:
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        info = tarfile.TarInfo("hand.png")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()
