"""Localization benchmark: median time per stage on a two-hand radiograph (onnxruntime, CPU by
default), the process's peak memory, and the localizer's parameter count and FLOPs.

    .venv/bin/python models/benchmarks/bench_localization.py [--runs 10] [--image FILE]

Without --image a two-hand film is composed from two held-out hand-atlas images (one mirrored).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from rasharp.imaging import Radiograph, read_image
from rasharp.pipeline import Analyzer, model_dir
from rasharp.timing import Timer

ATLAS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hand-atlas"


def two_hand_film() -> Radiograph:
    from rasharp.localization.evaluate import compose_pair
    from rasharp.localization.labels import read_labels

    if not (ATLAS / "landmarks.csv").exists():
        sys.exit(f"no --image given and the hand atlas is not at {ATLAS}")
    val = read_labels(ATLAS, part="val")
    film = compose_pair(val[0], val[1])
    return Radiograph(film.pixels, "png")


def model_size(path: Path, input_size: int) -> tuple[int, float]:
    """Parameters, and FLOPs (2 x multiply-adds) of the convolutions for one pass: the
    convolution outputs' shapes are read off a real run, as the graph's padding is computed."""
    import onnx
    import onnxruntime as ort
    from onnx import numpy_helper

    model = onnx.load(str(path))
    params = sum(numpy_helper.to_array(t).size for t in model.graph.initializer)
    weights = {t.name: tuple(t.dims) for t in model.graph.initializer}
    convs = [n for n in model.graph.node if n.op_type == "Conv" and n.input[1] in weights]
    for node in convs:
        model.graph.output.append(onnx.ValueInfoProto(name=node.output[0]))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    outputs = session.run(None, {"image": np.zeros((1, 1, input_size, input_size), np.float32)})
    shapes = dict(zip(names, (o.shape for o in outputs), strict=True))
    flops = sum(
        2.0 * np.prod(shapes[n.output[0]]) * np.prod(weights[n.input[1]][1:]) for n in convs
    )
    return int(params), float(flops)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--image", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    analyzer = Analyzer(device=args.device)
    analyzer.scorer = None  # localization only
    if args.image:
        start = time.perf_counter()
        image = read_image(args.image)
        decode_ms = (time.perf_counter() - start) * 1000
    else:
        image, decode_ms = two_hand_film(), None
    analyzer.analyze(image)  # warm-up
    stages: dict[str, list[float]] = {}
    for _ in range(args.runs):
        timer = Timer()
        analysis = analyzer.analyze(image, timer=timer)
        for name, ms in timer.ms.items():
            stages.setdefault(name, []).append(ms)
    print(
        f"image: {image.width} x {image.height}, hands found: {len(analysis.hands)} "
        f"({', '.join(h.side for h in analysis.hands)}), joints present: "
        f"{sum(j.present for j in analysis.joints)}"
    )
    print(f"providers: {analyzer.providers}; runs: {args.runs}")
    if decode_ms is not None:
        print(f"  decode (once)        {decode_ms:8.1f} ms")
    for name, values in stages.items():
        print(
            f"  {name:20} median {statistics.median(values):8.1f} ms   "
            f"min {min(values):8.1f}   max {max(values):8.1f}"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")
    params, flops = model_size(model_dir() / "localizer.onnx", analyzer.localizer.size)
    passes = 1 + len(analysis.hands)
    print(
        f"localizer: {params / 1e6:.2f} M parameters, {flops / 1e9:.2f} GFLOPs per "
        f"{analyzer.localizer.size} px pass, {passes} passes for this image "
        f"(+ a second refining pass for a hand whose crop was off)"
    )


if __name__ == "__main__":
    main()
