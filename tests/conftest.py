from __future__ import annotations

from pathlib import Path

import pytest

from shared_data import hand_atlas, rsna_hands


@pytest.fixture(scope="session")
def atlas_dir() -> Path:
    return hand_atlas()


@pytest.fixture(scope="session")
def rsna_dir() -> Path:
    return rsna_hands()
