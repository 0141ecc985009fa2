import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { StatusBadge } from "@/components/StatusBadge";
import { useI18n } from "@/features/i18n";
import { api, type StudySummary } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";

const POLL_MS = 3000;

function newestFirst(studies: StudySummary[]): StudySummary[] {
  return [...studies].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}

export function WorklistPage() {
  const { t, language } = useI18n();
  const [filter, setFilter] = useState("");
  const studies = useQuery({
    queryKey: ["studies"],
    queryFn: async () => newestFirst((await api.studies()).items),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });

  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const all = studies.data ?? [];
    return needle ? all.filter((s) => (s.patient_code ?? "").toLowerCase().includes(needle)) : all;
  }, [studies.data, filter]);

  return (
    <main className="page worklist-page">
      <header className="page-header">
        <h1>{t("worklist.title")}</h1>
        <span className="muted live-note">
          <span className="live-dot" aria-hidden /> {t("worklist.live")}
        </span>
        <div className="spacer" />
        <input
          className="filter"
          type="search"
          placeholder={t("worklist.filter")}
          aria-label={t("worklist.filter")}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
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
              <th>{t("worklist.date")}</th>
              <th>{t("worklist.file")}</th>
              <th>{t("worklist.status")}</th>
              <th className="num">{t("worklist.erosion")}</th>
              <th className="num">{t("worklist.jsn")}</th>
              <th className="num">{t("worklist.total")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((study) => (
              <tr key={study.id} data-testid="worklist-row">
                <td>
                  <Link to={`/studies/${study.id}`}>{study.patient_code || t("worklist.noCode")}</Link>
                </td>
                <td>{formatDateTime(study.created_at, language)}</td>
                <td className="muted filename">{study.original_name}</td>
                <td>
                  <StatusBadge status={study.status} label={t(`status.${study.status}`)} error={study.error} />
                  {study.status === "failed" && study.error && (
                    <div className="failure-reason">{study.error}</div>
                  )}
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
          {filter.trim() ? t("worklist.noMatch", { filter: filter.trim() }) : t("worklist.empty")}
        </p>
      )}
    </main>
  );
}
