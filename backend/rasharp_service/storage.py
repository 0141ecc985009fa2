"""File storage: radiographs by content hash, heatmaps, display images and reports.

Keys are relative paths such as ``radiographs/ab/abcd....png``. Writes go to a temporary
file first and are renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from .config import get_settings
from .storage_s3 import S3Storage


class FileStore(Protocol):
    """What the service needs of a storage: whole files by key."""

    def exists(self, key: str) -> bool: ...
    def write(self, key: str, data: bytes) -> None: ...
    def read(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class Storage:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise ValueError(f"storage key {key!r} points outside the storage directory")
        return path

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def write(self, key: str, data: bytes) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)


@lru_cache
def get_storage() -> FileStore:
    """The configured storage: a local directory, or an S3-compatible object store."""
    settings = get_settings()
    if settings.storage_backend == "s3":
        return S3Storage.from_settings(settings)
    return Storage(settings.storage_dir)
