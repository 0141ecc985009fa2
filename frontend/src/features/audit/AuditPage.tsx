import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import { api, type AuditAction, type AuditEvent, type AuditQuery } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";

const PAGE_SIZE = 100;
const ACTIONS: AuditAction[] = ["opened", "exported", "sent", "imported", "training_started"];

/** What an event's details say, e.g. "PDF, ru" for a study's report, or which team-wide export. */
function useDescribeDetails() {
  const { t } = useI18n();
  return ({ what, session, version, format, ...rest }: AuditEvent["details"]): string => {
    const parts = [];
    if (what === "session_report" || what === "session_reads" || what === "cohort" || what === "dataset") {
      parts.push(t(`audit.what.${what}`, { session: String(session ?? ""), version: String(version ?? "") }));
    }
    if (format) parts.push(String(format).toUpperCase());
    parts.push(...Object.values(rest).filter((value) => value !== null && value !== "").map(String));
    return parts.join(", ");
  };
}

/** Administrators see who opened, exported or sent which study of the team, and when. */
export function AuditPage() {
  const { t, language } = useI18n();
  const describeDetails = useDescribeDetails();
  const [action, setAction] = useState<AuditAction | "">("");
  const [study, setStudy] = useState("");
  const [offset, setOffset] = useState(0);
  const query: AuditQuery = {
    action: action || undefined,
    study_id: /^\d+$/.test(study) ? Number(study) : undefined,
    limit: PAGE_SIZE,
    offset,
  };
  const events = useQuery({ queryKey: ["audit", query], queryFn: () => api.audit(query) });
  const total = events.data?.total ?? 0;

  return (
    <main className="page audit-page">
      <header className="page-header">
        <h1>{t("audit.title")}</h1>
      </header>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t("audit.action")}{" "}
          <select
            value={action}
            onChange={(event) => {
              setAction(event.target.value as AuditAction | "");
              setOffset(0);
            }}
          >
            <option value="">{t("audit.anyAction")}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`audit.action.${a}`)}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          {t("audit.study")}{" "}
          <input
            inputMode="numeric"
            value={study}
            size={8}
            onChange={(event) => {
              setStudy(event.target.value.trim());
              setOffset(0);
            }}
          />
        </label>
      </form>
      {events.isError && (
        <p className="error" role="alert">
          {describeError(events.error, t)}
        </p>
      )}
      {events.data && events.data.items.length === 0 && <p className="muted">{t("audit.none")}</p>}
      {events.data && events.data.items.length > 0 && (
        <table className="audit" data-testid="audit-events">
          <thead>
            <tr>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("audit.who")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.study")}</th>
              <th scope="col">{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {events.data.items.map((event) => (
              <tr key={event.id}>
                <td>{formatDateTime(event.at, language)}</td>
                <td>{event.username}</td>
                <td>{t(`audit.action.${event.action}`)}</td>
                <td>{event.study_id ? <Link to={`/studies/${event.study_id}`}>#{event.study_id}</Link> : "—"}</td>
                <td>{describeDetails(event.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > PAGE_SIZE && (
        <nav className="pager" aria-label={t("audit.pages")}>
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t("audit.newer")}
          </button>{" "}
          <span>{t("audit.range", { first: offset + 1, last: Math.min(offset + PAGE_SIZE, total), total })}</span>{" "}
          <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            {t("audit.older")}
          </button>
        </nav>
      )}
    </main>
  );
}
