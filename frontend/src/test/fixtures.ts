import type { Grade, Study, StudyJoint } from "@/lib/api";
import { JOINTS, SIDES } from "@/lib/scheme";

export function grade(value: number, overrides: Partial<Grade> = {}): Grade {
  return { value, model: value, probabilities: [], uncertain: false, edited: false, confirmed: false, reviewed: false, ...overrides };
}

/** Every joint of both hands with erosion 1 and JSN 0 everywhere, positions on a grid. */
export function makeJoints(): StudyJoint[] {
  return SIDES.flatMap((side, s) =>
    JOINTS.map((j, i) => {
      const narrowing = j.grades.includes("jsn");
      return {
        side,
        joint: j.code,
        present: true,
        absent: null,
        x: 100 + s * 1000 + (i % 5) * 120,
        y: 200 + Math.floor(i / 5) * 150,
        box: null,
        confidence: 0.9,
        erosion: grade(1),
        jsn: narrowing ? grade(0) : null,
        jsw_px: narrowing ? 15 : null,
        jsw_mm: narrowing ? 1.5 : null,
        jsw_mm_basis: narrowing ? ("anatomy" as const) : null,
        jsw_relative: narrowing ? 0.18 : null,
        jsw_z: null,
        jsw_reason: narrowing ? null : `${j.code} has no joint space narrowing grade in this scheme`,
        moved: false,
        pending: false,
      };
    }),
  );
}

export function makeStudy(overrides: Partial<Study> = {}): Study {
  return {
    id: 7,
    patient_id: 3,
    status: "done",
    requested_side: "auto",
    format: "png",
    pixel_spacing_mm: 0.1,
    reader_pixel_spacing_mm: null,
    reviewed_at: null,
    reviewed_by: null,
    queued_at: "2026-11-20T10:00:00Z",
    started_at: "2026-11-20T10:00:01Z",
    finished_at: "2026-11-20T10:00:03Z",
    hands: [],
    warnings: [],
    heatmaps: ["erosion", "jsn"],
    error: null,
    error_code: null,
    error_params: {},
    patient_code: "RA-0042",
    patient_birth_year: null,
    patient_sex: null,
    original_name: "hands.png",
    created_at: "2026-11-20T10:00:00Z",
    visit_date: null,
    sides: ["right", "left"],
    grades_reviewed: 0,
    grades_total: 58,
    width: 2000,
    height: 1500,
    joints: makeJoints(),
    totals: null,
    models: { localizer: "1.0", scorer: "1.0" },
    model_changes: [],
    timings_ms: {},
    ...overrides,
  };
}
