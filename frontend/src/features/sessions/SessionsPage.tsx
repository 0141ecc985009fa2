import { Link } from "react-router";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { NewSessionForm } from "./NewSessionForm";
import { ReaderProgress } from "./ReaderProgress";
import { useSessions } from "./useSessions";

/** The sessions the user can see: all of the team's for an administrator, their own for a reader. */
export function SessionsPage({ currentUserId, isAdmin }: { currentUserId?: number; isAdmin: boolean }) {
  const { t, language } = useI18n();
  const sessions = useSessions();

  return (
    <main className="page sessions-page">
      <header className="page-header">
        <h1>{t("sessions.title")}</h1>
      </header>
      <p className="muted">{t("sessions.intro")}</p>
      {sessions.isError && (
        <p className="error" role="alert">
          {describeError(sessions.error, t)}
        </p>
      )}
      {sessions.isPending && <p className="page-status">…</p>}
      {sessions.data && sessions.data.length === 0 && <p className="empty">{t("sessions.empty")}</p>}
      {sessions.data && sessions.data.length > 0 && (
        <table className="worklist sessions" data-testid="sessions">
          <thead>
            <tr>
              <th scope="col">{t("sessions.name")}</th>
              <th scope="col">{t("sessions.created")}</th>
              <th scope="col">{t("sessions.status")}</th>
              <th scope="col">{t("sessions.order")}</th>
              <th scope="col" className="num">{t("sessions.studies")}</th>
              <th scope="col">{t("sessions.progress")}</th>
              <th scope="col">{t("sessions.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((session) => {
              const reads = session.readers.some((reader) => reader.id === currentUserId);
              return (
                <tr key={session.id} data-testid="session-row">
                  <th scope="row">{session.name}</th>
                  <td>{formatDateTime(session.created_at, language)}</td>
                  <td>{t(`sessions.status.${session.status}`)}</td>
                  <td>{t(`sessions.order.${session.order}`)}</td>
                  <td className="num">{session.study_count}</td>
                  <td>
                    <ReaderProgress readers={session.readers} />
                  </td>
                  <td className="row-actions">
                    {reads && session.status === "open" && (
                      <Link className="button primary" to={`/sessions/${session.id}/read`}>
                        {t("sessions.read")}
                      </Link>
                    )}
                    {isAdmin && (
                      <Link className="button" to={`/sessions/${session.id}`}>
                        {t("sessions.manage")}
                      </Link>
                    )}
                    {!isAdmin && session.status === "complete" && (
                      <Link className="button" to={`/sessions/${session.id}/report`}>
                        {t("sessions.report")}
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {isAdmin && <NewSessionForm />}
    </main>
  );
}
