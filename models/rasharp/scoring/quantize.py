"""The grader's int8 twin, which takes the first look at each joint on the CPU.

On a CPU with int8 dot products (AVX-512 VNNI here) the int8 grader runs a view in about 40%
of the time of the float32 one; CPUs without them gain little. Its probabilities differ from
float32's by up to about a tenth, so on its own it would change about 3% of grades and
uncertainty flags; it only screens. A joint whose first view it grades at least
CONFIDENT_FIRST_VIEW in every grade keeps that grading (both graders agree there), and every
other joint is graded by the float32 grader from all its views, as without it (``Scorer``).
The first convolution, which sees the standardised crop, and the two 1x1 heads, whose maps are
the grades, stay float32.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..sessions import file_sha256

PRECISION = "int8 weights and activations, first-view screen of the float32 grader"
JOINTS_PER_CALIBRATION_RUN = 32
CALIBRATION_JOINTS = 1000  # at most, spread over the crops given


def spread(n: int, count: int = CALIBRATION_JOINTS) -> np.ndarray:
    """Indices of at most ``count`` of ``n`` items, evenly spread (over every film and source)."""
    return np.unique(np.linspace(0, n - 1, min(n, count)).round().astype(np.int64))


def calibration_crops(
    atlas: Path, rsna: Path | None, rsna_joints: Path | None, workers: int = 1, seed: int = 3
) -> np.ndarray:
    """Every view of simulated joints of the calibration hands of both sources, made as for
    training (adult and children's joints, healthy and damaged, archive films, resolutions
    down to MIN_SPAN_PX), spread over CALIBRATION_JOINTS joints."""
    from .rsna import rsna_parts
    from .simdata import (
        ADULT_SHARE,
        FILM_SHARE,
        MIN_SPAN_PX,
        NATURAL_VARIATION,
        Recipe,
        simulate_hands,
    )
    from .sources import RSNA_IMAGE_OFFSET, atlas_parts

    recipe = Recipe(
        natural_variation=NATURAL_VARIATION,
        adult_share=ADULT_SHARE,
        film_share=FILM_SHARE,
        min_span_px=MIN_SPAN_PX,
        graded_views=True,
    )
    sets = [simulate_hands(atlas_parts(atlas)["calibration"], 4, seed, recipe, workers=workers)]
    if rsna is not None:
        hands = rsna_parts(rsna, rsna_joints, workers=workers, log=lambda *_: None)
        sets.append(
            simulate_hands(
                hands["calibration"][:40],
                1,
                seed,
                recipe,
                workers=workers,
                first_index=RSNA_IMAGE_OFFSET,
            )
        )
    crops = np.concatenate([s.crops for s in sets])
    return crops[spread(len(crops))]


def _float_nodes(model) -> list[str]:
    """The convolutions kept in float32: the first one and the 1x1 heads."""
    weights = {w.name: tuple(w.dims) for w in model.graph.initializer}
    convolutions = [n for n in model.graph.node if n.op_type == "Conv"]
    heads = [n for n in convolutions if weights.get(n.input[1], (0, 0, 0, 0))[2:] == (1, 1)]
    return [convolutions[0].name] + [n.name for n in heads]


def _batches(crops: np.ndarray) -> Iterator[dict[str, np.ndarray]]:
    for start in range(0, len(crops), JOINTS_PER_CALIBRATION_RUN):
        part = crops[start : start + JOINTS_PER_CALIBRATION_RUN].astype(np.float32)
        if crops.dtype == np.uint8:
            part /= 255.0
        yield {"crops": part[:, None] if part.ndim == 3 else part}


def quantize_grader(source: Path, target: Path, crops: np.ndarray) -> dict[str, str]:
    """Write the int8 twin of the grader file ``source`` to ``target``, its activation ranges
    taken from ``crops`` (N x V x S x S views or N x S x S crops, uint8 or 0..1, of joints the
    grader will meet: healthy and damaged, of every source and resolution). Returns the
    twin's metadata: the grader's, with its own version, and the version and SHA-256 of the
    file it was made from."""
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.batches = _batches(crops)

        def get_next(self):
            return next(self.batches, None)

    if not len(crops):
        raise ValueError("no crops to take the int8 grader's activation ranges from")
    grader = onnx.load(str(source))
    metadata = {p.key: p.value for p in grader.metadata_props}
    if "version" not in metadata:
        raise ValueError(f"{source} is not a rasharp joint grader (no version in its metadata)")
    metadata |= {
        "version": f"{metadata['version']}-int8",
        "quantized_from": metadata["version"],
        "quantized_from_sha256": file_sha256(source),
        "precision": PRECISION,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        quantized = Path(work) / target.name
        quantize_static(
            str(source),
            str(quantized),
            Reader(),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
            calibrate_method=CalibrationMethod.MinMax,
            nodes_to_exclude=_float_nodes(grader),
        )
        model = onnx.load(str(quantized))
        onnx.helper.set_metadata_props(model, metadata)
        onnx.save(model, str(quantized))
        quantized.replace(target)
    return metadata
