import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { useI18n } from "@/features/i18n";
import { api, type ModelVersion } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { formatFigure, headlineMetrics, setbacks } from "./evaluation";
import { useFigureLabel } from "./labels";
import { TrainingSection } from "./TrainingSection";

const MODELS_KEY = ["models"] as const;
const HISTORY_KEY = ["models", "history"] as const;

type Change = { action: "promote" | "rollback"; version: string };

function metricValue(value: unknown): string {
  if (value === undefined) return "–";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Every metric key any version has, in the order first seen (a training run's evaluation by
 * its headline figures: the whole of it is shown in the Training section). */
function metricKeys(versions: ModelVersion[]): string[] {
  return [...new Set(versions.flatMap((version) => Object.keys(headlineMetrics(version.metrics))))];
}

/** Administrators see the deployment's model versions, compare their metrics, and promote a
 * candidate or roll back to a version promoted before. */
export function ModelsPage() {
  const { t, language } = useI18n();
  const figureLabel = useFigureLabel();
  const queryClient = useQueryClient();
  const [asked, setAsked] = useState<Change | null>(null);
  const versions = useQuery({ queryKey: MODELS_KEY, queryFn: api.modelVersions });
  const history = useQuery({ queryKey: HISTORY_KEY, queryFn: api.modelHistory });
  const change = useMutation({
    mutationFn: ({ action, version }: Change) =>
      action === "promote" ? api.promoteModel(version) : api.rollBackModel(version),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: MODELS_KEY }),
  });
  const list = versions.data ?? [];
  const promoted = list.find((version) => version.state === "promoted");
  const keys = metricKeys(list);
  const confirm = () => {
    if (asked) change.mutate(asked);
    setAsked(null);
  };
  /** What the candidate did worse than the version in use, said before it is promoted. */
  const setbackText = (version: string): string => {
    const found = setbacks(list.find((v) => v.version === version)?.metrics ?? {});
    if (found.length === 0) return "";
    const figures = found.map((setback) =>
      t("models.setback", {
        figure: setback.kind === null ? t("training.totals_icc") : figureLabel(setback.kind, setback.figure),
        candidate: formatFigure(setback.candidate),
        in_use: formatFigure(setback.inUse),
      }),
    );
    return ` ${t("models.confirm_setbacks", { figures: figures.join("; ") })}`;
  };

  return (
    <main className="page models-page">
      <header className="page-header">
        <h1>{t("models.title")}</h1>
      </header>
      <p className="muted">{t("models.explain")}</p>
      {(versions.error ?? change.error) ? (
        <p className="error" role="alert">
          {describeError(versions.error ?? change.error, t)}
        </p>
      ) : null}
      {change.isSuccess && (
        <p role="status">
          {t(change.variables.action === "promote" ? "models.promoted" : "models.rolled_back", {
            version: change.data.version,
          })}
        </p>
      )}
      {list.length > 0 && (
        <table data-testid="model-versions">
          <thead>
            <tr>
              <th scope="col">{t("models.version")}</th>
              <th scope="col">{t("models.state")}</th>
              <th scope="col">{t("models.parent")}</th>
              <th scope="col">{t("models.snapshot")}</th>
              <th scope="col">{t("models.registered")}</th>
              <th scope="col">{t("models.promoted_by")}</th>
              <th scope="col">{t("models.action")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((version) => (
              <tr key={version.version} className={version.state === "promoted" ? "selected" : undefined}>
                <th scope="row">
                  {version.version}
                  <div className="muted small">
                    {Object.entries(version.components)
                      .map(([name, component]) => `${name} ${component ?? "?"}`)
                      .join(", ")}
                  </div>
                </th>
                <td>{t(`models.state.${version.state}`)}</td>
                <td>{version.parent ?? "–"}</td>
                <td>{version.snapshot ? `v${version.snapshot.version} ${version.snapshot.name}` : "–"}</td>
                <td>
                  {formatDateTime(version.registered_at, language)} · {version.registered_by ?? t("models.by_system")}
                </td>
                <td>
                  {version.promoted_at
                    ? `${version.promoted_by ?? t("models.by_system")} · ${formatDateTime(version.promoted_at, language)}`
                    : "–"}
                </td>
                <td>
                  {version.state === "candidate" && (
                    <button type="button" disabled={change.isPending}
                      onClick={() => setAsked({ action: "promote", version: version.version })}>
                      {t("models.promote")}
                    </button>
                  )}
                  {version.state === "retired" && version.promoted_at && (
                    <button type="button" disabled={change.isPending}
                      onClick={() => setAsked({ action: "rollback", version: version.version })}>
                      {t("models.roll_back")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TrainingSection
        onPromote={(version) => setAsked({ action: "promote", version })}
        promoting={change.isPending}
      />
      <h2>{t("models.metrics")}</h2>
      {keys.length === 0 ? (
        <p className="muted">{t("models.no_metrics")}</p>
      ) : (
        <table data-testid="model-metrics">
          <thead>
            <tr>
              <th scope="col">{t("models.metric")}</th>
              {list.map((version) => (
                <th scope="col" key={version.version}>{version.version}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                {list.map((version) => (
                  <td key={version.version}>{metricValue(headlineMetrics(version.metrics)[key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t("models.history")}</h2>
      {history.data && history.data.length > 0 && (
        <table data-testid="model-history">
          <thead>
            <tr>
              <th scope="col">{t("models.when")}</th>
              <th scope="col">{t("models.change")}</th>
              <th scope="col">{t("models.version")}</th>
              <th scope="col">{t("models.previous")}</th>
              <th scope="col">{t("models.who")}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((entry, index) => (
              <tr key={`${entry.at}-${index}`}>
                <td>{formatDateTime(entry.at, language)}</td>
                <td>{t(`models.change.${entry.action}`)}</td>
                <td>{entry.version}</td>
                <td>{entry.previous ?? "–"}</td>
                <td>{entry.by ?? t("models.by_system")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {asked && (
        <ConfirmDialog
          title={t(asked.action === "promote" ? "models.confirm_promote" : "models.confirm_roll_back", {
            version: asked.version,
          })}
          text={
            t("models.confirm_text", { version: asked.version, current: promoted?.version ?? "–" }) +
            (asked.action === "promote" ? setbackText(asked.version) : "")
          }
          confirmLabel={t(asked.action === "promote" ? "models.promote" : "models.roll_back")}
          cancelLabel={t("models.cancel")}
          onConfirm={confirm}
          onCancel={() => setAsked(null)}
        />
      )}
    </main>
  );
}
