"""Checks that two analyzers grade films alike (for the tests of faster grading paths)."""

from __future__ import annotations

import numpy as np

from rasharp.scheme import JOINTS_BY_CODE
from rasharp.scoring.infer import CONFIDENT_FIRST_VIEW


def graded_alike(analyzer, reference, films) -> tuple[int, int]:
    """Assert that every graded joint of ``films`` gets the same grades and uncertainty flags
    from both analyzers, and the same probabilities unless one of them graded it from one
    sure view (CONFIDENT_FIRST_VIEW). Returns (graded joints, joints whose probabilities
    differ)."""
    joints = one_view = 0
    for film in films:
        new, old = analyzer.analyze(film), reference.analyze(film)
        for a, b in zip(new.joints, old.joints, strict=True):
            if a.erosion is None:
                continue
            kinds = [k for k in ("erosion", "jsn") if JOINTS_BY_CODE[a.joint].scores(k)]
            for kind in kinds:
                got, expected = getattr(a, kind), getattr(b, kind)
                assert (got.score, got.uncertain) == (expected.score, expected.uncertain), (
                    f"{film} {a.side} {a.joint} {kind}"
                )
            close = all(
                np.allclose(getattr(a, k).probabilities, getattr(b, k).probabilities, atol=1e-5)
                for k in kinds
            )
            sure = any(
                all(max(getattr(j, k).probabilities) >= CONFIDENT_FIRST_VIEW for k in kinds)
                for j in (a, b)
            )
            assert close or sure, f"{a.joint}: graded from one view though unsure"
            joints += 1
            one_view += not close
    return joints, one_view
