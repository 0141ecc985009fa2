"""The joint scheme: which joints are scored, in which order, with which grades.

Kept as data so that a fuller scheme (wrist areas, feet) can be added without touching the
code that reads it. The order of ``JOINTS`` is the row order of every results table.

This module is the only place the scheme is written down: the service's API enums, the
database's grade checks, the grader's class counts and the UI's scheme module
(``frontend/src/api/scheme.ts``, written by ``npm run generate-client``) are all derived from
it. ``python -m rasharp.scheme`` prints it as JSON, ``--typescript`` as that UI module.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass

SIDES = ("right", "left")  # column order of the results table: Right, then Left
GRADE_KINDS = ("erosion", "jsn")


@dataclass(frozen=True)
class GradeRange:
    kind: str
    minimum: int
    maximum: int

    @property
    def classes(self) -> int:
        return self.maximum - self.minimum + 1

    def contains(self, value: int) -> bool:
        return self.minimum <= value <= self.maximum


EROSION = GradeRange("erosion", 0, 5)
JSN = GradeRange("jsn", 0, 4)
GRADE_RANGES = {"erosion": EROSION, "jsn": JSN}


@dataclass(frozen=True)
class Joint:
    code: str
    name: str
    group: str  # row group of the results table
    finger: int  # 1 = thumb ... 5 = little finger
    atlas_landmark: str  # landmark name in the hand-atlas annotations
    grades: tuple[str, ...]  # grade kinds scored at this joint
    svdh_comparable: tuple[str, ...]  # grade kinds that the original SvdH method also scores

    def scores(self, kind: str) -> bool:
        return kind in self.grades


def _joint(code, name, group, finger, landmark, grades=GRADE_KINDS, svdh=GRADE_KINDS):
    return Joint(code, name, group, finger, landmark, tuple(grades), tuple(svdh))


_FINGER_NAMES = {2: "index", 3: "middle", 4: "ring", 5: "little"}

JOINTS: tuple[Joint, ...] = (
    _joint("IP1", "thumb interphalangeal", "IP", 1, "thumb_ip", svdh=("erosion",)),
    *(
        _joint(f"DIP{f}", f"distal interphalangeal {f}", "DIP", f, f"{n}_dip", svdh=())
        for f, n in _FINGER_NAMES.items()
    ),
    *(
        _joint(f"PIP{f}", f"proximal interphalangeal {f}", "PIP", f, f"{n}_pip")
        for f, n in _FINGER_NAMES.items()
    ),
    _joint("MCP1", "metacarpophalangeal 1", "MCP", 1, "thumb_mcp"),
    *(
        _joint(f"MCP{f}", f"metacarpophalangeal {f}", "MCP", f, f"{n}_mcp")
        for f, n in _FINGER_NAMES.items()
    ),
    _joint(
        "CMC1",
        "first carpometacarpal",
        "CMC",
        1,
        "mc1_base",
        grades=("erosion",),
        svdh=("erosion",),
    ),
)

JOINT_CODES: tuple[str, ...] = tuple(j.code for j in JOINTS)
JOINTS_BY_CODE: dict[str, Joint] = {j.code: j for j in JOINTS}
JOINT_INDEX: dict[str, int] = {code: i for i, code in enumerate(JOINT_CODES)}

# Joints along each finger from the wrist outwards: the finger's axis runs through them.
FINGER_CHAINS: dict[int, tuple[str, ...]] = {
    1: ("CMC1", "MCP1", "IP1"),
    **{f: (f"MCP{f}", f"PIP{f}", f"DIP{f}") for f in _FINGER_NAMES},
}


# A hand's size on the film: the distance between these two joints (the knuckle span).
KNUCKLE_SPAN = ("MCP2", "MCP5")


def joint(code: str) -> Joint:
    try:
        return JOINTS_BY_CODE[code]
    except KeyError:
        raise ValueError(
            f"unknown joint {code!r}; known joints: {', '.join(JOINT_CODES)}"
        ) from None


def check_grade(code: str, kind: str, value: int) -> None:
    """Raise ValueError with a readable message when ``value`` is not a valid grade here."""
    j = joint(code)
    if kind not in GRADE_RANGES:
        raise ValueError(f"unknown grade kind {kind!r}; known: {', '.join(GRADE_KINDS)}")
    if not j.scores(kind):
        raise ValueError(f"{code} has no {kind} grade in this scheme")
    r = GRADE_RANGES[kind]
    if isinstance(value, bool) or not isinstance(value, int) or not r.contains(value):
        raise ValueError(f"{kind} grade of {code} must be an integer {r.minimum}-{r.maximum}")


def max_total(kind: str, hands: int = 2) -> int:
    r = GRADE_RANGES[kind]
    return hands * r.maximum * sum(1 for j in JOINTS if j.scores(kind))


def totals(grades: dict[tuple[str, str], dict[str, int | None]]) -> dict[str, int]:
    """Sum grades keyed by (side, code) -> {"erosion": g, "jsn": g}; missing grades count 0."""
    out = {"erosion": 0, "jsn": 0, "svdh_erosion": 0, "svdh_jsn": 0}
    for (_, code), g in grades.items():
        j = joint(code)
        for kind in GRADE_KINDS:
            value = g.get(kind)
            if value is None or not j.scores(kind):
                continue
            out[kind] += value
            if kind in j.svdh_comparable:
                out[f"svdh_{kind}"] += value
    out["total"] = out["erosion"] + out["jsn"]
    out["svdh_total"] = out["svdh_erosion"] + out["svdh_jsn"]
    return out


def describe() -> dict:
    """The scheme as plain JSON-able data, in table order."""
    return {
        "sides": list(SIDES),
        "grade_kinds": [
            {
                "kind": kind,
                "minimum": GRADE_RANGES[kind].minimum,
                "maximum": GRADE_RANGES[kind].maximum,
            }
            for kind in GRADE_KINDS
        ],
        "row_groups": list(dict.fromkeys(j.group for j in JOINTS)),
        "knuckle_span": list(KNUCKLE_SPAN),
        "joints": [
            {
                "code": j.code,
                "name": j.name,
                "group": j.group,
                "finger": j.finger,
                "grades": list(j.grades),
                "svdh_comparable": list(j.svdh_comparable),
            }
            for j in JOINTS
        ],
    }


def typescript() -> str:
    """The UI's scheme module (frontend/src/api/scheme.ts): the data of ``describe()``, typed."""
    scheme = describe()

    def union(values) -> str:
        return " | ".join(json.dumps(v) for v in values)

    def literal(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    kinds = [k["kind"] for k in scheme["grade_kinds"]]
    ranges = ",\n".join(
        f"  {k['kind']}: {{ minimum: {k['minimum']}, maximum: {k['maximum']} }}"
        for k in scheme["grade_kinds"]
    )
    joints = ",\n".join(f"  {literal(j)}" for j in scheme["joints"])
    return f"""\
// The joint scheme of models/rasharp/scheme.py (`npm run generate-client`).
// Do not edit: change rasharp.scheme and regenerate instead.

export type Side = {union(scheme["sides"])};
export type GradeKind = {union(kinds)};
export type RowGroup = {union(scheme["row_groups"])};
export type JointCode = {union(j["code"] for j in scheme["joints"])};

export interface GradeRange {{
  minimum: number;
  maximum: number;
}}

export interface SchemeJoint {{
  code: JointCode;
  name: string;
  group: RowGroup;
  finger: number;
  grades: readonly GradeKind[];
  svdh_comparable: readonly GradeKind[];
}}

/** Column order of the results table: Right, then Left. */
export const SIDES: readonly Side[] = {literal(scheme["sides"])};

export const GRADE_KINDS: readonly GradeKind[] = {literal(kinds)};

export const GRADE_RANGES: Readonly<Record<GradeKind, GradeRange>> = {{
{ranges},
}};

/** Row groups of the results table, in order. */
export const ROW_GROUPS: readonly RowGroup[] = {literal(scheme["row_groups"])};

/** A hand's size on the film: the distance between these two joints (the knuckle span). */
export const KNUCKLE_SPAN: readonly [JointCode, JointCode] = {literal(scheme["knuckle_span"])};

/** The joints in the row order of the results table. */
export const JOINTS: readonly SchemeJoint[] = [
{joints},
];
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m rasharp.scheme", description="Print the joint scheme (JSON by default)."
    )
    parser.add_argument(
        "--typescript", action="store_true", help="print the UI's generated scheme module"
    )
    args = parser.parse_args(argv)
    if args.typescript:
        print(typescript(), end="")
    else:
        print(json.dumps(describe(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
