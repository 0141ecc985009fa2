/**
 * What the table derives from the joint scheme (@/lib/scheme, generated from rasharp.scheme):
 * grade options, labels, and the totals computed the way the service computes them.
 */
import { groupAbbreviation, groupName } from "@/features/i18n";
import type { Totals } from "@/lib/api";
import {
  GRADE_KINDS,
  GRADE_RANGES,
  JOINTS,
  ROW_GROUPS,
  type GradeKind,
  type JointCode,
  type RowGroup,
  type SchemeJoint,
} from "@/lib/scheme";

const JOINTS_BY_CODE = new Map(JOINTS.map((j) => [j.code, j]));

/** The scheme's joint; a code the scheme lacks means the UI is out of date with the service. */
export function schemeJoint(code: JointCode): SchemeJoint {
  const joint = JOINTS_BY_CODE.get(code);
  if (!joint) throw new Error(`unknown joint ${code}: regenerate the UI's scheme (npm run generate-client)`);
  return joint;
}

export const groupJoints = (group: RowGroup): SchemeJoint[] => JOINTS.filter((j) => j.group === group);

export function scores(code: JointCode, kind: GradeKind): boolean {
  return schemeJoint(code).grades.includes(kind);
}

export function gradeOptions(kind: GradeKind): number[] {
  const { minimum, maximum } = GRADE_RANGES[kind];
  return Array.from({ length: maximum - minimum + 1 }, (_, i) => minimum + i);
}

export { jointKey } from "@/lib/scheme";

/** "2–5" for consecutive fingers, "1, 3" otherwise. */
export function fingerRange(fingers: number[]): string {
  const sorted = [...new Set(fingers)].sort((a, b) => a - b);
  const consecutive = sorted.every((f, i) => i === 0 || f === sorted[i - 1] + 1);
  return consecutive && sorted.length > 1 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.join(", ");
}

/** "PIP 3" in English, "ПМФ 3" in Russian. */
export function jointLabel(code: JointCode, language: string): string {
  const joint = schemeJoint(code);
  return `${groupAbbreviation(joint.group, language)} ${joint.finger}`;
}

/** The group's name, with its fingers when it has several rows: "DIP 2–5", "1st CMC". */
export function groupHeading(group: RowGroup, language: string): string {
  const joints = groupJoints(group);
  const name = groupName(group, language);
  return joints.length > 1 ? `${name} ${fingerRange(joints.map((j) => j.finger))}` : name;
}

/** A row's name in the score tables: "PIP 3", or the group's name for a group of one ("1st CMC"). */
export function rowLabel(code: JointCode, language: string): string {
  const { group } = schemeJoint(code);
  return groupJoints(group).length === 1 ? groupHeading(group, language) : jointLabel(code, language);
}

/** The joints whose `kind` grade counts towards the SvdH-comparable total: "IP1, PIP2–5, …". */
export function svdhJoints(kind: GradeKind, language: string): string {
  return ROW_GROUPS.map((group) => groupJoints(group).filter((j) => j.svdh_comparable.includes(kind)))
    .filter((joints) => joints.length > 0)
    .map((joints) => groupAbbreviation(joints[0].group, language) + fingerRange(joints.map((j) => j.finger)))
    .join(", ");
}

/** Sums the current grades the way the service does, so totals follow an edit at once. */
export function computeTotals(
  grades: Iterable<{ joint: JointCode; erosion: number | null; jsn: number | null }>,
): Totals {
  const sums = { erosion: 0, jsn: 0, svdh_erosion: 0, svdh_jsn: 0 };
  for (const g of grades) {
    const joint = schemeJoint(g.joint);
    for (const kind of GRADE_KINDS) {
      const value = g[kind];
      if (value === null || !joint.grades.includes(kind)) continue;
      sums[kind] += value;
      if (joint.svdh_comparable.includes(kind)) sums[`svdh_${kind}`] += value;
    }
  }
  return {
    ...sums,
    total: sums.erosion + sums.jsn,
    svdh_total: sums.svdh_erosion + sums.svdh_jsn,
  };
}

export const gradeRange = (kind: GradeKind): { minimum: number; maximum: number } => GRADE_RANGES[kind];

/** The grade a typed key sets for `kind`: null when it is not a digit in the scheme's range. */
export function gradeForKey(kind: GradeKind, key: string): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  const value = Number(key);
  const { minimum, maximum } = GRADE_RANGES[kind];
  return value >= minimum && value <= maximum ? value : null;
}
