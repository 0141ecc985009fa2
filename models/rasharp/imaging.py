"""Reading radiographs: DICOM (all common transfer syntaxes), PNG and JPEG.

Every reader returns a :class:`Radiograph` whose pixels are float32 in [0, 1] with bone bright,
whatever the file stored (MONOCHROME1 is inverted, rescale and VOI/window are applied).
Anything that cannot be read raises :class:`ImageReadError`, whose message says what was wrong
and which formats are accepted.
"""

from __future__ import annotations

import io
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = (
    "DICOM (uncompressed, JPEG baseline/lossless, JPEG 2000, JPEG-LS, RLE), "
    "PNG (8 or 16 bit) and JPEG"
)
# Decoding is bounded before anything is allocated: every float32 working copy of the largest
# accepted image must fit many times over in the API's and the worker's memory.
MAX_PIXELS = 36_000_000  # 6000 x 6000; a large CR/DR plate is about 4300 x 3500 = 15 MP
MAX_PIXEL_DATA_BYTES = 128 * 1024 * 1024  # decoded DICOM pixel data, all samples and frames
MAX_INFLATED_BYTES = MAX_PIXEL_DATA_BYTES + 16 * 1024 * 1024  # a deflated DICOM, header included
MIN_SIDE = 32
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow also decodes JPEG frames inside DICOM files
# DICOM attributes that identify a person; never copied into the kept metadata.
_IDENTIFYING_DICOM_GROUPS = (0x0010,)
_IDENTIFYING_DICOM_KEYWORDS = {
    "InstitutionName",
    "InstitutionAddress",
    "ReferringPhysicianName",
    "PerformingPhysicianName",
    "OperatorsName",
    "OtherPatientIDs",
    "AccessionNumber",
    "RequestingPhysician",
}
_KEPT_PATIENT_KEYWORDS = {"PatientSex", "PatientAge"}


class ImageReadError(ValueError):
    """The input is not a radiograph this library can read.

    The message names the problem and lists the accepted formats. ``reason`` sorts the common
    problems ("empty", "not_image", "format", "too_small", "too_large", "damaged"; otherwise
    "unreadable") and ``details`` holds the figures they name, so that a caller can say the same
    in another language.
    """

    def __init__(self, problem: str, reason: str = "unreadable", **details: str | int):
        super().__init__(f"{problem}. Accepted formats: {ACCEPTED_FORMATS}.")
        self.problem = problem
        self.reason = reason
        self.details = details


def to_uint8(pixels: np.ndarray) -> np.ndarray:
    """0..1 grey levels as 8-bit, rounded."""
    return np.clip(pixels * 255.0 + 0.5, 0, 255).astype(np.uint8)


@dataclass
class Radiograph:
    pixels: np.ndarray  # float32, shape (height, width), 0..1, bone bright
    format: str  # "dicom", "png" or "jpeg"
    pixel_spacing_mm: float | None = None
    # where pixel_spacing_mm applies: "anatomy" (DICOM PixelSpacing, calibrated at the patient) or
    # "detector" (ImagerPixelSpacing: at the plate, a hand on the cassette magnified some 5-10%)
    pixel_spacing_basis: str | None = None
    metadata: dict = field(default_factory=dict)  # DICOM header without pixels or identity
    bits_stored: int = 8
    # the 8-bit grey levels these pixels came from (an 8-bit PNG or JPEG), so that they need not
    # be computed again; only used while ``pixels`` is still the array they were decoded into
    decoded_uint8: tuple[np.ndarray, np.ndarray] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    def to_uint8(self, cached: bool = True) -> np.ndarray:
        if cached and self.decoded_uint8 is not None and self.decoded_uint8[0] is self.pixels:
            return self.decoded_uint8[1]
        return to_uint8(self.pixels)

    def to_pil(self, cached: bool = True) -> Image.Image:
        return Image.fromarray(self.to_uint8(cached), mode="L")


