"""rsna-hands as grader material: the fixed split and which located hands are trusted."""

import numpy as np
import pytest

from rasharp.scheme import JOINT_CODES
from rasharp.scoring.metrics import flag_report
from rasharp.scoring.rsna import part_of, why_rejected

# a left hand drawn as the localizer would report it: fingers up, thumb on the right
_FINGER_X = {1: 430, 2: 360, 3: 300, 4: 240, 5: 180}
_ROWS = {"CMC1": 640, "MCP1": 560, "IP1": 470, "MCP": 420, "PIP": 300, "DIP": 220}


def located_hand(confidence=0.9, width=600, height=800) -> dict:
    joints = {}
    for code in JOINT_CODES:
        finger = 1 if code in ("CMC1", "MCP1", "IP1") else int(code[-1])
        y = _ROWS.get(code, _ROWS.get(code[:3]))
        joints[code] = [float(_FINGER_X[finger]), float(y), confidence]
    return {"file": "1.jpg", "width": width, "height": height, "hands": ["left"], "joints": joints}


def test_a_confident_left_hand_is_kept():
    assert why_rejected(located_hand()) is None


def test_hands_the_localizer_is_unsure_of_are_rejected_with_the_reason():
    two = located_hand()
    two["hands"] = ["left", "right"]
    assert "2 hands found" in why_rejected(two)
    right = located_hand()
    right["hands"] = ["right"]
    assert "one left hand expected" in why_rejected(right)
    missing = located_hand()
    del missing["joints"]["DIP5"]
    assert "DIP5" in why_rejected(missing)
    weak = located_hand()
    weak["joints"]["PIP3"][2] = 0.3
    assert "confidence 0.30" in why_rejected(weak)
    tiny = located_hand(width=3000, height=4000)  # a knuckle span of 0.06 of the film
    assert "knuckle span" in why_rejected(tiny)
    swapped = located_hand()
    swapped["joints"]["DIP3"], swapped["joints"]["MCP3"] = (
        swapped["joints"]["MCP3"],
        swapped["joints"]["DIP3"],
    )
    assert "finger 3" in why_rejected(swapped)


def test_the_split_is_fixed_by_file_name_and_holds_out_about_a_seventh():
    names = [f"{n}.jpg" for n in range(1000, 8000)]
    parts = [part_of(name) for name in names]
    assert parts == [part_of(name) for name in names]  # the same every time, whatever else is there
    assert 0.12 < parts.count("test") / len(parts) < 0.17
    assert 0.12 < parts.count("calibration") / len(parts) < 0.17


def test_the_flag_report_says_what_share_of_errors_is_flagged():
    probabilities = np.array([[0.9, 0.1], [0.55, 0.45], [0.2, 0.8], [0.6, 0.4]])
    labels = np.array([0, 1, 1, 1])  # the 2nd and 4th grades are wrong; only the 2nd is unsure
    report = flag_report(probabilities, labels, threshold=0.58)
    assert report["flagged"] == 0.25 and report["errors_flagged"] == 0.5
    assert report["unflagged_accuracy"] == pytest.approx(2 / 3)
