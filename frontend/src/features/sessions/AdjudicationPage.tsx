import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useI18n, type MessageKey } from "@/features/i18n";
import { api, type SessionDisagreement } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { GRADE_RANGES } from "@/lib/scheme";
import { useDisagreements, useSession } from "./useSessions";

const range = (maximum: number) => Array.from({ length: maximum + 1 }, (_, grade) => grade);

/** The joints where readers differ by more than one grade; the administrator sets the final grade. */
export function AdjudicationPage() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const session = useSession(id);
  const disagreements = useDisagreements(id);
  const queryClient = useQueryClient();
  const adjudicate = useMutation({
    mutationFn: ({ entry, value }: { entry: SessionDisagreement; value: number }) =>
      api.adjudicate(id, { item_id: entry.item_id, side: entry.side, joint: entry.joint, kind: entry.kind, value }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["reading-sessions", id] }),
  });
  const readers = [...new Set((disagreements.data ?? []).flatMap((entry) => Object.keys(entry.grades)))];

  return (
    <main className="page adjudication-page">
      <Link to={`/sessions/${id}`}>{t("adjudicate.back")}</Link>
      <header className="page-header">
        <h1>{t("adjudicate.title", { name: session.data?.name ?? "" })}</h1>
      </header>
      <p className="muted">{t("adjudicate.intro")}</p>
      {(disagreements.isError || adjudicate.isError) && (
        <p className="error" role="alert">
          {describeError(disagreements.error ?? adjudicate.error, t)}
        </p>
      )}
      {disagreements.data?.length === 0 && <p className="empty">{t("adjudicate.none")}</p>}
      {disagreements.data && disagreements.data.length > 0 && (
        <table className="worklist disagreements" data-testid="disagreements">
          <thead>
            <tr>
              <th scope="col">{t("adjudicate.film")}</th>
              <th scope="col">{t("table.joint")}</th>
              <th scope="col">{t("adjudicate.kind")}</th>
              {readers.map((name) => (
                <th key={name} scope="col" className="num">
                  {name}
                </th>
              ))}
              <th scope="col" className="num">{t("adjudicate.consensus")}</th>
              <th scope="col">{t("adjudicate.final")}</th>
            </tr>
          </thead>
          <tbody>
            {disagreements.data.map((entry) => {
              const label = `${t(`table.${entry.side}` as MessageKey)} ${entry.joint} ${t(`table.${entry.kind}` as MessageKey)}`;
              return (
                <tr key={`${entry.item_id}:${entry.side}:${entry.joint}:${entry.kind}`} data-testid="disagreement">
                  <td>{entry.item_id}</td>
                  <th scope="row">
                    {t(`table.${entry.side}` as MessageKey)} {entry.joint}
                  </th>
                  <td>{t(`table.${entry.kind}` as MessageKey)}</td>
                  {readers.map((name) => (
                    <td key={name} className="num">
                      {entry.grades[name] ?? "—"}
                    </td>
                  ))}
                  <td className="num">{entry.consensus ?? "—"}</td>
                  <td>
                    <select
                      aria-label={t("adjudicate.finalOf", { joint: label })}
                      value={entry.adjudicated ?? ""}
                      disabled={adjudicate.isPending}
                      onChange={(event) => adjudicate.mutate({ entry, value: Number(event.target.value) })}
                    >
                      <option value="" disabled>
                        {t("adjudicate.choose")}
                      </option>
                      {range(GRADE_RANGES[entry.kind].maximum).map((grade) => (
                        <option key={grade} value={grade}>
                          {grade}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
