import { useCallback, useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { StatusBadge } from "@/components/StatusBadge";
import { useI18n } from "@/features/i18n";
import { api, type GradeKind, type JointCode, type Side } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { formatDateTime } from "@/lib/dates";
import { saveFile } from "@/lib/http";
import { ConfirmDialog } from "./ConfirmDialog";
import { HistoryPanel } from "./HistoryPanel";
import { jointLabel } from "./scheme";
import { ScoreTable } from "./ScoreTable";
import { useGradeEdits, useHistory, useMoveJoint, useReset, useStudy } from "./useStudy";
import { Viewer } from "./Viewer";

export function StudyPage() {
  const { id = "" } = useParams();
  const { t, language } = useI18n();
  const study = useStudy(id);
  const history = useHistory(id);
  const edits = useGradeEdits(id);
  const move = useMoveJoint(id);
  const reset = useReset(id);
  const [hovered, setHovered] = useState<string | null>(null);
  const { reconcile } = edits;
  useEffect(() => reconcile(study.data), [reconcile, study.data]);
  const [confirming, setConfirming] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState<"csv" | "pdf" | null>(null);

  const onMove = useCallback(
    (side: Side, joint: JointCode, x: number, y: number) => {
      setActionError(null);
      move.mutate({ side, joint, x, y }, { onError: setActionError });
    },
    [move],
  );

  // One cell goes back by setting the model's value; the history records it like any edit.
  const onResetCell = (side: Side, joint: JointCode, kind: GradeKind) => {
    const model = study.data?.joints.find((j) => j.side === side && j.joint === joint)?.[kind]?.model;
    if (model === null || model === undefined) return;
    setActionError(null);
    void edits.save(side, joint, kind, model);
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
  if (study.isError)
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
  const pending = data.joints?.filter((j) => j.pending) ?? [];

  return (
    <main className="study-page">
      <header className="study-header">
        <Link to="/" className="back">{t("study.back")}</Link>
        <h1>{data.patient_code ? t("study.patient", { code: data.patient_code }) : t("study.noPatient")}</h1>
        <StatusBadge status={data.status} label={t(`status.${data.status}`)} error={data.error} />
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
        </span>
        {pending.length > 0 && (
          <span className="rescoring" role="status">
            <span className="spinner" aria-hidden /> {t("viewer.rescoring", { joint: pending.map((j) => jointLabel(j.joint, language)).join(", ") })}
          </span>
        )}
        <div className="spacer" />
        {done && (
          <div className="study-actions">
            <button onClick={() => setConfirming(true)} disabled={reset.isPending}>{t("actions.resetAll")}</button>
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
        <p className="error page-status" role="alert">{t("study.failed", { reason: data.error ?? "" })}</p>
      )}
      <div className="study-body">
        <Viewer
          imageUrl={api.imageUrl(id)}
          heatmapUrl={(kind) => api.heatmapUrl(id, kind)}
          heatmaps={data.heatmaps ?? []}
          width={data.width}
          height={data.height}
          joints={data.joints ?? []}
          hovered={hovered}
          onHover={setHovered}
          onMove={onMove}
          canEdit={done}
        />
        {done && (
          <aside className="study-side">
            <ScoreTable
              joints={data.joints}
              drafts={edits.drafts}
              hovered={hovered}
              onHover={setHovered}
              onEdit={(side, joint, kind, value) => {
                setActionError(null);
                void edits.save(side, joint, kind, value);
              }}
              onResetCell={onResetCell}
              disabled={reset.isPending}
            />
            <HistoryPanel entries={history.data} error={history.error} />
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
            setActionError(null);
            edits.discardAll();
            reset.mutate(undefined, { onError: setActionError });
          }}
        />
      )}
    </main>
  );
}
