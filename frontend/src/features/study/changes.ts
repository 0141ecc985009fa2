import type { GradeKind, JointCode, Side, StudyJoint } from "@/lib/api";
import { GRADE_KINDS, JOINTS, SIDES } from "@/lib/scheme";
import { jointKey } from "./scheme";
import { cellKey } from "./useStudy";

/** What a reader changes in a study: sent to the service through the study's outbox. */
export type Change =
  | { kind: "grade"; side: Side; joint: JointCode; grade: GradeKind; value: number }
  | { kind: "move"; side: Side; joint: JointCode; x: number; y: number }
  | { kind: "confirm"; side: Side; joint: JointCode; grade: GradeKind }
  | { kind: "reset" };

/** A change read back from storage is sent again only if it still makes sense. */
export function isChange(value: unknown): value is Change {
  if (!value || typeof value !== "object") return false;
  const change = value as Record<string, unknown>;
  if (change.kind === "reset") return true;
  const knownJoint = SIDES.includes(change.side as Side) && JOINTS.some((j) => j.code === change.joint);
  if (!knownJoint) return false;
  if (change.kind === "grade")
    return GRADE_KINDS.includes(change.grade as GradeKind) && Number.isInteger(change.value);
  if (change.kind === "move") return Number.isFinite(change.x) && Number.isFinite(change.y);
  if (change.kind === "confirm") return GRADE_KINDS.includes(change.grade as GradeKind);
  return false;
}

/** The same cell edited (or confirmed) again, or the same marker moved again: only the newer
 * one is sent. */
export function supersedes(newer: Change, older: Change): boolean {
  if ((newer.kind === "grade" && older.kind === "grade") || (newer.kind === "confirm" && older.kind === "confirm"))
    return newer.side === older.side && newer.joint === older.joint && newer.grade === older.grade;
  if (newer.kind === "move" && older.kind === "move") return newer.side === older.side && newer.joint === older.joint;
  return false;
}

export interface Applied {
  joints: StudyJoint[];
  /** Grade cells and markers that show a change not yet saved. */
  cells: Set<string>;
  markers: Set<string>;
}

/** The study as it will be once the queued changes are saved: what the reader sees meanwhile. */
export function applyChanges(joints: StudyJoint[], changes: readonly Change[]): Applied {
  const cells = new Set<string>();
  const markers = new Set<string>();
  let shown = joints;
  const update = (side: Side, code: JointCode, edit: (joint: StudyJoint) => StudyJoint) => {
    shown = shown.map((j) => (j.side === side && j.joint === code ? edit(j) : j));
  };
  for (const change of changes) {
    if (change.kind === "grade") {
      cells.add(cellKey(change.side, change.joint, change.grade));
      update(change.side, change.joint, (j) => {
        const grade = j[change.grade];
        return grade ? { ...j, [change.grade]: { ...grade, value: change.value, edited: change.value !== grade.model } } : j;
      });
    } else if (change.kind === "confirm") {
      cells.add(cellKey(change.side, change.joint, change.grade));
      update(change.side, change.joint, (j) => {
        const grade = j[change.grade];
        return grade ? { ...j, [change.grade]: { ...grade, confirmed: true } } : j;
      });
    } else if (change.kind === "move") {
      markers.add(jointKey(change.side, change.joint));
      update(change.side, change.joint, (j) => ({ ...j, x: change.x, y: change.y, present: true, moved: true }));
    } else {
      shown = shown.map((j) => {
        const back = { ...j };
        for (const kind of GRADE_KINDS) {
          const grade = j[kind];
          if (!grade || (grade.value === grade.model && !grade.edited)) continue;
          cells.add(cellKey(j.side, j.joint, kind));
          back[kind] = { ...grade, value: grade.model, edited: false };
        }
        if (j.moved) markers.add(jointKey(j.side, j.joint)); // goes back to where the model put it
        return back;
      });
    }
  }
  return { joints: shown, cells, markers };
}

/** The grade cell or marker a change is shown on; null for a whole-study reset. */
export function changeTarget(change: Change): string | null {
  if (change.kind === "grade" || change.kind === "confirm") return cellKey(change.side, change.joint, change.grade);
  if (change.kind === "move") return jointKey(change.side, change.joint);
  return null;
}
