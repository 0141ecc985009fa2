import { useEffect, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import { api } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDate } from "@/lib/dates";
import { saveFile } from "@/lib/http";

export const PAGE_SIZE = 50;
const FILTER_DELAY_MS = 250;

export function PatientsPage() {
  const { t, language } = useI18n();
  const [filter, setFilter] = useState("");
  const [code, setCode] = useState("");
  const [offset, setOffset] = useState(0);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  useEffect(() => {
    const timer = setTimeout(() => setCode(filter.trim()), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [filter]);
  const patients = useQuery({
    queryKey: ["patients", { code, offset }],
    queryFn: () => api.patients({ offset, limit: PAGE_SIZE, code }),
    placeholderData: keepPreviousData,
  });
  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      saveFile(await api.cohortCsv());
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };
  const shown = patients.data?.items ?? [];
  const total = patients.data?.total ?? 0;

  return (
    <main className="page patients-page">
      <header className="page-header">
        <h1>{t("patients.title")}</h1>
        <div className="spacer" />
        <input
          className="filter"
          type="search"
          placeholder={t("patients.filter")}
          aria-label={t("patients.filter")}
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
            setOffset(0);
          }}
        />
        <button type="button" className="button" onClick={() => void download()} disabled={downloading}>
          {downloading ? t("patients.downloading") : t("patients.download")}
        </button>
      </header>
      {(patients.isError || downloadError !== null) && (
        <p className="error" role="alert">
          {describeError(patients.error ?? downloadError, t)}
        </p>
      )}
      {patients.isPending ? (
        <p className="page-status">…</p>
      ) : (
        <table className="worklist" data-testid="patients">
          <thead>
            <tr>
              <th>{t("patients.code")}</th>
              <th className="num">{t("patients.visits")}</th>
              <th>{t("patients.firstVisit")}</th>
              <th>{t("patients.lastVisit")}</th>
              <th className="num">{t("patients.latestTotal")}</th>
              <th>{t("patients.progression")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((patient) => (
              <tr key={patient.id} data-testid="patient-row">
                <td>
                  <Link to={`/patients/${patient.id}`}>{patient.code}</Link>
                </td>
                <td className="num">{patient.visits}</td>
                <td>{formatDate(patient.first_visit, language)}</td>
                <td>{formatDate(patient.last_visit, language)}</td>
                <td className="num strong">{patient.latest_total ?? ""}</td>
                <td>
                  {patient.progression ? (
                    <span className="progression-flag">{t("patients.progressed")}</span>
                  ) : (
                    <span className="muted">{t("patients.stable")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {patients.data && shown.length === 0 && (
        <p className="empty">{code ? t("patients.noMatch", { filter: code }) : t("patients.empty")}</p>
      )}
      {patients.data && (
        <p className="muted small">
          {t("patients.sdcNote", {
            sdc: patients.data.sdc,
            source: t(`sdc.source.${patients.data.sdc_source}`),
          })}
        </p>
      )}
      {total > PAGE_SIZE && (
        <nav className="pager" aria-label={t("worklist.pages")}>
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t("patients.previous")}
          </button>
          <span className="muted">{t("worklist.range", { first: offset + 1, last: offset + shown.length, total })}</span>
          <button type="button" className="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t("patients.next")}
          </button>
        </nav>
      )}
    </main>
  );
}
