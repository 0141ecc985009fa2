import { Link, useParams } from "react-router";
import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { ReaderProgress } from "./ReaderProgress";
import { useSession } from "./useSessions";

/** The administrator's view of one session: how it was set up and how far each reader is. */
export function SessionPage({ currentUserId }: { currentUserId?: number }) {
  const { id = "" } = useParams();
  const { t, language } = useI18n();
  const session = useSession(id);

  if (session.isPending) return <p className="page-status">…</p>;
  if (session.isError)
    return (
      <main className="page">
        <Link to="/sessions">{t("read.back")}</Link>
        <p className="error" role="alert">
          {describeError(session.error, t)}
        </p>
      </main>
    );
  const data = session.data;
  const yes = (flag: boolean) => t(flag ? "sessions.yes" : "sessions.no");

  return (
    <main className="page session-page">
      <Link to="/sessions">{t("read.back")}</Link>
      <header className="page-header">
        <h1>{data.name}</h1>
        <span className="muted">{t(`sessions.status.${data.status}`)}</span>
      </header>
      <dl className="session-facts">
        <div>
          <dt>{t("sessions.created")}</dt>
          <dd>{formatDateTime(data.created_at, language)}</dd>
        </div>
        <div>
          <dt>{t("sessions.studies")}</dt>
          <dd>{data.study_count}</dd>
        </div>
        <div>
          <dt>{t("sessions.order")}</dt>
          <dd>{t(`sessions.order.${data.order}`)}</dd>
        </div>
        <div>
          <dt>{t("sessions.new.showModel")}</dt>
          <dd>{yes(data.show_model_grades)}</dd>
        </div>
        <div>
          <dt>{t("sessions.new.blind")}</dt>
          <dd>{yes(data.blind_to_each_other)}</dd>
        </div>
      </dl>
      <h2>{t("sessions.progress")}</h2>
      <ReaderProgress readers={data.readers} />
      <p className="row-actions">
        <Link className="button primary" to={`/sessions/${data.id}/report`}>
          {t("sessions.report")}
        </Link>
        <Link className="button" to={`/sessions/${data.id}/adjudicate`}>
          {t("sessions.adjudicate")}
        </Link>
        {data.readers.some((reader) => reader.id === currentUserId) && data.status === "open" && (
          <Link className="button" to={`/sessions/${data.id}/read`}>
            {t("sessions.read")}
          </Link>
        )}
      </p>
    </main>
  );
}
