/**
 * A session's joints in the shape the film viewer and the grade table draw: the reader's own
 * grade is the value, the model's grade (null when the session hides it) is the model.
 */
import type { GradeKind, SessionJoint, StudyJoint } from "@/lib/api";
import { JOINTS } from "@/lib/scheme";

const scored = (joint: SessionJoint, kind: GradeKind) =>
  JOINTS.find((j) => j.code === joint.joint)?.grades.includes(kind) ?? false;

/** `typed`: grades typed but not yet saved, by cellKey; they show at once. */
export function asTableJoints(joints: SessionJoint[], typed: (joint: SessionJoint, kind: GradeKind) => number | undefined): StudyJoint[] {
  const grade = (joint: SessionJoint, kind: GradeKind) => {
    if (!joint.present || !scored(joint, kind)) return null; // nothing to grade
    const model = kind === "erosion" ? joint.model_erosion : joint.model_jsn;
    const value = typed(joint, kind) ?? joint[kind];
    return { value, model, probabilities: [], uncertain: false, edited: false, confirmed: false, reviewed: value !== null };
  };
  return joints.map((joint) => ({
    side: joint.side,
    joint: joint.joint,
    present: joint.present,
    absent: joint.present ? null : "not_found",
    x: joint.x,
    y: joint.y,
    box: null,
    confidence: 0, // the localizer's confidence is not part of a read, and neither view shows it
    erosion: grade(joint, "erosion"),
    jsn: grade(joint, "jsn"),
    jsw_px: null,
    jsw_mm: null,
    jsw_mm_basis: null,
    jsw_relative: null,
    jsw_z: null,
    jsw_reason: null,
    moved: false,
    pending: false,
  }));
}
