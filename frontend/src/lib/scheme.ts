/**
 * The joint scheme: joints in table order, row groups, grade kinds and ranges, sides. Generated
 * from rasharp.scheme into src/api/scheme.ts by `npm run generate-client`.
 */
import type { GradeKind, JointCode, Side } from "@/api/scheme";

export * from "@/api/scheme";

/** One joint of one hand, as the table, the film and the saves name it. */
export const jointKey = (side: Side, code: JointCode) => `${side}:${code}`;

/** One grade of one joint. */
export const cellKey = (side: Side, code: JointCode, kind: GradeKind) => `${jointKey(side, code)}:${kind}`;
