/**
 * The joint scheme as the table shows it (mirrors models/rasharp/scheme.py): row order,
 * row groups, grade ranges, and which grades count towards the SvdH-comparable subtotal.
 */
import type { GradeKind, Side, Totals } from "@/lib/api";

export const SIDES: Side[] = ["right", "left"]; // column order: Right, then Left
export const GRADE_KINDS: GradeKind[] = ["erosion", "jsn"];
export const GRADE_MAX: Record<GradeKind, number> = { erosion: 5, jsn: 4 };

export type RowGroup = "IP" | "DIP" | "PIP" | "MCP" | "CMC";

export interface SchemeJoint {
  code: string;
  group: RowGroup;
  finger: number;
  grades: GradeKind[];
  svdh: GradeKind[];
}

const both: GradeKind[] = ["erosion", "jsn"];
const fingers = [2, 3, 4, 5];

export const JOINTS: SchemeJoint[] = [
  { code: "IP1", group: "IP", finger: 1, grades: both, svdh: ["erosion"] },
  ...fingers.map((f): SchemeJoint => ({ code: `DIP${f}`, group: "DIP", finger: f, grades: both, svdh: [] })),
  ...fingers.map((f): SchemeJoint => ({ code: `PIP${f}`, group: "PIP", finger: f, grades: both, svdh: both })),
  ...[1, ...fingers].map((f): SchemeJoint => ({ code: `MCP${f}`, group: "MCP", finger: f, grades: both, svdh: both })),
  { code: "CMC1", group: "CMC", finger: 1, grades: ["erosion"], svdh: ["erosion"] },
];

export const ROW_GROUPS: RowGroup[] = ["IP", "DIP", "PIP", "MCP", "CMC"];

export const JOINTS_BY_CODE: Record<string, SchemeJoint> = Object.fromEntries(
  JOINTS.map((j) => [j.code, j]),
);

export function scores(code: string, kind: GradeKind): boolean {
  return JOINTS_BY_CODE[code]?.grades.includes(kind) ?? false;
}

export function gradeOptions(kind: GradeKind): number[] {
  return Array.from({ length: GRADE_MAX[kind] + 1 }, (_, grade) => grade);
}

export const jointKey = (side: Side, code: string) => `${side}:${code}`;

/** Russian abbreviations of the row groups, as the seed's table had them. */
const GROUP_LABELS: Record<string, Record<RowGroup, string>> = {
  en: { IP: "IP", DIP: "DIP", PIP: "PIP", MCP: "MCP", CMC: "CMC" },
  ru: { IP: "МФ", DIP: "ДМФ", PIP: "ПМФ", MCP: "ПЯФ", CMC: "ЗПС" },
};

export function jointLabel(code: string, language: string): string {
  const joint = JOINTS_BY_CODE[code];
  if (!joint) return code;
  const labels = GROUP_LABELS[language] ?? GROUP_LABELS.en;
  return `${labels[joint.group]} ${joint.finger}`;
}

/** Sums the current grades the way the service does, so totals follow an edit at once. */
export function computeTotals(
  grades: Iterable<{ joint: string; erosion: number | null; jsn: number | null }>,
): Totals {
  const sums = { erosion: 0, jsn: 0, svdh_erosion: 0, svdh_jsn: 0 };
  for (const g of grades) {
    const joint = JOINTS_BY_CODE[g.joint];
    if (!joint) continue;
    for (const kind of GRADE_KINDS) {
      const value = g[kind];
      if (value === null || !joint.grades.includes(kind)) continue;
      sums[kind] += value;
      if (joint.svdh.includes(kind)) sums[`svdh_${kind}`] += value;
    }
  }
  return {
    ...sums,
    total: sums.erosion + sums.jsn,
    svdh_total: sums.svdh_erosion + sums.svdh_jsn,
  };
}
