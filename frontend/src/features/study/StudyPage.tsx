import { useCallback, useState } from "react";
import { Link, useParams } from "react-router";
import { StatusBadge } from "@/components/StatusBadge";
import { useI18n } from "@/features/i18n";
import { api, type GradeKind, type JointCode, type Side } from "@/lib/api";
import { describeError, describeFailure } from "@/lib/api-error";
import { formatDate, formatDateTime } from "@/lib/dates";
import { saveFile } from "@/lib/http";
import { applyChanges, changeTarget, type Change } from "./changes";
import { CalibrationPanel } from "./CalibrationPanel";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { HistoryPanel } from "./HistoryPanel";
import { OtherVisits } from "./OtherVisits";
import { RefusedChanges, SaveNotice, type SaveState } from "./SaveNotice";
import { jointLabel } from "./scheme";
import { ScoreTable } from "./ScoreTable";
import { ScopeWarnings } from "./ScopeWarnings";
import { StudyDetailsPanel } from "./StudyDetailsPanel";
import { useCalibration } from "./useCalibration";
import { useMeasureLine } from "./useMeasureLine";
import { useHistory, useStudy } from "./useStudy";
import { useStudyOutbox } from "./useStudyOutbox";
import { ReviewControl } from "./ReviewControl";
import { ModelChanges, ReanalyseButton } from "./ModelChanges";
import { Viewer } from "./Viewer";

/** `reader`: the signed-in user's id, who owns the changes made here; `canDelete`: the user is
 * an administrator (the service checks it again). */
