import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { groupName, useI18n } from "@/features/i18n";
import { api, type TrainingRun } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import {
  FIGURES,
  GRADE_KINDS,
  asEvaluation,
  comparisonRows,
  formatDifference,
  formatDuration,
  formatFigure,
  readerRows,
  type Evaluation,
} from "./evaluation";
import { useFigureLabel } from "./labels";

const RUNS_KEY = ["models", "training-runs"] as const;
const DATASETS_KEY = ["datasets"] as const;
const POLL_MS = 2000;
const DEFAULT_STEPS = 600;
const MAX_STEPS = 100_000;

const PHASES = ["preparing", "training", "evaluating", "exporting", "done"] as const;
const isPhase = (phase: string): phase is (typeof PHASES)[number] => (PHASES as readonly string[]).includes(phase);
const isActive = (run: TrainingRun) => run.state === "queued" || run.state === "running";

/** "erosion_balanced_accuracy" -> "Erosion: balanced accuracy"; other names as they are. */
function useValidationLabel() {
  const figureLabel = useFigureLabel();
  return (name: string): string => {
    for (const kind of GRADE_KINDS) {
      for (const figure of FIGURES) {
        if (name === `${kind}_${figure}`) return figureLabel(kind, figure);
      }
    }
    return name.replaceAll("_", " ");
  };
}

function RunProgress({ run }: { run: TrainingRun }) {
  const { t, language } = useI18n();
  const validationLabel = useValidationLabel();
  const { phase, step, total, loss, validation, eta_s } = run.progress;
  if (run.state !== "running") return <>–</>;
  const label = phase && isPhase(phase) ? t(`training.phase.${phase}`) : t("training.state.running");
  return (
    <div className="training-progress">
      <div>
        {label}
        {total ? ` · ${step ?? 0}/${total}` : ""}
      </div>
      {total ? (
        <progress value={step ?? 0} max={total} aria-label={t("training.progress_of", { run: String(run.id) })} />
      ) : null}
      <div className="muted small">
        {loss != null && <span>{t("training.loss")} {loss.toFixed(3)} · </span>}
        {Object.entries(validation ?? {})
          .filter(([, value]) => value != null)
          .map(([name, value]) => `${validationLabel(name)} ${formatFigure(value)}`)
          .join(" · ")}
        {eta_s != null && <span> · {t("training.time_left", { time: formatDuration(eta_s, language) })}</span>}
      </div>
    </div>
  );
}

