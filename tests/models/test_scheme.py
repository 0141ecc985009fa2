"""The joint scheme is written down once (rasharp.scheme); everything else is derived from it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from rasharp import scheme
from rasharp.scheme import GRADE_KINDS, GRADE_RANGES, JOINT_CODES, JOINTS, SIDES

REPO = Path(__file__).resolve().parents[2]
FRONTEND_SRC = REPO / "frontend" / "src"
GENERATED = FRONTEND_SRC / "api"


def test_the_scheme_describes_itself_as_json_in_table_order():
    described = json.loads(json.dumps(scheme.describe()))
    assert described["sides"] == ["right", "left"]
    assert described["grade_kinds"] == [
        {"kind": "erosion", "minimum": 0, "maximum": 5},
        {"kind": "jsn", "minimum": 0, "maximum": 4},
    ]
    assert described["row_groups"] == ["IP", "DIP", "PIP", "MCP", "CMC"]
    assert [j["code"] for j in described["joints"]] == list(JOINT_CODES)
    assert described["joints"][-1] == {
        "code": "CMC1",
        "name": "first carpometacarpal",
        "group": "CMC",
        "finger": 1,
        "grades": ["erosion"],
        "svdh_comparable": ["erosion"],
    }


def test_the_scheme_is_consistent():
    assert list(GRADE_RANGES) == list(GRADE_KINDS)
    # the grader's class index is the grade
    assert all(r.minimum == 0 for r in GRADE_RANGES.values())
    # the table shows each row group once, so a group's joints follow each other
    groups = [j.group for j in JOINTS]
    assert groups == sorted(groups, key=groups.index)
    for j in JOINTS:
        assert set(j.grades) <= set(GRADE_KINDS) and set(j.svdh_comparable) <= set(j.grades)


def test_python_m_rasharp_scheme_prints_json_and_the_ui_module():
    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "rasharp.scheme", *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout

    assert json.loads(run()) == scheme.describe()
    assert run("--typescript") == scheme.typescript()


def test_an_added_joint_reaches_the_ui_module(monkeypatch):
    extra = scheme.Joint("PIP6", "test joint", "PIP", 6, "test_pip", GRADE_KINDS, ())
    pips = [i for i, j in enumerate(JOINTS) if j.group == "PIP"]
    joints = (*JOINTS[: pips[-1] + 1], extra, *JOINTS[pips[-1] + 1 :])
    monkeypatch.setattr(scheme, "JOINTS", joints)

    module = scheme.typescript()
    assert '"PIP5" | "PIP6" | "MCP1"' in module  # the JointCode type, in table order
    assert '{"code": "PIP6", "name": "test joint", "group": "PIP", "finger": 6' in module
    assert module.index('"code": "PIP6"') < module.index('"code": "MCP1"')


def test_the_ui_keeps_no_copy_of_the_scheme():
    """Outside the generated src/api, no UI source lists joints, group ranges or grade maxima."""
    codes = "|".join(JOINT_CODES)
    groups = "|".join(dict.fromkeys(j.group for j in JOINTS))
    maxima = "|".join(rf"{kind}\s*:\s*{r.maximum}\b" for kind, r in GRADE_RANGES.items())
    copy = re.compile(
        rf"""["'`]({codes})["'`]"""  # a joint code as a string
        rf"|\b({groups})\$\{{"  # a joint code built from its group: `DIP${finger}`
        rf"""|\b({groups})\s*:\s*["'][^"']*\d[–-]\d"""  # a group's fingers: DIP: "2–5"
        rf"|\b({maxima})"  # a grade kind's maximum: erosion: 5
    )
    sources = [
        p
        for p in FRONTEND_SRC.rglob("*.ts*")
        if GENERATED not in p.parents and not re.search(r"\.test\.tsx?$", p.name)
    ]
    assert sources
    found = [
        f"{p.relative_to(REPO)}:{n}: {line.strip()}"
        for p in sources
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if copy.search(line)
    ]
    assert found == [], "take these from @/lib/scheme (generated from rasharp.scheme):\n" + (
        "\n".join(found)
    )


def test_the_committed_ui_files_follow_the_scheme():
    """A scheme change needs `npm run generate-client` (and a commit of src/api)."""
    hint = "src/api is out of date with rasharp.scheme: run `npm run generate-client` in frontend/"
    assert (GENERATED / "scheme.ts").read_text() == scheme.typescript(), hint
    document = json.loads((GENERATED / "openapi.json").read_text())
    expected = {"Side": SIDES, "JointCode": JOINT_CODES, "GradeKind": GRADE_KINDS}
    enums = {name: tuple(document["components"]["schemas"][name]["enum"]) for name in expected}
    assert enums == expected, hint


def test_the_grader_and_the_simulator_take_their_grades_from_the_scheme():
    from rasharp import simulator
    from rasharp.scoring import simdata
    from rasharp.scoring.evaluate import CLASSES
    from rasharp.scoring.model import JointGrader

    classes = {kind: r.classes for kind, r in GRADE_RANGES.items()}
    model = JointGrader()
    assert model.erosion_head.out_channels == classes["erosion"]
    assert model.jsn_head.out_channels == classes["jsn"]
    assert classes == CLASSES
    assert len(simdata.EROSION_PRIOR) == classes["erosion"]
    assert len(simdata.JSN_PRIOR) == classes["jsn"]
    assert abs(sum(simdata.EROSION_PRIOR) - 1) < 1e-9 and abs(sum(simdata.JSN_PRIOR) - 1) < 1e-9
    # the simulator draws each grade its own way: one recipe per damaged grade
    assert sorted(simulator.EROSION_SIZE) == list(range(1, GRADE_RANGES["erosion"].maximum + 1))
    assert sorted(simulator.JSN_LOSS) == list(range(GRADE_RANGES["jsn"].maximum + 1))
