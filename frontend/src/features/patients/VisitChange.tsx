import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { groupAbbreviation, useI18n } from "@/features/i18n";
import { api, type JointChange, type Visit } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDate } from "@/lib/dates";
import { JOINTS, type JointCode, type Side } from "@/lib/scheme";

type GradeChange = JointChange["erosion"];

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

function gradeChangeText(grade: GradeChange): string {
  if (grade === null) return "×"; // not scored at this joint
  const before = grade.before ?? "–";
  const after = grade.after ?? "–";
  return grade.change === null ? `${before} → ${after}` : `${before} → ${after} (${signed(grade.change)})`;
}

function jointLabel(code: JointCode, language: string): string {
  const joint = JOINTS.find((j) => j.code === code);
  return joint ? `${groupAbbreviation(joint.group, language)} ${joint.finger}` : code;
}

const studyOf = (visit: Visit, side: Side) => visit.hands.find((h) => h.side === side)?.study_id;

/** Two visits picked (the first and the last to begin with), and how every grade changed. */
export function VisitChange({ patientId, visits }: { patientId: string; visits: Visit[] }) {
  const { t, language } = useI18n();
  const [from, setFrom] = useState(visits[0].date);
  const [to, setTo] = useState(visits[visits.length - 1].date);
  const [onlyChanged, setOnlyChanged] = useState(true);
  const ready = from < to;
  const change = useQuery({
    queryKey: ["patient-change", patientId, from, to],
    queryFn: () => api.patientChange(patientId, from, to),
    enabled: ready,
  });
  const before = visits.find((v) => v.date === from);
  const after = visits.find((v) => v.date === to);
  const rows = (change.data?.joints ?? []).filter(
    (j) => !onlyChanged || [j.erosion, j.jsn].some((g) => g !== null && g.change !== null && g.change !== 0),
  );
  const data = change.data;

  return (
    <section className="card visit-change" aria-labelledby="visit-change-title">
      <h2 id="visit-change-title">{t("patient.change.title")}</h2>
      <div className="change-picks">
        <label>
          {t("patient.change.from")}{" "}
          <select
            value={from}
            onChange={(event) => {
              const date = event.target.value;
              setFrom(date);
              if (to <= date) setTo(visits[visits.length - 1].date);
            }}
          >
            {visits.slice(0, -1).map((v) => (
              <option key={v.date} value={v.date}>
                {formatDate(v.date, language)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("patient.change.to")}{" "}
          <select value={to} onChange={(event) => setTo(event.target.value)}>
            {visits
              .filter((v) => v.date > from)
              .map((v) => (
                <option key={v.date} value={v.date}>
                  {formatDate(v.date, language)}
                </option>
              ))}
          </select>
        </label>
        {before &&
          after &&
          (["right", "left"] as const).map((side) => {
            const beforeStudy = studyOf(before, side);
            const afterStudy = studyOf(after, side);
            if (beforeStudy === undefined || afterStudy === undefined) return null;
            return (
              <Link
                key={side}
                className="button"
                to={`/compare?before=${beforeStudy}&after=${afterStudy}&side=${side}`}
              >
                {t(`patient.compare.${side}`)}
              </Link>
            );
          })}
      </div>
      {change.isError && (
        <p className="error" role="alert">
          {describeError(change.error, t)}
        </p>
      )}
      {data && (
        <>
          <p className={data.progression ? "progression-flag" : "ok"} data-testid="progression" role="status">
            {t(data.progression ? "patient.change.progression" : "patient.change.noProgression", {
              change: signed(data.totals_change.total),
              sdc: data.sdc,
              source: t(`sdc.source.${data.sdc_source}`),
            })}
          </p>
          <p>
            <span className="strong">
              {t("patient.change.totals", { before: data.before.totals.total, after: data.after.totals.total })}
            </span>{" "}
            · {t("table.erosion")} {signed(data.totals_change.erosion)} · {t("table.jsn")}{" "}
            {signed(data.totals_change.jsn)} · {t("patient.svdh")} {signed(data.totals_change.svdh_total)}
          </p>
          <p className="muted small">
            {t("patient.change.compared", {
              sides: data.compared_sides.map((side) => t(`patient.hand.${side}`)).join(", "),
            })}
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={onlyChanged} onChange={(event) => setOnlyChanged(event.target.checked)} />
            {t("patient.change.onlyChanged")}
          </label>
          {rows.length === 0 ? (
            <p className="muted">{t("patient.change.noneChanged")}</p>
          ) : (
            <table className="worklist joint-changes" data-testid="joint-changes">
              <thead>
                <tr>
                  <th>{t("patient.change.hand")}</th>
                  <th>{t("patient.change.joint")}</th>
                  <th className="num">{t("table.erosion")}</th>
                  <th className="num">{t("table.jsn")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.side}:${row.joint}`}>
                    <td>{t(`patient.hand.${row.side}`)}</td>
                    <td>{jointLabel(row.joint, language)}</td>
                    <td className="num">{gradeChangeText(row.erosion)}</td>
                    <td className="num">{gradeChangeText(row.jsn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
