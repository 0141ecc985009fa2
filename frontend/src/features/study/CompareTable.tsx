import { Fragment } from "react";
import { useI18n } from "@/features/i18n";
import type { JointCode, Side, StudyJoint } from "@/lib/api";
import { GRADE_KINDS } from "@/lib/scheme";
import { comparisonRows, comparisonTotals, TOTAL_KINDS, type GradeChange } from "./comparison";
import { jointKey, rowLabel } from "./scheme";

const shown = (grade: number | null) => (grade === null ? "—" : String(grade));

/** A change after − before: ▲ and a plus sign when worse, ▼ and a minus sign when better, besides the colour. */
function ChangeCell({ change, testId }: { change: number | null; testId: string }) {
  const { t } = useI18n();
  if (change === null) return <td className="change" data-testid={testId}>—</td>;
  const [mark, word, className] =
    change > 0 ? ["▲ +", t("compare.worse"), "worse"]
    : change < 0 ? ["▼ −", t("compare.better"), "better"]
    : ["", t("compare.unchanged"), "unchanged"];
  return (
    <td className={`change ${className}`} title={word} data-testid={testId}>
      {mark}
      {Math.abs(change)}
      <span className="visually-hidden"> ({word})</span>
    </td>
  );
}

function Visits({ grade, testId }: { grade: GradeChange | undefined; testId: string }) {
  if (!grade) {
    return (
      <>
        <td className="cell not-scored">×</td>
        <td className="cell not-scored">×</td>
        <td className="cell not-scored">×</td>
      </>
    );
  }
  return (
    <>
      <td data-testid={`${testId}-before`}>{shown(grade.before)}</td>
      <td data-testid={`${testId}-after`}>{shown(grade.after)}</td>
      <ChangeCell change={grade.change} testId={`${testId}-change`} />
    </>
  );
}

export interface CompareTableProps {
  side: Side;
  before: StudyJoint[];
  after: StudyJoint[];
  current: JointCode | null;
  onSelect: (joint: JointCode) => void;
  onHover: (key: string | null) => void;
}

/** The hand's joints: both visits' grades as they stand and the change, then the totals. */
export function CompareTable({ side, before, after, current, onSelect, onHover }: CompareTableProps) {
  const { t, language } = useI18n();
  const rows = comparisonRows(side, before, after);
  const totals = comparisonTotals(rows);
  const visitHeads = (
    <>
      <th scope="col">{t("compare.before")}</th>
      <th scope="col">{t("compare.after")}</th>
      <th scope="col">{t("compare.change")}</th>
    </>
  );
  return (
    <div className="score-table-wrap">
      <table className="score-table compare-table" data-testid="compare-table" aria-label={t("compare.table")}>
        <thead>
          <tr>
            <th rowSpan={2} scope="col">{t("compare.joint")}</th>
            {GRADE_KINDS.map((kind) => (
              <th key={kind} colSpan={3} scope="colgroup">{t(`table.${kind}`)}</th>
            ))}
          </tr>
          <tr>
            {GRADE_KINDS.map((kind) => (
              <Fragment key={kind}>{visitHeads}</Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const isCurrent = row.joint === current;
            return (
              <tr key={row.joint} className={isCurrent ? "highlighted current" : undefined}
                aria-current={isCurrent ? "true" : undefined} data-testid={`compare-row-${row.joint}`}
                onMouseEnter={() => onHover(jointKey(side, row.joint))} onMouseLeave={() => onHover(null)}>
                <th scope="row">
                  <button className="link" onClick={() => onSelect(row.joint)}>{rowLabel(row.joint, language)}</button>
                </th>
                {GRADE_KINDS.map((kind) => (
                  <Visits key={kind} grade={row.grades[kind]} testId={`compare-${row.joint}-${kind}`} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="score-table compare-totals" data-testid="compare-totals">
        <thead>
          <tr>
            <th scope="col">{t("table.total")}</th>
            {visitHeads}
          </tr>
        </thead>
        <tbody>
          {TOTAL_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{t(kind === "total" ? "table.total" : `table.${kind}`)}</th>
              <Visits grade={totals[kind]} testId={`compare-total-${kind}`} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t("compare.changeNote")}</p>
    </div>
  );
}
