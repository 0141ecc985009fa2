"""How often each scope warning fires: on real PA films (children's and adolescents': only the
immature skeleton should be told) and on the same films made out of scope (fingers cut off by
the edge, squeezed as if turned, washed out).

    python -m rasharp.scope_check --atlas ../shared/data/hand-atlas --rsna ../shared/data/rsna-hands
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from . import scope
from .imaging import Radiograph, read_image
from .pipeline import Analyzer

ALTERATIONS: dict[str, tuple[str, Callable[[Radiograph], Radiograph]]] = {
    "fingers cut off (top 30 % removed)": (
        "joints_not_imaged",
        lambda r: _with(r, r.pixels[int(r.height * 0.3) :]),
    ),
    "squeezed to half its width (as if turned)": (
        "not_pa_view",
        lambda r: _with(r, _resized(r.pixels, r.width // 2, r.height)),
    ),
    "washed out (grey levels 0.8-1.0)": (
        "poor_exposure",
        lambda r: _with(r, 0.8 + 0.2 * r.pixels),
    ),
}


def _with(image: Radiograph, pixels: np.ndarray) -> Radiograph:
    return Radiograph(np.ascontiguousarray(pixels, dtype=np.float32), image.format)


def _resized(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    picture = Image.fromarray(pixels.astype(np.float32), mode="F")
    return np.asarray(picture.resize((width, height), Image.Resampling.BILINEAR))


def _images(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in (folder / "images").iterdir() if p.suffix.lower() in {".jpg", ".png"})
    return files[:limit] if limit else files


def warnings_on(analyzer: Analyzer, image: Radiograph) -> set[str]:
    hands, joints = analyzer.localizer.locate(image)
    return {w.code for w in scope.assess(image, hands, joints)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--atlas", type=Path, required=True)
    parser.add_argument("--rsna", type=Path)
    parser.add_argument("--rsna-limit", type=int, default=200)
    parser.add_argument("--altered", type=int, default=30, help="atlas films altered per case")
    args = parser.parse_args(argv)
    analyzer = Analyzer()

    sources = {"hand-atlas": _images(args.atlas, None)}
    if args.rsna:
        sources["rsna-hands"] = _images(args.rsna, args.rsna_limit)
    for name, files in sources.items():
        fired: Counter[str] = Counter()
        for path in files:
            fired.update(warnings_on(analyzer, read_image(path)))
        rates = ", ".join(f"{code} {n}" for code, n in sorted(fired.items())) or "none"
        print(f"{name}: {len(files)} real PA films; warnings fired: {rates}")

    originals = [read_image(p) for p in sources["hand-atlas"][: args.altered]]
    for label, (expected, alter) in ALTERATIONS.items():
        caught = sum(expected in warnings_on(analyzer, alter(image)) for image in originals)
        print(f"{label}: {expected} on {caught} of {len(originals)}")


if __name__ == "__main__":
    main()
