"""Importers of public labelled formats, read from small fixture files written here."""

import csv

import numpy as np
import pytest
from PIL import Image

from rasharp.importers import ImportFormatError, read_arise, read_ra2_dream

HAND = {
    "MCP2": (120, 300),
    "MCP3": (170, 290),
    "MCP4": (220, 295),
    "MCP5": (270, 310),
    "PIP2": (115, 200),
    "PIP3": (170, 185),
    "DIP3": (170, 110),
}


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path, header, rows):
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)
    return path


def write_image(path, size=(400, 400)):
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, size[::-1], dtype=np.uint8)).save(path)
    return path


@pytest.fixture
def arise(tmp_path):
    images = tmp_path / "jpeg"
    images.mkdir()
    write_image(images / "7.png")
    write_image(images / "9.png")
    boxes, scores = [], []
    grades = {
        "MCP2": (1, 2),
        "MCP3": (0, 0),
        "MCP4": (0, 1),
        "MCP5": (2, 3),
        "PIP2": (0, 0),
        "PIP3": (4, 5),
        "DIP3": (1, 0),
    }
    for patient in ("7", "9"):
        for code, (x, y) in HAND.items():
            boxes.append([patient, f"left_{code}", x / 400, y / 400, 0.08, 0.06])
            jsn, erosion = grades[code]
            scores.append([patient, f"left_{code}", "1", jsn, erosion])
            scores.append([patient, f"left_{code}", "2", jsn, erosion])
            overcalled = code in ("MCP5", "MCP3")  # the third reader sometimes sees more narrowing
            scores.append([patient, f"left_{code}", "3", jsn + 1 if overcalled else jsn, erosion])
    boxes.append(["7", "left_WRIST", 0.5, 0.9, 0.1, 0.1])
    write_csv(
        tmp_path / "bboxes.csv", ["patient_id", "joint_id", "xcenter", "ycenter", "dx", "dy"], boxes
    )
    write_csv(
        tmp_path / "scores.csv",
        ["patient_id", "joint_id", "expert", "jsn_score", "erosion_score"],
        scores,
    )
    return tmp_path


def test_arise_boxes_and_three_experts_map_onto_the_scheme(arise):
    data = read_arise(arise / "bboxes.csv", arise / "scores.csv", arise / "jpeg", joint_map={})
    assert data.readers == 3
    assert len(data) == 14  # 7 joints x 2 images
    pip3 = next(j for j in data.joints if j.joint == "PIP3" and j.image.name == "7.png")
    assert pip3.side == "left"
    assert pip3.x == pytest.approx(170) and pip3.y == pytest.approx(185)
    assert pip3.box == pytest.approx([154, 173, 186, 197])
    assert pip3.grades["erosion"] == [5, 5, 5] and pip3.grades["jsn"] == [4, 4, 4]
    consensus = data.consensus()
    assert consensus[(pip3.image, "left", "MCP5")] == {"jsn": 2, "erosion": 3}
    assert consensus[(pip3.image, "left", "MCP3")]["jsn"] == 0  # two careful readers say 0


def test_arise_joints_outside_the_scheme_are_listed_not_lost_silently(arise):
    with pytest.raises(ImportFormatError, match="joint map"):
        read_arise(
            arise / "bboxes.csv", arise / "scores.csv", arise / "jpeg"
        )  # WRIST is not a scheme joint
    data = read_arise(arise / "bboxes.csv", arise / "scores.csv", arise / "jpeg", joint_map={})
    assert data.unmapped == ["left_WRIST"]


def test_arise_numeric_joint_ids_need_a_joint_map(tmp_path, arise):
    rows = read_csv(arise / "bboxes.csv")
    ids = {f"left_{code}": str(i) for i, code in enumerate(HAND)}
    write_csv(
        tmp_path / "numeric_boxes.csv",
        rows[0],
        [[r[0], ids.get(r[1], "99"), *r[2:]] for r in rows[1:]],
    )
    rows = read_csv(arise / "scores.csv")
    write_csv(
        tmp_path / "numeric_scores.csv", rows[0], [[r[0], ids[r[1]], *r[2:]] for r in rows[1:]]
    )
    with pytest.raises(ImportFormatError, match="joint map"):
        read_arise(tmp_path / "numeric_boxes.csv", tmp_path / "numeric_scores.csv", arise / "jpeg")
    joint_map = [[i, "left", name.split("_")[1]] for name, i in ids.items()]
    write_csv(tmp_path / "map.csv", ["joint_id", "side", "joint"], joint_map)
    data = read_arise(
        tmp_path / "numeric_boxes.csv",
        tmp_path / "numeric_scores.csv",
        arise / "jpeg",
        joint_map=tmp_path / "map.csv",
    )
    assert sorted({j.joint for j in data.joints}) == sorted(HAND)
    assert data.unmapped == ["99"]


def test_arise_crops_carry_the_consensus_grades(arise):
    data = read_arise(arise / "bboxes.csv", arise / "scores.csv", arise / "jpeg", joint_map={})
    crops = data.to_crops()
    assert crops.crops.shape == (14, 96, 96) and crops.crops.dtype == np.uint8
    assert sorted(set(crops.image.tolist())) == [0, 1]
    assert crops.erosion.max() == 5 and crops.jsn.max() == 4
    views = data.to_crops(graded_views=True)  # as evaluate-scoring grades them
    assert views.crops.shape == (14, 5, 96, 96) and np.array_equal(views.crops[:, 0], crops.crops)


