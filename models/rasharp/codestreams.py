"""Bounds on a compressed DICOM frame, read from its codestream before it is decoded.

A decoder allocates what the codestream says, not what the DICOM header says: a few MB of RLE
repeat runs expand 64 times whatever Rows and Columns are, and a JPEG or JPEG 2000 frame may
declare 60000 x 60000 pixels inside a header of 64 x 64. These checks hold the codestream of the
frame to be decoded to the header's Rows, Columns, Samples per Pixel and Bits Allocated.
"""

from __future__ import annotations

import itertools
import re
import struct

from pydicom.encaps import get_frame
from pydicom.uid import (
    JPEG2000TransferSyntaxes,
    JPEGLSTransferSyntaxes,
    JPEGTransferSyntaxes,
    RLELossless,
)

RLE_WORST_EXPANSION = 64  # a 2-byte repeat run decodes to 128 bytes
# pydicom keeps the first Rows x Columns bytes of a segment; some encoders pad a little more.
RLE_SEGMENT_SLACK = 128
# JPEG frame header markers: SOF0-SOF15 (but DHT C4, JPG C8, DAC CC), DHP (DE), JPEG-LS SOF55 (F7)
_JPEG_FRAME_MARKERS = {*range(0xC0, 0xD0)} - {0xC4, 0xC8, 0xCC} | {0xDE, 0xF7}
_JPEG_STANDALONE_MARKERS = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-RST7: no length follows
# PackBits runs by their header byte: 0-127 copy header + 1 literal bytes, 129-255 repeat the next
# byte 257 - header times, 128 does nothing.
_RLE_RUN_ENCODED = [h + 2 if h < 128 else 1 if h == 128 else 2 for h in range(256)]
_RLE_RUN_DECODED = [h + 1 if h < 128 else 0 if h == 128 else 257 - h for h in range(256)]
_RLE_NO_OPERATIONS = re.compile(rb"\x80+")
_CHECKED_SYNTAXES = {
    RLELossless,
    *JPEGTransferSyntaxes,
    *JPEGLSTransferSyntaxes,
    *JPEG2000TransferSyntaxes,
}


class CodestreamError(ValueError):
    """The frame's codestream disagrees with the DICOM header or cannot be read."""


def check_first_frame(ds) -> None:
    """Raise CodestreamError when the first frame of ``ds`` would decode to more than its
    header declares (only that frame is decoded). Uncompressed data is not looked at."""
    syntax = ds.file_meta.TransferSyntaxUID
    if syntax not in _CHECKED_SYNTAXES:
        return
    rows, columns = int(ds.Rows), int(ds.Columns)
    samples, bits = int(ds.get("SamplesPerPixel", 1) or 1), int(ds.BitsAllocated)
    frame = _first_frame(ds)
    if syntax == RLELossless:
        check_rle_frame(frame, rows, columns, samples, bits)
        return
    if syntax in JPEG2000TransferSyntaxes:
        declared = j2k_image_size(frame)
    else:
        declared = jpeg_frame_size(frame)
    _check_declared(declared, rows, columns, samples, bits)


def _first_frame(ds) -> bytes:
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    extended = None
    if "ExtendedOffsetTable" in ds and "ExtendedOffsetTableLengths" in ds:
        extended = (ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths)
    try:
        return get_frame(ds.PixelData, 0, number_of_frames=frames, extended_offsets=extended)
    except Exception as exc:  # pydicom raises several types for broken encapsulation
        raise CodestreamError(f"its first frame cannot be found ({exc})") from None


# ---- RLE Lossless (PS3.5 Annex G) ---------------------------------------------------------------


def check_rle_frame(frame: bytes, rows: int, columns: int, samples: int, bits: int) -> None:
    """One segment per byte of each sample, each decoding to Rows x Columns bytes."""
    if bits % 8:
        raise CodestreamError(f"RLE Lossless needs 8, 16 or 32 bits allocated, not {bits}")
    if len(frame) < 64:
        raise CodestreamError("the RLE frame is shorter than its 64-byte header")
    count, *offsets = struct.unpack_from("<16I", frame)
    needed = samples * bits // 8
    if count != needed:
        raise CodestreamError(
            f"the RLE header lists {count} segment(s), where {samples} sample(s) of {bits} bits "
            f"need {needed}"
        )
    expected = rows * columns
    allowed = expected + RLE_SEGMENT_SLACK
    bounds = [*offsets[:count], len(frame)]
    for number, (start, end) in enumerate(itertools.pairwise(bounds), start=1):
        if RLE_WORST_EXPANSION * (end - start) <= allowed:
            continue
        if rle_decoded_length(frame, start, end, stop_after=allowed) > allowed:
            raise CodestreamError(
                f"RLE segment {number} decodes to more than the {expected:,} bytes that the "
                f"{columns} x {rows} pixels of the DICOM header need"
            )


