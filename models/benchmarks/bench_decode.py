"""What decoding a film at a lower resolution would save: JPEG decoding at 1/1, 1/2, 1/4 and
1/8 scale (libjpeg's DCT scaling, Pillow's ``draft``), beside the whole ``read_image`` and the
share of each film's joints whose crops would lose detail at half resolution.

    .venv/bin/python models/benchmarks/bench_decode.py [IMAGE ...] [--runs 15]

Without IMAGE: the two-hand JPEG of bench_throughput and the first held-out films of the hand
atlas. The grader needs about one film pixel per crop pixel (rasharp.scoring.crops); a joint
whose crop takes fewer than two film pixels per crop pixel would be cut from a half-resolution
film with less detail than now. Joint space widths are measured on the film itself, at half a
pixel's spacing (rasharp.jsw).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image


def median_ms(work, runs: int) -> float:
    work()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def decode(data: bytes, scale: int) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    if scale > 1:
        image.draft("L", (image.width // scale, image.height // scale))
    return np.asarray(image.convert("L"))


def finest_steps(analyzer, data: bytes) -> list[float]:
    """Film pixels per crop pixel of every graded joint of the film."""
    from rasharp.imaging import read_image
    from rasharp.timing import Timer

    image = read_image(data)
    hands, joints = analyzer.localizer.locate(image)
    prepared = analyzer.scorer.prepare(image, hands, joints, joints, Timer())
    return [frame.pixel_mm_factor for frame, _, _ in prepared.frames]


def films(paths: list[Path]) -> list[tuple[str, bytes]]:
    if paths:
        return [(str(p), p.read_bytes()) for p in paths]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_throughput import film_bytes

    from rasharp.scoring.atlas import load_atlas, split

    data, description = film_bytes(None)
    held_out = split(load_atlas())[1][:3]
    return [(description, data)] + [(h.image.name, h.image.read_bytes()) for h in held_out]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("images", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)

    from rasharp.imaging import read_image
    from rasharp.pipeline import Analyzer

    analyzer = Analyzer(device="cpu")
    print(f"median of {args.runs} runs (ms); ratio against decoding at full resolution")
    print(
        f"{'film':40} {'pixels':>11} {'read_image':>10} {'1/1':>6} {'1/2':>11} {'1/4':>11} ", end=""
    )
    print(f"{'1/8':>11} {'joints < 2 px':>13}")
    for name, data in films(args.images):
        times = {s: median_ms(lambda s=s, d=data: decode(d, s), args.runs) for s in (1, 2, 4, 8)}
        whole = median_ms(lambda d=data: read_image(d), args.runs)
        steps = finest_steps(analyzer, data)
        fine = sum(s < 2.0 for s in steps) / max(len(steps), 1)
        shape = decode(data, 1).shape
        print(f"{name[:40]:40} {shape[1]:>5}x{shape[0]:<5} {whole:10.1f} {times[1]:6.1f}", end="")
        for scale in (2, 4, 8):
            print(f" {times[scale]:5.1f} {times[scale] / times[1]:4.2f}x", end="")
        print(f" {fine:12.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
