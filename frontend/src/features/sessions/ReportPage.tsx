import { useState } from "react";
import { Link, useParams } from "react-router";
import { useI18n, type MessageKey } from "@/features/i18n";
import { api, type SessionFile } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { saveFile } from "@/lib/http";
import { GRADE_KINDS } from "@/lib/scheme";
import { useReport, useSession } from "./useSessions";

const FILES: { file: SessionFile; label: MessageKey }[] = [
  { file: "report.csv", label: "report.csv" },
  { file: "report.pdf", label: "report.pdf" },
  { file: "reads.csv", label: "report.readsCsv" },
];

const figure = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits));
const share = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);

/** How far the readers agree, figure by figure, each with a line on how to read it. */
export function ReportPage({ isAdmin }: { isAdmin: boolean }) {
  const { id = "" } = useParams();
  const { t, language } = useI18n();
  const session = useSession(id);
  const report = useReport(id);
  const [downloading, setDownloading] = useState<SessionFile | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const download = async (file: SessionFile) => {
    setDownloadError(null);
    setDownloading(file);
    try {
      saveFile(await api.sessionFile(id, file, language));
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(null);
    }
  };

  const data = report.data;
  return (
    <main className="page report-page">
      <Link to={isAdmin ? `/sessions/${id}` : "/sessions"}>{t("adjudicate.back")}</Link>
      <header className="page-header">
        <h1>{t("report.title", { name: session.data?.name ?? "" })}</h1>
        <div className="spacer" />
        <span className="download-group">
          <span className="muted">{t("actions.download")}:</span>
          {FILES.map(({ file, label }) => (
            <button key={file} type="button" onClick={() => void download(file)} disabled={downloading !== null}
              aria-busy={downloading === file}>
              {t(label)}
            </button>
          ))}
        </span>
      </header>
      {(report.isError || downloadError !== null) && (
        <p className="error" role="alert">
          {describeError(report.error ?? downloadError, t)}
        </p>
      )}
      {report.isPending && <p className="page-status">…</p>}
      {data && (
        <>
          {!data.complete && (
            <p className="notice" role="status">
              {t("report.incomplete")}
            </p>
          )}
          <p className="muted">
            {t("report.readers", { names: data.readers.map((reader) => reader.name).join(", ") })}
          </p>

          {GRADE_KINDS.map((kind) => {
            const agreement = data.per_kind[kind];
            if (!agreement) return null;
            return (
              <section key={kind} className="report-section" data-testid={`agreement-${kind}`}>
                <h2>{t(`report.kind.${kind}`)}</h2>
                <p className="explain">{t("report.explainKappa")}</p>
                <table className="worklist">
                  <thead>
                    <tr>
                      <th scope="col">{t("report.pair")}</th>
                      <th scope="col" className="num">{t("report.kappa")}</th>
                      <th scope="col" className="num">{t("report.qwk")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {agreement.kappa_pairs.map((pair) => (
                      <tr key={`${pair.a}-${pair.b}`}>
                        <th scope="row">{pair.a} – {pair.b}</th>
                        <td className="num">{figure(pair.kappa)}</td>
                        <td className="num">{figure(pair.qwk)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  <strong>{t("report.fleiss")}:</strong> <span data-testid={`fleiss-${kind}`}>{figure(agreement.fleiss_kappa)}</span>
                  <span className="explain"> — {t("report.explainFleiss")}</span>
                </p>
              </section>
            );
          })}

          <section className="report-section" data-testid="agreement-totals">
            <h2>{t("report.totals")}</h2>
            <p>
              <strong>{t("report.icc")}:</strong> <span data-testid="icc">{figure(data.totals.icc_2_1)}</span>
              <span className="explain"> — {t("report.explainIcc")}</span>
            </p>
            <p className="explain">{t("report.explainBlandAltman")}</p>
            <table className="worklist">
              <thead>
                <tr>
                  <th scope="col">{t("report.pair")}</th>
                  <th scope="col" className="num">{t("report.bias")}</th>
                  <th scope="col" className="num">{t("report.limits")}</th>
                </tr>
              </thead>
              <tbody>
                {data.totals.bland_altman.map((pair) => (
                  <tr key={`${pair.a}-${pair.b}`}>
                    <th scope="row">{pair.a} – {pair.b}</th>
                    <td className="num">{figure(pair.bias, 1)}</td>
                    <td className="num">
                      {figure(pair.lower, 1)} … {figure(pair.upper, 1)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <strong>{t("report.sdc")}:</strong> <span data-testid="sdc">{figure(data.totals.sdc_of_change, 1)}</span>
              <span className="explain">
                {" "}— {data.totals.sdc_of_change === null ? t("report.sdcNone") : t("report.explainSdc")}
              </span>
            </p>
          </section>

          <section className="report-section" data-testid="agreement-model">
            <h2>{t("report.model")}</h2>
            <p className="explain">{t("report.explainModel")}</p>
            <table className="worklist">
              <thead>
                <tr>
                  <th scope="col">{t("report.against")}</th>
                  <th scope="col">{t("adjudicate.kind")}</th>
                  <th scope="col" className="num">{t("report.qwk")}</th>
                  <th scope="col" className="num">{t("report.exact")}</th>
                  <th scope="col" className="num">{t("report.withinOne")}</th>
                </tr>
              </thead>
              <tbody>
                {data.model.map((row) => (
                  <tr key={`${row.against}-${row.kind}`}>
                    <th scope="row">{row.against === "consensus" ? t("adjudicate.consensus") : row.against}</th>
                    <td>{t(`table.${row.kind}`)}</td>
                    <td className="num">{figure(row.qwk)}</td>
                    <td className="num">{share(row.exact)}</td>
                    <td className="num">{share(row.within_one)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="report-section">
            <h2>{t("report.disagreements")}</h2>
            <p>
              <span data-testid="disagreement-count">
                {t("report.disagreementCount", { count: data.disagreements })}{" "}
                {t("report.adjudicatedCount", { count: data.adjudicated })}
              </span>{" "}
              {isAdmin && data.disagreements > 0 && <Link to={`/sessions/${id}/adjudicate`}>{t("sessions.adjudicate")}</Link>}
            </p>
          </section>
        </>
      )}
    </main>
  );
}
