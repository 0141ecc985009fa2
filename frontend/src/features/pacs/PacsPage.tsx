import { useI18n } from "@/features/i18n";
import { describeError } from "@/lib/api-error";
import { ConnectionsPanel } from "./ConnectionsPanel";
import { SearchPanel } from "./SearchPanel";
import { usePacsEndpoints } from "./usePacs";

/** The hospital's PACS: search and retrieval for everyone; its connections for administrators. */
export function PacsPage({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useI18n();
  const endpoints = usePacsEndpoints();
  return (
    <main className="page pacs-page">
      <header className="page-header">
        <h1>{t("pacs.title")}</h1>
      </header>
      <p className="muted">{t("pacs.intro")}</p>
      {endpoints.isError && (
        <p className="error" role="alert">
          {describeError(endpoints.error, t)}
        </p>
      )}
      {endpoints.data && endpoints.data.length > 0 && <SearchPanel endpoints={endpoints.data} />}
      {endpoints.data && endpoints.data.length === 0 && !isAdmin && <p className="muted">{t("pacs.askAdmin")}</p>}
      {isAdmin && <ConnectionsPanel />}
    </main>
  );
}