function EvaluationView({
  run,
  evaluation,
  onPromote,
  promoting,
}: {
  run: TrainingRun;
  evaluation: Evaluation;
  onPromote: (version: string) => void;
  promoting: boolean;
}) {
  const { t, language } = useI18n();
  const rows = comparisonRows(evaluation);
  const readers = readerRows(evaluation);
  const split = evaluation.split ?? {};
  const candidate = evaluation.metrics?.candidate;
  const inUse = evaluation.metrics?.in_use;
  const localizer = evaluation.training?.localizer;
  return (
    <section data-testid="training-evaluation" aria-labelledby="training-evaluation-title">
      <h3 id="training-evaluation-title">
        {t("training.evaluation", { run: String(run.id), version: run.candidate_version ?? "–", base: run.base_version })}
      </h3>
      <p className="muted">
        {t("training.split", {
          train_films: String(split.train_films ?? "–"),
          train_patients: String(split.train_patients ?? "–"),
          validation_films: String(split.validation_films ?? "–"),
          validation_patients: String(split.validation_patients ?? "–"),
        })}{" "}
        {evaluation.truth === "consensus" ? t("training.truth.consensus") : t("training.truth.final")}
      </p>
      <table data-testid="training-comparison">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>{t("training.group")}</th>
            <th scope="col" rowSpan={2}>{t("training.joints")}</th>
            {FIGURES.map((figure) => (
              <th scope="colgroup" colSpan={2} key={figure}>{t(`training.figure.${figure}`)}</th>
            ))}
          </tr>
          <tr>
            {FIGURES.flatMap((figure) => [
              <th scope="col" key={`${figure}-candidate`}>{run.candidate_version ?? t("training.candidate")}</th>,
              <th scope="col" key={`${figure}-in-use`}>{t("training.in_use", { version: run.base_version })}</th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.kind}-${row.group ?? "all"}`} className={row.group ? undefined : "total-row"}>
              <th scope="row">
                {t(`training.kind.${row.kind}`)} · {row.group ? groupName(row.group, language) : t("training.all_joints")}
              </th>
              <td>{row.joints ?? "–"}</td>
              {FIGURES.flatMap((figure) => [
                <td key={`${figure}-candidate`}>
                  {formatFigure(row.candidate[figure])}{" "}
                  <span className="muted small">{formatDifference(row.candidate[figure], row.inUse[figure])}</span>
                </td>,
                <td key={`${figure}-in-use`}>{formatFigure(row.inUse[figure])}</td>,
              ])}
            </tr>
          ))}
          <tr>
            <th scope="row">{t("training.totals_icc")}</th>
            <td>{split.validation_films ?? "–"}</td>
            <td colSpan={FIGURES.length}>
              {run.candidate_version ?? t("training.candidate")}: {formatFigure(candidate?.totals_icc)}
            </td>
            <td colSpan={FIGURES.length}>
              {t("training.in_use", { version: run.base_version })}: {formatFigure(inUse?.totals_icc)}
            </td>
          </tr>
        </tbody>
      </table>
      {localizer && (
        <p data-testid="training-localizer">
          {localizer.trained
            ? t("training.localizer_errors", {
                films: String(localizer.corrected_films ?? "–"),
                markers: String(localizer.moved_markers ?? "–"),
                candidate: formatFigure(localizer.candidate_error),
                in_use: formatFigure(localizer.in_use_error),
              })
            : t("training.localizer_kept", { reason: localizer.reason ?? "–" })}
        </p>
      )}
      {readers.length > 0 && (
        <>
          <h4>{t("training.readers")}</h4>
          <table data-testid="training-readers">
            <thead>
              <tr>
                <th scope="col">{t("training.reader")}</th>
                <th scope="col">{t("training.joints")}</th>
                {FIGURES.map((figure) => (
                  <th scope="col" key={figure}>{t(`training.figure.${figure}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {readers.map((row) => (
                <tr key={`${row.kind}-${row.reader}`}>
                  <th scope="row">{t(`training.kind.${row.kind}`)} · {row.reader}</th>
                  <td>{row.figures.joints ?? "–"}</td>
                  {FIGURES.map((figure) => (
                    <td key={figure}>{formatFigure(row.figures[figure])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {run.candidate_version && run.candidate_state === "candidate" && (
        <button type="button" disabled={promoting} onClick={() => onPromote(run.candidate_version!)}>
          {t("training.promote", { version: run.candidate_version })}
        </button>
      )}
      {run.candidate_state && run.candidate_state !== "candidate" && (
        <p className="muted">{t("training.candidate_now", { version: run.candidate_version ?? "–", state: t(`models.state.${run.candidate_state}`) })}</p>
      )}
    </section>
  );
}

/** Administrators fine-tune the model in use on a dataset snapshot, follow the run, and judge
 * its candidate beside the version in use before promoting it. */
export function TrainingSection({ onPromote, promoting }: { onPromote: (version: string) => void; promoting: boolean }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [snapshotId, setSnapshotId] = useState("");
  const [steps, setSteps] = useState(String(DEFAULT_STEPS));
  const [localizer, setLocalizer] = useState(false);
  const [shown, setShown] = useState<number | null>(null);
  const datasets = useQuery({ queryKey: DATASETS_KEY, queryFn: api.datasets });
  const health = useQuery({ queryKey: ["health"], queryFn: api.health });
  const runs = useQuery({
    queryKey: RUNS_KEY,
    queryFn: api.trainingRuns,
    refetchInterval: (query) => (query.state.data?.some(isActive) ? POLL_MS : false),
  });
  const start = useMutation({
    mutationFn: (snapshot: string) => api.startTrainingRun({ snapshot_id: Number(snapshot), steps: Number(steps), localizer }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: RUNS_KEY }),
  });
  const cancel = useMutation({
    mutationFn: (id: number) => api.cancelTrainingRun(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: RUNS_KEY }),
  });
  const list = runs.data ?? [];
  const snapshots = datasets.data ?? [];
  const chosen = snapshotId || (snapshots[0] ? String(snapshots[0].id) : "");

  // A run that finished registered a candidate: the versions above show it.
  const succeeded = list.filter((run) => run.state === "succeeded").map((run) => run.id).join(",");
  useEffect(() => {
    if (succeeded) void queryClient.invalidateQueries({ queryKey: ["models"], exact: true });
  }, [succeeded, queryClient]);

  const shownRun = list.find((run) => run.id === shown) ?? list.find((run) => run.state === "succeeded");
  const evaluation = shownRun ? asEvaluation(shownRun.report) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(chosen);
  };

  return (
    <section className="training" aria-labelledby="training-title">
      <h2 id="training-title">{t("training.title")}</h2>
      <p className="muted">{t("training.explain")}</p>
      <form aria-label={t("training.new")} onSubmit={submit} className="training-form">
        <label>
          {t("training.snapshot")}
          <select value={chosen} onChange={(event) => setSnapshotId(event.target.value)} required>
            {snapshots.map((snapshot) => (
              <option key={snapshot.id} value={snapshot.id}>
                {t("training.snapshot_option", { version: String(snapshot.version), name: snapshot.name, films: String(snapshot.films) })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("training.steps")}
          <input type="number" min={1} max={MAX_STEPS} step={1} required value={steps}
            onChange={(event) => setSteps(event.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={localizer} onChange={(event) => setLocalizer(event.target.checked)} />
          {t("training.localizer")}
        </label>
        <button type="submit" disabled={start.isPending || !chosen}>{t("training.start")}</button>
        {snapshots.length === 0 && datasets.isSuccess && <p className="muted">{t("training.no_snapshots")}</p>}
        {start.error ? <p className="error" role="alert">{describeError(start.error, t)}</p> : null}
        {start.isSuccess && <p role="status">{t("training.started", { run: String(start.data.id) })}</p>}
      </form>
      {(runs.error ?? cancel.error) ? (
        <p className="error" role="alert">{describeError(runs.error ?? cancel.error, t)}</p>
      ) : null}
      {list.some((run) => run.state === "queued") && health.data?.trainers_alive === 0 && (
        <p className="error" role="status">{t("training.no_trainer")}</p>
      )}
      {list.length === 0 ? (
        <p className="muted">{t("training.none")}</p>
      ) : (
        <table data-testid="training-runs">
          <thead>
            <tr>
              <th scope="col">{t("training.run")}</th>
              <th scope="col">{t("training.snapshot")}</th>
              <th scope="col">{t("training.base")}</th>
              <th scope="col">{t("training.state")}</th>
              <th scope="col">{t("training.progress")}</th>
              <th scope="col">{t("training.result")}</th>
              <th scope="col">{t("models.action")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((run) => (
              <tr key={run.id} className={run.id === shownRun?.id ? "selected" : undefined}>
                <th scope="row">
                  #{run.id}
                  <div className="muted small">
                    {formatDateTime(run.created_at, language)} · {run.started_by ?? t("models.by_system")}
                  </div>
                </th>
                <td>v{run.snapshot.version} {run.snapshot.name}</td>
                <td>{run.base_version}</td>
                <td>
                  {t(`training.state.${run.state}`)}
                  {run.cancel_requested && isActive(run) ? ` (${t("training.cancelling")})` : ""}
                </td>
                <td><RunProgress run={run} /></td>
                <td>
                  {run.state === "succeeded" && run.candidate_version}
                  {run.state === "failed" && <span className="error">{run.error}</span>}
                </td>
                <td>
                  {isActive(run) && !run.cancel_requested && (
                    <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate(run.id)}>
                      {t("training.cancel")}
                    </button>
                  )}
                  {run.state === "succeeded" && asEvaluation(run.report) && run.id !== shownRun?.id && (
                    <button type="button" onClick={() => setShown(run.id)}>{t("training.show")}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shownRun && evaluation && (
        <EvaluationView run={shownRun} evaluation={evaluation} onPromote={onPromote} promoting={promoting} />
      )}
    </section>
  );
}
