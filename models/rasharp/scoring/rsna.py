"""rsna-hands (real left hands of another source, no labels) as grader material.

The films carry no joint annotations: the localizer finds their joints, and only hands it is
sure of are kept (one left hand, every joint found, each with a confident peak, a plausible
finger geometry). The positions are kept in a cache file next to nothing of the data set, so
the films are located once per localizer version.

The split is fixed by file name (its CRC-32 checksum modulo 7, so it does not depend on which
other files are present): remainder 0 is held out (never trained or calibrated on), remainder 1
calibrates the probabilities and the uncertainty thresholds, the rest train.
"""

from __future__ import annotations

import collections
import itertools
import json
import re
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ..imaging import read_image
from ..localization.infer import Localizer
from ..pipeline import LOCALIZER_FILE, model_dir
from ..scheme import JOINT_CODES
from .atlas import AtlasHand
from .crops import hand_scale

DEFAULT_RSNA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "rsna-hands"
PARTS = ("train", "calibration", "test")
HELD_OUT_EVERY = 7
MIN_JOINT_CONFIDENCE = 0.5  # weakest joint peak a kept hand may have
# a kept hand's knuckle span against its film's shorter side: outside this the localizer has
# taken something else for a hand
SPAN_SHARE = (0.15, 0.75)


def part_of(name: str) -> str:
    """Which part of the fixed split the film called ``name`` belongs to."""
    remainder = zlib.crc32(name.encode()) % HELD_OUT_EVERY
    return "test" if remainder == 0 else "calibration" if remainder == 1 else "train"


def rsna_files(root: str | Path = DEFAULT_RSNA) -> list[Path]:
    folder = Path(root).resolve() / "images"
    if not folder.is_dir():
        raise FileNotFoundError(
            f"{folder} not found: rsna-hands is expected at {Path(root).resolve()}"
        )
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))


def _locate_one(job) -> dict:
    path, models = job
    localizer = _LOCALIZERS.get(models)
    if localizer is None:
        localizer = _LOCALIZERS[models] = Localizer(
            model_dir(models) / LOCALIZER_FILE, ["CPUExecutionProvider"]
        )
    image = read_image(path)
    hands, joints = localizer.locate(image)
    return {
        "file": path.name,
        "width": image.width,
        "height": image.height,
        "hands": [h.side for h in hands],
        "joints": {
            j.joint: [round(j.x, 2), round(j.y, 2), round(j.confidence, 4)]
            for j in joints
            if j.present and j.side == (hands[0].side if hands else None)
        },
    }


_LOCALIZERS: dict = {}


def why_rejected(record: dict) -> str | None:
    """Why the localizer's answer for a film is not trusted, or None when the hand is kept."""
    if record["hands"] != ["left"]:
        return f"{len(record['hands'])} hands found ({', '.join(record['hands']) or 'none'}), one left hand expected"
    joints = record["joints"]
    missing = [c for c in JOINT_CODES if c not in joints]
    if missing:
        return f"joints not found: {', '.join(missing)}"
    weakest = min(joints.values(), key=lambda v: v[2])
    if weakest[2] < MIN_JOINT_CONFIDENCE:
        return f"a joint peak of confidence {weakest[2]:.2f} (< {MIN_JOINT_CONFIDENCE})"
    span = hand_scale({c: tuple(v[:2]) for c, v in joints.items()})
    share = span / min(record["width"], record["height"])
    if not SPAN_SHARE[0] <= share <= SPAN_SHARE[1]:
        return f"knuckle span {share:.2f} of the film's shorter side, outside {SPAN_SHARE}"
    # fingers run distally: every finger's joints lie in order along the hand's up direction
    mcp_mid = np.mean([joints[f"MCP{f}"][:2] for f in (2, 3, 4, 5)], axis=0)
    for finger in (2, 3, 4, 5):
        chain = [np.asarray(joints[f"{k}{finger}"][:2]) for k in ("MCP", "PIP", "DIP")]
        steps = [np.linalg.norm(b - a) for a, b in itertools.pairwise(chain)]
        if min(steps) < 0.15 * span or np.linalg.norm(chain[2] - mcp_mid) < np.linalg.norm(
            chain[0] - mcp_mid
        ):
            return f"finger {finger}: joints out of order"
    return None


