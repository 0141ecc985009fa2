"""Scoring films in one process or in several, each loading the models once."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from ..heatmaps import write_overlays
from ..imaging import ImageReadError, read_image
from ..pipeline import Analyzer
from ..reference import Patient
from ..timing import Timer
from .outputs import FilmResult

# Films handed to the worker processes ahead of the results, per process: enough to keep each
# busy, few enough that an interrupted run has little to wait for.
QUEUED_PER_WORKER = 2


@dataclass(frozen=True)
class ScoringOptions:
    models: Path | None = None
    device: str = "auto"
    side: str = "auto"
    heatmaps: Path | None = None
    patient: Patient | None = None
    overlay_names: dict[str, str] = field(default_factory=dict)  # film -> name, if not its stem


def score_film(name: str, options: ScoringOptions, analyzer: Analyzer) -> FilmResult:
    timer = Timer()
    try:
        with timer.stage("decode"):
            image = read_image(name)
        analysis = analyzer.analyze(
            image,
            side=options.side,
            heatmaps=options.heatmaps is not None,
            timer=timer,
            patient=options.patient,
        )
        if options.heatmaps is not None and analysis.heatmaps:
            analysis.heatmap_paths = write_overlays(
                image,
                analysis.heatmaps,
                options.heatmaps,
                options.overlay_names.get(name, Path(name).stem),
            )
    except ImageReadError as exc:
        return FilmResult(name, error=str(exc))
    except Exception as exc:  # one film's failure must not end a cohort's run
        return FilmResult(name, error=f"{name}: {type(exc).__name__}: {exc}")
    notes = []
    if options.side != "auto" and len(analysis.hands) > 1:
        notes.append(
            f"{name}: --side applies to one-hand images; {len(analysis.hands)} hands found, "
            "sides decided from each thumb"
        )
    return FilmResult(name, record=analysis.to_json(name), notes=notes)


def threads_per_worker(workers: int) -> int:
    """onnxruntime threads for each of ``workers`` processes; 0 (all cores) for one process."""
    if workers <= 1:
        return 0
    return max(1, len(os.sched_getaffinity(0)) // workers)


def score_films(
    names: list[str], options: ScoringOptions, workers: int = 1
) -> Iterator[FilmResult]:
    """Results as films finish: in order with one worker, in order of completion with more."""
    if workers <= 1:
        analyzer = Analyzer(options.models, device=options.device)
        for name in names:
            yield score_film(name, options, analyzer)
        return
    yield from _score_in_processes(names, options, workers)


def _score_in_processes(
    names: list[str], options: ScoringOptions, workers: int
) -> Iterator[FilmResult]:
    threads = threads_per_worker(workers)
    # spawn, not fork: a forked onnxruntime thread pool can hang the child
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(options, threads),
    )
    waiting = iter(names)
    running: dict[Future, str] = {}

    def submit_more() -> None:
        while len(running) < workers * QUEUED_PER_WORKER:
            name = next(waiting, None)
            if name is None:
                return
            running[pool.submit(_score_in_worker, name)] = name

    try:
        submit_more()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = running.pop(future)
                try:
                    yield future.result()
                except Exception as exc:  # the worker process died (e.g. out of memory)
                    yield FilmResult(name, error=f"{name}: the worker process failed ({exc})")
            submit_more()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker: tuple[Analyzer, ScoringOptions] | None = None


def _start_worker(options: ScoringOptions, threads: int) -> None:
    global _worker
    # Ctrl-C is the parent's to handle: it stops handing out films and waits for these.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (Analyzer(options.models, device=options.device, threads=threads), options)


def _score_in_worker(name: str) -> FilmResult:
    assert _worker is not None, "the worker process was not started"
    analyzer, options = _worker
    return score_film(name, options, analyzer)
