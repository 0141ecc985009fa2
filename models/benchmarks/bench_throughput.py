"""Throughput of the inference pipeline, on the CPU or a CUDA GPU, against its previous version.

    .venv/bin/python models/benchmarks/bench_throughput.py [IMAGE] --device cpu|cuda \
        [--runs 9] [--processes 1,4,8,16] [--batches 1,8,16] [--seconds 20]

1. Single-film latency per stage, median of ``--runs`` runs after a warm-up, of this version,
   of a variant of it and of the previous one, alternating run by run in one process. The
   variant, on the CPU: first views graded with float32 instead of the int8 screen
   ("float32"); on a GPU: crops cut on the CPU instead of by the crop sampler on the GPU
   ("cpu crops"). The previous version is the rasharp package of git commit ``--previous``
   (by default the last one before these changes), imported beside this one; where git or
   that commit is not at hand, ``Analyzer(legacy=True)`` (the previous crops, hand regions
   and grader runs, but today's shared helpers). "models" is the time inside onnxruntime; "cpu side" is everything
   else.
2. Films per second with 1, 4, 8, 16 worker processes (``--processes``), each grading
   ``--batches`` films per grader run (``Analyzer.analyze_batch``), each cell run for
   ``--seconds``; with the GPU memory each process holds (nvidia-smi; "n/a" on the CPU).

Without IMAGE a two-hand film is composed from a held-out hand-atlas image and its mirror image
and encoded as JPEG (quality 92), as uploads often are.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

STAGES = ("decode", "localize", "crop", "score", "measure", "scope", "heatmaps")


class TimedSession:
    """An onnxruntime session that adds the time of its runs to ``spent``."""

    def __init__(self, session, spent: list[float]):
        self._session, self._spent = session, spent

    def run(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self._session.run(*args, **kwargs)
        finally:
            self._spent[0] += time.perf_counter() - start

    def run_with_iobinding(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self._session.run_with_iobinding(*args, **kwargs)
        finally:
            self._spent[0] += time.perf_counter() - start

    def __getattr__(self, name):
        return getattr(self._session, name)


def timed(analyzer, spent: list[float]):
    analyzer.localizer.session = TimedSession(analyzer.localizer.session, spent)
    scorer = analyzer.scorer
    if scorer is not None:
        scorer.session = TimedSession(scorer.session, spent)
        if getattr(scorer, "screen", None) is not None:
            scorer.screen = TimedSession(scorer.screen, spent)
        if getattr(scorer, "sampler", None) is not None:
            scorer.sampler.session = TimedSession(scorer.sampler.session, spent)
    return analyzer


def variant(device: str) -> tuple[str, dict]:
    """The column beside "new": its name and the Analyzer options that make it."""
    if device == "cuda":
        return "cpu crops", {"device_crops": False}
    return "float32", {"int8_screen": False}


def film_bytes(image: Path | None) -> tuple[bytes, str]:
    if image is not None:
        return image.read_bytes(), str(image)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_pipeline import two_hand_image
    from PIL import Image

    radiograph, description = two_hand_image()
    buffer = io.BytesIO()
    Image.fromarray(radiograph.to_uint8()).save(buffer, format="JPEG", quality=92)
    return buffer.getvalue(), f"{description}, JPEG"


PREVIOUS_COMMIT = "2908039"  # the last commit before the faster pipeline


def previous_analyzer(args):
    """(an Analyzer of the rasharp package of commit ``args.previous``, what it is); the
    ``legacy`` path of this version when git cannot give that package."""
    from rasharp.pipeline import Analyzer, model_dir

    root = Path(__file__).resolve().parents[2]
    folder = Path(tempfile.mkdtemp(prefix="rasharp-previous-"))
    try:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", args.previous, "models/rasharp"],
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        package = folder / "models" / "rasharp"
        spec = importlib.util.spec_from_file_location(
            "rasharp_previous", package / "__init__.py", submodule_search_locations=[str(package)]
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["rasharp_previous"] = module
        spec.loader.exec_module(module)
        pipeline = importlib.import_module("rasharp_previous.pipeline")
    except (OSError, subprocess.SubprocessError, tarfile.TarError, ImportError) as exc:
        print(f"(git commit {args.previous} not at hand: {exc}; comparing with legacy=True)")
        return Analyzer(args.models, device=args.device, legacy=True), "legacy=True"
    analyzer = pipeline.Analyzer(model_dir(args.models), device=args.device)
    return analyzer, f"rasharp of commit {args.previous}"


def latency(args, film: bytes, heatmaps: bool) -> dict[str, dict[str, float]]:
    """Median ms per stage of this version ("new"), of its variant (see :func:`variant`) and
    of the previous one ("previous")."""
    from rasharp.pipeline import Analyzer
    from rasharp.timing import Timer

    name, options = variant(args.device)
    spent = {"new": [0.0], "previous": [0.0], name: [0.0]}
    previous, what = previous_analyzer(args)
    print(f"previous version: {what}")
    analyzers = {
        "previous": timed(previous, spent["previous"]),
        "new": timed(Analyzer(args.models, device=args.device), spent["new"]),
        name: timed(Analyzer(args.models, device=args.device, **options), spent[name]),
    }
    rows: dict[str, list[dict[str, float]]] = {name: [] for name in analyzers}
    for run in range(args.runs + 1):  # the first run warms up all and is not counted
        for name, analyzer in analyzers.items():
            spent[name][0] = 0.0
            timer = Timer()
            start = time.perf_counter()
            analyzer.analyze(film, heatmaps=heatmaps, timer=timer)
            total = (time.perf_counter() - start) * 1000.0
            models = spent[name][0] * 1000.0
            if run:
                rows[name].append(
                    {**timer.ms, "total": total, "models": models, "cpu side": total - models}
                )
    return {
        name: {key: statistics.median(r.get(key, 0.0) for r in runs) for key in runs[0]}
        for name, runs in rows.items()
    }


def gpu_memory_mb(pid: int) -> str:
    """GPU memory held by process ``pid`` (nvidia-smi), or "n/a"."""
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "n/a"
    for line in out.splitlines():
        fields = [f.strip() for f in line.split(",")]
        if len(fields) == 2 and fields[0] == str(pid):
            return f"{fields[1]} MB"
    return "n/a"


def _worker(args, film: bytes, batch: int, threads: int, ready, start, results) -> None:
    from rasharp.pipeline import Analyzer, Film

    analyzer = Analyzer(args.models, device=args.device, threads=threads)
    analyzer.analyze_batch([Film(film) for _ in range(batch)])  # warm-up
    ready.wait()
    start.wait()
    done, began = 0, time.perf_counter()
    while time.perf_counter() - began < args.seconds:
        results_of_batch = analyzer.analyze_batch([Film(film) for _ in range(batch)])
        failed = [r for r in results_of_batch if isinstance(r, Exception)]
        if failed:
            raise failed[0]
        done += batch
    elapsed = time.perf_counter() - began
    memory = gpu_memory_mb(os.getpid()) if args.device == "cuda" else "n/a"
    results.put((done, elapsed, memory))


def throughput(args, film: bytes, processes: int, batch: int) -> tuple[float, str]:
    """(films per second of ``processes`` processes grading ``batch`` films per run, the GPU
    memory of one process)."""
    context = mp.get_context("spawn")
    ready, start = context.Barrier(processes + 1), context.Barrier(processes + 1)
    results = context.Queue()
    threads = max(1, (os.cpu_count() or 1) // processes)
    workers = [
        context.Process(
            target=_worker, args=(args, film, batch, threads, ready, start, results), daemon=True
        )
        for _ in range(processes)
    ]
    for w in workers:
        w.start()
    ready.wait(timeout=600)
    start.wait(timeout=60)
    answers = [results.get(timeout=args.seconds + 600) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    films = sum(a[0] for a in answers)
    return films / max(a[1] for a in answers), answers[0][2]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("image", nargs="?", type=Path)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--models", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--previous", default=PREVIOUS_COMMIT, help="git commit to compare with")
    parser.add_argument("--processes", default="1,4,8,16", help="comma-separated counts")
    parser.add_argument("--batches", default="1,8,16", help="films per grader run")
    parser.add_argument("--seconds", type=float, default=20.0, help="per throughput cell")
    parser.add_argument("--heatmaps", action="store_true", help="draw heatmaps, as the worker")
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args(argv)

    import onnxruntime as ort

    film, description = film_bytes(args.image)
    print(
        f"film: {description} ({len(film) / 1e6:.1f} MB); device {args.device}; "
        f"onnxruntime {ort.__version__}; {os.cpu_count()} CPUs"
    )
    medians = latency(args, film, args.heatmaps)
    keys = [k for k in (*STAGES, "models", "cpu side", "total") if k in medians["new"]]
    print(f"\nsingle film, median of {args.runs} runs (ms)")
    other = variant(args.device)[0]
    print(f"{'stage':12} {'previous':>9} {'new':>9} {'new/prev':>9} {other:>9}")
    for key in keys:
        before, now = medians["previous"].get(key, 0.0), medians["new"].get(key, 0.0)
        ratio = f"{now / before:.2f}" if before else "-"
        print(f"{key:12} {before:9.1f} {now:9.1f} {ratio:>9} {medians[other].get(key, 0.0):9.1f}")
    if args.no_throughput:
        return 0
    print(f"\nthroughput, {args.seconds:.0f} s per cell (films/s; GPU memory per process)")
    print(f"{'processes':>9} {'batch':>6} {'films/s':>8} {'GPU memory':>11}")
    for processes in (int(p) for p in args.processes.split(",")):
        for batch in (int(b) for b in args.batches.split(",")):
            rate, memory = throughput(args, film, processes, batch)
            print(f"{processes:9d} {batch:6d} {rate:8.2f} {memory:>11}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
