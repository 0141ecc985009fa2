import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { useI18n } from "@/features/i18n";
import { api, type Study } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { jointLabel } from "./scheme";
import { historyKey, studyKey } from "./useStudy";

/** "Re-analyse" with the promoted model: the readers' grades stay, the model's are replaced. */
export function ReanalyseButton({ study }: { study: Study }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const id = String(study.id);
  const [asking, setAsking] = useState(false);
  const reanalyse = useMutation({
    mutationFn: () => api.reanalyse(id),
    onSuccess: (queued) => {
      queryClient.setQueryData<Study>(studyKey(id), queued);
      void queryClient.invalidateQueries({ queryKey: historyKey(id) });
    },
  });
  return (
    <>
      <button onClick={() => setAsking(true)} disabled={reanalyse.isPending} title={t("reanalyse.explain")}>
        {t("reanalyse.button")}
      </button>
      {reanalyse.error ? <span className="error" role="alert">{describeError(reanalyse.error, t)}</span> : null}
      {asking && (
        <ConfirmDialog
          title={t("reanalyse.confirmTitle")}
          text={t("reanalyse.explain")}
          confirmLabel={t("reanalyse.button")}
          cancelLabel={t("actions.cancel")}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            reanalyse.mutate();
          }}
        />
      )}
    </>
  );
}

/** The model grades the last re-analysis changed: joint, kind, old and new model value. */
export function ModelChanges({ study }: { study: Study }) {
  const { t, language } = useI18n();
  if (!study.model_changes?.length) return null;
  return (
    <section className="model-changes" aria-label={t("reanalyse.changes")}>
      <h2>{t("reanalyse.changes")}</h2>
      <table data-testid="model-changes">
        <thead>
          <tr>
            <th scope="col">{t("reanalyse.joint")}</th>
            <th scope="col">{t("reanalyse.kind")}</th>
            <th scope="col">{t("reanalyse.old")}</th>
            <th scope="col">{t("reanalyse.new")}</th>
          </tr>
        </thead>
        <tbody>
          {study.model_changes.map((change) => (
            <tr key={`${change.side}-${change.joint}-${change.kind}`}>
              <td>{`${jointLabel(change.joint, language)} (${t(`side.${change.side}`)})`}</td>
              <td>{t(`table.${change.kind}`)}</td>
              <td>{change.old ?? "—"}</td>
              <td>{change.new ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