export function StudyPage({ reader, canDelete = false }: { reader: number; canDelete?: boolean }) {
  const { id = "" } = useParams();
  const { t, language } = useI18n();
  const study = useStudy(id);
  const history = useHistory(id);
  const changes = useStudyOutbox(reader, id);
  const { outbox } = changes;
  const calibration = useCalibration(id);
  const measureLine = useMeasureLine();
  const [hovered, setHovered] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState<"csv" | "pdf" | null>(null);

  // A newer change of the same cell or marker makes its earlier refusal moot.
  const change = useCallback(
    (next: Change) => {
      const target = changeTarget(next);
      outbox.dismissWhere((older) => changeTarget(older) === target);
      outbox.add(next);
    },
    [outbox],
  );
  const onMove = useCallback(
    (side: Side, joint: JointCode, x: number, y: number) => change({ kind: "move", side, joint, x, y }),
    [change],
  );
  const onEdit = (side: Side, joint: JointCode, grade: GradeKind, value: number) =>
    change({ kind: "grade", side, joint, grade, value });

  // One cell goes back by setting the model's value; the history records it like any edit.
  const onResetCell = (side: Side, joint: JointCode, kind: GradeKind) => {
    const model = study.data?.joints.find((j) => j.side === side && j.joint === joint)?.[kind]?.model;
    if (model === null || model === undefined) return;
    onEdit(side, joint, kind, model);
  };

  const download = async (format: "csv" | "pdf") => {
    setActionError(null);
    setDownloading(format);
    try {
      saveFile(await api.exportFile(id, format, language));
    } catch (error) {
      setActionError(error);
    } finally {
      setDownloading(null);
    }
  };

  if (study.isPending) return <p className="page-status">…</p>;
  // Only when there is nothing to show: a failed refresh keeps the study on screen (SaveNotice).
  if (study.data === undefined)
    return (
      <main className="page">
        <Link to="/">{t("study.back")}</Link>
        <p className="error" role="alert">
          {describeError(study.error, t)} <button onClick={() => void study.refetch()}>{t("table.retry")}</button>
        </p>
      </main>
    );

  const data = study.data;
  const done = data.status === "done";
  const final = data.reviewed_at != null; // marked reviewed: grades and positions take no changes
  const pending = data.joints?.filter((j) => j.pending) ?? [];
  const queued = applyChanges(data.joints ?? [], changes.entries.map((entry) => entry.change));
  const unsaved: SaveState = changes.waiting ? { state: "waiting" } : { state: "saving" };
  const saveStates = (keys: Set<string>) => {
    const states: Record<string, SaveState> = {};
    for (const key of keys) states[key] = unsaved;
    for (const refusal of changes.refused) {
      const target = changeTarget(refusal.change);
      if (target && !keys.has(target)) states[target] = { state: "refused", error: refusal.error };
    }
    return states;
  };

  return (
    <main className="study-page">
      {done && (
        <a
          className="skip-link"
          href="#score-table"
          onClick={(event) => {
            event.preventDefault(); // into the grid, at its current cell, not to the table's top
            document.querySelector<HTMLElement>('[data-testid="score-table"] [tabindex="0"]')?.focus();
          }}
        >
          {t("study.skipToTable")}
        </a>
      )}
      <header className="study-header">
        <Link to="/" className="back">{t("study.back")}</Link>
        <h1>{data.patient_code ? t("study.patient", { code: data.patient_code }) : t("study.noPatient")}</h1>
        <StatusBadge status={data.status} label={t(`status.${data.status}`)} error={describeFailure(data, t)} />
        {(data.patient_birth_year || data.patient_sex) && (
          <span className="muted">
            {[
              data.patient_birth_year && t("study.born", { year: data.patient_birth_year }),
              data.patient_sex && t(`upload.sex${data.patient_sex}`),
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
        )}
        <span className="muted small">
          {data.original_name} · {t("study.uploaded", { date: formatDateTime(data.created_at, language) })}
          {data.visit_date && <> · {t("study.visited", { date: formatDate(data.visit_date, language) })}</>}
        </span>
        {pending.length > 0 && (
          <span className="rescoring" role="status">
            <span className="spinner" aria-hidden /> {t("viewer.rescoring", { joint: pending.map((j) => jointLabel(j.joint, language)).join(", ") })}
          </span>
        )}
        <div className="spacer" />
        {done && (
          <div className="study-actions">
            <ReviewControl study={data} unsaved={changes.entries.length} />
            {!final && <button onClick={() => setConfirming(true)}>{t("actions.resetAll")}</button>}
            {!final && <ReanalyseButton study={data} />}
            <span className="download-group">
              <span className="muted">{t("actions.download")}:</span>
              {(["csv", "pdf"] as const).map((format) => (
                <button key={format} onClick={() => void download(format)} disabled={downloading !== null}
                  aria-busy={downloading === format}>
                  {downloading === format && <span className="spinner" aria-hidden />}
                  {t(`actions.${format}`)}
                </button>
              ))}
            </span>
          </div>
        )}
      </header>
      {done && <OtherVisits study={data} />}
      <StudyDetailsPanel study={data} canDelete={canDelete} />
      <ScopeWarnings warnings={data.warnings} />
      {done && <ModelChanges study={data} />}
      <SaveNotice
        queued={changes.entries.length}
        waiting={changes.waiting}
        onTryNow={() => outbox.retryNow()}
        refreshFailedAt={study.isError ? study.dataUpdatedAt : null}
      />
      <RefusedChanges refused={changes.refused} onDismiss={(refusal) => outbox.dismiss(refusal)} />
      {actionError ? (
        <p className="error banner-error" role="alert">
          {describeError(actionError, t)}
          <button className="link" onClick={() => setActionError(null)}>×</button>
        </p>
      ) : null}
      {data.status === "queued" || data.status === "running" ? (
        <p className="page-status"><span className="spinner" aria-hidden /> {t(`study.${data.status}`)}</p>
      ) : null}
      {data.status === "failed" && (
        <p className="error page-status" role="alert">{t("study.failed", { reason: describeFailure(data, t) ?? "" })}</p>
      )}
      <div className="study-body">
        <Viewer
          imageUrl={api.imageUrl(id)}
          heatmapUrl={(kind) => api.heatmapUrl(id, kind, data.finished_at)}
          heatmaps={data.heatmaps ?? []}
          width={data.width}
          height={data.height}
          joints={queued.joints}
          saves={saveStates(queued.markers)}
          hovered={hovered}
          onHover={setHovered}
          onMove={onMove}
          canEdit={done && !final}
          measuring={measureLine.measuring}
          measurePoints={measureLine.points}
          onMeasurePoint={measureLine.addPoint}
        />
        {done && (
          <aside className="study-side">
            <ScoreTable
              joints={queued.joints}
              saves={saveStates(queued.cells)}
              movesWaiting={queued.markers}
              disabled={final}
              hovered={hovered}
              onHover={setHovered}
              onEdit={onEdit}
              onResetCell={onResetCell}
              onConfirm={(side, joint, grade) => change({ kind: "confirm", side, joint, grade })}
            />
            <CalibrationPanel
              study={data}
              line={measureLine}
              onSet={(change) => calibration.set.mutate(change, { onSuccess: measureLine.cancel })}
              onClear={() => calibration.clear.mutate()}
              busy={calibration.set.isPending || calibration.clear.isPending}
              error={calibration.set.error ?? calibration.clear.error}
            />
            <HistoryPanel entries={history.data} error={history.data ? null : history.error} />
            {data.models && (
              <p className="muted small models">
                {t("study.models")}: {Object.entries(data.models).map(([k, v]) => `${k} ${v ?? "—"}`).join(" · ")}
              </p>
            )}
          </aside>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={t("actions.resetConfirmTitle")}
          text={t("actions.resetConfirmText")}
          confirmLabel={t("actions.confirm")}
          cancelLabel={t("actions.cancel")}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            change({ kind: "reset" });
          }}
        />
      )}
    </main>
  );
}
