import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useI18n } from "@/features/i18n";
import { api, type Visit } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDate } from "@/lib/dates";
import { ScoreChart } from "./ScoreChart";
import { VisitChange } from "./VisitChange";

function VisitItem({ visit }: { visit: Visit }) {
  const { t, language } = useI18n();
  const { totals } = visit;
  return (
    <li data-testid="visit">
      <div>
        <span className="strong">{formatDate(visit.date, language)}</span>{" "}
        <span className="muted small">({t(`patient.dateSource.${visit.date_source}`)})</span>
      </div>
      <div>
        <span className="strong">
          {t("table.total")} {totals.total}
        </span>{" "}
        · {t("table.erosion")} {totals.erosion} · {t("table.jsn")} {totals.jsn} · {t("patient.svdh")}{" "}
        {totals.svdh_total}
      </div>
      <div className="small">
        {visit.hands.map((hand, i) => (
          <span key={hand.side}>
            {i > 0 && " · "}
            {t(`patient.hand.${hand.side}`)}:{" "}
            <Link to={`/studies/${hand.study_id}`}>{t("patient.openStudy", { id: hand.study_id })}</Link>
          </span>
        ))}
        {visit.edited && <span className="edited-note"> · {t("patient.edited")}</span>}
      </div>
    </li>
  );
}

export function PatientPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const patient = useQuery({ queryKey: ["patient", id], queryFn: () => api.patient(id) });

  if (patient.isPending) return <p className="page-status">…</p>;
  if (patient.isError)
    return (
      <main className="page">
        <p className="error" role="alert">
          {describeError(patient.error, t)}
        </p>
        <Link to="/patients">{t("patient.all")}</Link>
      </main>
    );
  const { data } = patient;
  return (
    <main className="page patient-page">
      <header className="page-header">
        <h1>{t("patient.title", { code: data.code })}</h1>
        {data.birth_year !== null && <span className="muted">{t("patient.born", { year: data.birth_year })}</span>}
        <div className="spacer" />
        <Link to="/patients">{t("patient.all")}</Link>
      </header>
      {data.visits.length === 0 ? (
        <p className="empty">{t("patient.noVisits")}</p>
      ) : (
        <>
          <ScoreChart visits={data.visits} sdc={data.sdc} />
          <section aria-labelledby="visits-title">
            <h2 id="visits-title">{t("patient.visits")}</h2>
            <ol className="timeline">
              {data.visits.map((visit) => (
                <VisitItem key={visit.date} visit={visit} />
              ))}
            </ol>
          </section>
          {data.visits.length > 1 ? (
            <VisitChange key={data.visits.map((v) => v.date).join()} patientId={id} visits={data.visits} />
          ) : (
            <p className="muted">{t("patient.change.needTwo")}</p>
          )}
        </>
      )}
    </main>
  );
}
