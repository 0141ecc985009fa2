// The joint scheme of models/rasharp/scheme.py (`npm run generate-client`).
// Do not edit: change rasharp.scheme and regenerate instead.

export type Side = "right" | "left";
export type GradeKind = "erosion" | "jsn";
export type RowGroup = "IP" | "DIP" | "PIP" | "MCP" | "CMC";
export type JointCode = "IP1" | "DIP2" | "DIP3" | "DIP4" | "DIP5" | "PIP2" | "PIP3" | "PIP4" | "PIP5" | "MCP1" | "MCP2" | "MCP3" | "MCP4" | "MCP5" | "CMC1";

export interface GradeRange {
  minimum: number;
  maximum: number;
}

export interface SchemeJoint {
  code: JointCode;
  name: string;
  group: RowGroup;
  finger: number;
  grades: readonly GradeKind[];
  svdh_comparable: readonly GradeKind[];
}

/** Column order of the results table: Right, then Left. */
export const SIDES: readonly Side[] = ["right", "left"];

export const GRADE_KINDS: readonly GradeKind[] = ["erosion", "jsn"];

export const GRADE_RANGES: Readonly<Record<GradeKind, GradeRange>> = {
  erosion: { minimum: 0, maximum: 5 },
  jsn: { minimum: 0, maximum: 4 },
};

/** Row groups of the results table, in order. */
export const ROW_GROUPS: readonly RowGroup[] = ["IP", "DIP", "PIP", "MCP", "CMC"];

/** A hand's size on the film: the distance between these two joints (the knuckle span). */
export const KNUCKLE_SPAN: readonly [JointCode, JointCode] = ["MCP2", "MCP5"];

/** The joints in the row order of the results table. */
export const JOINTS: readonly SchemeJoint[] = [
  {"code": "IP1", "name": "thumb interphalangeal", "group": "IP", "finger": 1, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion"]},
  {"code": "DIP2", "name": "distal interphalangeal 2", "group": "DIP", "finger": 2, "grades": ["erosion", "jsn"], "svdh_comparable": []},
  {"code": "DIP3", "name": "distal interphalangeal 3", "group": "DIP", "finger": 3, "grades": ["erosion", "jsn"], "svdh_comparable": []},
  {"code": "DIP4", "name": "distal interphalangeal 4", "group": "DIP", "finger": 4, "grades": ["erosion", "jsn"], "svdh_comparable": []},
  {"code": "DIP5", "name": "distal interphalangeal 5", "group": "DIP", "finger": 5, "grades": ["erosion", "jsn"], "svdh_comparable": []},
  {"code": "PIP2", "name": "proximal interphalangeal 2", "group": "PIP", "finger": 2, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "PIP3", "name": "proximal interphalangeal 3", "group": "PIP", "finger": 3, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "PIP4", "name": "proximal interphalangeal 4", "group": "PIP", "finger": 4, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "PIP5", "name": "proximal interphalangeal 5", "group": "PIP", "finger": 5, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "MCP1", "name": "metacarpophalangeal 1", "group": "MCP", "finger": 1, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "MCP2", "name": "metacarpophalangeal 2", "group": "MCP", "finger": 2, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "MCP3", "name": "metacarpophalangeal 3", "group": "MCP", "finger": 3, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "MCP4", "name": "metacarpophalangeal 4", "group": "MCP", "finger": 4, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "MCP5", "name": "metacarpophalangeal 5", "group": "MCP", "finger": 5, "grades": ["erosion", "jsn"], "svdh_comparable": ["erosion", "jsn"]},
  {"code": "CMC1", "name": "first carpometacarpal", "group": "CMC", "finger": 1, "grades": ["erosion"], "svdh_comparable": ["erosion"]},
];
