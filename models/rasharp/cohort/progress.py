"""A one-line progress display on stderr: films done, films/s, time left. Silent unless the
stream is a terminal, so logs and pipes get only the summary."""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 24
REDRAW_SECONDS = 0.2


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.drawn_at = 0.0

    def update(self, done: int, failed: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.drawn_at < REDRAW_SECONDS and done < self.total):
            return
        self.drawn_at = now
        self.stream.write("\r" + self.line(done, failed, now - self.started) + "\x1b[K")
        self.stream.flush()

    def line(self, done: int, failed: int, elapsed: float) -> str:
        share = done / self.total if self.total else 1.0
        filled = round(share * BAR_WIDTH)
        rate = done / elapsed if elapsed > 0 else 0.0
        left = f"{_clock((self.total - done) / rate)} left" if rate else "starting"
        failures = f", {failed} failed" if failed else ""
        return (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{self.total} films"
            f"{failures}  {rate:.1f} films/s  {left}"
        )

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
