/**
 * The comparison of two visits of one hand, as pure functions: which joints to step through,
 * how the two viewers are linked, and the table of grades and their change.
 *
 * The viewers are linked through the anatomy, not through screen pixels: both show the hand at
 * the same size (screen pixels per knuckle span, MCP 2 to MCP 5) and keep their current joint
 * at the same place on screen. Two films of different size, resolution or hand position then
 * show the same joint under the same spot, and a pan or zoom in one moves the other alike.
 */
import { computeTotals, groupJoints, scores } from "./scheme";
import type { View } from "./viewport";
import type { GradeKind, JointCode, Side, StudyJoint, StudySummary, Totals } from "@/lib/api";
import { GRADE_KINDS, KNUCKLE_SPAN, ROW_GROUPS, SIDES } from "@/lib/scheme";

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** What the two viewers share. */
export interface LinkedView {
  /** Screen pixels per knuckle span; null until the reader zooms (then `startingSpan`). */
  span: number | null;
  /** Where the current joint lies on screen, from the canvas's centre. */
  offset: Point;
}

export const CENTRED: LinkedView = { span: null, offset: { x: 0, y: 0 } };

/** The hand's size before any zoom: a knuckle span a quarter of the canvas's shorter side. */
export function startingSpan(canvas: Size): number {
  return Math.max(Math.min(canvas.width, canvas.height), 1) / 4;
}

const located = (joints: StudyJoint[]) => joints.filter((j) => j.x !== null && j.y !== null) as (StudyJoint & Point)[];

/**
 * The knuckle span in image pixels: MCP 2 to MCP 5 when both are located; otherwise a
 * third of the spread of the joints found, or a fifth of the film's width.
 */
export function knuckleSpan(joints: StudyJoint[], film: Size): number {
  const at = (code: JointCode) => located(joints).find((j) => j.joint === code);
  const [second, fifth] = KNUCKLE_SPAN.map(at);
  if (second && fifth) {
    const span = Math.hypot(second.x - fifth.x, second.y - fifth.y);
    if (span > 0) return span;
  }
  const points = located(joints);
  if (points.length >= 2) {
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const spread = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    if (spread > 0) return spread / 3;
  }
  return Math.max(film.width, 1) / 5;
}

/** Where the view centres for `code`: the joint, else the middle of the joints found, else the film's centre. */
export function anchorOf(joints: StudyJoint[], code: JointCode | null, film: Size): Point {
  const points = located(joints);
  const joint = points.find((j) => j.joint === code);
  if (joint) return { x: joint.x, y: joint.y };
  if (points.length) {
    return {
      x: points.reduce((sum, p) => sum + p.x, 0) / points.length,
      y: points.reduce((sum, p) => sum + p.y, 0) / points.length,
    };
  }
  return { x: film.width / 2, y: film.height / 2 };
}

/** One film's view on its canvas: its anchor at the shared place, its hand at the shared size. */
export function viewOf(linked: LinkedView, anchor: Point, span: number, canvas: Size): View {
  const scale = (linked.span ?? startingSpan(canvas)) / span;
  return {
    scale,
    x: canvas.width / 2 + linked.offset.x - anchor.x * scale,
    y: canvas.height / 2 + linked.offset.y - anchor.y * scale,
  };
}

/** The shared state after one viewer was zoomed or panned to `view`: the other follows it. */
export function linkedFrom(view: View, anchor: Point, span: number, canvas: Size): LinkedView {
  return {
    span: view.scale * span,
    offset: {
      x: view.x + anchor.x * view.scale - canvas.width / 2,
      y: view.y + anchor.y * view.scale - canvas.height / 2,
    },
  };
}

/** A step to another joint centres both views on it and keeps the zoom. */
export const centredOn = (linked: LinkedView): LinkedView => ({ ...linked, offset: { x: 0, y: 0 } });

/** The hand's joints in table order that either film has. */
export function stepJoints(side: Side, ...films: StudyJoint[][]): JointCode[] {
  const found = new Set(films.flatMap((joints) => joints.filter((j) => j.side === side).map((j) => j.joint)));
  return ROW_GROUPS.flatMap((group) => groupJoints(group).map((j) => j.code)).filter((code) => found.has(code));
}

export type JointStep = "next" | "previous" | "first" | "last";

/** The joint a step leads to; it stays at either end rather than wrapping round. */
export function stepFrom(joints: JointCode[], current: JointCode | null, step: JointStep): JointCode | null {
  if (!joints.length) return null;
  const index = current === null ? -1 : joints.indexOf(current);
  switch (step) {
    case "first":
      return joints[0];
    case "last":
      return joints[joints.length - 1];
    case "next":
      return joints[Math.min(index + 1, joints.length - 1)];
    case "previous":
      return joints[Math.max(index - 1, 0)];
  }
}