def locate_rsna(
    root: str | Path = DEFAULT_RSNA,
    cache: Path | None = None,
    models=None,
    workers: int = 1,
    log=print,
) -> list[dict]:
    """The localizer's answer for every film (read from ``cache`` when it was made by the same
    localizer version), each with ``part`` and ``rejected`` (None or the reason)."""
    files = rsna_files(root)
    version = Localizer(model_dir(models) / LOCALIZER_FILE, ["CPUExecutionProvider"]).version
    records = None
    if cache is not None and Path(cache).exists():
        stored = json.loads(Path(cache).read_text())
        if stored.get("localizer") == version and len(stored["films"]) == len(files):
            records = stored["films"]
    if records is None:
        log(f"locating the joints of {len(files)} rsna-hands films ...")
        jobs = [(path, models) for path in files]
        with ProcessPoolExecutor(workers) if workers > 1 else nullcontext() as pool:
            records = list(
                pool.map(_locate_one, jobs, chunksize=8) if pool else map(_locate_one, jobs)
            )
        if cache is not None:
            Path(cache).parent.mkdir(parents=True, exist_ok=True)
            Path(cache).write_text(json.dumps({"localizer": version, "films": records}))
    for record in records:
        record["part"] = part_of(record["file"])
        record["rejected"] = why_rejected(record)
    return records


def rsna_parts(
    root: str | Path = DEFAULT_RSNA,
    cache: Path | None = None,
    models=None,
    workers: int = 1,
    log=print,
) -> dict[str, list[AtlasHand]]:
    """The kept hands of every part of the split, joints where the localizer put them."""
    folder = Path(root).resolve() / "images"
    parts: dict[str, list[AtlasHand]] = {part: [] for part in PARTS}
    for r in locate_rsna(root, cache, models, workers, log):
        if r["rejected"] is None:
            points = {c: tuple(v[:2]) for c, v in r["joints"].items()}
            parts[r["part"]].append(AtlasHand(folder / r["file"], points, "left", "rsna"))
    return parts


def default_cache() -> Path:
    return Path.home() / ".cache" / "rasharp" / "rsna-hands-joints.json"


def overlay_sheet(records: list[dict], root: str | Path, count: int = 24, tile: int = 256):
    """A picture of ``count`` films with the joints the localizer found (green: kept, red:
    rejected), to check by eye that kept hands are located right."""
    folder = Path(root).resolve() / "images"
    columns = 6
    rows = (count + columns - 1) // columns
    sheet = Image.new("RGB", (columns * tile, rows * tile), "black")
    for k, record in enumerate(records[:count]):
        film = Image.open(folder / record["file"]).convert("RGB")
        zoom = tile / max(film.size)
        film = film.resize((max(1, round(film.width * zoom)), max(1, round(film.height * zoom))))
        draw = ImageDraw.Draw(film)
        colour = "lime" if record["rejected"] is None else "red"
        for x, y, _ in record["joints"].values():
            draw.ellipse([x * zoom - 2, y * zoom - 2, x * zoom + 2, y * zoom + 2], outline=colour)
        sheet.paste(film, ((k % columns) * tile, (k // columns) * tile))
    return sheet


if __name__ == "__main__":  # python -m rasharp.scoring.rsna [OVERLAYS.png]
    found = locate_rsna(cache=default_cache())
    counts = collections.Counter((r["part"], r["rejected"] is None) for r in found)
    for part in PARTS:
        print(f"{part}: {counts[(part, True)]} hands kept, {counts[(part, False)]} films rejected")
    for reason, n in collections.Counter(
        re.sub(r"\d[\d.]*", "#", r["rejected"].split(":")[0]) for r in found if r["rejected"]
    ).most_common():
        print(f"  {n:3} rejected: {reason}")
    if len(sys.argv) > 1:
        rng = np.random.default_rng(0)
        sample = [found[i] for i in rng.choice(len(found), 18, replace=False)]
        sample += [r for r in found if r["rejected"]][:6]
        overlay_sheet(sample, DEFAULT_RSNA).save(sys.argv[1])
        print(f"{sys.argv[1]}: 18 films at random and 6 rejected ones")
