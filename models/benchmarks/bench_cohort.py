"""Cohort scoring from the command line: films/s of `rasharp predict DIR --workers N --csv
--jsonl`, and how long a second run takes to find that everything is done.

    .venv/bin/python models/benchmarks/bench_cohort.py [--films 500] [--workers 2 ...]

The cohort is made of links to the hand-atlas images (../shared/data/hand-atlas), repeated until
there are enough, in folders of 50 films; each worker count gets fresh output files.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ATLAS_IMAGES = Path(__file__).resolve().parents[3] / "shared" / "data" / "hand-atlas" / "images"
FILMS_PER_FOLDER = 50


def make_cohort(folder: Path, films: int) -> None:
    sources = sorted(ATLAS_IMAGES.glob("*.jpg"))
    for i in range(films):
        visit = folder / f"batch{i // FILMS_PER_FOLDER:03d}"
        visit.mkdir(exist_ok=True)
        (visit / f"film{i:05d}.jpg").symlink_to(sources[i % len(sources)])


def predict(folder: Path, out: Path, workers: int) -> tuple[float, subprocess.CompletedProcess]:
    command = [sys.executable, "-m", "rasharp.cli", "predict", str(folder), "--workers"]
    command += [str(workers), "--csv", str(out / "films.csv"), "--jsonl", str(out / "films.jsonl")]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - start, done


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[len(os.sched_getaffinity(0))])
    args = parser.parse_args(argv)
    if not ATLAS_IMAGES.is_dir():
        print(f"the hand atlas is not at {ATLAS_IMAGES}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        cohort = Path(tmp) / "cohort"
        cohort.mkdir()
        make_cohort(cohort, args.films)
        print(f"{args.films} films (hand-atlas JPEGs), {len(os.sched_getaffinity(0))} CPU cores")
        for workers in args.workers:
            out = Path(tmp) / f"out{workers}"
            seconds, first = predict(cohort, out, workers)
            resume_seconds, second = predict(cohort, out, workers)
            with open(out / "films.csv", newline="") as file:
                rows = list(csv.DictReader(file))
            films_in_csv = len({row["image"] for row in rows})
            print(
                f"--workers {workers}: {args.films / seconds:.2f} films/s ({seconds:.0f} s, "
                f"exit {first.returncode}); CSV: {len(rows)} rows, {films_in_csv} films; "
                f"second run {resume_seconds:.1f} s (exit {second.returncode}): "
                f"{second.stderr.strip().splitlines()[0]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
