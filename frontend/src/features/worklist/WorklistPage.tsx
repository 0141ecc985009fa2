import { useEffect, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { StatusBadge } from "@/components/StatusBadge";
import { useI18n } from "@/features/i18n";
import { api, type StudySummary } from "@/lib/api";
import { describeError, describeFailure } from "@/lib/api-error";
import { formatDate, formatDateTime } from "@/lib/dates";
import { useStudyEvents } from "@/lib/useStudyEvents";

export const PAGE_SIZE = 50;
/** Only while the pushed updates are not coming (stream dropped or refused). */
const FALLBACK_POLL_MS = 15_000;
const FILTER_DELAY_MS = 250;

/** The filter as typed, handed on once typing pauses. */
function useSettled(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

export function WorklistPage() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState("");
  const patientCode = useSettled(filter.trim(), FILTER_DELAY_MS);
  const [offset, setOffset] = useState(0);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["studies"] });
  const live = useStudyEvents(refresh, refresh);
  const studies = useQuery({
    queryKey: ["studies", { patientCode, offset }],
    queryFn: () => api.studies({ offset, limit: PAGE_SIZE, patientCode }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? false : FALLBACK_POLL_MS,
    refetchIntervalInBackground: false,
  });
  const shown = studies.data?.items ?? [];
  const hands = (study: StudySummary) => study.sides.map((side) => t(`table.${side}`)).join(" + ");
  const reviewedText = ({ grades_reviewed: done, grades_total: total }: StudySummary) => {
    if (done === null || total === null || total === 0) return "";
    return done === total ? t("worklist.allReviewed", { total }) : `${done} / ${total}`;
  };
  const total = studies.data?.total ?? 0;

  return (
    <main className="page worklist-page">
      <header className="page-header">
        <h1>{t("worklist.title")}</h1>
        <span className="muted live-note">
          <span className={live ? "live-dot" : "live-dot off"} aria-hidden />{" "}
          {t(live ? "worklist.live" : "worklist.polling")}
        </span>
        <div className="spacer" />
        <input
          className="filter"
          type="search"
          placeholder={t("worklist.filter")}
          aria-label={t("worklist.filter")}
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
            setOffset(0);
          }}
        />
        <Link className="button primary" to="/upload">
          {t("nav.upload")}
        </Link>
      </header>
      {studies.isError && (
        <p className="error" role="alert">
          {describeError(studies.error, t)}
        </p>
      )}
      {studies.isPending ? (
        <p className="page-status">…</p>
      ) : (
        <table className="worklist" data-testid="worklist">
          <thead>
            <tr>
              <th>{t("worklist.patient")}</th>
              <th>{t("worklist.visit")}</th>
              <th>{t("worklist.date")}</th>
              <th>{t("worklist.file")}</th>
              <th>{t("worklist.hand")}</th>
              <th>{t("worklist.status")}</th>
              <th>{t("worklist.reviewed")}</th>
              <th className="num">{t("worklist.erosion")}</th>
              <th className="num">{t("worklist.jsn")}</th>
              <th className="num">{t("worklist.total")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((study) => (
              // The whole row opens the study; its file name is the keyboard's way in (described by
              // the upload date, so rows of one file name differ), the patient code opens the patient.
              <tr
                key={study.id}
                data-testid="worklist-row"
                className="row-link"
                onClick={(event) => {
                  if (!(event.target as HTMLElement).closest("a")) void navigate(`/studies/${study.id}`);
                }}
              >
                <td>
                  {study.patient_id !== null && study.patient_code ? (
                    <Link to={`/patients/${study.patient_id}`}>{study.patient_code}</Link>
                  ) : (
                    t("worklist.noCode")
                  )}
                </td>
                <td>{formatDate(study.visit_date, language)}</td>
                <td id={`study-${study.id}-date`}>{formatDateTime(study.created_at, language)}</td>
                <td className="muted filename">
                  <Link to={`/studies/${study.id}`} aria-describedby={`study-${study.id}-date`}>
                    {study.original_name}
                  </Link>
                </td>
                <td>{hands(study)}</td>
                <td>
                  <StatusBadge status={study.status} label={t(`status.${study.status}`)} error={describeFailure(study, t)} />
                  {study.status === "failed" && study.error && (
                    <div className="failure-reason">{describeFailure(study, t)}</div>
                  )}
                </td>
                <td className={study.grades_total && study.grades_reviewed === study.grades_total ? "ok" : "muted"}>
                  {reviewedText(study)}
                </td>
                <td className="num">{study.totals?.erosion ?? ""}</td>
                <td className="num">{study.totals?.jsn ?? ""}</td>
                <td className="num strong">{study.totals?.total ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {studies.data && shown.length === 0 && (
        <p className="empty">
          {patientCode ? t("worklist.noMatch", { filter: patientCode }) : t("worklist.empty")}
        </p>
      )}
      {total > PAGE_SIZE && (
        <nav className="pager" aria-label={t("worklist.pages")}>
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t("worklist.previous")}
          </button>
          <span className="muted" data-testid="worklist-range">
            {t("worklist.range", { first: offset + 1, last: offset + shown.length, total })}
          </span>
          <button
            type="button"
            className="button"
            disabled={offset + PAGE_SIZE >= total}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            {t("worklist.next")}
          </button>
        </nav>
      )}
    </main>
  );
}