def rle_decoded_length(data: bytes, start: int, end: int, stop_after: int) -> int:
    """How many bytes the runs of ``data[start:end]`` decode to, counted as pydicom decodes them,
    without decoding; counting stops once past ``stop_after``."""
    decoded, position, header = 0, start, 128
    while position < end and decoded <= stop_after:
        header = data[position]
        if header == 128 and position + 1 < end and data[position + 1] == 128:
            position = _RLE_NO_OPERATIONS.match(data, position, end).end()  # type: ignore[union-attr]
            continue
        decoded += _RLE_RUN_DECODED[header]
        position += _RLE_RUN_ENCODED[header]
    if position > end:  # the last run is cut short: a literal keeps what is there, a repeat nothing
        decoded -= _RLE_RUN_DECODED[header] if header > 128 else position - end
    return decoded


# ---- JPEG, JPEG-LS and JPEG 2000 ----------------------------------------------------------------


def jpeg_frame_size(frame: bytes) -> tuple[int, int, int, int]:
    """(width, height, components, precision) from the frame header (SOFn, or SOF55 for
    JPEG-LS) of an ISO 10918-1 or 14495-1 codestream."""
    if frame[:2] != b"\xff\xd8":
        raise CodestreamError("the JPEG frame does not start with a start-of-image marker")
    position = 2
    while position + 4 <= len(frame):
        if frame[position] != 0xFF:
            raise CodestreamError(f"the JPEG frame has a damaged marker at byte {position}")
        marker = frame[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker in _JPEG_STANDALONE_MARKERS:
            position += 2
        elif marker in _JPEG_FRAME_MARKERS:
            if position + 10 > len(frame):
                break
            precision, height, width, components = struct.unpack_from(">BHHB", frame, position + 4)
            return width, height, components, precision
        elif marker in (0xDA, 0xD9):  # start of scan or end of image before any frame header
            break
        else:
            position += 2 + int.from_bytes(frame[position + 2 : position + 4], "big")
    raise CodestreamError("the JPEG frame has no readable frame header (SOF) with its image size")


def j2k_image_size(frame: bytes) -> tuple[int, int, int, int]:
    """(width, height, components, precision) from the SIZ segment of an ISO 15444-1 codestream,
    bare or inside a JP2 file."""
    offset = _j2k_codestream_offset(frame)
    if frame[offset : offset + 4] != b"\xff\x4f\xff\x51":
        raise CodestreamError(
            "the JPEG 2000 frame does not start with its image size segment (SOC, SIZ)"
        )
    siz = offset + 4  # at Lsiz
    try:
        x, y, x_origin, y_origin = struct.unpack_from(">4I", frame, siz + 4)
        (components,) = struct.unpack_from(">H", frame, siz + 36)
        depths = frame[siz + 38 : siz + 38 + 3 * components : 3]
    except struct.error:
        raise CodestreamError("the JPEG 2000 image size segment (SIZ) is cut short") from None
    if len(depths) != components or x <= x_origin or y <= y_origin:
        raise CodestreamError("the JPEG 2000 image size segment (SIZ) is damaged")
    precision = max((depth & 0x7F) + 1 for depth in depths) if depths else 0
    return x - x_origin, y - y_origin, components, precision


def _j2k_codestream_offset(frame: bytes) -> int:
    """0 for a bare codestream; the start of the contiguous codestream box in a JP2 file."""
    if not frame.startswith(b"\x00\x00\x00\x0cjP  "):
        return 0
    offset = 0
    while offset + 8 <= len(frame):
        length, kind = struct.unpack_from(">I4s", frame, offset)
        header = 8
        if length == 1 and offset + 16 <= len(frame):  # the length follows as 8 bytes
            (length,), header = struct.unpack_from(">Q", frame, offset + 8), 16
        if kind == b"jp2c":
            return offset + header
        if length < header:  # 0: the last box, running to the end
            break
        offset += length
    raise CodestreamError("the JP2 frame holds no JPEG 2000 codestream")


def _check_declared(
    declared: tuple[int, int, int, int], rows: int, columns: int, samples: int, bits: int
) -> None:
    width, height, components, precision = declared
    if width == 0 or height == 0:
        raise CodestreamError(
            f"the codestream declares an image of {width} x {height} pixels (a size it would "
            "define later is not accepted)"
        )
    if width > columns or height > rows:
        raise CodestreamError(
            f"the codestream declares an image of {width} x {height} pixels, larger than the "
            f"{columns} x {rows} of the DICOM header"
        )
    if components > samples:
        raise CodestreamError(
            f"the codestream declares {components} components, more than the {samples} samples "
            "per pixel of the DICOM header"
        )
    if precision > max(bits, 8):
        raise CodestreamError(
            f"the codestream declares {precision}-bit samples, more than the {bits} bits "
            "allocated in the DICOM header"
        )
