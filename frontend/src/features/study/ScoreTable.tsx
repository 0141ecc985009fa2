import { Fragment } from "react";
import { useI18n, type MessageKey } from "@/features/i18n";
import type { GradeKind, JointCode, Side, StudyJoint } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { jswReasonIn } from "@/lib/jswReasons";
import { GRADE_KINDS, ROW_GROUPS, SIDES } from "@/lib/scheme";
import { buildGrid, type GridCell } from "./gradeGrid";
import { GradeListbox } from "./GradeListbox";
import type { SaveState } from "./SaveNotice";
import {
  computeTotals,
  groupHeading,
  groupJoints,
  jointKey,
  rowLabel,
  scores,
  svdhJoints,
} from "./scheme";
import { ShortcutsPanel } from "./ShortcutsPanel";
import { useGradeGrid } from "./useGradeGrid";
import { cellKey } from "./useStudy";

export interface ScoreTableProps {
  /** As they will be once the changes waiting to be saved are. */
  joints: StudyJoint[];
  /** Grade cells with a change not saved yet, or refused by the service (by cellKey). */
  saves: Record<string, SaveState>;
  /** Joints moved but not saved yet (by jointKey): their grades will come from the re-score. */
  movesWaiting?: ReadonlySet<string>;
  hovered: string | null;
  onHover: (key: string | null) => void;
  onEdit: (side: Side, joint: JointCode, kind: GradeKind, value: number) => void;
  onResetCell: (side: Side, joint: JointCode, kind: GradeKind) => void;
  /** The reader agrees with the grade shown (Enter on the cell). */
  onConfirm?: (side: Side, joint: JointCode, kind: GradeKind) => void;
  disabled?: boolean;
  /** The joint space width columns (a reading session hides them: the reader grades the film). */
  showJsw?: boolean;
  /** Above the table: cells reviewed (the model's grade looked at), or cells given a grade. */
  progress?: "reviewed" | "graded";
}

/** "0: 40% · 1: 45% · 2: 15%" — the grades the model weighed, for the reader to judge. */
function probabilities(values: number[]): string {
  return values
    .map((p, grade) => ({ grade, p }))
    .filter(({ p }) => p >= 0.05)
    .map(({ grade, p }) => `${grade}: ${Math.round(p * 100)}%`)
    .join(" · ");
}

/** The table in the seed's layout: joints down, Right (Erosion, JSN) then Left (Erosion, JSN). */
const NONE: ReadonlySet<string> = new Set();

