"""Whole `predict` pipeline on a two-hand radiograph, per stage, against a ResNet50 per-crop baseline.

The baseline is what a user of the ARISE-2025 reference pipeline would run to grade joints: a
ResNet50 classifier (the torchvision architecture, built here in plain torch because torchvision
does not install beside torch 2.13; random weights, exported to ONNX) on every joint crop,
resized to 224 x 224 and repeated to three channels. Both graders see the same crops, from the
same localizer, in the same process, alternating run by run; medians of several runs are printed,
with the ratio.

    .venv/bin/python models/benchmarks/bench_pipeline.py [IMAGE] [--runs 7]

Without IMAGE a two-hand film is composed from a held-out hand-atlas image and its mirror image.
Needs torch and onnx only to build the baseline; the pipeline itself runs on onnxruntime.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def resnet50(classes: int = 11):
    """ResNet50 v1.5 as in torchvision: bottleneck blocks 3-4-6-3, stride in the 3x3 convolution."""
    import torch
    from torch import nn

    class Bottleneck(nn.Module):
        def __init__(self, cin, width, stride):
            super().__init__()
            cout = width * 4
            self.body = nn.Sequential(
                nn.Conv2d(cin, width, 1, bias=False),
                nn.BatchNorm2d(width),
                nn.ReLU(inplace=True),
                nn.Conv2d(width, width, 3, stride, 1, bias=False),
                nn.BatchNorm2d(width),
                nn.ReLU(inplace=True),
                nn.Conv2d(width, cout, 1, bias=False),
                nn.BatchNorm2d(cout),
            )
            self.skip = (
                nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                if stride != 1 or cin != cout
                else nn.Identity()
            )

        def forward(self, x):
            return torch.relu(self.body(x) + self.skip(x))

    layers, cin = [], 64
    for width, blocks, stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)):
        for i in range(blocks):
            layers.append(Bottleneck(cin, width, stride if i == 0 else 1))
            cin = width * 4
    return nn.Sequential(
        nn.Conv2d(3, 64, 7, 2, 3, bias=False),
        nn.BatchNorm2d(64),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(3, 2, 1),
        *layers,
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(2048, classes),
    ).eval()


def export_resnet50(path: Path) -> None:
    import torch

    torch.manual_seed(0)
    torch.onnx.export(
        resnet50(),
        (torch.zeros(2, 3, 224, 224),),
        str(path),
        input_names=["crops"],
        output_names=["logits"],
        dynamic_axes={"crops": {0: "n"}, "logits": {0: "n"}},
        opset_version=17,
        dynamo=False,
    )


def two_hand_image():
    from rasharp.imaging import Radiograph, read_image
    from rasharp.scoring.atlas import load_atlas, split

    _, validation = split(load_atlas())
    left = read_image(validation[0].image).pixels
    gap = np.full((left.shape[0], left.shape[1] // 8), float(np.median(left[:, :20])), np.float32)
    pixels = np.concatenate([left[:, ::-1], gap, left], axis=1)  # right hand, then left hand
    return Radiograph(
        np.ascontiguousarray(pixels), "png"
    ), f"{validation[0].image.name} and its mirror image"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("image", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--models", type=Path)
    args = parser.parse_args(argv)

    import onnxruntime as ort

    from rasharp.imaging import read_image
    from rasharp.pipeline import SCORER_FILE, Analyzer, model_dir
    from rasharp.scoring.crops import VIEW_OFFSETS, extract
    from rasharp.timing import Timer

    analyzer = Analyzer(args.models, device="cpu")
    if analyzer.scorer is None:
        print("no scorer.onnx in the models folder", file=sys.stderr)
        return 2
    if args.image:
        image, description = read_image(args.image), str(args.image)
        encoded = args.image.read_bytes()
    else:
        image, description = two_hand_image()
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(image.to_uint8()).save(buffer, format="PNG")
        encoded = buffer.getvalue()

    with tempfile.TemporaryDirectory() as tmp:
        baseline_path = Path(tmp) / "resnet50.onnx"
        export_resnet50(baseline_path)
        baseline = ort.InferenceSession(str(baseline_path), providers=["CPUExecutionProvider"])
        baseline_mb = baseline_path.stat().st_size / 1e6

    scorer_mb = (model_dir(args.models) / SCORER_FILE).stat().st_size / 1e6
    ours, theirs = [], []
    joints_graded = 0
    for run in range(args.runs + 1):  # the first run warms up both and is not counted
        timer = Timer()
        start = time.perf_counter()
        analysis = analyzer.analyze(encoded, heatmaps=False, timer=timer)
        total = (time.perf_counter() - start) * 1000.0
        present = [j for j in analysis.joints if j.present]
        joints_graded = len(present)
        # the baseline: same localization, same crops, graded by ResNet50 at 224 px
        frames = analyzer.scorer._frames(analysis.joints, analysis.hands, present)
        start = time.perf_counter()
        crops = np.stack([extract(image.pixels, f[0]) for f in frames if f is not None])
        resized = resize_batch(crops, 224)
        batch = np.repeat(resized[:, None], 3, axis=1)
        baseline.run(None, {"crops": batch})
        baseline_ms = (time.perf_counter() - start) * 1000.0
        with_maps = Timer()
        start = time.perf_counter()
        analyzer.analyze(encoded, heatmaps=True, timer=with_maps)
        total_with_maps = (time.perf_counter() - start) * 1000.0
        if run:
            ours.append(
                {
                    **timer.ms,
                    "total": total,
                    "heatmaps": with_maps.ms.get("heatmaps", 0.0),
                    "total with heatmaps": total_with_maps,
                }
            )
            theirs.append(
                {
                    "resnet50 crop+score": baseline_ms,
                    "total": total
                    - timer.ms.get("crop", 0)
                    - timer.ms.get("score", 0)
                    - timer.ms.get("measure", 0)
                    + baseline_ms,
                }
            )

    def med(rows, key):
        return statistics.median(r.get(key, 0.0) for r in rows)

    print(
        f"image: {description} ({image.width} x {image.height}), {joints_graded} joints graded, "
        f"{args.runs} runs after one warm-up; onnxruntime {ort.__version__} on CPU"
    )
    print(f"{'stage':22} {'median ms':>10}")
    for stage in (
        "decode",
        "localize",
        "crop",
        "score",
        "measure",
        "total",
        "heatmaps",
        "total with heatmaps",
    ):
        print(f"{stage:22} {med(ours, stage):>10.1f}")
    ours_grading = med(ours, "crop") + med(ours, "score")
    views = len(VIEW_OFFSETS) if analyzer.scorer.several_views else 1
    print(
        f"\ngrading the same joints: rasharp grader {ours_grading:.1f} ms ({scorer_mb:.1f} MB; "
        f"{views} view{'s' if views > 1 else ''} of each joint, each also mirrored) vs ResNet50 "
        f"{med(theirs, 'resnet50 crop+score'):.1f} ms ({baseline_mb:.0f} MB; one 224 px crop of each): "
        f"{med(theirs, 'resnet50 crop+score') / ours_grading:.1f}x faster"
    )
    print(
        f"whole pipeline: rasharp {med(ours, 'total'):.0f} ms vs with ResNet50 grading "
        f"{med(theirs, 'total'):.0f} ms per two-hand image: "
        f"{med(theirs, 'total') / med(ours, 'total'):.2f}x"
    )
    return 0


def resize_batch(crops: np.ndarray, size: int) -> np.ndarray:
    from PIL import Image

    return np.stack(
        [
            np.asarray(Image.fromarray(c).resize((size, size), Image.BILINEAR), np.float32)
            for c in crops.astype(np.float32)
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