/** The step a key asks for on the comparison page (the score table's keys for rows); null for any other. */
export function stepForKey(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): JointStep | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case "ArrowDown":
      return "next";
    case "ArrowUp":
      return "previous";
    case "Home":
      return "first";
    case "End":
      return "last";
    default:
      return null;
  }
}

export interface GradeChange {
  before: number | null;
  after: number | null;
  /** after − before; null when either visit lacks the grade. */
  change: number | null;
}

export interface ComparisonRow {
  joint: JointCode;
  grades: Partial<Record<GradeKind, GradeChange>>; // only the kinds the joint is scored for
}

const changeOf = (before: number | null, after: number | null): GradeChange => ({
  before,
  after,
  change: before === null || after === null ? null : after - before,
});

/** The grades as they stand (a reader's edit over the model's), per joint of `side`, and their change. */
export function comparisonRows(side: Side, before: StudyJoint[], after: StudyJoint[]): ComparisonRow[] {
  const gradeIn = (joints: StudyJoint[], code: JointCode, kind: GradeKind) =>
    joints.find((j) => j.side === side && j.joint === code)?.[kind]?.value ?? null;
  return stepJoints(side, before, after).map((joint) => ({
    joint,
    grades: Object.fromEntries(
      GRADE_KINDS.filter((kind) => scores(joint, kind)).map((kind) => [
        kind,
        changeOf(gradeIn(before, joint, kind), gradeIn(after, joint, kind)),
      ]),
    ),
  }));
}

export type TotalKind = "erosion" | "jsn" | "total";
export const TOTAL_KINDS: TotalKind[] = ["erosion", "jsn", "total"];

/** The hand's totals at each visit and their change, summed the way the service sums them. */
export function comparisonTotals(rows: ComparisonRow[]): Record<TotalKind, GradeChange> {
  const totalsAt = (visit: "before" | "after"): Totals =>
    computeTotals(rows.map((row) => ({ joint: row.joint, erosion: row.grades.erosion?.[visit] ?? null, jsn: row.grades.jsn?.[visit] ?? null })));
  const [before, after] = [totalsAt("before"), totalsAt("after")];
  return Object.fromEntries(TOTAL_KINDS.map((kind) => [kind, changeOf(before[kind], after[kind])])) as Record<
    TotalKind,
    GradeChange
  >;
}

/** The hand to compare: the one asked for, else the first hand both films have; null when they share none. */
export function comparedSide(asked: Side | null, before: Side[], after: Side[]): Side | null {
  const shared = SIDES.filter((side) => before.includes(side) && after.includes(side));
  if (asked) return shared.includes(asked) ? asked : null;
  return shared[0] ?? null;
}

/** When the visit took place: its visit date, else the day it was uploaded. */
export const visitDay = (study: Pick<StudySummary, "visit_date" | "created_at">): string =>
  study.visit_date ?? study.created_at.slice(0, 10);

export interface OtherVisit {
  study: StudySummary;
  /** The hands this study and the other both have. */
  sides: Side[];
  /** The comparison, the earlier visit first. */
  href: string;
}

/**
 * The patient's other analysed studies sharing a hand with `current`, oldest first. The
 * worklist's filter matches part of the code in any case, so the code is checked exactly here.
 */
export function otherVisits(
  current: Pick<StudySummary, "id" | "patient_code" | "sides" | "visit_date" | "created_at">,
  candidates: StudySummary[],
): OtherVisit[] {
  if (!current.patient_code) return [];
  return candidates
    .filter((s) => s.id !== current.id && s.status === "done" && s.patient_code === current.patient_code)
    .map((study) => ({ study, sides: SIDES.filter((side) => study.sides.includes(side) && current.sides.includes(side)) }))
    .filter((other) => other.sides.length > 0)
    .sort((a, b) => visitDay(a.study).localeCompare(visitDay(b.study)) || a.study.id - b.study.id)
    .map(({ study, sides }) => {
      const earlierFirst =
        visitDay(study) < visitDay(current) || (visitDay(study) === visitDay(current) && study.id < current.id);
      const [before, after] = earlierFirst ? [study.id, current.id] : [current.id, study.id];
      return { study, sides, href: compareHref(before, after, sides.length === 1 ? sides[0] : null) };
    });
}

export function compareHref(before: number | string, after: number | string, side: Side | null): string {
  const query = new URLSearchParams({ before: String(before), after: String(after) });
  if (side) query.set("side", side);
  return `/compare?${query.toString()}`;
}

