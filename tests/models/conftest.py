from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="session")
def analyzer():
    from rasharp.pipeline import Analyzer

    return Analyzer(device="cpu")


@pytest.fixture(scope="session")
def two_hand_film(atlas_dir, tmp_path_factory) -> tuple[Path, list]:
    """A held-out left hand and a mirrored held-out hand side by side, written as PNG."""
    from PIL import Image

    from rasharp.localization.evaluate import compose_pair
    from rasharp.localization.labels import read_labels

    val = read_labels(atlas_dir, part="val")
    film = compose_pair(val[0], val[1])
    path = tmp_path_factory.mktemp("films") / "two_hands.png"
    Image.fromarray(np.round(film.pixels * 255).astype(np.uint8)).save(path)
    return path, film.hands
