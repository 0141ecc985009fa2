import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useI18n } from "@/features/i18n";
import { api, type Sex, type Side, type Study, type StudyDetailsChange } from "@/lib/api";
import { describeError } from "@/lib/api-error";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { historyKey, studyKey } from "./useStudy";

interface Draft {
  patientCode: string;
  birthYear: string;
  sex: Sex | "";
  visitDate: string;
}

const draftOf = (study: Study): Draft => ({
  patientCode: study.patient_code ?? "",
  birthYear: study.patient_birth_year ? String(study.patient_birth_year) : "",
  sex: study.patient_sex ?? "",
  visitDate: study.visit_date ?? "",
});

/** Only what the reader changed goes to the service (an empty field empties it). */
function changesOf(study: Study, draft: Draft): StudyDetailsChange {
  const before = draftOf(study);
  const changes: StudyDetailsChange = {};
  if (draft.patientCode.trim() !== before.patientCode) changes.patient_code = draft.patientCode.trim() || null;
  if (draft.birthYear !== before.birthYear) changes.birth_year = draft.birthYear ? Number(draft.birthYear) : null;
  if (draft.sex !== before.sex) changes.sex = draft.sex || null;
  if (draft.visitDate !== before.visitDate) changes.visit_date = draft.visitDate || null;
  return changes;
}

/** Correcting a study afterwards: patient details, visit date, each hand's side; deleting it. */
export function StudyDetailsPanel({ study, canDelete }: { study: Study; canDelete: boolean }) {
  const { t } = useI18n();
  const id = String(study.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [deleting, setDeleting] = useState(false);
  const refresh = (saved?: Study) => {
    if (saved) queryClient.setQueryData(studyKey(id), saved);
    void queryClient.invalidateQueries({ queryKey: historyKey(id) });
    void queryClient.invalidateQueries({ queryKey: ["studies"] });
  };
  const save = useMutation({
    mutationFn: (changes: StudyDetailsChange) => api.updateStudy(id, changes),
    onSuccess: (saved) => {
      refresh(saved);
      setDraft(null);
    },
  });
  const side = useMutation({
    mutationFn: ({ from, to }: { from: Side; to: Side }) => api.setHandSide(id, from, to),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.deleteStudy(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: studyKey(id) });
      void queryClient.invalidateQueries({ queryKey: ["studies"] });
      void navigate("/");
    },
  });
  const error = save.error ?? side.error ?? remove.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const changes = changesOf(study, draft);
    if (Object.keys(changes).length === 0) setDraft(null);
    else save.mutate(changes);
  };
  const field = <K extends keyof Draft>(name: K, value: Draft[K]) => setDraft((d) => d && { ...d, [name]: value });

  return (
    <section className="study-details" aria-label={t("details.title")}>
      {study.sides.map((found) => (
        <label key={found} className="hand-side">
          <span>{t("details.handFoundAs", { side: t(`table.${found}`) })}</span>
          <select
            value={found}
            disabled={side.isPending}
            onChange={(event) => side.mutate({ from: found, to: event.target.value as Side })}
          >
            <option value="right">{t("table.right")}</option>
            <option value="left">{t("table.left")}</option>
          </select>
        </label>
      ))}
      {draft === null ? (
        <button type="button" onClick={() => setDraft(draftOf(study))}>
          {t("details.edit")}
        </button>
      ) : (
        <form className="details-form" onSubmit={submit}>
          <label>
            <span>{t("upload.patientCodeShort")}</span>
            <input value={draft.patientCode} maxLength={64} onChange={(e) => field("patientCode", e.target.value)} />
          </label>
          <label>
            <span>{t("upload.birthYear")}</span>
            <input
              className="year"
              inputMode="numeric"
              maxLength={4}
              value={draft.birthYear}
              onChange={(e) => field("birthYear", e.target.value.replace(/\D/g, ""))}
            />
          </label>
          <label>
            <span>{t("upload.sex")}</span>
            <select value={draft.sex} onChange={(e) => field("sex", e.target.value as Sex | "")}>
              <option value="">—</option>
              <option value="F">{t("upload.sexF")}</option>
              <option value="M">{t("upload.sexM")}</option>
              <option value="X">{t("upload.sexX")}</option>
            </select>
          </label>
          <label>
            <span>{t("upload.visitDate")}</span>
            <input type="date" value={draft.visitDate} onChange={(e) => field("visitDate", e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={save.isPending}>
            {t("details.save")}
          </button>
          <button type="button" className="link" onClick={() => setDraft(null)}>
            {t("actions.cancel")}
          </button>
        </form>
      )}
      {canDelete && (
        <button type="button" className="danger" onClick={() => setDeleting(true)} disabled={remove.isPending}>
          {t("details.delete")}
        </button>
      )}
      {error ? (
        <p className="error" role="alert">
          {describeError(error, t)}
        </p>
      ) : null}
      {deleting && (
        <ConfirmDialog
          title={t("details.deleteTitle")}
          text={t("details.deleteText", { name: study.original_name })}
          confirmLabel={t("details.deleteConfirm")}
          cancelLabel={t("actions.cancel")}
          onCancel={() => setDeleting(false)}
          onConfirm={() => {
            setDeleting(false);
            remove.mutate();
          }}
        />
      )}
    </section>
  );
}
