"""The task base class that holds the models: loaded once per worker process, then reused."""

from __future__ import annotations

import logging
import threading

from celery import Task

from rasharp.pipeline import Analyzer

from ..config import get_settings

log = logging.getLogger(__name__)
_lock = threading.Lock()
_analyzer = None


class ModelsUnavailable(RuntimeError):
    pass


def load_analyzer():
    """The process's Analyzer, created on first use (threads of one worker share it)."""
    global _analyzer
    if _analyzer is None:
        with _lock:
            if _analyzer is None:
                settings = get_settings()
                try:
                    _analyzer = Analyzer(models=settings.model_dir, device=settings.device)
                except Exception as exc:  # missing files, bad ONNX, no CUDA when asked for
                    raise ModelsUnavailable(
                        f"the scoring models could not be loaded ({type(exc).__name__}: {exc})"
                    ) from exc
                log.info("models loaded: %s on %s", _analyzer.versions, _analyzer.providers)
    return _analyzer


class ModelTask(Task):
    @property
    def analyzer(self):
        return load_analyzer()