export function ScoreTable({
  joints,
  saves,
  movesWaiting = NONE,
  hovered,
  onHover,
  onEdit,
  onResetCell,
  onConfirm,
  disabled,
  showJsw = true,
  progress = "reviewed",
}: ScoreTableProps) {
  const { t, language } = useI18n();
  const byKey = new Map(joints.map((j) => [jointKey(j.side, j.joint), j]));
  const sidesPresent = SIDES.filter((side) => joints.some((j) => j.side === side));

  const currentValue = (joint: StudyJoint, kind: GradeKind): number | null => joint[kind]?.value ?? null;

  /** Confirmed, or edited (a change still waiting to be saved counts, as `joints` shows it):
   * the model's grade was looked at. */
  const reviewed = (joint: StudyJoint, kind: GradeKind): boolean => {
    const grade = joint[kind];
    return Boolean(grade && (grade.confirmed || grade.value !== grade.model));
  };
  const gradedCells = (side: Side) =>
    joints.filter((j) => j.side === side).flatMap((j) => GRADE_KINDS.filter((kind) => j[kind]).map((kind) => ({ j, kind })));
  const counted = (joint: StudyJoint, kind: GradeKind) =>
    progress === "graded" ? currentValue(joint, kind) !== null : reviewed(joint, kind);

  const totals = computeTotals(
    joints.map((j) => ({ joint: j.joint, erosion: currentValue(j, "erosion"), jsn: currentValue(j, "jsn") })),
  );
  const columnSum = (side: Side, kind: GradeKind) =>
    joints
      .filter((j) => j.side === side && scores(j.joint, kind))
      .reduce((sum, j) => sum + (currentValue(j, kind) ?? 0), 0);

  const cellLabel = ({ side, joint, kind }: GridCell) =>
    `${t(`table.${kind}` as MessageKey)}, ${rowLabel(joint, language)}, ${t(`table.${side}` as MessageKey)}`;

  const tableRows = ROW_GROUPS.flatMap((group) => groupJoints(group).map((j) => j.code));
  const jointOf = (cell: GridCell) => byKey.get(jointKey(cell.side, cell.joint))!;
  const grid = useGradeGrid({
    grid: buildGrid(tableRows, sidesPresent, (side, code, kind) => scores(code, kind) && byKey.has(jointKey(side, code))),
    label: cellLabel,
    currentValue: (cell) => currentValue(jointOf(cell), cell.kind),
    editable: (cell) => {
      const key = jointKey(cell.side, cell.joint);
      return !disabled && !byKey.get(key)?.pending && !movesWaiting.has(key);
    },
    onEdit: (cell, value) => onEdit(cell.side, cell.joint, cell.kind, value),
    onConfirm: (cell) => {
      const joint = jointOf(cell);
      if (joint[cell.kind] && !reviewed(joint, cell.kind)) onConfirm?.(cell.side, cell.joint, cell.kind);
    },
    unreviewed: (cell) => Boolean(jointOf(cell)[cell.kind]) && !reviewed(jointOf(cell), cell.kind),
    uncertain: (cell) => Boolean(jointOf(cell)[cell.kind]?.uncertain) && !reviewed(jointOf(cell), cell.kind),
  });

  const hoverProps = (key: string) => ({
    onMouseEnter: () => onHover(key),
    onMouseLeave: () => onHover(null),
  });

  const gradeCell = (side: Side, code: JointCode, kind: GradeKind) => {
    const joint = byKey.get(jointKey(side, code));
    if (!scores(code, kind)) {
      return (
        <td key={`${side}-${kind}`} className="cell not-scored" title={t("table.notScored")}
          data-testid={`cell-${side}-${code}-${kind}`}>
          ×
        </td>
      );
    }
    if (!joint) {
      return (
        <td key={`${side}-${kind}`} className="cell absent">
          —
        </td>
      );
    }
    if (!joint.present && joint.absent) {
      const why = t(joint.absent === "outside_film" ? "table.notImaged" : "table.notLocated");
      return (
        <td key={`${side}-${kind}`} className="cell absent" title={why} data-testid={`cell-${side}-${code}-${kind}`}>
          —<span className="visually-hidden"> {why}</span>
        </td>
      );
    }
    const grade = joint[kind];
    const save = saves[cellKey(side, code, kind)];
    const value = currentValue(joint, kind);
    const model = grade?.model ?? null;
    const edited = Boolean(grade?.edited);
    const isReviewed = reviewed(joint, kind);
    const confirmed = Boolean(grade?.confirmed) && !edited;
    // the flag asks for a look; once a reader confirmed or changed the grade it has had one
    const flagged = Boolean(grade?.uncertain) && !isReviewed;
    const confidence = model === null ? null : (grade?.probabilities[model] ?? null);
    const cell = { side, joint: code, kind };
    const label = cellLabel(cell);
    const list = grid.listProps(cell);
    const classes = [
      "cell",
      edited && "edited",
      flagged && "uncertain",
      isReviewed && "reviewed",
      save?.state === "waiting" && "waiting",
      save?.state === "refused" && "failed",
    ];
    return (
      <td
        key={`${side}-${kind}`}
        {...hoverProps(jointKey(side, code))}
        className={classes.filter(Boolean).join(" ")}
        title={edited ? t("table.edited", { model: model ?? "—" }) : undefined}
        data-testid={`cell-${side}-${code}-${kind}`}
      >
        <div className="cell-inner">
          <button type="button" role="combobox" className="grade" aria-label={label} {...grid.cellProps(cell)}>
            {value ?? "—"}
          </button>
          {list && <GradeListbox {...list} />}
          {flagged && (
            <span
              className="flag-uncertain"
              title={`${t("table.uncertain")}: ${probabilities(grade!.probabilities)}`}
              aria-label={t("table.uncertain")}
            >
              ?
            </span>
          )}
          {confirmed && (
            <span className="confirmed-mark" title={t("table.confirmed")} aria-label={t("table.confirmed")}>
              ✓
            </span>
          )}
          {edited && model !== null && (
            <button
              className="reset-cell"
              title={t("table.resetCell", { model })}
              aria-label={`${t("table.resetCell", { model })}: ${label}`}
              disabled={disabled}
              onClick={() => onResetCell(side, code, kind)}
            >
              ↺
            </button>
          )}
        </div>
        {confidence !== null && (
          <div
            className="confidence"
            title={`${t("table.confidence", { grade: model!, percent: Math.round(confidence * 100) })}: ${probabilities(grade!.probabilities)}`}
            data-testid={`confidence-${side}-${code}-${kind}`}
          >
            <span className="confidence-bar" aria-hidden>
              <span style={{ width: `${Math.round(confidence * 100)}%` }} />
            </span>
            <span className="confidence-value">{Math.round(confidence * 100)}%</span>
          </div>
        )}
        {save?.state === "saving" && <div className="cell-note muted">{t("table.saving")}</div>}
        {save?.state === "waiting" && <div className="cell-note waiting">{t("save.waitingCell")}</div>}
        {save?.state === "refused" && (
          <div className="cell-note error" role="alert">
            {t("save.refused", { reason: describeError(save.error, t) })}
          </div>
        )}
      </td>
    );
  };

  // millimetres, the width relative to the bone, the z-score; the reason when the width is absent
  const jswCell = (side: Side, code: JointCode) => {
    const joint = byKey.get(jointKey(side, code));
    const mm = joint?.jsw_mm ?? null;
    const relative = joint?.jsw_relative ?? null;
    const z = joint?.jsw_z ?? null;
    const reason = joint?.jsw_reason ? jswReasonIn(language, joint.jsw_reason) : null;
    const basis = joint?.jsw_mm_basis ? t(`table.jswBasis.${joint.jsw_mm_basis}`) : null;
    const title = [basis, reason].filter(Boolean).join(" — ") || undefined;
    return (
      <td key={`${side}-jsw`} {...hoverProps(jointKey(side, code))} className="cell jsw num" title={title}>
        <div className="jsw-mm">{mm === null ? "—" : mm.toFixed(2)}</div>
        {relative !== null && (
          <div className="cell-note jsw-relative">{t("table.jswRelative", { value: relative.toFixed(2) })}</div>
        )}
        {z !== null && <div className="cell-note jsw-z">{t("table.jswZ", { value: (z > 0 ? "+" : "") + z.toFixed(1) })}</div>}
        {mm === null && relative === null && reason && <div className="cell-note jsw-reason">{reason}</div>}
      </td>
    );
  };

  return (
    <div className="score-table-wrap">
      <p className="review-progress" data-testid="review-progress">
        {sidesPresent.map((side) => {
          const cells = gradedCells(side);
          const done = cells.filter(({ j, kind }) => counted(j, kind)).length;
          const message = progress === "graded" ? "table.gradedCount" : "table.reviewedCount";
          return (
            <span key={side} data-testid={`${progress}-${side}`}>
              {t(message, { side: t(`table.${side}`), done, total: cells.length })}
            </span>
          );
        })}
      </p>
      <table className="score-table" id="score-table" data-testid="score-table">
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              {t("table.joint")}
            </th>
            {sidesPresent.map((side) => (
              <th key={side} colSpan={2} scope="colgroup" className="side-head">
                {t(`table.${side}`)}
              </th>
            ))}
            {showJsw && (
              <th colSpan={sidesPresent.length} scope="colgroup" className="jsw-head">
                {t("table.jsw")}
              </th>
            )}
          </tr>
          <tr>
            {sidesPresent.map((side) => (
              <Fragment key={side}>
                <th scope="col">{t("table.erosion")}</th>
                <th scope="col" title={t("table.jsnLong")}>
                  {t("table.jsn")}
                </th>
              </Fragment>
            ))}
            {showJsw &&
              sidesPresent.map((side) => (
                <th key={side} scope="col" className="jsw-head">
                  {t(`table.${side}`)}
                </th>
              ))}
          </tr>
        </thead>
        {ROW_GROUPS.map((group) => {
          const rows = groupJoints(group);
          return (
            <tbody key={group} className={`group group-${group}`}>
              {rows.length > 1 && (
                <tr className="group-header">
                  <th colSpan={1 + sidesPresent.length * (showJsw ? 3 : 2)} scope="rowgroup">
                    {groupHeading(group, language)}
                  </th>
                </tr>
              )}
              {rows.map((scheme) => {
                const highlighted = hovered !== null && hovered.endsWith(`:${scheme.code}`);
                return (
                  <tr key={scheme.code} data-joint={scheme.code} className={highlighted ? "highlighted" : undefined}>
                    <th scope="row" {...hoverProps(`*:${scheme.code}`)}>
                      {rowLabel(scheme.code, language)}
                      {sidesPresent.some((side) => byKey.get(jointKey(side, scheme.code))?.pending) && (
                        <span className="spinner row-spinner" title={t("table.pending")} role="status"
                          aria-label={t("table.pending")} />
                      )}
                    </th>
                    {sidesPresent.map((side) => (
                      <Fragment key={side}>
                        {gradeCell(side, scheme.code, "erosion")}
                        {gradeCell(side, scheme.code, "jsn")}
                      </Fragment>
                    ))}
                    {showJsw && sidesPresent.map((side) => jswCell(side, scheme.code))}
                  </tr>
                );
              })}
            </tbody>
          );
        })}
        <tfoot>
          <tr className="column-sums">
            <th scope="row">Σ</th>
            {sidesPresent.map((side) => (
              <Fragment key={side}>
                <td className="num" data-testid={`sum-${side}-erosion`}>{columnSum(side, "erosion")}</td>
                <td className="num" data-testid={`sum-${side}-jsn`}>{columnSum(side, "jsn")}</td>
              </Fragment>
            ))}
            {showJsw && <td colSpan={sidesPresent.length} />}
          </tr>
        </tfoot>
      </table>
      <dl className="totals" data-testid="totals">
        <div>
          <dt>{t("table.totalErosion")}</dt>
          <dd data-testid="total-erosion">{totals.erosion}</dd>
        </div>
        <div>
          <dt>{t("table.totalJsn")}</dt>
          <dd data-testid="total-jsn">{totals.jsn}</dd>
        </div>
        <div className="grand">
          <dt>{t("table.total")}</dt>
          <dd data-testid="total-total">{totals.total}</dd>
        </div>
        <div
          className="svdh"
          title={t("table.svdhHint", { erosion: svdhJoints("erosion", language), jsn: svdhJoints("jsn", language) })}
        >
          <dt>{t("table.svdh")}</dt>
          <dd data-testid="total-svdh">
            {totals.svdh_erosion} + {totals.svdh_jsn} = <strong>{totals.svdh_total}</strong>
          </dd>
        </div>
      </dl>
      <div className="grid-help">
        <button type="button" className="link" aria-expanded={grid.showHelp} onClick={grid.toggleHelp}>
          {t("grid.showShortcuts")}
        </button>
        <span className="grid-note" role="status" aria-live="polite" data-testid="grid-note">
          {grid.note}
        </span>
      </div>
      {grid.showHelp && <ShortcutsPanel />}
    </div>
  );
}
