"""Serialised study details by study and version: the most polled response is built once per
change instead of once per request. Versions come from the database (service.study_version), so
every API process can keep its own cache and none can serve a stale detail."""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX_ENTRIES = 512  # a detail is about 15 kB


class DetailCache:
    def __init__(self, max_entries: int = MAX_ENTRIES):
        self._entries: OrderedDict[int, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, study_id: int, version: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(study_id)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(study_id)
            return entry[1]

    def put(self, study_id: int, version: str, body: bytes) -> None:
        with self._lock:
            self._entries[study_id] = (version, body)
            self._entries.move_to_end(study_id)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


study_details = DetailCache()