@pytest.mark.parametrize(
    "column, value, message",
    [
        pytest.param("erosion_score", "6", "0-5", id="grade too high"),
        pytest.param("jsn_score", "two", "not a number", id="not a number"),
    ],
)
def test_arise_bad_grades_name_the_line(arise, column, value, message):
    rows = read_csv(arise / "scores.csv")
    rows[3][rows[0].index(column)] = value
    write_csv(arise / "scores.csv", rows[0], rows[1:])
    with pytest.raises(ImportFormatError, match=f"line 4.*{message}"):
        read_arise(arise / "bboxes.csv", arise / "scores.csv", arise / "jpeg", joint_map={})


def test_arise_missing_column_is_named(arise):
    write_csv(arise / "scores.csv", ["patient_id", "joint_id", "jsn_score", "erosion_score"], [])
    with pytest.raises(ImportFormatError, match="expert"):
        read_arise(arise / "bboxes.csv", arise / "scores.csv", arise / "jpeg")


def dream_table(tmp_path):
    header = [
        "Patient_ID",
        "Overall_Tol",
        "LH_mcp_E__ip",
        "LH_pip_E__2",
        "LH_mcp_E__3",
        "LH_wrist_E__mc1",
        "LH_wrist_E__nav",
        "LH_pip_J__3",
        "LH_mcp_J__3",
        "LH_wrist_J__cmc3",
        "RH_pip_E__2",
        "RH_mcp_J__1",
        "LF_mtp_E__1",
    ]
    rows = [
        ["UAB001", "12", "1", "2", "0", "3", "1", "2", "4", "1", "0", "1", "5"],
        ["UAB002", "0", "0", "0", "", "0", "0", "0", "0", "0", "NA", "0", "0"],
    ]
    return write_csv(tmp_path / "training.csv", header, rows)


def test_ra2_dream_columns_map_onto_the_scheme(tmp_path):
    data = read_ra2_dream(dream_table(tmp_path))
    first = {(j.side, j.joint): j.grades for j in data.joints if j.image.name.startswith("UAB001")}
    assert first[("left", "IP1")] == {"erosion": [1]}
    assert first[("left", "PIP2")] == {"erosion": [2]}
    assert first[("left", "CMC1")] == {"erosion": [3]}
    assert first[("left", "PIP3")] == {"jsn": [2]}
    assert first[("left", "MCP3")] == {"erosion": [0], "jsn": [4]}
    assert first[("right", "PIP2")] == {"erosion": [0]}
    assert first[("right", "MCP1")] == {"jsn": [1]}
    assert sorted(data.unmapped) == ["LF_mtp_E__1", "LH_wrist_E__nav", "LH_wrist_J__cmc3"]
    second = {(j.side, j.joint) for j in data.joints if j.image.name.startswith("UAB002")}
    assert ("left", "MCP3") in second and (
        "right",
        "PIP2",
    ) not in second  # empty and NA are missing


def test_ra2_dream_crops_use_the_localizer_for_positions(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    write_image(images / "UAB001-LH.png")
    write_image(images / "UAB001-RH.png")
    write_image(images / "UAB002-LH.png")
    write_image(images / "UAB002-RH.png")
    data = read_ra2_dream(dream_table(tmp_path), images)
    located = []

    def locate(path):
        located.append(path.name)
        side = "left" if "-LH" in path.name else "right"
        return {
            (side, code): xy
            for code, xy in {
                **HAND,
                "IP1": (330, 200),
                "MCP1": (320, 280),
                "CMC1": (300, 350),
            }.items()
        }

    crops = data.to_crops(locate=locate)
    assert sorted(located) == ["UAB001-LH.png", "UAB001-RH.png", "UAB002-LH.png", "UAB002-RH.png"]
    assert len(crops.crops) == len(data.joints)
    assert crops.jsn[crops.joint == 14].tolist() == [-100, -100]  # CMC1 never carries a JSN label


def test_every_hand_grade_has_an_ra2_dream_column_that_reads_back_as_the_same_joint():
    from rasharp.ra2dream_columns import COLUMN, KINDS, SIDES, hand_column, scheme_joint
    from rasharp.scheme import JOINTS

    names = {}
    for side in ("left", "right"):
        for joint in JOINTS:
            for kind in joint.grades:
                name = hand_column(side, joint.code, kind)
                match = COLUMN.match(name)
                assert match is not None, name
                assert (SIDES[match["limb"][0]], KINDS[match["kind"]]) == (side, kind)
                assert scheme_joint(match["area"], match["joint"]) == joint.code
                names[(side, joint.code, kind)] = name
    assert len(set(names.values())) == len(names) == 58
    assert names[("left", "PIP2", "erosion")] == "LH_pip_E__2"
    assert names[("right", "MCP3", "jsn")] == "RH_mcp_J__3"
    assert names[("left", "IP1", "erosion")] == "LH_mcp_E__ip"
    assert names[("left", "CMC1", "erosion")] == "LH_wrist_E__mc1"