def read_image(source: str | Path | bytes, name: str | None = None) -> Radiograph:
    """Read a radiograph from a path or from the bytes of a file."""
    if isinstance(source, (str, Path)):
        name = name or str(source)
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            raise ImageReadError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise ImageReadError(f"{name}: is a directory, not an image file") from None
        except OSError as exc:
            raise ImageReadError(f"{name}: cannot be opened ({exc.strerror})") from None
    else:
        data = bytes(source)
    label = name or "input"
    if not data:
        raise ImageReadError(f"{label}: the file is empty (0 bytes)", "empty")
    if _looks_like_dicom(data):
        return _read_dicom(data, label)
    return _read_bitmap(data, label)


def _looks_like_dicom(data: bytes) -> bool:
    if data[128:132] == b"DICM":
        return True
    # Files without the preamble start with a group 0x0002 or 0x0008 tag, little endian.
    return data[:2] in (b"\x02\x00", b"\x08\x00") and len(data) > 8


def _read_bitmap(data: bytes, label: str) -> Radiograph:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            fmt = (image.format or "").lower()
            if fmt not in ("png", "jpeg", "mpo"):
                raise ImageReadError(
                    f"{label}: {image.format or 'unknown'} images are not accepted",
                    "format",
                    format=image.format or "unknown",
                )
            _check_size(image.width, image.height, label)
            ImageOps.exif_transpose(image, in_place=True)  # loads it; no copy when upright
    except ImageReadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageReadError(
            f"{label}: declared image size is too large (over {MAX_PIXELS:,} pixels)", "too_large"
        ) from None
    except UnidentifiedImageError:
        raise ImageReadError(f"{label}: not a DICOM, PNG or JPEG file", "not_image") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageReadError(
            f"{label}: the image file is damaged or truncated ({exc})", "damaged"
        ) from None
    pixels, bits, grey = _bitmap_to_float(image)
    return Radiograph(
        pixels=pixels,
        format="jpeg" if fmt == "mpo" else fmt,
        bits_stored=bits,
        decoded_uint8=None if grey is None else (pixels, grey),
    )


