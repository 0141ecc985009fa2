"""Log lines for the API and the workers: readable text, or one JSON object per line for a log
collector (RASHARP_LOG_FORMAT=json), at RASHARP_LOG_LEVEL."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from .config import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Servers' own loggers that keep separate handlers unless told to pass lines to the root.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "celery")


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test runners and servers replace it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _):
        pass


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    """One handler on the root logger in the configured format; safe to call again."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    handler = StderrHandler()
    handler.setFormatter(
        JsonFormatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    if settings.log_format == "json":
        for name in SERVER_LOGGERS:
            server_logger = logging.getLogger(name)
            server_logger.handlers.clear()
            server_logger.propagate = True
