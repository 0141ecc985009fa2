"""`rasharp predict` over many films: find them, skip those already in the output files, score
the rest, write each result as it comes, and end with a summary."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from .films import find_films, overlay_names
from .outputs import CsvOutput, FilmResult, JsonLinesOutput, OutputFileError, film_key
from .progress import Progress
from .run import ScoringOptions, score_films

INTERRUPTED = 130


@dataclass
class Tally:
    scored: int = 0
    skipped: int = 0
    failures: list[FilmResult] = field(default_factory=list)


def predict(
    arguments: list[str],
    options: ScoringOptions,
    workers: int = 1,
    jsonl: Path | None = None,
    csv: Path | None = None,
    show: Callable[[dict], None] | None = None,
    stderr: TextIO = sys.stderr,
) -> int:
    """``show`` prints each record (stdout); the exit status is 1 when a film failed, 2 when
    there was nothing to score or an output file cannot be resumed, 130 when interrupted."""
    found = find_films(arguments)
    if not found.films and not found.unmatched:
        print(f"rasharp predict: no DICOM, PNG or JPEG files in {' '.join(arguments)}", file=stderr)
        return 2
    outputs: list[JsonLinesOutput | CsvOutput] = []
    try:
        outputs += [JsonLinesOutput(jsonl)] if jsonl else []
        outputs += [CsvOutput(csv)] if csv else []
    except OutputFileError as exc:
        for output in outputs:
            output.close()
        print(f"rasharp predict: {exc}", file=stderr)
        return 2

    tally = Tally()
    tally.failures = [
        FilmResult(pattern, error=f"{pattern}: no file or folder matches")
        for pattern in found.unmatched
    ]
    if outputs:
        todo = [n for n in found.films if not all(film_key(n) in o.done for o in outputs)]
    else:
        todo = list(found.films)
    tally.skipped = len(found.films) - len(todo)
    if options.heatmaps is not None:
        options = replace(options, overlay_names=overlay_names(found.films))
    progress = Progress(len(todo), stderr)
    status = 0
    try:
        for done, result in enumerate(score_films(todo, options, workers), start=1):
            for output in outputs:
                output.write(result)
            if show is not None:
                show(result.to_json())
            for note in result.notes:
                print(note, file=stderr)
            if result.failed:
                tally.failures.append(result)
            else:
                tally.scored += 1
            progress.update(done, len(tally.failures))
    except KeyboardInterrupt:
        status = INTERRUPTED
    finally:
        progress.close()
        for output in outputs:
            output.close()
    print(summary(tally, len(found.other_files), [o.path for o in outputs], status), file=stderr)
    return status or (1 if tally.failures else 0)


def summary(tally: Tally, other_files: int, outputs: list[Path], status: int) -> str:
    parts = [f"{tally.scored} scored"]
    if tally.skipped:
        where = " and ".join(str(p) for p in outputs)
        parts.append(f"{tally.skipped} skipped (already in {where})")
    parts.append(f"{len(tally.failures)} failed")
    lines = [f"rasharp predict: {', '.join(parts)}"]
    if other_files:
        lines.append(f"  {other_files} other files left out (not DICOM, PNG or JPEG)")
    if status == INTERRUPTED:
        lines.append("  interrupted: run the same command again to go on where it stopped")
    if tally.failures:
        lines.append("failed:")
        lines += [f"  {f.error}" for f in tally.failures]  # each error names its file
    return "\n".join(lines)
