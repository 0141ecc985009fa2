"""The task base class that holds the models: loaded once per worker process, then reused.

Before each job the worker asks the database which registry version is promoted (one small
row); when it changed, that version's files are fetched into a local cache, checked against
their SHA-256, and a new Analyzer replaces the old one. With no registry version (empty
registry, storage or database unreachable) the worker keeps what it has: at first the shipped
weights of RASHARP_MODEL_DIR or the rasharp library.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
import time
from pathlib import Path

import redis
from celery import Task

from rasharp.pipeline import Analyzer, Pending

from ..config import get_settings
from ..db import new_session
from ..registry import service as registry
from ..storage import get_storage
from .batcher import Batcher
from .celery_app import MODELS_KEY, celery_app

log = logging.getLogger(__name__)
_lock = threading.Lock()
_analyzer = None
_registry_version: str | None = None  # None: the shipped weights, not loaded from the registry
_failed: dict[str, float] = {}  # version -> when loading it last failed
RETRY_FAILED_S = 60
_told_empty = threading.Event()  # the empty registry is logged once per process


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
                    _analyzer = _new_analyzer(settings.model_dir)
                except Exception as exc:  # missing files, bad ONNX, no CUDA when asked for
                    raise ModelsUnavailable(
                        f"the scoring models could not be loaded ({type(exc).__name__}: {exc})"
                    ) from exc
                log.info("models loaded: %s on %s", _analyzer.versions, _analyzer.providers)
    return _analyzer


def _new_analyzer(models: Path | None) -> Analyzer:
    settings = get_settings()
    return Analyzer(models=models, device=settings.device, int8_screen=settings.int8_screen)


def registry_version() -> str | None:
    """The registry version the process's Analyzer was loaded from (None: shipped weights)."""
    return _registry_version


def _cache_dir() -> Path:
    configured = get_settings().model_cache_dir
    return configured or Path(tempfile.gettempdir()) / "rasharp-model-cache"


def follow_registry() -> bool:
    """Load the promoted registry version if it is not the one loaded; True when it changed.
    Any failure is logged and the models loaded before stay in use."""
    global _analyzer, _registry_version
    try:
        with new_session() as db:
            promoted = registry.promoted(db)
            wanted = (promoted.version, dict(promoted.files)) if promoted else None
    except Exception:
        log.exception("could not read the promoted model version: keeping the loaded models")
        return False
    if wanted is None:
        if not _told_empty.is_set():
            _told_empty.set()
            log.info("the model registry has no promoted version: using the shipped weights")
        return False
    if wanted[0] == _registry_version:
        return False
    version, files = wanted
    if time.monotonic() - _failed.get(version, -RETRY_FAILED_S) < RETRY_FAILED_S:
        return False
    with _lock:
        if version == _registry_version:
            return False
        try:
            folder = registry.fetch_version(get_storage(), version, files, _cache_dir())
            analyzer = _new_analyzer(folder)
        except Exception:
            _failed[version] = time.monotonic()
            log.exception(
                "model version %s could not be loaded: keeping %s",
                version,
                _registry_version or "the shipped weights",
            )
            return False
        _analyzer, _registry_version = analyzer, version
        _failed.pop(version, None)
    log.info("model version %s loaded: %s", version, analyzer.versions)
    return True


class ModelTask(Task):
    @property
    def analyzer(self):
        return load_analyzer()


def current_models() -> tuple[Analyzer, str | None]:
    """The Analyzer of the promoted version (loaded first if it changed), and its registry
    version; ModelsUnavailable when not even the shipped weights load."""
    if follow_registry():
        publish_versions()
    analyzer = load_analyzer()
    with _lock:
        return _analyzer or analyzer, _registry_version


def loaded_versions() -> dict:
    """What /api/health shows of this worker's models."""
    versions = dict(load_analyzer().versions)
    if _registry_version is not None:
        versions["registry"] = _registry_version
    return versions


def publish_versions() -> None:
    """Tell /api/health the versions of the models this worker loaded."""
    try:
        versions = loaded_versions()
    except ModelsUnavailable as exc:
        log.error("%s; jobs will fail until the model files are in place", exc)
        versions = {"error": str(exc)}
    try:
        redis.Redis.from_url(celery_app.conf.broker_url).set(MODELS_KEY, json.dumps(versions))
    except redis.RedisError:
        log.warning("could not publish the model versions to Redis")


_batcher: Batcher[tuple[Analyzer, Pending], None] | None = None


def grade_with_other_films(analyzer: Analyzer, pending: Pending) -> None:
    """Grade a begun film together with the films other threads of this worker hand in within
    RASHARP_BATCH_WAIT_MS; raises the film's own error. On the CPU, where the grader's runs
    take a few joints whatever the batch, the film is graded at once."""
    global _batcher
    if analyzer.scorer is None or not analyzer.scorer.on_cuda:
        (error,) = analyzer.grade([pending])
        if error is not None:
            raise error
        return
    if _batcher is None:
        with _lock:
            if _batcher is None:
                settings = get_settings()
                _batcher = Batcher(
                    _grade_batch, settings.batch_wait_ms / 1000.0, settings.batch_max
                )
    _batcher.submit((analyzer, pending))


def _grade_batch(items: list[tuple[Analyzer, Pending]]) -> list[Exception | None]:
    """Each film's grading error or None; films of different model versions (a promotion while
    they waited) are graded by their own Analyzer."""
    errors: list[Exception | None] = [None] * len(items)
    groups: dict[int, list[int]] = {}
    for index, (analyzer, _) in enumerate(items):
        groups.setdefault(id(analyzer), []).append(index)
    for indices in groups.values():
        analyzer = items[indices[0]][0]
        for index, error in zip(
            indices, analyzer.grade([items[i][1] for i in indices]), strict=True
        ):
            errors[index] = error
    return errors
