"""When a grade deserves a reader's second look.

The grader flags a grade whose top probability is below its calibrated threshold (0.92 erosion,
0.89 JSN in the model card): the level above which grades were right 98% of the time. That asks
too much to be acted on: half of all JSN grades, and most grades of a real RA hand, carry it,
including grades the model gives 80%. Readers of the Sharp/van der Heijde method differ by one
grade routinely; what a reader must not miss is a grade that may be off by more than that. So
the flag shown keeps the model's flag only where the model itself gives less than
WITHIN_ONE_FLOOR to the shown grade and its two neighbours together, or less than TOP_FLOOR to
the shown grade: where it cannot say which grade, or where it sees a real chance of a grade two
or more away.
"""

from __future__ import annotations

from collections.abc import Sequence

WITHIN_ONE_FLOOR = 0.90
TOP_FLOOR = 0.50


def worth_review(grade: int | None, probabilities: Sequence[float], model_flag: bool) -> bool:
    """Whether the model's flag on ``grade`` (the model's top grade) is kept for the reader."""
    if not model_flag or grade is None or not 0 <= grade < len(probabilities):
        return False
    within_one = sum(probabilities[max(grade - 1, 0) : grade + 2])
    return probabilities[grade] < TOP_FLOOR or within_one < WITHIN_ONE_FLOOR
