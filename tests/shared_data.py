"""The real radiographs in ../shared/data that some tests need.

Outside CI a missing data set skips those tests with the reason; CI sets
RASHARP_REQUIRE_SHARED_DATA=1, so there a missing data set fails them instead of hiding them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REQUIRED = "RASHARP_REQUIRE_SHARED_DATA"


def shared_data(name: str, expected: str) -> Path:
    """``../shared/data/<name>``, which must hold ``expected``; skips (fails in CI) if not."""
    folder = SHARED_DATA / name
    if not (folder / expected).exists():
        message = f"{name} is not at {folder} (no {expected}): these tests need the shared data"
        if os.environ.get(REQUIRED) == "1":
            pytest.fail(f"{message}, and {REQUIRED}=1 says it must be there", pytrace=False)
        pytest.skip(message)
    return folder


def hand_atlas() -> Path:
    return shared_data("hand-atlas", "landmarks.csv")


def rsna_hands() -> Path:
    return shared_data("rsna-hands", "images")
