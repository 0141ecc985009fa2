import type { StudyJoint, StudySummary } from "@/lib/api";
import { grade, makeJoints, makeStudy } from "@/test/fixtures";
import {
  CENTRED,
  anchorOf,
  centredOn,
  comparedSide,
  comparisonRows,
  comparisonTotals,
  knuckleSpan,
  linkedFrom,
  otherVisits,
  startingSpan,
  stepForKey,
  stepFrom,
  stepJoints,
  viewOf,
} from "./comparison";
import { zoomAbout } from "./viewport";

const canvas = { width: 800, height: 600 };
/** Where an image point lands on screen under a view. */
const onScreen = (view: { scale: number; x: number; y: number }, p: { x: number; y: number }) => ({
  x: view.x + p.x * view.scale,
  y: view.y + p.y * view.scale,
});

/** The right hand's joints, moved by (dx, dy) and enlarged `times` about the origin. */
function rightHand(times = 1, dx = 0, dy = 0): StudyJoint[] {
  return makeJoints()
    .filter((j) => j.side === "right")
    .map((j) => ({ ...j, x: j.x! * times + dx, y: j.y! * times + dy }));
}

describe("linking two viewers through the anatomy", () => {
  // the same hand imaged twice: the second film at twice the resolution and elsewhere on the film
  const small = rightHand();
  const large = rightHand(2, 300, -50);
  const films = [
    { joints: small, film: { width: 1200, height: 1000 } },
    { joints: large, film: { width: 2600, height: 2000 } },
  ];
  const spans = films.map(({ joints, film }) => knuckleSpan(joints, film));

  it("measures the hand by its knuckles, MCP 2 to MCP 5", () => {
    const mcp = (code: string) => small.find((j) => j.joint === code)!;
    expect(spans[0]).toBeCloseTo(Math.hypot(mcp("MCP2").x! - mcp("MCP5").x!, mcp("MCP2").y! - mcp("MCP5").y!));
    expect(spans[1]).toBeCloseTo(2 * spans[0]);
  });

  it("starts with the current joint at the centre of both canvases, the hands at one size", () => {
    const views = films.map(({ joints, film }, i) => viewOf(CENTRED, anchorOf(joints, "PIP3", film), spans[i], canvas));
    films.forEach(({ joints, film }, i) => {
      expect(onScreen(views[i], anchorOf(joints, "PIP3", film))).toEqual({ x: 400, y: 300 });
    });
    expect(views[0].scale * spans[0]).toBeCloseTo(startingSpan(canvas));
    expect(views[1].scale).toBeCloseTo(views[0].scale / 2); // twice the pixels for the same hand
  });

  it("a zoom or pan of one film moves the other alike: the same anatomy under the same spot", () => {
    const anchors = films.map(({ joints, film }) => anchorOf(joints, "MCP2", film));
    const first = viewOf(CENTRED, anchors[0], spans[0], canvas);
    const zoomed = zoomAbout(first, 1.5, 250, 420);
    const panned = { ...zoomed, x: zoomed.x + 37, y: zoomed.y - 12 };
    const linked = linkedFrom(panned, anchors[0], spans[0], canvas);
    expect(viewOf(linked, anchors[0], spans[0], canvas)).toEqual(panned); // the film moved stays where the reader put it
    const other = viewOf(linked, anchors[1], spans[1], canvas);
    expect(other.scale / viewOf(CENTRED, anchors[1], spans[1], canvas).scale).toBeCloseTo(1.5);
    // PIP 4 of each film lies under the same screen point
    const pip4 = films.map(({ joints, film }) => anchorOf(joints, "PIP4", film));
    const [a, b] = [onScreen(panned, pip4[0]), onScreen(other, pip4[1])];
    expect(b.x).toBeCloseTo(a.x);
    expect(b.y).toBeCloseTo(a.y);
  });

  it("a step to another joint centres both films on it and keeps the zoom", () => {
    const linked = { span: 250, offset: { x: 60, y: -40 } };
    const next = centredOn(linked);
    films.forEach(({ joints, film }, i) => {
      const anchor = anchorOf(joints, "DIP4", film);
      const view = viewOf(next, anchor, spans[i], canvas);
      expect(onScreen(view, anchor)).toEqual({ x: 400, y: 300 });
      expect(view.scale * spans[i]).toBeCloseTo(250);
    });
  });

  it("centres a joint one film lacks on the middle of the joints it has, and a film without joints on its centre", () => {
    const missing = small.map((j) => (j.joint === "IP1" ? { ...j, x: null, y: null } : j));
    const located = missing.filter((j) => j.x !== null);
    expect(anchorOf(missing, "IP1", { width: 1200, height: 1000 })).toEqual({
      x: located.reduce((s, j) => s + j.x!, 0) / located.length,
      y: located.reduce((s, j) => s + j.y!, 0) / located.length,
    });
    expect(anchorOf([], "IP1", { width: 1200, height: 1000 })).toEqual({ x: 600, y: 500 });
    expect(knuckleSpan([], { width: 1200, height: 1000 })).toBe(240);
  });
});

