"""Serialised responses by key and version: the most polled responses are built once per change
instead of once per request.

- Study details: versions come from the database (service.study_version), so every API process
  can keep its own cache and none can serve a stale detail.
- Worklist pages: versions are the team's change counter in Redis (events.team_version), bumped
  after every committed change of a study of the team (events.publish_study_change). An entry
  also expires after TEAM_VERSION_MAX_AGE_S, which bounds how long a page can miss a change that
  was not published (committed while Redis was unreachable, or written outside the service).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 512  # a detail is about 15 kB, a page of 50 studies about 12 kB


class VersionedCache(Generic[T]):
    def __init__(self, max_entries: int = MAX_ENTRIES, max_age_s: float | None = None):
        self._entries: OrderedDict[Hashable, tuple[str, float, T]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries
        self._max_age_s = max_age_s

    def get(self, key: Hashable, version: str) -> T | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            if self._max_age_s is not None and time.monotonic() - entry[1] > self._max_age_s:
                return None
            self._entries.move_to_end(key)
            return entry[2]

    def put(self, key: Hashable, version: str, value: T) -> None:
        with self._lock:
            self._entries[key] = (version, time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


TEAM_VERSION_MAX_AGE_S = 30

study_details: VersionedCache[bytes] = VersionedCache()
worklist_pages: VersionedCache[bytes] = VersionedCache(
    max_entries=256, max_age_s=TEAM_VERSION_MAX_AGE_S
)