def _bitmap_to_float(image: Image.Image) -> tuple[np.ndarray, int, np.ndarray | None]:
    """(pixels 0..1, bits, the 8-bit grey levels of an 8-bit image)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.float32)
        return _auto_window(array), 16, None
    if image.mode == "F":
        return _auto_window(np.asarray(image, dtype=np.float32)), 32, None
    if image.mode in ("LA", "RGBA", "PA"):
        image = image.convert("RGBA").convert("RGB")
    grey = np.asarray(image.convert("L"))
    # u / 255 rounds back to u in to_uint8: the grey levels stand for these pixels exactly
    return np.divide(grey, np.float32(255.0), dtype=np.float32), 8, grey


def _auto_window(array: np.ndarray) -> np.ndarray:
    """Map the meaningful intensity range of high bit-depth data onto 0..1."""
    low, high = np.percentile(
        array[:: max(1, array.shape[0] // 512), :: max(1, array.shape[1] // 512)], (0.5, 99.5)
    )
    if high <= low:
        low, high = float(array.min()), float(array.max())
    if high <= low:
        return np.zeros(array.shape, dtype=np.float32)
    return np.clip((array - low) / (high - low), 0.0, 1.0).astype(np.float32)


def _check_size(width: int, height: int, label: str) -> None:
    if width * height > MAX_PIXELS:
        raise ImageReadError(
            f"{label}: declared image size {width} x {height} is too large "
            f"(at most {MAX_PIXELS:,} pixels)",
            "too_large",
        )
    if min(width, height) < MIN_SIDE:
        raise ImageReadError(
            f"{label}: image of {width} x {height} pixels is too small for a radiograph "
            f"(at least {MIN_SIDE} pixels a side)",
            "too_small",
            width=width,
            height=height,
        )


def _read_dicom(data: bytes, label: str) -> Radiograph:
    import pydicom
    from pydicom.errors import InvalidDicomError

    from .codestreams import CodestreamError, check_first_frame

    _check_inflated_size(data, label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(io.BytesIO(data), force=True)
    except (InvalidDicomError, EOFError, OSError, ValueError, KeyError, TypeError) as exc:
        raise ImageReadError(
            f"{label}: the DICOM file is damaged or truncated ({exc})", "damaged"
        ) from None
    if "PixelData" not in ds:
        if "FloatPixelData" in ds or "DoubleFloatPixelData" in ds:
            raise ImageReadError(
                f"{label}: floating-point pixel data is not accepted (integer Pixel Data only)"
            )
        raise ImageReadError(
            f"{label}: the DICOM file holds no image (no Pixel Data; it may be truncated)"
        )
    _check_dicom_size(ds, label)
    syntax = getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", None)
    what = f" (transfer syntax {syntax.name})" if syntax is not None else ""
    if syntax is not None:
        try:
            check_first_frame(ds)
        except CodestreamError as exc:
            raise ImageReadError(
                f"{label}: the DICOM pixel data cannot be decoded{what}: {exc}"
            ) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            ds.pixel_array_options(index=0)  # a multi-frame file: only its first frame is decoded
            array = ds.pixel_array
    except Exception as exc:  # pydicom raises many types for broken or unsupported pixel data
        raise ImageReadError(
            f"{label}: the DICOM pixel data cannot be decoded{what}: {exc}"
        ) from None
    photometric = str(ds.get("PhotometricInterpretation", "")).upper()
    try:
        pixels = _dicom_to_float(ds, array, photometric, label)
    except ImageReadError:
        raise
    except Exception as exc:  # broken rescale, window or lookup table attributes
        raise ImageReadError(
            f"{label}: the DICOM image attributes cannot be applied ({type(exc).__name__}: {exc})"
        ) from None
    spacing, basis = _pixel_spacing(ds)
    return Radiograph(
        pixels=np.ascontiguousarray(pixels, dtype=np.float32),
        format="dicom",
        pixel_spacing_mm=spacing,
        pixel_spacing_basis=basis,
        metadata=dicom_metadata(ds),
        bits_stored=int(ds.get("BitsStored", 8) or 8),
    )


def _dicom_to_float(ds, array: np.ndarray, photometric: str, label: str) -> np.ndarray:
    from pydicom.pixels import apply_color_lut, apply_modality_lut, apply_voi_lut

    if photometric == "PALETTE COLOR":
        if "RedPaletteColorLookupTableData" not in ds:
            raise ImageReadError(
                f"{label}: a PALETTE COLOR image needs its colour lookup table, "
                "and this file has none"
            )
        array = apply_color_lut(array, ds)
    if array.ndim == 3:  # colour: luminance
        values = array[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    else:
        values = apply_modality_lut(array, ds).astype(np.float32)
        if "WindowCenter" in ds or "VOILUTSequence" in ds:
            values = apply_voi_lut(values, ds, index=0).astype(np.float32)
    pixels = _auto_window(values) if _needs_window(ds) else _minmax(values)
    return 1.0 - pixels if photometric == "MONOCHROME1" else pixels


def _check_inflated_size(data: bytes, label: str) -> None:
    """Refuse a deflated DICOM that inflates beyond MAX_INFLATED_BYTES, counting in small steps,
    before pydicom inflates it whole."""
    from pydicom.filereader import _read_file_meta_info, read_preamble
    from pydicom.uid import DeflatedExplicitVRLittleEndian

    stream = io.BytesIO(data)
    try:
        read_preamble(stream, force=True)
        meta = _read_file_meta_info(stream)
    except Exception:  # anything unreadable is reported by the full read that follows
        return
    if meta.get("TransferSyntaxUID") != DeflatedExplicitVRLittleEndian:
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending, inflated = data[stream.tell() :], 0
    try:
        while pending and not inflater.eof:
            inflated += len(inflater.decompress(pending, 1024 * 1024))
            pending = inflater.unconsumed_tail
            if inflated > MAX_INFLATED_BYTES:
                raise ImageReadError(
                    f"{label}: the deflated DICOM data set inflates to more than "
                    f"{MAX_INFLATED_BYTES // (1024 * 1024)} MB"
                )
    except zlib.error as exc:
        raise ImageReadError(f"{label}: the deflated DICOM data is damaged ({exc})") from None


def _check_dicom_size(ds, label: str) -> None:
    """Bound the decoded pixel data from the header, every frame counted, before any of it is
    decoded (only the first frame is then decoded and used)."""
    try:
        rows, cols = int(ds.get("Rows", 0) or 0), int(ds.get("Columns", 0) or 0)
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        samples = int(ds.get("SamplesPerPixel", 1) or 1)
        bits = int(ds.get("BitsAllocated", 0) or 0)
    except (TypeError, ValueError) as exc:
        raise ImageReadError(
            f"{label}: the DICOM image size attributes are invalid ({exc})"
        ) from None
    if frames < 1 or samples not in (1, 3) or bits not in (1, 8, 16, 32):
        raise ImageReadError(
            f"{label}: unsupported DICOM pixel layout ({frames} frames, {samples} samples per "
            f"pixel, {bits} bits allocated); expected 1 or 3 samples of 1, 8, 16 or 32 bits"
        )
    decoded = rows * cols * samples * frames * max(bits, 8) // 8
    if decoded > MAX_PIXEL_DATA_BYTES:
        raise ImageReadError(
            f"{label}: the declared DICOM image ({cols} x {rows} pixels, {frames} frames, "
            f"{samples} samples of {bits} bits) decodes to {decoded / 2**20:,.0f} MB, more than "
            f"the {MAX_PIXEL_DATA_BYTES // 2**20} MB accepted"
        )
    _check_size(cols, rows, label)


def _needs_window(ds) -> bool:
    return "WindowCenter" not in ds and "VOILUTSequence" not in ds


def _minmax(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return np.zeros(values.shape, dtype=np.float32)
    return ((values - low) / (high - low)).astype(np.float32)


SPACING_BASIS = {"PixelSpacing": "anatomy", "ImagerPixelSpacing": "detector"}


def _pixel_spacing(ds) -> tuple[float | None, str | None]:
    """(mm per pixel, where it applies): PixelSpacing when present, else ImagerPixelSpacing."""
    for keyword in ("PixelSpacing", "ImagerPixelSpacing"):
        value = ds.get(keyword)
        if value is None:
            continue
        try:
            spacing = [float(v) for v in value][:2]
        except (TypeError, ValueError):
            continue
        if spacing and all(0 < s < 10 for s in spacing):
            return float(sum(spacing) / len(spacing)), SPACING_BASIS[keyword]
    return None, None


def dicom_metadata(ds) -> dict:
    """The header as plain JSON-able values, without pixel data or identifying attributes."""
    kept: dict = {}
    if getattr(ds, "file_meta", None) is not None and "TransferSyntaxUID" in ds.file_meta:
        kept["TransferSyntaxUID"] = str(ds.file_meta.TransferSyntaxUID)
    for element in ds:
        keyword = element.keyword
        if not keyword or keyword == "PixelData" or element.VR in ("SQ", "OB", "OW", "UN", "OF"):
            continue
        if element.tag.group in _IDENTIFYING_DICOM_GROUPS and keyword not in _KEPT_PATIENT_KEYWORDS:
            continue
        if keyword in _IDENTIFYING_DICOM_KEYWORDS:
            continue
        value = element.value
        if isinstance(value, (bytes, bytearray)):
            continue
        if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
            value = [_plain(v) for v in value]
        else:
            value = _plain(value)
        kept[keyword] = value
    return kept


def _plain(value):
    if isinstance(value, (int, float, str)) or value is None:
        return value
    try:
        return float(value) if "." in str(value) else int(value)
    except (TypeError, ValueError):
        return str(value)