describe("stepping joint by joint", () => {
  const joints = stepJoints("right", rightHand());

  it("goes through the hand's joints in the table's order and stops at either end", () => {
    expect(joints.slice(0, 3)).toEqual(["IP1", "DIP2", "DIP3"]);
    expect(joints).toHaveLength(15);
    expect(stepFrom(joints, "IP1", "next")).toBe("DIP2");
    expect(stepFrom(joints, "DIP2", "previous")).toBe("IP1");
    expect(stepFrom(joints, "IP1", "previous")).toBe("IP1");
    expect(stepFrom(joints, "CMC1", "next")).toBe("CMC1");
    expect(stepFrom(joints, "PIP3", "first")).toBe("IP1");
    expect(stepFrom(joints, "PIP3", "last")).toBe("CMC1");
    expect(stepFrom([], null, "next")).toBeNull();
  });

  it("takes the score table's row keys, and leaves combinations with Ctrl, Alt or Meta alone", () => {
    const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey", boolean>> = {}) =>
      stepForKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect([key("ArrowDown"), key("ArrowUp"), key("Home"), key("End")]).toEqual(["next", "previous", "first", "last"]);
    expect([key("ArrowDown", { ctrlKey: true }), key("Home", { altKey: true }), key("ArrowLeft"), key("a")]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("the table of both visits", () => {
  const setGrade = (joints: StudyJoint[], code: string, kind: "erosion" | "jsn", value: number | null) =>
    joints.map((j) => (j.joint === code ? { ...j, [kind]: value === null ? null : grade(value, { model: 0, edited: true }) } : j));

  it("shows the grades as they stand and their change, with the totals summed like the service", () => {
    const before = rightHand();
    let after = setGrade(rightHand(), "MCP2", "erosion", 3); // a reader's edit over the model's 0
    after = setGrade(after, "PIP3", "jsn", 0);
    after = setGrade(after, "DIP2", "erosion", 0);
    const rows = comparisonRows("right", before, after);
    const row = (code: string) => rows.find((r) => r.joint === code)!;
    expect(row("MCP2").grades.erosion).toEqual({ before: 1, after: 3, change: 2 });
    expect(row("DIP2").grades.erosion).toEqual({ before: 1, after: 0, change: -1 });
    expect(row("PIP3").grades.jsn).toEqual({ before: 0, after: 0, change: 0 });
    expect(row("CMC1").grades.jsn).toBeUndefined(); // not scored for narrowing
    const totals = comparisonTotals(rows);
    expect(totals.erosion).toEqual({ before: 15, after: 16, change: 1 });
    expect(totals.jsn).toEqual({ before: 0, after: 0, change: 0 });
    expect(totals.total.change).toBe(1);
  });

  it("has no change where one visit lacks the grade", () => {
    const after = setGrade(rightHand(), "IP1", "erosion", null);
    expect(comparisonRows("right", rightHand(), after).find((r) => r.joint === "IP1")!.grades.erosion).toEqual({
      before: 1,
      after: null,
      change: null,
    });
  });
});

describe("which hand and which visits", () => {
  it("compares the hand asked for when both films have it, else the first hand both have", () => {
    expect(comparedSide(null, ["right", "left"], ["left"])).toBe("left");
    expect(comparedSide("right", ["right", "left"], ["right", "left"])).toBe("right");
    expect(comparedSide("right", ["right", "left"], ["left"])).toBeNull();
    expect(comparedSide(null, ["right"], ["left"])).toBeNull();
  });

  const summary = (overrides: Partial<StudySummary>): StudySummary => {
    const { id, patient_id, patient_code, original_name, created_at, visit_date, status, error, error_code, error_params, totals, sides, grades_reviewed, grades_total } =
      makeStudy(overrides);
    return { id, patient_id, patient_code, original_name, created_at, visit_date, status, error, error_code, error_params, totals, sides, grades_reviewed, grades_total };
  };

  it("lists the patient's other analysed visits of a shared hand, the earlier visit first in each link", () => {
    const current = summary({ id: 7, patient_code: "RA-0042", visit_date: "2025-06-01", sides: ["right", "left"] });
    const found = otherVisits(current, [
      current,
      summary({ id: 3, patient_code: "RA-0042", visit_date: "2024-06-01", sides: ["left"] }),
      summary({ id: 9, patient_code: "RA-0042", visit_date: "2026-01-10", sides: ["right", "left"] }),
      summary({ id: 4, patient_code: "RA-00421", visit_date: "2024-01-01" }), // the filter matches part of a code
      summary({ id: 5, patient_code: "ra-0042", visit_date: "2024-01-01" }), // and any case
      summary({ id: 6, patient_code: "RA-0042", visit_date: "2024-02-01", status: "running" }),
    ]);
    expect(found.map((v) => [v.study.id, v.href])).toEqual([
      [3, "/compare?before=3&after=7&side=left"],
      [9, "/compare?before=7&after=9"],
    ]);
  });

  it("finds nothing for a study without a patient code, or a film of another hand", () => {
    const current = summary({ id: 7, patient_code: null });
    expect(otherVisits(current, [summary({ id: 8, patient_code: null })])).toEqual([]);
    const right = summary({ id: 7, sides: ["right"] });
    expect(otherVisits(right, [summary({ id: 8, sides: ["left"] })])).toEqual([]);
  });
});
